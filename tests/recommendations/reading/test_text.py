"""Plain text: one chapter or many in a row, every layout, repaired words, and the warnings
that catch a bad read. Pure, no database."""

import pytest

from countries.tiers import Tier
from recommendations.chapter_asks import MAX_RECOMMENDATION_LENGTH
from recommendations.chapters import parse_chapter
from recommendations.reading.files import read_report_file
from tests.recommendations.chapter_files import fixture

LAYOUTS = [
    "nor_2022_title_bullets.txt",
    "mys_2018_stars_one_line.txt",
    "blr_2021_tier_alone.txt",
    "lby_2019_special_case.txt",
    "nor_2016_colon_semicolons.txt",
    "nor_2021_one_per_line.txt",
]


def texts(chapter):
    return [item.text for item in chapter.recommendations]


def write(tmp_path, text, name="chapters.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_recommendation_per_line_without_bullets_or_blank_lines():
    (chapter,) = read_report_file(fixture("nor_2021_one_per_line.txt")).chapters
    assert (chapter.country_name, chapter.year, chapter.tier) == ("NORWAY", 2021, Tier.TIER_2)
    assert [(item.line, item.text) for item in chapter.recommendations] == [
        (5, "Report annual data on the number of victims identified and assisted."),
        (6, "Establish a national referral mechanism and formal victim identification procedures."),
        (
            7,
            "Vigorously investigate, prosecute, and convict traffickers, including labor "
            "traffickers.",
        ),
        (
            8,
            "Screen foreign nationals and asylum-seekers for indicators of trafficking before "
            "deportation.",
        ),
        (9, "Develop an updated national action plan with dedicated funding."),
    ]
    assert chapter.warnings == []


def test_many_chapters_in_a_row_each_as_read_alone(tmp_path):
    """Every layout, one after another in one file: the same chapters, at their file lines."""
    pieces = [fixture(name).read_text(encoding="utf-8").strip("\n") for name in LAYOUTS]
    read = read_report_file(write(tmp_path, "\n\n".join(pieces) + "\n"))
    assert read.errors == [] and read.warnings == []
    assert len(read.chapters) == len(LAYOUTS)
    offset = 0
    for chapter, piece in zip(read.chapters, pieces, strict=True):
        alone = parse_chapter(piece)
        assert (chapter.country_name, chapter.year, chapter.tier, chapter.summary) == (
            alone.country_name,
            alone.year,
            alone.tier,
            alone.summary,
        )
        assert texts(chapter) == texts(alone)
        assert chapter.tier_line == alone.tier_line + offset
        assert [item.line for item in chapter.recommendations] == [
            item.line + offset for item in alone.recommendations
        ]
        offset += piece.count("\n") + 2


def test_semicolon_paragraph_of_2010_to_2016():
    (chapter,) = read_report_file(fixture("nor_2016_colon_semicolons.txt"), year=2016).chapters
    assert (
        texts(chapter)[0] == "Train investigators on gathering evidence beyond victims' testimony."
    )
    assert texts(chapter)[-1] == "Adopt a new national action plan."


@pytest.mark.parametrize("bullet", ["\u2022", "\u00bb", "\uf0b7", "\u25aa"])
def test_bullets_as_pdfs_and_pages_give_them(bullet):
    chapter = parse_chapter(
        "NORWAY: Tier 1\n\nThe Government of Norway fully meets the minimum standards.\n\n"
        f"PRIORITIZED RECOMMENDATIONS:\n{bullet} Train judges.\n{bullet} Fund shelters for men.\n"
    )
    assert texts(chapter) == ["Train judges.", "Fund shelters for men."]


def test_words_broken_at_line_ends_are_joined_and_real_hyphens_kept():
    chapter = parse_chapter(
        "NORWAY: Tier 1\n\nThe Government of Norway fully meets the minimum stan-\ndards; "
        "its anti-\ntrafficking police screened asylum-\nseekers.\n\n"
        "PRIORITIZED RECOMMENDATIONS:\n"
        "• Vigorously prose-\ncute traffickers and fund medium-\nto long-term shelters.\n"
        "• Train self-\nemployed inspectors.\n"
    )
    assert chapter.summary == (
        "The Government of Norway fully meets the minimum standards; its anti-trafficking "
        "police screened asylum-seekers."
    )
    assert texts(chapter) == [
        "Vigorously prosecute traffickers and fund medium- to long-term shelters.",
        "Train self-employed inspectors.",
    ]


def chapter_with(recommendations):
    body = "\n".join(f"• {text}" for text in recommendations)
    return parse_chapter(
        "NORWAY: Tier 1\n\nThe Government of Norway fully meets the minimum standards.\n\n"
        f"PRIORITIZED RECOMMENDATIONS:\n{body}\n"
    )


def warnings_of(chapter):
    return [(item.line, item.text) for item in chapter.warnings]


def test_warns_about_a_recommendation_too_long_to_be_one():
    long_one = "Train " + "judges and prosecutors on trafficking cases, " * 14 + "nationwide."
    assert len(long_one) > MAX_RECOMMENDATION_LENGTH
    assert warnings_of(chapter_with(["Train judges.", long_one])) == [
        (7, f"recommendation #2 is {len(long_one)} characters long: several run together?")
    ]


def test_warns_about_several_asks_run_together():
    merged = "Train judges on the law. Fund shelters for men. Adopt a national action plan."
    assert warnings_of(chapter_with([merged])) == [
        (6, "recommendation #1 is 3 sentences that each ask something: several run together?")
    ]
    fine = "Train judges on the law. This includes the new amendments."
    assert warnings_of(chapter_with([fine])) == []


def test_warns_about_more_recommendations_than_a_chapter_has():
    chapter = chapter_with([f"Train judges in district {n}." for n in range(21)])
    assert warnings_of(chapter) == [(5, "21 recommendations: more than a chapter usually has")]


def test_refuses_a_recommendations_section_that_is_no_chapter():
    chapter = chapter_with([f"Train judges in district {n}." for n in range(101)])
    assert [(item.line, item.text) for item in chapter.errors] == [
        (5, "101 recommendations (the limit is 100): the chapter was not read as a chapter")
    ]


def test_year_given_that_a_chapter_disagrees_with(tmp_path):
    read = read_report_file(fixture("nor_2022_title_bullets.txt"), year=2021)
    assert [(w.line, w.text) for w in read.warnings] == [
        (1, "the text states 2022; --year 2021 is ignored for this file")
    ]
