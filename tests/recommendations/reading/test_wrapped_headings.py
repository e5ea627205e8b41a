"""A chapter heading wrapped over lines, in every place, read whole in text, HTML and PDF: the
tier in "CONGO, REPUBLIC OF THE: TIER 2" / "WATCH LIST" is Tier 2 Watch List. Pure, no database.
"""

import pytest

from countries.tiers import Tier
from recommendations.chapters import parse_chapter
from recommendations.reading.files import read_report_file
from tests.report_files import named, report_pdf, sample_chapter

HEADING = "CONGO, REPUBLIC OF THE: TIER 2 WATCH LIST"
WORDS = HEADING.split(" ")
# The heading broken after each of its words but the last: every place a column may wrap it.
WRAPPED = [" ".join(WORDS[:cut]) + "\n" + " ".join(WORDS[cut:]) for cut in range(1, len(WORDS))]
SUMMARY = (
    "The Government of the Republic of the Congo does not fully meet the minimum standards. "
    "Therefore the Republic of the Congo remained on Tier 2 Watch List for the second "
    "consecutive year."
)
BODY = (
    f"\n{SUMMARY}\n\nPRIORITIZED RECOMMENDATIONS:\n"
    "Increase efforts to investigate traffickers.\nTrain officials to identify victims.\n"
)


@pytest.mark.parametrize("heading", WRAPPED)
def test_text_heading_wrapped_anywhere_is_read_whole(heading):
    chapter = parse_chapter(heading + "\n" + BODY)
    assert chapter.errors == []
    assert (chapter.country_name, chapter.tier) == ("CONGO, REPUBLIC OF THE", Tier.WATCH_LIST)
    assert chapter.summary == SUMMARY
    assert [item.text for item in chapter.recommendations] == [
        "Increase efforts to investigate traffickers.",
        "Train officials to identify victims.",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "SPECIAL CASE:\nLIBYA",
        "SPECIAL\nCASE: LIBYA",
        "Congo, Republic of the (Tier 2\nWatch List) Extracted in part from the U.S. State "
        "Dept 2023 TIP Report",
        "NORWAY: TIER 3\n(DOWNGRADED)",
    ],
)
def test_other_headings_wrapped(heading):
    chapter = parse_chapter(heading + "\n" + BODY)
    expected = {
        "S": ("LIBYA", Tier.SPECIAL_CASE),
        "C": ("Congo, Republic of the", Tier.WATCH_LIST),
        "N": ("NORWAY", Tier.TIER_3),
    }[heading[0]]
    assert (chapter.country_name, chapter.tier) == expected


def test_two_headings_in_a_row_are_not_joined():
    """A section heading over a chapter heading stays apart; so do two chapters' headings."""
    chapter = parse_chapter("COUNTRY NARRATIVES\nNORWAY: TIER 1\n" + BODY)
    assert (chapter.country_name, chapter.tier) == ("NORWAY", Tier.TIER_1)


def test_summary_tiers_and_watch_list_run():
    chapter = parse_chapter("CONGO, REPUBLIC OF THE: TIER 2\n" + BODY)
    assert chapter.tier == Tier.TIER_2
    assert chapter.summary_tiers == [
        (
            Tier.WATCH_LIST,
            "remained on Tier 2 Watch List for the second consecutive year",
        )
    ]
    assert chapter.watch_list_run == (
        2,
        "remained on Tier 2 Watch List for the second consecutive year",
    )


@pytest.mark.parametrize(
    ("sentence", "tier"),
    [
        ("Therefore Norway was upgraded to Tier 1.", Tier.TIER_1),
        ("Therefore Norway was downgraded to Tier 3.", Tier.TIER_3),
        ("Therefore Norway was placed on Tier 2 Watch List.", Tier.WATCH_LIST),
        ("Norway moved to Tier 2 this year.", Tier.TIER_2),
        ("Therefore Norway remained on Tier 2.", Tier.TIER_2),
        ("Libya remains a Special Case for the fourth year.", Tier.SPECIAL_CASE),
    ],
)
def test_what_a_summary_says_of_the_tier(sentence, tier):
    chapter = parse_chapter(f"NORWAY: TIER 1\n\nThe Government of Norway acted. {sentence}\n")
    assert [said for said, _ in chapter.summary_tiers] == [tier]


@pytest.mark.parametrize("heading", WRAPPED)
def test_text_file_of_two_chapters(tmp_path, heading):
    path = tmp_path / "two.txt"
    path.write_text(
        f"2023 Trafficking in Persons Report\n\nNORWAY: TIER 1\n{BODY}\n{heading}\n{BODY}"
    )
    read = read_report_file(path)
    assert [(c.country_name, c.tier) for c in read.chapters] == [
        ("NORWAY", Tier.TIER_1),
        ("CONGO, REPUBLIC OF THE", Tier.WATCH_LIST),
    ]


@pytest.mark.parametrize("heading", WRAPPED)
def test_html_heading_wrapped_by_a_line_break(tmp_path, heading):
    path = tmp_path / "congo.html"
    path.write_text(
        "<!doctype html><html><head><title>2023 Trafficking in Persons Report: Congo</title>"
        f"</head><body><main><h2>{heading.replace(chr(10), '<br>')}</h2><p>{SUMMARY}</p>"
        "<h3>PRIORITIZED RECOMMENDATIONS:</h3><ul><li>Increase efforts to investigate "
        "traffickers.</li><li>Train officials to identify victims.</li></ul></main></body></html>"
    )
    read = read_report_file(path)
    assert read.errors == []
    [chapter] = read.chapters
    assert (chapter.country_name, chapter.year, chapter.tier) == (
        "CONGO, REPUBLIC OF THE",
        2023,
        Tier.WATCH_LIST,
    )
    assert len(chapter.recommendations) == 2


@pytest.fixture(scope="module")
def wrapped_pdf(tmp_path_factory):
    """A report whose Congo heading wraps in each place, one chapter per place, two columns."""
    chapters = [named(sample_chapter(0, recommendations=2), "NORWAY", "TIER 1")]
    for index, heading in enumerate(WRAPPED):
        chapter = named(
            sample_chapter(index + 1, recommendations=2),
            "CONGO, REPUBLIC OF THE",
            "TIER 2 WATCH LIST",
            heading=heading,
        )
        chapters.append(chapter)
    path = tmp_path_factory.mktemp("pdf") / "wrapped.pdf"
    path.write_bytes(report_pdf(chapters, year=2023, intro_pages=1))
    return read_report_file(path)


def test_pdf_heading_wrapped_anywhere_is_read_whole(wrapped_pdf):
    assert wrapped_pdf.errors == []
    assert [(c.country_name, c.tier) for c in wrapped_pdf.chapters] == [
        ("NORWAY", Tier.TIER_1),
        *[("CONGO, REPUBLIC OF THE", Tier.WATCH_LIST)] * len(WRAPPED),
    ]
    assert all(len(chapter.recommendations) == 2 for chapter in wrapped_pdf.chapters)
