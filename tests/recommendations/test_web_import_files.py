"""The web import reads what import_report reads: a report PDF made in code, through the upload.

Needs the report readers (recommendations.reading) and their test report builder
(tests/report_files.py); skipped on a branch without them.
"""

from io import StringIO

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from tests.recommendations.test_web_import import preview, snapshot
from tipwatch.core.models import ImportJob

report_files = pytest.importorskip("tests.report_files", reason="the report readers")

pytestmark = pytest.mark.django_db


def test_a_report_pdf_is_previewed_and_applied_like_the_command(admin_role_client, tmp_path):
    admin = admin_role_client
    chapters = [
        report_files.named(report_files.sample_chapter(0), "NORWAY"),
        report_files.named(report_files.sample_chapter(1, bullet="»"), "Burma", "TIER 3"),
    ]
    content = report_files.report_pdf(chapters, year=2023)
    path = tmp_path / "tip-2023.pdf"
    path.write_bytes(content)
    with transaction.atomic():
        call_command("import_report", str(path), quiet=True, stdout=StringIO())
        by_command = snapshot()
        transaction.set_rollback(True)
    before = snapshot()
    job = preview(admin, SimpleUploadedFile("tip-2023.pdf", content))
    assert job.state == ImportJob.State.PREVIEWED, job.problems
    assert [(c["country"], c["tier"]) for c in job.preview["chapters"]] == [
        ("Norway", "Tier 2"),
        ("Burma", "Tier 3"),
    ]
    assert snapshot() == before
    admin.post(reverse("import_apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    assert snapshot() == by_command


def test_a_report_pdf_shows_its_pages_read_while_it_is_read(admin_role_client):
    content = report_files.report_pdf(
        [report_files.named(report_files.sample_chapter(0), "NORWAY")], year=2023
    )
    pages = len(pdfium.PdfDocument(content))
    job = preview(admin_role_client, SimpleUploadedFile("tip-2023.pdf", content))
    assert (job.page_done, job.page_total) == (pages, pages)  # every page counted, the last too
    # What the page says while a job is still reading (the refreshing view).
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.READING, page_done=1)
    page = admin_role_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert f"Pages read of the report being read: 1 of {pages}" in page
