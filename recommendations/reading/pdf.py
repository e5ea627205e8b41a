"""The report PDF as text lines in reading order, with the page each line is on. No database.

The report is set in two justified columns under a running head and over a footer. PDFium
(pypdfium2) gives each page's text with its own line breaks and marks a word broken at a line
end with U+FFFE; this module adds the geometry it needs, from the boxes of each line's first and
last characters:

- columns: a line is in the left or right column by where it starts; a line running over the
  middle is full width, unless the middle is empty (a PDF writing both columns row by row), when
  it is cut into runs of one side and one height; each page is read full-width lines above the
  columns, then the left column, the right column, the rest;
- running heads and footers: the top and bottom lines that sit at the same height on most pages,
  apart from the text, are dropped (never a chapter heading), as is any line that is only a
  page number or the report title with one;
- headings: a chapter heading wrapped over lines is joined into one;
- paragraphs: a blank line is put where a line stops short of its column's right edge (the last
  line of a justified paragraph, a heading), where the gap to the next line is wide, and before
  a bullet, so that recommendations whose bullets extract as nothing still come apart.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import partial

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from recommendations.chapters import is_chapter_heading
from recommendations.reading import bounded
from recommendations.reading.repair import HYPHEN_BREAK, is_page_furniture

# A report page holds about 6,000 characters in a few hundred objects; a page far over either
# is refused before its characters are walked one by one.
MAX_PAGE_CHARACTERS = 30_000
MAX_PAGE_OBJECTS = 20_000

LINE_BREAK = "\r\n"
PDFIUM_BREAK_MARKS = ("\ufffe", "\x02")  # a hyphen PDFium saw at a line end
BULLETS = "\u2022\u00bb\uf0b7\uf0a7\u25cf\u25aa\u25e6\u2023"
SHORT_LINE = 12  # points short of the column's right edge: a paragraph's last line
FURNITURE_GAP = 10  # points between a running head or footer and the text, at least
GUTTER = 10  # points of nothing around the middle that part two columns on one line
WIDE_GAP = 1.3  # times the usual line pitch: a paragraph or heading gap
COVER_YEAR = re.compile(r"^(?:june\s+)?(?P<year>\d{4})(?:\s+trafficking\s+in\s+persons\s+report)?$")
TITLE_YEAR = re.compile(r"\b(?P<year>\d{4})\s+trafficking\s+in\s+persons\s+report\b", re.I)


class PdfUnreadable(Exception):
    """The PDF cannot be read; the message says why, for the user."""

    def __init__(self, message, page=None):
        super().__init__(message)
        self.page = page

    def __reduce__(self):  # raised in the reading's child process, passed back whole
        return (PdfUnreadable, (str(self), self.page))


@dataclass
class Line:
    page: int  # 1-based
    text: str
    left: float
    right: float
    top: float
    bottom: float
    column: int = 0  # 0 left, 1 right, -1 full width
    last_top: float = 0  # the top of its last physical line (PDFium joins hyphenated ones)


@dataclass
class PdfText:
    lines: list  # Line, in reading order; Line(text="") between paragraphs
    pages: int
    years: list  # (year, page) stated on the cover and in footers


def read_pdf(path, *, max_pages, progress=None):
    """Read the PDF's text; raise PdfUnreadable with a reason when it cannot be read.
    progress(done, total) is called after each page when given.

    The reading runs in a child process under a memory and a CPU ceiling
    (recommendations/reading/bounded.py): a decompression bomb or a page of a million objects
    is refused with the page it was read at, and costs this process nothing."""
    done = [0]

    def report(message):
        done[0] = message[0]
        if progress:
            progress(*message)

    try:
        return bounded.run_bounded(
            partial(_read, str(path), max_pages), passed_on=(PdfUnreadable,), on_message=report
        )
    except bounded.Failed as failed:
        raise failed.error from None
    except bounded.BoundExceeded as exceeded:
        if exceeded.what == "time":
            reason = f"takes more than {bounded.CPU_SECONDS} s of processing"
        else:
            reason = f"needs more than {bounded.MEMORY_LIMIT // 2**20:,} MB of memory"
        raise PdfUnreadable(
            f"reading the PDF {reason}: the file is damaged or built to exhaust the reader "
            "(a decompression bomb); it is refused",
            done[0] + 1,
        ) from None


def _read(path, max_pages, send):
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise PdfUnreadable(_open_failure(error)) from None
    try:
        pages = len(document)
        if pages == 0:
            raise PdfUnreadable("the PDF has no pages")
        if pages > max_pages:
            raise PdfUnreadable(f"the PDF has {pages} pages; the limit is {max_pages}")
        raw = []
        for number in range(pages):
            try:
                raw.append(_page_lines(document, number))
            except pdfium.PdfiumError:
                raise PdfUnreadable(
                    "the page cannot be read (the file is damaged)", number + 1
                ) from None
            send((number + 1, pages))
    finally:
        document.close()
    if not any(raw):
        raise PdfUnreadable(
            "the PDF has no text to read (a scanned report? it needs OCR first)", page=1
        )
    years = _stated_years(raw)
    body = _joined_headings(_without_running_heads(raw))
    return PdfText(lines=_paragraphs(body), pages=pages, years=years)


def _open_failure(error):
    text = str(error).lower()
    if "password" in text or "security" in text:
        return "the PDF is encrypted (password protected); save an unprotected copy"
    if "format" in text or "file" in text:
        return "not a readable PDF (the file is damaged or is not a PDF)"
    return f"the PDF cannot be opened ({error})"


def _page_lines(document, index):
    page = document[index]
    try:
        objects = pdfium_c.FPDFPage_CountObjects(page.raw)
        if objects > MAX_PAGE_OBJECTS:
            raise PdfUnreadable(
                f"the page holds {objects:,} objects; a report page holds far fewer (at most "
                f"{MAX_PAGE_OBJECTS:,} are read)",
                index + 1,
            )
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            characters = textpage.count_chars()
            if characters > MAX_PAGE_CHARACTERS:
                raise PdfUnreadable(
                    f"the page holds {characters:,} characters; a report page holds far fewer "
                    f"(at most {MAX_PAGE_CHARACTERS:,} are read)",
                    index + 1,
                )
            return _lines_of(textpage, index + 1, width, height)
        finally:
            textpage.close()
    finally:
        page.close()


def _lines_of(textpage, page, width, height):
    text = textpage.get_text_range()
    middle = width / 2
    one_sided = _one_sided_lines(textpage, middle, width, height)
    lines, start = [], 0
    while start < len(text):
        end = text.find(LINE_BREAK, start)
        end = len(text) if end < 0 else end
        first, last = _trimmed(text, start, end)
        if first >= last:
            ranges = []
        elif _letters(text[first:last]) in one_sided and _in_one_column(
            textpage, first, last, middle
        ):
            ranges = [(first, last)]
        else:
            ranges = _split_at_gutter(textpage, text, start, end, middle)
        for first, last in ranges:
            lines.append(_line(textpage, text, first, last, page, middle))
        start = end + len(LINE_BREAK)
    return [line for line in lines if line is not None]


def _one_sided_lines(textpage, middle, width, height):
    """The letters of each line PDFium finds in the left half and in the right half: a line of
    the page's that is one of them mixes nothing (the usual case, known in two calls)."""
    halves = (
        textpage.get_text_bounded(0, 0, middle, height),
        textpage.get_text_bounded(middle, 0, width, height),
    )
    return {_letters(line) for half in halves for line in half.split(LINE_BREAK)}


