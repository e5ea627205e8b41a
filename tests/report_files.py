"""Report files made in code, with the real report's shape, for the reader's tests and bench/.

`report_pdf(chapters, year=2023)` lays out a TIP report PDF the way the State Department sets
it: a cover ("2023 TRAFFICKING IN PERSONS REPORT", "JUNE 2023"), introduction pages with tier
lists and the "how to read a country narrative" sample chapter for "COUNTRY X", then one
narrative per country in two justified columns, words hyphenated at line ends (at the soft
hyphens, U+00AD, written into the words, and at real hyphens), a running head with the country
of the page's first line and a footer with the report title and the page number. Bullets are
drawn as text ("•", "»") or as a small disc that text extraction does not see ("none").

Every word is placed by hand (no library layout), so tests know exactly where lines break:
`PdfLayout.breaks` lists each word broken at a line end. The text is invented for the tests.
"""

import io
from dataclasses import dataclass, field

from fpdf import FPDF

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US letter, in points
MARGIN, GUTTER = 54, 18
BODY_TOP, BODY_BOTTOM = 72, 740
FONT_SIZE, LEADING = 9, 11
BULLET_INDENT = 10
SOFT_HYPHEN = "\u00ad"


@dataclass
class Chapter:
    country: str  # as the heading writes it, e.g. "NORWAY"
    tier: str  # e.g. "TIER 2", "Tier 2 Watch List", "SPECIAL CASE"
    summary: str
    recommendations: list[str]
    sections: dict[str, list[str]] = field(default_factory=dict)
    bullet: str = "•"  # "•", "»" or "none"
    heading: str = ""  # the heading as printed ("\n": a line break); default "COUNTRY: TIER"

    def heading_line(self):
        return self.heading or f"{self.country}: {self.tier}"


def words_of(text):
    """The text as printed, without the soft hyphens that only mark where a word may break."""
    return text.replace(SOFT_HYPHEN, "")


def sample_chapter(index, *, bullet="•", recommendations=8, paragraphs=3):
    """A plausible chapter for a country (name given), with hyphenation points."""
    return Chapter(
        country="",
        tier="TIER 2",
        summary=(
            "The Government of {name} does not fully meet the mini\u00admum stan\u00addards for "
            "the elim\u00adination of traf\u00adficking but is making sig\u00adnificant efforts "
            "to do so. The government demon\u00adstrated overall increasing efforts compared "
            f"with the previous reporting period (case {index}), including screening "
            "asylum-seekers and funding anti-trafficking units in every region."
        ),
        recommendations=[
            f"{verb} {object_} in every region, with adequate resources and cooperation "
            f"with civil society, as asked in case {index}.{number}."
            for number, (verb, object_) in enumerate(ASKS[:recommendations], start=1)
        ],
        sections={
            name: [SECTION_PARAGRAPH.format(section=name.lower(), n=n) for n in range(paragraphs)]
            for name in ("PROSECUTION", "PROTECTION", "PREVENTION", "TRAFFICKING PROFILE")
        },
        bullet=bullet,
    )


def special_case(country="LIBYA"):
    """A Special Case chapter: no tier, no recommendations."""
    return Chapter(
        country=country,
        tier="SPECIAL CASE",
        summary=f"{country.title()} is a special case this year; no tier is given.",
        recommendations=[],
        sections={"TRAFFICKING PROFILE": [f"Traffickers exploit migrants in {country.title()}."]},
    )


ASKS = [
    ("Vigorously investigate and prosecute", "traf\u00adficking cases, including labor cases,"),
    ("Establish", "a national referral mech\u00adanism and victim identification procedures"),
    ("Increase", "training for investigators, prose\u00adcutors, and judges"),
    ("Screen", "all foreign nationals and asylum-seekers for indicators of trafficking"),
    ("Ensure", "victims receive access to assistance and are not pen\u00adalized"),
    ("Develop", "a comprehensive statistical system for anti-trafficking data"),
    ("Adopt", "an updated national action plan with dedicated funding"),
    ("Amend", "the criminal code to remove the requirement of force, fraud, or coercion"),
    ("Strengthen", "labor inspections in high-risk sectors such as fishing and agriculture"),
    ("Provide", "specialized shelter for male and child victims of traf\u00adficking"),
]
SECTION_PARAGRAPH = (
    "The government reported {section} efforts during the reporting period ({n}). Authori"
    "\u00adties investigated cases under the anti-trafficking law, which pre\u00adscribed "
    "penalties of up to ten years of imprisonment; these penalties were suf\u00adficiently "
    "stringent and, with respect to sex traf\u00adficking, commen\u00adsurate with those "
    "for other grave crimes. Observers noted that well-known cases remained pending."
)


