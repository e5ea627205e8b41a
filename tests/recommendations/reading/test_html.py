"""Country pages saved from the publisher's web site: the chapter, never the chrome around it."""

from countries.tiers import Tier
from recommendations.reading.files import read_report_file
from tests.recommendations.chapter_files import PAGES


def test_page_with_a_list_inside_navigation_share_related_links_and_footer():
    read = read_report_file(PAGES / "nor_2023_list.html")
    assert read.kind == "html" and read.errors == [] and read.warnings == []
    (chapter,) = read.chapters
    assert (chapter.country_name, chapter.year, chapter.tier) == ("NORWAY", 2023, Tier.TIER_2)
    assert (chapter.year_line, chapter.tier_line, chapter.summary_line) == (23, 31, 32)
    assert chapter.summary == (
        "The Government of Norway does not fully meet the minimum standards for the elimination "
        "of trafficking but is making significant efforts to do so. Authorities investigated "
        "more cases and screened asylum-seekers for indicators."
    )
    assert [(item.line, item.text) for item in chapter.recommendations] == [
        (
            37,
            "Expand efforts to investigate, prosecute, and convict traffickers, including "
            "labor traffickers.",
        ),
        (39, "Establish an NRM with input from NGOs and train front-line actors on it."),
        (
            40,
            "Ensure victims are not penalized for unlawful acts traffickers compelled them to "
            "commit, as the non-punishment provision requires.",
        ),
    ]
    assert chapter.warnings == [] and chapter.errors == []


def test_page_with_one_paragraph_per_recommendation():
    read = read_report_file(PAGES / "nor_2022_paragraphs.html")
    (chapter,) = read.chapters
    assert (chapter.country_name, chapter.year, chapter.tier) == ("Norway", 2022, Tier.TIER_2)
    assert chapter.summary.endswith("the government\u2019s efforts grew.")
    assert [item.text for item in chapter.recommendations] == [
        "Report annual data on the number of victims identified and assisted.",
        "Establish a national referral mechanism with formal victim identification procedures.",
        "Vigorously investigate, prosecute, and convict traffickers.",
    ]


def test_page_saved_without_the_html_extension(tmp_path):
    path = tmp_path / "norway"
    path.write_bytes((PAGES / "nor_2023_list.html").read_bytes())
    read = read_report_file(path)
    assert read.kind == "html" and [c.country_name for c in read.chapters] == ["NORWAY"]


def test_lines_broken_by_br_inside_one_paragraph(tmp_path):
    path = tmp_path / "norway.html"
    path.write_text(
        "<html><head><title>2021 Trafficking in Persons Report: Norway</title></head><body>"
        "<div><p>NORWAY: Tier 1<br>The Government of Norway fully meets the minimum standards."
        "</p><p>PRIORITIZED RECOMMENDATIONS:<br>Train judges.<br/>Fund shelters for men.</p>"
        "<p>PROSECUTION<br>The government acted.</p></div></body></html>",
        encoding="utf-8",
    )
    (chapter,) = read_report_file(path).chapters
    assert (chapter.country_name, chapter.year, chapter.tier) == ("NORWAY", 2021, Tier.TIER_1)
    assert chapter.summary == "The Government of Norway fully meets the minimum standards."
    assert [item.text for item in chapter.recommendations] == [
        "Train judges.",
        "Fund shelters for men.",
    ]
