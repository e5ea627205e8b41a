"""Read the report files people have into country chapters. No database here.

`read_report_file(path, year=None)` takes the report PDF (whole or any part), a country page
saved from the publisher's web site (HTML) or plain text holding one chapter or many, tells
them apart by their content, and returns a ReportRead: the chapters, each parsed by
recommendations.chapters (the one place chapter text is interpreted), with every line number
turned into a place in the file (a line, or "page N" in a PDF), plus the file's own warnings
and errors. The command-line import and the web upload both read files through it.

Bounds, checked before the heavy work: MAX_BYTES per kind of file, MAX_PAGES per PDF,
MAX_CHAPTERS per file (recommendations per chapter: chapter_asks.MAX_RECOMMENDATIONS).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from recommendations.chapter_asks import Located
from recommendations.chapters import ParsedChapter, chapter_starts, parse_chapter
from recommendations.reading.html import HtmlTooDeep, html_lines
from recommendations.reading.pdf import PdfUnreadable, read_pdf
from recommendations.reading.repair import vocabulary

MAX_BYTES = {"pdf": 100 * 1024 * 1024, "html": 10 * 1024 * 1024, "text": 10 * 1024 * 1024}
MAX_PAGES = 2000
MAX_CHAPTERS = 400
# The made-up country of the report's "how to read a country narrative" sample chapter.
SAMPLE_COUNTRY = re.compile(r"^country\b", re.IGNORECASE)  # "COUNTRY X", "Country Name"
TITLE_YEAR = re.compile(r"^(?P<year>\d{4})\s+Trafficking\s+in\s+Persons\s+Report\b", re.I)
SNIFF_BYTES = 1024


@dataclass
class ReportRead:
    kind: str = ""  # "pdf", "html" or "text"
    chapters: list[ParsedChapter] = field(default_factory=list)
    warnings: list[Located] = field(default_factory=list)  # the file's, not a chapter's
    errors: list[Located] = field(default_factory=list)


def read_report_file(path, *, year=None, progress=None):
    """Read one file (see the module docstring); year is the --year given, if any.

    progress(done, total), when given, is called after each page of a PDF (the slow part).
    """
    read = ReportRead()
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        read.errors.append(Located(1, f"cannot read the file ({error.strerror})"))
        return read
    read.kind = _kind_of(path, head)
    if not head.strip() and size <= SNIFF_BYTES:
        read.errors.append(Located(1, "the file is empty"))
        return read
    if size > MAX_BYTES[read.kind]:
        limit = MAX_BYTES[read.kind] // (1024 * 1024)
        read.errors.append(
            Located(1, f"the file is {size / 1024 / 1024:.0f} MB; the limit is {limit} MB")
        )
        return read
    if read.kind == "pdf":
        _read_pdf(path, read, progress)
    elif read.kind == "html":
        _read_html(Path(path).read_bytes(), read)
    else:
        _read_text(Path(path).read_bytes(), read)
    _check_year(read, year)
    return read


def _kind_of(path, head):
    if b"%PDF-" in head or Path(path).suffix.lower() == ".pdf":
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or Path(
        path
    ).suffix.lower() in (".html", ".htm"):
        return "html"
    return "text"


def _read_pdf(path, read, progress):
    try:
        text = read_pdf(path, max_pages=MAX_PAGES, progress=progress)
    except PdfUnreadable as error:
        read.errors.append(Located(f"page {error.page}" if error.page else 1, str(error)))
        return
    lines = [line.text for line in text.lines]
    places = [f"page {line.page}" for line in text.lines]
    year, place = _file_year(text.years, read, lambda page: f"page {page}")
    if not _read_chapters(
        lines, places, read, year=(year, place), country_named=True, headings_only=True
    ):
        read.errors.append(
            Located(
                "page 1",
                f"no country chapter found in {text.pages} page(s) (no heading like "
                "'NORWAY: TIER 2'): is this the Trafficking in Persons Report?",
            )
        )


def _read_html(data, read):
    try:
        pairs = html_lines(data)
    except HtmlTooDeep as error:
        read.errors.append(Located(error.line, str(error)))
        return
    lines = [text for text, _ in pairs]
    places = [line for _, line in pairs]
    years = [
        (int(match["year"]), line) for text, line in pairs[:40] if (match := TITLE_YEAR.match(text))
    ]
    year, place = _file_year(years, read, lambda line: line)
    if not _read_chapters(lines, places, read, country_named=True, year=(year, place)):
        read.errors.append(
            Located(
                1,
                "no country chapter found in this web page (no line like 'NORWAY: Tier 2'): "
                "save the country's page of the report",
            )
        )


def _read_text(data, read):
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        read.errors.append(Located(line, "a binary file, not text"))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"
        read.errors.append(Located(line, message))
        return
    lines = text.split("\n")
    if len(chapter_starts(lines)) <= 1:
        # One chapter: the whole text is read as it is, preamble included.
        read.chapters.append(parse_chapter(text))
        return
    places = list(range(1, len(lines) + 1))
    _read_chapters(lines, places, read, year=(None, None), from_top=True)


def _file_year(found, read, place_of):
    """The year the file states most often (cover, footers, page title), and where."""
    if not found:
        return None, None
    counts = Counter(year for year, _ in found)
    year = counts.most_common(1)[0][0]
    place = place_of(next(where for stated, where in found if stated == year))
    if len(counts) > 1:
        others = ", ".join(str(other) for other in sorted(counts) if other != year)
        read.warnings.append(
            Located(place, f"the file states report year {year} and also {others}; {year} is used")
        )
    return year, place


def _read_chapters(lines, places, read, *, year, from_top=False, **finding):
    """Parse each chapter of lines into read.chapters; False when there is none.

    finding: how chapters are found (chapters.chapter_starts' options)."""
    starts = chapter_starts(lines, **finding)
    if not starts:
        return False
    if len(starts) > MAX_CHAPTERS:
        read.errors.append(
            Located(
                places[starts[MAX_CHAPTERS]],
                f"more than {MAX_CHAPTERS} chapters in one file; split it",
            )
        )
        return True
    if from_top:
        starts[0] = 0
    words = vocabulary("\n".join(lines))
    file_year, year_place = year
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        chapter = parse_chapter("\n".join(lines[start:end]), words=words)
        if SAMPLE_COUNTRY.match(chapter.country_name):
            continue  # the "how to read a country narrative" sample
        chapter = _relocated(chapter, places[start:end])
        if chapter.year is None and file_year is not None:
            chapter.year, chapter.year_line = file_year, year_place
        read.chapters.append(chapter)
    return True


def _relocated(chapter, places):
    """The chapter with each line number (1 = first line of the slice) made a file place."""

    def place(line):
        return places[min(max(line, 1), len(places)) - 1]

    def moved(items):
        return [Located(place(item.line), item.text) for item in items]

    for name in ("country_line", "year_line", "tier_line", "summary_line"):
        if getattr(chapter, name):
            setattr(chapter, name, place(getattr(chapter, name)))
    chapter.recommendations = moved(chapter.recommendations)
    chapter.warnings = moved(chapter.warnings)
    chapter.errors = moved(chapter.errors)
    return chapter


def _check_year(read, year):
    """Warn, once per year stated, when the file disagrees with the --year given."""
    if year is None:
        return
    warned = set()
    for chapter in read.chapters:
        if chapter.year and chapter.year != year and chapter.year not in warned:
            warned.add(chapter.year)
            read.warnings.append(
                Located(
                    chapter.year_line or chapter.tier_line,
                    f"the text states {chapter.year}; --year {year} is ignored for this file",
                )
            )