class PdfLayout:
    """Places words on pages; one instance makes one PDF."""

    def __init__(self, *, year, title_footer=True):
        self.pdf = FPDF(unit="pt", format="letter")
        self.pdf.core_fonts_encoding = "windows-1252"
        self.pdf.set_auto_page_break(False)
        self.pdf.set_compression(True)
        self.year = year
        self.title_footer = title_footer
        self.column = 0
        self.y = BODY_TOP
        self.page_head = None  # the running head of the current page, set by its first line
        self.current_country = ""
        self.breaks = []  # (page, word as printed before the break, rest) per broken word
        self.heads = {}  # page: the running head printed on it
        self.starts = {}  # country: the page its chapter starts on
        self.heading_lines = []  # each line of each heading, as printed
        self.column_width = (PAGE_WIDTH - 2 * MARGIN - GUTTER) / 2

    # Pages ----------------------------------------------------------------------------------

    def cover(self):
        self.pdf.add_page()
        self.pdf.set_font("Helvetica", "B", 28)
        self.pdf.text(MARGIN, 300, f"{self.year} TRAFFICKING IN PERSONS REPORT")
        self.pdf.set_font("Helvetica", "", 16)
        self.pdf.text(MARGIN, 340, f"JUNE {self.year}")

    def full_width_page(self, paragraphs):
        """An introduction page: one column of ragged text lines (tier lists, prose)."""
        self._new_page()
        y = BODY_TOP
        self.pdf.set_font("Helvetica", "", FONT_SIZE)
        for paragraph in paragraphs:
            for line in paragraph.split("\n"):
                self.pdf.text(MARGIN, y, line)
                y += LEADING
            y += LEADING
        self._footer()

    def start_narratives(self):
        self._new_page()
        self.column, self.y = 0, BODY_TOP

    def chapter(self, chapter):
        self._room(LEADING * 3)
        self.starts[chapter.country] = self.pdf.page_no()
        self.current_country = chapter.country
        self.heading(chapter.heading_line(), size=12)
        self.paragraph(chapter.summary)
        if chapter.recommendations:
            self.heading("PRIORITIZED RECOMMENDATIONS:")
        for recommendation in chapter.recommendations:
            self.paragraph(recommendation, bullet=chapter.bullet)
        for name, paragraphs in chapter.sections.items():
            self.heading(name)
            for text in paragraphs:
                self.paragraph(text)

    def output(self):
        self._footer()
        buffer = io.BytesIO()
        self.pdf.output(buffer)
        return buffer.getvalue()

    # Flow -----------------------------------------------------------------------------------

    def heading(self, text, size=FONT_SIZE):
        """A heading, on as many lines as the column needs (long country names wrap), and
        wrapped where the text says "\n" (as a narrower column would)."""
        self._room(LEADING * 3)
        self._head_if_first_line()
        self.pdf.set_font("Helvetica", "B", size)
        lines = [
            line
            for part in text.split("\n")
            for line in self._break_lines(part.split(), self.column_width)
        ]
        for line in lines:
            self.heading_lines.append(" ".join(line))
            self.pdf.text(self._x(), self.y, " ".join(line))
            self.y += size + 2
        self.y += 3

    def paragraph(self, text, bullet=None):
        self.pdf.set_font("Helvetica", "", FONT_SIZE)
        indent = BULLET_INDENT if bullet else 0
        lines = self._break_lines(text.split(), self.column_width - indent)
        for number, line in enumerate(lines):
            self._room(LEADING)
            self._head_if_first_line()
            x = self._x() + indent
            if number == 0 and bullet:
                self._bullet(bullet)
            last = number == len(lines) - 1
            self._justified(line, x, self.column_width - indent, last)
            self.y += LEADING
        self.y += 4

    def _bullet(self, bullet):
        if bullet == "none":
            self.pdf.ellipse(self._x() + 1, self.y - 5, 3, 3, style="F")
        else:
            self.pdf.text(self._x(), self.y, bullet)

    def _break_lines(self, words, width):
        """Greedy line breaking; a word that does not fit breaks at its last hyphen that does."""
        lines, line, words = [], [], list(words)
        while words:
            word = words.pop(0)
            candidate = [*line, words_of(word)]
            if self._width(candidate) <= width or not line:
                line = candidate
                continue
            head, tail = self._hyphenate(word, width - self._width([*line, ""]))
            if head:
                lines.append([*line, head])
                self.breaks.append((self.pdf.page_no(), head, words_of(tail)))
                words.insert(0, tail)
            else:
                lines.append(line)
                words.insert(0, word)
            line = []
        if line:
            lines.append(line)
        return lines

    def _hyphenate(self, word, room):
        """(printed head ending in "-", rest of the word) at the last break point that fits."""
        points = [i for i, char in enumerate(word) if char in (SOFT_HYPHEN, "-")]
        for index in reversed(points):
            head = words_of(word[:index]) + "-"
            if self.pdf.get_string_width(head) <= room:
                return head, word[index + 1 :]
        return None, word

    def _width(self, words):
        return self.pdf.get_string_width(" ".join(words))

    def _justified(self, words, x, width, last):
        widths = [self.pdf.get_string_width(word) for word in words]
        space = self.pdf.get_string_width(" ")
        if not last and len(words) > 1:
            space = (width - sum(widths)) / (len(words) - 1)
        for word, word_width in zip(words, widths, strict=True):
            self.pdf.text(x, self.y, word)
            x += word_width + space

    def _x(self):
        return MARGIN + self.column * (self.column_width + GUTTER)

    def _room(self, height):
        if self.y + height <= BODY_BOTTOM:
            return
        if self.column == 0:
            self.column, self.y = 1, BODY_TOP
            return
        self._footer()
        self._new_page()
        self.column, self.y = 0, BODY_TOP

    def _new_page(self):
        self.pdf.add_page()
        self.page_head = None

    def _head_if_first_line(self):
        """The running head names the country whose text opens the page (it is drawn with the
        footer, last, so that its place in the PDF's text is not where it shows)."""
        if self.page_head is None and self.current_country:
            self.page_head = self.current_country
            self.heads[self.pdf.page_no()] = self.page_head

    def _footer(self):
        if not self.title_footer or self.pdf.page_no() == 0:
            return
        style = self.pdf.font_style
        size = self.pdf.font_size_pt
        page = self.pdf.page_no()
        if self.page_head:
            self.pdf.set_font("Helvetica", "B", 8)
            x = MARGIN if page % 2 == 0 else PAGE_WIDTH - MARGIN - 80
            self.pdf.text(x, 40, self.page_head)
        self.pdf.set_font("Helvetica", "", 8)
        title = f"{self.year} TRAFFICKING IN PERSONS REPORT"
        if page % 2 == 0:
            self.pdf.text(MARGIN, 765, f"{page}    {title}")
        else:
            self.pdf.text(PAGE_WIDTH - MARGIN - 200, 765, f"{title}    {page}")
        self.pdf.set_font("Helvetica", style, size)


