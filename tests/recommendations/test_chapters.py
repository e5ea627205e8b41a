"""The chapter parser on every layout: pure, no database."""

import pytest

from countries.tiers import Tier
from recommendations.chapters import parse_chapter
from tests.recommendations.chapter_files import SEED, fixture


def parse(name):
    return parse_chapter(fixture(name).read_text(encoding="utf-8"))


def texts(chapter):
    return [item.text for item in chapter.recommendations]


def test_seed_chapter_exactly():
    chapter = parse_chapter(SEED.read_text(encoding="utf-8"))
    assert (chapter.country_name, chapter.year, chapter.tier) == ("NORWAY", 2023, Tier.TIER_2)
    assert (chapter.country_line, chapter.tier_line, chapter.summary_line) == (3, 3, 5)
    assert chapter.summary.startswith("The Government of Norway does not fully meet")
    assert chapter.summary.endswith("leaving them vulnerable to re-victimization.")
    assert len(chapter.recommendations) == 10
    assert chapter.recommendations[0].text.startswith(
        "Expand efforts to investigate, prosecute, and convict traffickers "
    )
    assert chapter.recommendations[-1].text.startswith("Develop an updated NAP")
    assert [item.line for item in chapter.recommendations] == list(range(9, 28, 2))
    assert chapter.warnings == [] and chapter.errors == []


def test_title_and_bullets_on_their_own_lines():
    chapter = parse("nor_2022_title_bullets.txt")
    assert (chapter.country_name, chapter.year, chapter.tier) == ("Norway", 2022, Tier.TIER_2)
    assert texts(chapter) == [
        "Report annual data on the number of victims identified and assisted.",
        "Establish a national referral mechanism and formal victim identification procedures "
        "with input from NGOs.",
        "Vigorously investigate, prosecute, and convict traffickers, including labor traffickers.",
        "Adopt a new national action plan against trafficking.",
    ]
    assert [item.line for item in chapter.recommendations] == [9, 10, 11, 12]


def test_colon_tier_line_and_semicolon_paragraph():
    chapter = parse("nor_2016_colon_semicolons.txt")
    assert (chapter.country_name, chapter.year, chapter.tier) == ("NORWAY", None, Tier.TIER_1)
    # The profile paragraph comes first; the summary is the government paragraph.
    assert chapter.summary.startswith("The Government of Norway fully meets")
    assert texts(chapter) == [
        "Train investigators on gathering evidence beyond victims' testimony.",
        # A semicolon inside parentheses does not split a recommendation.
        "Train prosecutors on the trafficking law (section 257; section 224 before 2015).",
        "Vigorously prosecute and convict sex and labor traffickers.",
        "Adopt a new national action plan.",
    ]


@pytest.mark.parametrize(
    "name, tier, expected",
    [
        (
            "nor_2019_bullets_one_line.txt",
            Tier.WATCH_LIST,
            [
                "Increase investigations and prosecutions of labor trafficking.",
                "Screen asylum-seekers for indicators of trafficking.",
                "Fund specialized shelters for male victims.",
            ],
        ),
        (
            "nor_2020_watch_list_dashes.txt",
            Tier.WATCH_LIST,
            [
                "Increase investigations and prosecutions of labor trafficking, including in the "
                "fishing sector.",
                "Screen all asylum-seekers for indicators of trafficking.",
                # A hyphen inside the text is not a bullet.
                "Fund medium- to long-term shelters for male victims.",
            ],
        ),
        (
            "mys_2018_stars_one_line.txt",
            Tier.WATCH_LIST,
            [
                "Eliminate recruitment fees charged to workers by labor recruiters.",
                "Increase labor inspections in high-risk sectors such as palm oil and "
                "construction.",
                "Allow all victims to move freely and work while cases proceed.",
            ],
        ),
    ],
)
def test_bullet_layouts(name, tier, expected):
    chapter = parse(name)
    assert chapter.tier == tier
    assert texts(chapter) == expected
    assert chapter.errors == [] and chapter.warnings == []


def test_wrapped_lines_join_and_keep_their_first_line_number():
    chapter = parse("nor_2020_watch_list_dashes.txt")
    assert chapter.summary == (
        "The Government of Norway does not fully meet the minimum standards for the elimination "
        "of trafficking but is making significant efforts to do so."
    )
    assert [item.line for item in chapter.recommendations] == [10, 12, 13]


def test_tier_alone_takes_the_country_from_the_line_above():
    chapter = parse("blr_2021_tier_alone.txt")
    assert (chapter.country_name, chapter.country_line) == ("BELARUS", 3)
    assert (chapter.year, chapter.tier, chapter.tier_line) == (2021, Tier.TIER_3, 4)
    assert len(chapter.recommendations) == 2


@pytest.mark.parametrize(
    "name, summary_start",
    [
        ("lby_2019_special_case.txt", "Libya is a Special Case for the fourth"),
        ("lby_2020_parens_special_case.txt", "Libya remains a Special Case"),
    ],
)
def test_special_case_has_no_recommendations_and_no_warning(name, summary_start):
    chapter = parse(name)
    assert chapter.country_name.lower() == "libya"
    assert chapter.tier == Tier.SPECIAL_CASE
    assert chapter.summary.startswith(summary_start)
    assert chapter.recommendations == []
    assert chapter.warnings == [] and chapter.errors == []