def _in_one_column(textpage, first, last, middle):
    """The line starts and ends on one side, its end at most two lines below its start (PDFium
    joins a word broken at a column's foot to the next column's head)."""
    head = textpage.get_charbox(first, loose=True)
    tail = textpage.get_charbox(last - 1, loose=True)
    height = head[3] - head[1]
    same_side = (head[0] < middle) == (tail[0] < middle)
    return same_side and 0 <= head[3] - tail[3] <= 3 * height


def _letters(text):
    return "".join(filter(str.isalnum, text))


def _split_at_gutter(textpage, text, start, end, middle):
    """The line's character ranges: one, or, when it has text on both sides of an empty
    middle (a PDF writing both columns row by row, which PDFium may run into one line), one
    per run of characters on one side and at one height."""
    first, last = _trimmed(text, start, end)
    if first >= last:
        return []
    sides = set()
    for index in range(textpage.count_rects(first, last - first)):
        left, _, right, _ = textpage.get_rect(index)
        if left < middle - GUTTER / 2 and right > middle + GUTTER / 2:
            return [(first, last)]  # text runs over the middle: a full-width line
        sides.add(left >= middle)
    if len(sides) < 2:
        return [(first, last)]
    runs, run_start, previous = [], first, None
    for index in range(first, last):
        if text[index].isspace():
            continue
        box = textpage.get_charbox(index, loose=True)
        side, bottom = box[0] >= middle, box[1]
        if previous and (side != previous[0] or abs(bottom - previous[1]) > 2):
            runs.append((run_start, index))
            run_start = index
        previous = (side, bottom)
    runs.append((run_start, last))
    return runs