TIER_LIST_PAGE = [
    "TIER PLACEMENTS",
    "TIER 1\nAUSTRALIA    NORWAY    FINLAND\nCANADA    SWEDEN",
    "TIER 2\nALBANIA    ESTONIA    MALAYSIA",
    "TIER 2 WATCH LIST\nBELARUS    GABON",
    "TIER 3\nERITREA    IRAN",
]
HOW_TO_READ = Chapter(
    country="COUNTRY X",
    tier="TIER 2 WATCH LIST",
    summary=(
        "The Government of Country X does not fully meet the minimum standards for the "
        "elimination of trafficking. This sample narrative shows how to read a chapter."
    ),
    recommendations=[
        "Explain here what the government should do first.",
        "Explain here what it should do next.",
    ],
    sections={"PROSECUTION": ["The sample describes law enforcement efforts."]},
)


def report_pdf(chapters, *, year=2023, cover=True, intro_pages=2, sample=True, layout=None):
    """The PDF bytes of a report holding these chapters (see the module docstring)."""
    layout = layout or PdfLayout(year=year)
    if cover:
        layout.cover()
    for number in range(intro_pages):
        if number == 0:
            layout.full_width_page(TIER_LIST_PAGE)
        else:
            layout.full_width_page(
                [f"Introduction page {number}. Governments worked against trafficking."] * 20
            )
    if sample:
        layout.start_narratives()
        layout.heading("HOW TO READ A COUNTRY NARRATIVE")
        layout.chapter(HOW_TO_READ)
        layout.current_country = ""
    layout.start_narratives()
    for chapter in chapters:
        layout.chapter(chapter)
    return layout.output()


def named(chapter, country, tier="TIER 2", **changes):
    """The chapter for another country: its name in the heading and the summary."""
    values = {**chapter.__dict__, "country": country, "tier": tier, **changes}
    values["summary"] = values["summary"].replace("{name}", country.title())
    return Chapter(**values)
