"""Checks on the bundled tier data itself (data/tiers/), against the country catalogue, its own
README and, when ../shared is beside the project, the files it was made from."""

import collections
import csv
import re

import pytest
from django.conf import settings

from countries.coverage import RANKED_PANEL_YEARS
from countries.models import Country, normalise_name
from countries.tiers import parse_tier
from tests.shared_data import shared_data

FOLDER = settings.BASE_DIR / "data" / "tiers"
FILES = sorted(FOLDER.glob("tier_placements_*.csv"))
SHARED = shared_data("tiers")  # None when absent
UNION_YEARS = range(2003, 2007)  # Serbia and Montenegro, recorded once (data/tiers/README.md)


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return [(reader.line_num, row) for reader in [csv.DictReader(handle)] for row in reader]


ROWS = [(path.name, line, row) for path in FILES for line, row in read(path)]


def test_both_files_are_bundled():
    assert [path.name for path in FILES] == [
        "tier_placements_2001_2015.csv",
        "tier_placements_2016_2025.csv",
    ]


@pytest.mark.django_db
def test_every_row_has_a_known_country_that_existed_that_year():
    countries = {country.iso3: country for country in Country.objects.all()}
    names = Country.objects.name_index()
    problems = []
    for name, line, row in ROWS:
        country, year = countries.get(row["iso3"]), int(row["report_year"])
        if country is None:
            problems.append(f"{name}:{line}: unknown code {row['iso3']}")
        elif names.get(normalise_name(row["country"])) != country:
            problems.append(f"{name}:{line}: {row['country']!r} is not a name of {country}")
        elif not country.existed_in(year):
            problems.append(f"{name}:{line}: {country} did not exist in {year}")
    assert problems == []


def test_every_row_has_a_valid_tier_a_source_and_a_basis():
    problems = [
        f"{name}:{line}"
        for name, line, row in ROWS
        if parse_tier(row["tier"]) is None
        or row["tier"] != row["tier"].strip()
        or not row["source_url"].startswith(("https://", "http://"))
        or not row["basis"]
    ]
    assert problems == []


def test_no_country_year_twice():
    counts = collections.Counter((row["iso3"], row["report_year"]) for _, _, row in ROWS)
    assert [key for key, n in counts.items() if n > 1] == []


def test_rows_per_year_are_the_counts_the_readme_states():
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    line = readme[readme.index("Rows per year:") : readme.index("(`tests/")]
    stated = {int(year): int(n) for year, n in re.findall(r"(\d{4}): (\d+)", line)}
    counted = collections.Counter(int(row["report_year"]) for _, _, row in ROWS)
    assert sorted(stated) == list(range(2001, 2026))
    assert dict(counted) == stated
    assert sum(counted.values()) == 4125


def test_the_panel_years_are_their_own_coverage_totals():
    counted = collections.Counter(int(row["report_year"]) for _, _, row in ROWS)
    assert RANKED_PANEL_YEARS == {year: counted[year] for year in range(2001, 2016)}


@pytest.mark.skipif(SHARED is None, reason="../shared/data/tiers not found beside the project")
def test_the_facts_are_those_of_the_source_files_and_their_readme():
    """Every source row is bundled as it is, but for the panel's double coding of Serbia and
    Montenegro 2003-2006 (one SCG row a year, same tier); the source README's counts hold."""
    bundled = {(row["iso3"], row["report_year"]): row for _, _, row in ROWS}
    source = [row for path in sorted(SHARED.glob("*.csv")) for _, row in read(path)]
    readme = (SHARED / "README.md").read_text(encoding="utf-8")
    assert "together 4,129 country-years" in readme and "2,325 rows" in readme
    assert len(source) == 4129
    stated_2016 = dict(re.findall(r"(20[12]\d): (\d+)", readme[readme.index("**Coverage**") :]))
    for year, n in stated_2016.items():
        assert sum(row["report_year"] == year for row in source) == int(n), year
    merged = 0
    for row in source:
        year = int(row["report_year"])
        if row["iso3"] in ("SRB", "MNE") and year in UNION_YEARS:
            union = bundled["SCG", row["report_year"]]
            assert union["tier"] == row["tier"] and union["source_url"] == row["source_url"]
            merged += 1
            continue
        assert bundled.pop((row["iso3"], row["report_year"])) == row
    assert merged == 8
    assert sorted(bundled) == [("SCG", str(year)) for year in UNION_YEARS]


def test_the_last_refresh_is_in_the_files():
    """data/tiers/README.md, "What changed in this refresh": The Gambia 2020 corrected, Tonga
    2024 withdrawn, two rows re-sourced to their chapters, 17 rows from the World Factbook."""
    by_key = {(row["iso3"], int(row["report_year"])): row for _, _, row in ROWS}
    assert (by_key["GMB", 2020]["tier"], by_key["GMB", 2020]["basis"]) == (
        "Tier 2 Watch List",
        "stated",
    )
    assert ("TON", 2024) not in by_key and ("TON", 2025) in by_key
    assert by_key["LBR", 2017]["basis"] == by_key["BTN", 2019]["basis"] == "stated"
    factbook = [row for row in by_key.values() if "github.com/factbook/" in row["source_url"]]
    assert len(factbook) == 18  # the 17 new rows and The Gambia 2020
    assert {row["tier"] for row in factbook} <= {"Tier 2 Watch List", "Tier 3", "Special Case"}
