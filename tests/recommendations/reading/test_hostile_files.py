"""Files built to hurt the reader (issue 24): refused with a clear message naming the file
and the place, before they cost the worker its memory or its time. Through import_report, as
an admin meets them (the web import shows the same lines)."""

import resource

import pytest

from recommendations.reading import bounded, html, pdf
from tests.hostile_files import bomb_pdf, deep_html, tiny_text_pdf
from tests.recommendations.reading.test_bad_files import refused, write

pytestmark = pytest.mark.django_db


def test_page_nested_20000_deep_is_refused_at_the_depth_limit(tmp_path):
    path = write(tmp_path, "deep.html", deep_html(20_000))
    assert refused(path) == [
        f"{path}:1: the page nests its elements more than 256 deep; a country page saved from "
        "the report's web site nests far less: save the page again"
    ]


def test_deep_nesting_is_refused_at_the_line_it_passes_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(html, "MAX_DEPTH", 3)
    path = write(tmp_path, "deep.html", b"<html><body>\n<div>\n<div>\n<div>\n<p>x</p>")
    assert refused(path) == [
        f"{path}:3: the page nests its elements more than 3 deep; a country page saved from "
        "the report's web site nests far less: save the page again"
    ]


def test_page_nested_deep_but_within_the_limit_is_read(tmp_path):
    from recommendations.reading.files import read_report_file

    read = read_report_file(write(tmp_path, "deep.html", deep_html(250)))
    assert read.errors == []
    (chapter,) = read.chapters
    assert (chapter.country_name, chapter.year) == ("NORWAY", 2023)
    assert [item.text for item in chapter.recommendations] == ["Train judges."]


def test_decompression_bomb_is_refused_under_the_memory_ceiling(tmp_path, monkeypatch):
    monkeypatch.setattr(bounded, "MEMORY_LIMIT", 256 * 1024 * 1024)
    path = write(tmp_path, "bomb.pdf", bomb_pdf(2 * 1024 * 1024))
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert refused(path) == [
        f"{path}:page 1: reading the PDF needs more than 256 MB of memory: the file is damaged "
        "or built to exhaust the reader (a decompression bomb); it is refused"
    ]
    # The 2 GB it inflates to were never in this process (ru_maxrss is in kB).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 200 * 1024


def test_2000_pages_of_dense_tiny_text_are_refused_at_the_first_page(tmp_path):
    path = write(tmp_path, "tiny.pdf", tiny_text_pdf(2000, lines=400))
    assert refused(path) == [
        f"{path}:page 1: the page holds 40,798 characters; a report page holds far fewer "
        "(at most 30,000 are read)"
    ]


def test_page_of_too_many_objects_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGE_OBJECTS", 30)
    path = write(tmp_path, "objects.pdf", tiny_text_pdf(3, lines=40))
    assert refused(path) == [
        f"{path}:page 1: the page holds 40 objects; a report page holds far fewer (at most 30 "
        "are read)"
    ]


def test_more_than_2000_pages_are_refused_before_any_is_read(tmp_path):
    path = write(tmp_path, "long.pdf", tiny_text_pdf(2001, lines=1))
    assert refused(path) == [f"{path}:1: the PDF has 2001 pages; the limit is 2000"]