def _trimmed(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line(textpage, text, first, last, page, middle):
    first, last = _trimmed(text, first, last)
    if first >= last:
        return None
    head = textpage.get_charbox(first, loose=True)
    tail = textpage.get_charbox(last - 1, loose=True)
    piece = text[first:last]
    for mark in PDFIUM_BREAK_MARKS:
        piece = piece.replace(mark, HYPHEN_BREAK)
    if head[0] < middle - 2 and tail[2] > middle + 2:
        column = -1
    else:
        column = 0 if head[0] < middle else 1
    return Line(page, piece, head[0], tail[2], head[3], tail[1], column, tail[3])


def _stated_years(raw):
    """Years the cover (first page) and the footers state, as (year, page)."""
    found = []
    for page_lines in raw:
        for line in page_lines:
            text = " ".join(line.text.split())
            match = COVER_YEAR.match(text.lower()) if line.page == 1 else None
            if not match and is_page_furniture(text):
                match = TITLE_YEAR.search(text)
            if match:
                found.append((int(match["year"]), line.page))
    return found


def _without_running_heads(raw):
    """Drop each page's running head and footer and any page-number or title line."""
    pages = [lines for lines in raw if len(lines) > 1]
    heads = _usual_height([max(lines, key=lambda line: line.top) for lines in pages], top=True)
    feet = _usual_height([min(lines, key=lambda line: line.bottom) for lines in pages], top=False)
    kept = []
    for page_lines in raw:
        for line in _reading_order(page_lines):
            if is_page_furniture(line.text):
                continue
            head = heads is not None and line.top >= heads - 2
            foot = feet is not None and line.bottom <= feet + 2
            if (
                (head and _is_apart(line, page_lines, top=True))
                or (foot and _is_apart(line, page_lines, top=False))
            ) and not is_chapter_heading(line.text):
                continue
            kept.append(line)
    return kept


def _usual_height(candidates, *, top):
    """The height (top or bottom) most pages' first or last line shares, if most share one."""
    if len(candidates) < 2:
        return None
    heights = Counter(round(line.top if top else line.bottom) for line in candidates)
    height, count = heights.most_common(1)[0]
    return height if count >= max(2, len(candidates) * 0.3) else None


def _is_apart(line, page_lines, *, top):
    """Nothing of the page is above (below) the line but what sits beside it, and a gap wider
    than any between lines of text parts it from the rest."""
    if top:
        if any(other.top > line.top + 2 for other in page_lines):
            return False
        below = [other.top for other in page_lines if other.top < line.bottom]
        return not below or line.bottom - max(below) >= FURNITURE_GAP
    if any(other.bottom < line.bottom - 2 for other in page_lines):
        return False
    above = [other.bottom for other in page_lines if other.bottom > line.top]
    return not above or min(above) - line.top >= FURNITURE_GAP


def _reading_order(page_lines):
    columns = [line for line in page_lines if line.column >= 0]
    columns_top = max((line.top for line in columns), default=0)

    def rank(line):
        if line.column >= 0:
            return (line.column, -line.top)
        return (-1 if line.top >= columns_top else 2, -line.top)

    merged = []
    for line in sorted(page_lines, key=lambda line: (*rank(line), line.left)):
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.column == line.column
            and abs(previous.last_top - line.top) <= 1
            and line.left >= previous.right - 1
        ):
            # Two pieces of one physical line (PDFium cut it): one line again.
            previous.text = f"{previous.text} {line.text}"
            previous.right, previous.bottom = line.right, line.bottom
            continue
        merged.append(line)
    return merged


def _joined_headings(lines):
    """A chapter heading set on two or three lines ("SAINT VINCENT AND THE" / "GRENADINES:
    TIER 1") as one line: all-caps lines of one size, one right under the other."""
    joined = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and _continues_heading(previous, line):
            previous.text = f"{previous.text} {line.text}"
            previous.right, previous.bottom = line.right, line.bottom
            previous.last_top = line.last_top
            continue
        joined.append(line)
    return joined


def _continues_heading(previous, line):
    height = previous.top - previous.bottom
    return (
        previous.page == line.page
        and previous.column == line.column
        and previous.text.isupper()
        and line.text.isupper()
        and not is_chapter_heading(previous.text)
        and abs(height - (line.top - line.bottom)) < 0.5
        and 0 < previous.last_top - line.top <= height * 1.6
    )


def _paragraphs(lines):
    """The lines with Line(text="") between paragraphs (see the module docstring)."""
    if not lines:
        return []
    right_edges = _right_edges(lines)
    pitch = _usual_pitch(lines)
    result = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        same_flow = previous.page == line.page and previous.column == line.column
        short = previous.right < right_edges.get(previous.column, previous.right) - SHORT_LINE
        wide = same_flow and previous.last_top - line.top > pitch * WIDE_GAP
        if short or wide or line.text[:1] in BULLETS:
            result.append(Line(line.page, "", 0, 0, 0, 0, line.column, 0))
        result.append(line)
    return result


def _right_edges(lines):
    """Each column's right edge: where most of its lines end (justified text)."""
    edges = {}
    for column in (-1, 0, 1):
        ends = sorted(line.right for line in lines if line.column == column)
        if ends:
            edges[column] = ends[int(len(ends) * 0.9)]
    return edges


def _usual_pitch(lines):
    gaps = Counter(
        round(previous.last_top - line.top)
        for previous, line in zip(lines, lines[1:], strict=False)
        if previous.page == line.page
        and previous.column == line.column
        and previous.last_top > line.top
    )
    return gaps.most_common(1)[0][0] if gaps else 12
