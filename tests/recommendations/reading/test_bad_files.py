"""Files that are not a report the reader can read: a clear message, a failed run, nothing
written. Through import_report, as a user meets them."""

import io

import pytest
from fpdf import FPDF

from recommendations.reading import files
from tests.recommendations.chapter_files import fixture
from tests.recommendations.test_import_report import failing_import, snapshot
from tests.report_files import named, report_pdf, sample_chapter
from tipwatch.core.models import ImportRun

pytestmark = pytest.mark.django_db


def pdf_bytes(draw, *, password=None):
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    draw(pdf)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path, **options):
    """import_report's stderr lines for a file it must refuse; nothing may change."""
    before = snapshot()
    lines = failing_import(path, **options)
    assert snapshot() == before
    run = ImportRun.objects.get()
    assert not run.succeeded and run.errors
    return lines


def a_report(tmp_path):
    chapter = named(sample_chapter(0), "NORWAY")
    return write(tmp_path, "report.pdf", report_pdf([chapter], intro_pages=0, sample=False))


def test_encrypted_pdf(tmp_path):
    path = write(
        tmp_path,
        "locked.pdf",
        pdf_bytes(lambda pdf: pdf.text(50, 50, "NORWAY: TIER 2"), password="secret"),
    )
    assert refused(path) == [
        f"{path}:1: the PDF is encrypted (password protected); save an unprotected copy"
    ]


def test_corrupt_pdf(tmp_path):
    path = write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert refused(path) == [f"{path}:1: not a readable PDF (the file is damaged or is not a PDF)"]


def test_scanned_pdf_without_text(tmp_path):
    def draw(pdf):
        pdf.rect(50, 50, 300, 400, style="F")  # a page image stands for the scan

    path = write(tmp_path, "scan.pdf", pdf_bytes(draw))
    assert refused(path) == [
        f"{path}:page 1: the PDF has no text to read (a scanned report? it needs OCR first)"
    ]


def test_pdf_that_is_not_the_report(tmp_path):
    def draw(pdf):
        pdf.text(50, 50, "Quarterly sales report")
        pdf.text(50, 70, "Tier 1 customers grew by a tenth.")

    path = write(tmp_path, "sales.pdf", pdf_bytes(draw))
    assert refused(path) == [
        f"{path}:page 1: no country chapter found in 1 page(s) (no heading like 'NORWAY: TIER 2'): "
        "is this the Trafficking in Persons Report?"
    ]


def test_web_page_without_a_chapter(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Reports - Department of State</title></head>"
        "<body><nav><ul><li><a href='/'>Home</a></li></ul></nav>"
        "<main><h1>Reports</h1><p>Browse the reports by year.</p></main></body></html>"
    )
    path = write(tmp_path, "reports.html", page.encode())
    assert refused(path) == [
        f"{path}:1: no country chapter found in this web page (no line like 'NORWAY: Tier 2'): "
        "save the country's page of the report"
    ]


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.html"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path, name, b"")
    assert refused(path) == [f"{path}:1: the file is empty"]


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setitem(files.MAX_BYTES, "pdf", 1024 * 1024)
    path = write(tmp_path, "huge.pdf", b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024))
    assert refused(path) == [f"{path}:1: the file is 3 MB; the limit is 1 MB"]


def test_pdf_over_the_page_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_PAGES", 1)
    path = a_report(tmp_path)
    assert refused(path) == [f"{path}:1: the PDF has 3 pages; the limit is 1"]


def test_text_over_the_chapter_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_CHAPTERS", 1)
    text = "\n\n".join(
        fixture(name).read_text(encoding="utf-8")
        for name in ("nor_2022_title_bullets.txt", "nor_2020_watch_list_dashes.txt")
    )
    path = write(tmp_path, "two.txt", text.encode())
    start = text.split("\n").index("2020 Trafficking in Persons Report: Norway") + 1
    assert refused(path) == [f"{path}:{start}: more than 1 chapters in one file; split it"]


def test_binary_file_named_text(tmp_path):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert refused(path) == [f"{path}:3: a binary file, not text"]
