"""The report PDF, made in code with every feature of the real one's shape: pure, no database."""

import pytest
from fpdf import FPDF

from countries.tiers import Tier
from recommendations.reading.files import read_report_file
from tests.report_files import PdfLayout, named, report_pdf, sample_chapter, special_case, words_of

# Makes a summary long enough for the recommendations after it to run over a page.
LONGER = " Officials in the provinces cooperated with NGOs on several cases." * 40
CHAPTERS = [
    named(sample_chapter(0, bullet="•"), "NORWAY"),
    named(sample_chapter(1, bullet="»"), "Sweden", "Tier 2 Watch List"),
    named(sample_chapter(2, bullet="none"), "FINLAND", "TIER 1"),
    named(sample_chapter(3, bullet="•", recommendations=3), "TÜRKIYE", "TIER 3"),
    named(
        sample_chapter(4, bullet="none", recommendations=10),
        "CÔTE D'IVOIRE",
        summary=sample_chapter(4).summary + LONGER,
    ),
    named(sample_chapter(5, recommendations=2), "SAINT VINCENT AND THE GRENADINES", "TIER 1"),
    named(sample_chapter(6, recommendations=2), "CONGO, DEMOCRATIC REPUBLIC OF THE", "TIER 3"),
    special_case("LIBYA"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(path, layout) of a report PDF holding CHAPTERS after the cover and introduction."""
    layout = PdfLayout(year=2023)
    path = tmp_path_factory.mktemp("pdf") / "tip-report-2023.pdf"
    path.write_bytes(report_pdf(CHAPTERS, year=2023, layout=layout))
    return path, layout


@pytest.fixture(scope="module")
def read(report):
    return read_report_file(report[0])


def page_of(place):
    assert place.startswith("page "), place
    return int(place.removeprefix("page "))


def test_every_country_chapter_and_nothing_else(read):
    """The sample 'COUNTRY X' narrative and the introduction's tier lists are not chapters."""
    assert read.kind == "pdf" and read.errors == [] and read.warnings == []
    assert [chapter.country_name for chapter in read.chapters] == [
        "NORWAY",
        "Sweden",
        "FINLAND",
        "TÜRKIYE",
        "CÔTE D'IVOIRE",
        "SAINT VINCENT AND THE GRENADINES",
        "CONGO, DEMOCRATIC REPUBLIC OF THE",
        "LIBYA",
    ]
    assert [chapter.tier for chapter in read.chapters] == [
        Tier.TIER_2,
        Tier.WATCH_LIST,
        Tier.TIER_1,
        Tier.TIER_3,
        Tier.TIER_2,
        Tier.TIER_1,
        Tier.TIER_3,
        Tier.SPECIAL_CASE,
    ]


def test_year_from_the_cover(read):
    assert {chapter.year for chapter in read.chapters} == {2023}
    assert {chapter.year_line for chapter in read.chapters} == {"page 1"}


@pytest.mark.parametrize("index", range(7))
def test_summary_and_recommendations_are_the_reports_words(read, index):
    """Whatever the bullet ("•", "»" or a drawn disc), line breaks and hyphenation."""
    chapter, expected = read.chapters[index], CHAPTERS[index]
    assert chapter.summary == " ".join(words_of(expected.summary).split())
    assert [item.text for item in chapter.recommendations] == [
        words_of(text) for text in expected.recommendations
    ]
    assert chapter.errors == [] and chapter.warnings == []


def test_the_layout_has_what_the_reader_must_undo(report):
    """The generated PDF has words broken at soft and at real hyphens, and a page whose
    running head names another country than the chapter starting on it."""
    _, layout = report
    heads = [head for _, head, _ in layout.breaks]
    assert any(head in ("anti-", "asylum-", "well-") for head in heads)
    assert any(head in ("traf-", "sig-", "mini-", "elim-", "prose-", "pen-") for head in heads)
    assert any(
        layout.heads.get(page) not in (None, country) for country, page in layout.starts.items()
    )
    wrapped = {"SAINT VINCENT AND THE GRENADINES:", "CONGO, DEMOCRATIC REPUBLIC OF"}
    assert wrapped <= set(layout.heading_lines)  # headings set on two lines


def test_places_are_pages(read, report):
    _, layout = report
    for chapter in read.chapters:
        assert page_of(chapter.tier_line) == layout.starts[chapter.country_name]
        for item in chapter.recommendations:
            assert page_of(item.line) >= page_of(chapter.tier_line)
    spans = [page_of(c.recommendations[-1].line) for c in read.chapters if c.recommendations]
    assert any(page > page_of(c.tier_line) for page, c in zip(spans, read.chapters, strict=False))


def test_running_heads_and_footers_stay_out(read):
    for chapter in read.chapters:
        for text in [chapter.summary, *(item.text for item in chapter.recommendations)]:
            assert "TRAFFICKING IN PERSONS REPORT" not in text
            assert not any(name in text for name in ("NORWAY", "SWEDEN", "FINLAND", "LIBYA"))


def test_year_given_that_the_file_disagrees_with(report):
    read = read_report_file(report[0], year=2022)
    assert [(w.line, w.text) for w in read.warnings] == [
        ("page 1", "the text states 2023; --year 2022 is ignored for this file")
    ]
    assert {chapter.year for chapter in read.chapters} == {2023}


def test_part_of_the_report_without_cover_takes_the_year_from_footers(tmp_path):
    path = tmp_path / "excerpt.pdf"
    path.write_bytes(report_pdf(CHAPTERS[:2], year=2021, cover=False, intro_pages=0, sample=False))
    read = read_report_file(path)
    assert [chapter.country_name for chapter in read.chapters] == ["NORWAY", "Sweden"]
    assert {chapter.year for chapter in read.chapters} == {2021}
    assert [item.text for item in read.chapters[1].recommendations] == [
        words_of(text) for text in CHAPTERS[1].recommendations
    ]


def row_by_row(chapters):
    """The report's PDF with each page's text written across both columns line by line (as
    some PDF makers do), instead of down one column and then the other."""
    layout = PdfLayout(year=2023)
    written = []  # (page, y, x, font, text)
    draw = layout.pdf.text

    def record(x, y, text):
        pdf = layout.pdf
        written.append(
            (pdf.page_no(), y, x, (pdf.font_family, pdf.font_style, pdf.font_size_pt), text)
        )
        draw(x, y, text)

    layout.pdf.text = record
    report_pdf(chapters, year=2023, intro_pages=0, sample=False, layout=layout)
    pdf = FPDF(unit="pt", format="letter")
    pdf.core_fonts_encoding = "windows-1252"
    for page, y, x, font, text in sorted(written):
        while pdf.page_no() < page:
            pdf.add_page()
        pdf.set_font(*font)
        pdf.text(x, y, text)
    return bytes(pdf.output())


def test_columns_written_across_the_page_are_read_down_each_column(tmp_path):
    path = tmp_path / "rows.pdf"
    path.write_bytes(row_by_row(CHAPTERS[:3]))
    read = read_report_file(path)
    assert [chapter.country_name for chapter in read.chapters] == ["NORWAY", "Sweden", "FINLAND"]
    for chapter, expected in zip(read.chapters, CHAPTERS, strict=False):
        assert chapter.summary == " ".join(words_of(expected.summary).split())
        assert [item.text for item in chapter.recommendations] == [
            words_of(text) for text in expected.recommendations
        ]


def test_cover_and_footers_that_disagree(tmp_path):
    """The year most pages state is used, and the disagreement is said."""
    layout = PdfLayout(year=2023)
    print_cover = layout.cover

    def cover_then_footers_of_2022():
        print_cover()
        layout.year = 2022

    layout.cover = cover_then_footers_of_2022
    path = tmp_path / "mixed.pdf"
    path.write_bytes(report_pdf(CHAPTERS[:1], layout=layout, intro_pages=1, sample=False))
    read = read_report_file(path)
    assert [(w.line, w.text) for w in read.warnings] == [
        ("page 2", "the file states report year 2022 and also 2023; 2022 is used")
    ]
    assert read.chapters[0].year == 2022


def test_progress_after_each_page(report):
    calls = []
    read_report_file(report[0], progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert calls == [(page, total) for page in range(1, total + 1)]


def test_pdf_without_running_heads_or_footers(tmp_path):
    """A chapter printed from a browser, say: no line at the top or foot of a page is lost."""
    path = tmp_path / "printed.pdf"
    layout = PdfLayout(year=2023, title_footer=False)
    path.write_bytes(report_pdf(CHAPTERS[:5], layout=layout, intro_pages=0, sample=False))
    read = read_report_file(path)
    assert [chapter.country_name for chapter in read.chapters] == [c.country for c in CHAPTERS[:5]]
    for chapter, expected in zip(read.chapters, CHAPTERS, strict=False):
        assert chapter.summary == " ".join(words_of(expected.summary).split())
        assert [item.text for item in chapter.recommendations] == [
            words_of(text) for text in expected.recommendations
        ]
