"""Checks against the shared reference data (../shared/data), which the project may read at
run time but never copies. Not part of the test suite (a fresh clone has no ../shared); run
them where the folder is, as CI has it:

    python3 dev.py test bench/test_shared_data.py

Each skips with a message when the folder is absent. The behaviours they check are covered in
tests/ by the project's own fixtures (tests/fixtures/chapters/ in the same layouts, the
bundled catalogue).
"""

import csv

import pytest

from countries.models import Country
from countries.tiers import Tier
from recommendations.chapters import parse_chapter
from tests.shared_data import shared_data

REFERENCE = shared_data("reference", "countries_state_dept_regions_genc_iso.csv")
SAMPLES = shared_data("chapter-samples")  # None when absent


@pytest.mark.django_db
@pytest.mark.skipif(
    REFERENCE is None, reason="../shared/data/reference not found beside the project"
)
def test_regions_and_codes_agree_with_reference():
    with REFERENCE.open(newline="", encoding="utf-8") as handle:
        reference = {row["iso_alpha3"]: row for row in csv.DictReader(handle) if row["iso_alpha3"]}
    compared = 0
    for country in Country.objects.all():
        row = reference.get(country.iso3)
        if row is None:
            continue
        compared += 1
        assert country.iso2 == row["iso_alpha2"], country.iso3
        if row["state_dept_region_code"]:
            assert country.region == row["state_dept_region_code"], country.iso3
    assert compared >= 185


SAMPLE_EXPECTED = {
    "NOR_2022.txt": ("Norway", 2022, Tier.TIER_2, 1),
    "NOR_2016.txt": ("NORWAY", None, Tier.TIER_1, 5),
    "LBY_2019.txt": ("LIBYA", 2019, Tier.SPECIAL_CASE, 0),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTED))
def test_real_samples_when_present(name):
    """The real excerpts in the shared folder (read at run time, never copied here)."""
    if SAMPLES is None:
        pytest.skip("chapter samples (../shared/data/chapter-samples) not available")
    path = SAMPLES / name
    chapter = parse_chapter(path.read_text(encoding="utf-8"))
    country, year, tier, count = SAMPLE_EXPECTED[name]
    assert (chapter.country_name, chapter.year, chapter.tier) == (country, year, tier)
    assert len(chapter.recommendations) == count
    assert chapter.errors == []
