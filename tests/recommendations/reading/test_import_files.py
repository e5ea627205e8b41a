"""import_report on the files people have: the report PDF and saved pages, end to end."""

import pytest

from countries.models import Country, TierRating, normalise_name
from countries.tiers import Tier
from recommendations.models import Recommendation
from tests.factories import get_country
from tests.recommendations.reading.test_html import PAGES
from tests.recommendations.test_import_report import failing_import, import_report, snapshot
from tests.report_files import named, report_pdf, sample_chapter, special_case, words_of
from tipwatch.core.models import ImportRun

pytestmark = pytest.mark.django_db

CHAPTERS = [
    named(sample_chapter(0, bullet="•"), "NORWAY"),
    named(sample_chapter(1, bullet="none", recommendations=4), "Burma", "Tier 3"),
    named(sample_chapter(2, bullet="»", recommendations=5), "THE GAMBIA", "TIER 2 WATCH LIST"),
    named(sample_chapter(3, recommendations=2), "KOREA, NORTH", "TIER 3"),
    special_case("LIBYA"),
]
EXPECTED = {"NOR": Tier.TIER_2, "MMR": Tier.TIER_3, "GMB": Tier.WATCH_LIST, "PRK": Tier.TIER_3}


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "tip-2023.pdf"
    path.write_bytes(report_pdf(CHAPTERS, year=2023))
    return path


def stored(iso3, year=2023):
    return list(
        Recommendation.objects.filter(country__iso3=iso3, year=year)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_report_pdf_end_to_end(report):
    out, err = import_report(report)
    assert err == ""
    ratings = TierRating.objects.filter(year=2023)
    assert {rating.country.iso3: rating.tier for rating in ratings} == {
        **EXPECTED,
        "LBY": Tier.SPECIAL_CASE,
    }
    for chapter, iso3 in zip(CHAPTERS, ["NOR", "MMR", "GMB", "PRK"], strict=False):
        rating = ratings.get(country__iso3=iso3)
        assert rating.summary == " ".join(words_of(chapter.summary).split())
        assert rating.source == "tip-2023.pdf"
        assert stored(iso3) == [words_of(text) for text in chapter.recommendations]
    assert stored("LBY") == []
    assert ImportRun.objects.get().succeeded

    before = snapshot()
    out, err = import_report(report)
    assert snapshot() == before  # a second run changes nothing
    assert "tier ratings: 5 unchanged" in out


def test_the_sample_narrative_is_never_imported(report):
    import_report(report)
    assert not TierRating.objects.filter(summary__contains="Country X").exists()
    assert not Recommendation.objects.filter(text__startswith="Explain here").exists()


def test_unknown_country_in_a_report_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "report.pdf"
    chapters = [CHAPTERS[0], named(sample_chapter(9), "ATLANTIS")]
    path.write_bytes(report_pdf(chapters, year=2023))
    out, err = import_report(path)
    assert TierRating.objects.get().country.iso3 == "NOR"
    (line,) = [line for line in err.splitlines() if "ATLANTIS" in line]
    assert line.startswith(f"{path}:page ")
    assert line.endswith(
        "warning: unknown country 'ATLANTIS' (add the spelling to the aliases in "
        "countries/catalogue.py); this chapter is skipped"
    )


def test_unknown_country_in_a_single_chapter_file_is_an_error(tmp_path):
    path = tmp_path / "atlantis.txt"
    path.write_text("ATLANTIS: Tier 1\n\nThe Government of Atlantis fully meets them.\n")
    assert failing_import(path, year=2023)[-1:] == [
        f"{path}:1: unknown country 'ATLANTIS' (add the spelling to the aliases in "
        "countries/catalogue.py)"
    ]


def test_saved_web_page_end_to_end():
    import_report(PAGES / "nor_2023_list.html")
    assert TierRating.objects.get(country__iso3="NOR", year=2023).tier == Tier.TIER_2
    assert (
        stored("NOR")[1]
        == "Establish an NRM with input from NGOs and train front-line actors on it."
    )


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Burma", "MMR"),
        ("Côte d'Ivoire", "CIV"),
        ("CÔTE D\u2019IVOIRE", "CIV"),
        ("Congo, Republic of the", "COG"),
        ("Congo, Democratic Republic of the", "COD"),
        ("The Gambia", "GMB"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
        ("Czechia", "CZE"),
        ("Czech Republic", "CZE"),
        ("North Macedonia", "MKD"),
        ("Macedonia", "MKD"),
        ("Korea, North", "PRK"),
        ("KOREA, SOUTH", "KOR"),
        ("The Bahamas", "BHS"),
        ("Kosovo", "XKX"),
    ],
)
def test_country_names_as_the_report_writes_them(written, iso3):
    assert Country.objects.name_index()[normalise_name(written)] == get_country(iso3)