def test_a_special_case_chapter_that_lists_recommendations_keeps_them():
    """Later Special Case chapters do list recommendations: they are imported, not dropped."""
    chapter = parse_chapter(
        "YEMEN (Special Case)\n\nYemen remains a Special Case.\n\n"
        "PRIORITIZED RECOMMENDATIONS:\n\n• Stop recruiting child soldiers.\n"
    )
    assert chapter.tier == Tier.SPECIAL_CASE
    assert texts(chapter) == ["Stop recruiting child soldiers."]


def test_no_recommendations_heading_is_a_warning_not_a_guess():
    chapter = parse("nor_2015_no_heading.txt")
    assert chapter.tier == Tier.TIER_1
    assert chapter.summary.startswith("The Government of Norway fully meets")
    assert chapter.recommendations == []
    assert [(w.line, w.text) for w in chapter.warnings] == [(1, "no recommendations section found")]


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("", 1, "the file is empty"),
        ("Just a paragraph about Norway.\n", 1, "no tier line found"),
        ("Title\n\nNORWAY (Tier 4)\n", 3, "unknown tier 'Tier 4'"),
        ("Tier 2\n", 1, "the tier line names no country"),
        (
            "2022 Trafficking in Persons Report: Norway\n"
            "NORWAY (Tier 2) Extracted in part from the U.S. State Dept 2023 TIP Report\n",
            1,
            "the text states more than one report year (2022, 2023)",
        ),
    ],
)
def test_errors_name_the_line(text, line, message):
    errors = parse_chapter(text).errors
    assert len(errors) == 1
    assert errors[0].line == line
    assert errors[0].text.startswith(message)


@pytest.mark.parametrize(
    "tier_line, country, tier",
    [
        ("NORWAY: Tier 2 Watch List", "NORWAY", Tier.WATCH_LIST),
        ("Norway (Tier 2 Watch List)", "Norway", Tier.WATCH_LIST),
        ("NORWAY: Tier 3 (downgraded)", "NORWAY", Tier.TIER_3),
        ("St. Lucia (Tier 1)", "St. Lucia", Tier.TIER_1),
        ("Korea, North (Tier 3)", "Korea, North", Tier.TIER_3),
        ("Libya (Special Case)", "Libya", Tier.SPECIAL_CASE),
    ],
)
def test_tier_line_variants(tier_line, country, tier):
    chapter = parse_chapter(f"{tier_line}\n\nThe Government of {country} does things.\n")
    assert (chapter.country_name, chapter.tier) == (country, tier)


def test_a_year_in_other_scripts_digits_is_not_a_report_year():
    text = SEED.read_text(encoding="utf-8").replace("2023", "٢٠٢٣", 1)  # Arabic-Indic digits
    chapter = parse_chapter(text)
    assert chapter.year != 2023
    assert parse_chapter(SEED.read_text(encoding="utf-8")).year == 2023


LINES_WITH_A_CUT_END = [
    "Vigorously investigate and prosecute trafficking cases, including labor cases.",
    "Establish a national referral mechanism with input from NGOs.",
    "Increase training for investigators, prosecutors, and judges.",
    "Screen all foreign nationals and asylum-seekers for indicators of traff",
]


@pytest.mark.parametrize("cut", [True, False])
def test_one_sentence_per_line_with_the_last_line_cut_off(cut):
    """As text copied from a web page often is: one recommendation per line, the cut one its
    own (with a warning), never glued to the others."""
    lines = LINES_WITH_A_CUT_END if cut else [*LINES_WITH_A_CUT_END[:3], "Fund shelters."]
    chapter = parse_chapter(
        "NORWAY: Tier 2\n\nThe Government of Norway acted.\n\nPRIORITIZED RECOMMENDATIONS:\n"
        + "\n".join(lines)
        + "\n"
    )
    assert texts(chapter) == lines
    assert [item.line for item in chapter.recommendations] == [6, 7, 8, 9]
    warnings = [(w.line, w.text) for w in chapter.warnings]
    if cut:
        assert warnings == [
            (
                9,
                "recommendation #4 stops mid-sentence ('...for indicators of traff'): cut off? "
                "kept as its own recommendation; check it against the report",
            )
        ]
    else:
        assert warnings == []


def test_a_wrapped_paragraph_is_still_one_recommendation():
    """Lines that do not each end a sentence are one paragraph, as before."""
    chapter = parse_chapter(
        "NORWAY: Tier 2\n\nThe Government of Norway acted.\n\nPRIORITIZED RECOMMENDATIONS:\n"
        "Vigorously investigate and prosecute trafficking cases, including\n"
        "Labor cases, and convict traffickers.\n"
    )
    assert texts(chapter) == [
        "Vigorously investigate and prosecute trafficking cases, including Labor cases, and "
        "convict traffickers."
    ]
