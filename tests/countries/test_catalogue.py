"""The country list: present after migrate, and in agreement with the reference data."""

import csv

import pytest

from countries.models import Country
from tests.shared_data import shared_data

REFERENCE = shared_data("reference", "countries_state_dept_regions_genc_iso.csv")


@pytest.mark.django_db
def test_countries_are_present_after_migrate():
    assert Country.objects.count() >= 189
    norway = Country.objects.get(iso3="NOR")
    assert (norway.name, norway.slug, norway.iso2, norway.region) == (
        "Norway",
        "norway",
        "NO",
        "EUR",
    )
    kosovo = Country.objects.get(iso3="XKX")
    assert kosovo.region == "EUR"


@pytest.mark.django_db
def test_report_spellings_are_aliases():
    index = Country.objects.name_index()
    from countries.models import normalise_name

    expected = {
        "Korea, North": "PRK",
        "Korea, South": "KOR",
        "Congo, Democratic Republic of the": "COD",
        "Congo, Republic of the": "COG",
        "Cote d’Ivoire": "CIV",
        "Turkey": "TUR",
        "Türkiye": "TUR",
        "Czech Republic": "CZE",
        "Swaziland": "SWZ",
        "The Gambia": "GMB",
        "Bahamas, The": "BHS",
        "Burma": "MMR",
        "Myanmar": "MMR",
        "Macedonia": "MKD",
        "Curaçao": "CUW",
        "Sint Maarten": "SXM",
        "Hong Kong": "HKG",
        "Macau": "MAC",
        "Taiwan": "TWN",
    }
    for name, iso3 in expected.items():
        assert index[normalise_name(name)].iso3 == iso3, name


@pytest.mark.django_db
def test_slugs_are_unique_and_lowercase():
    slugs = list(Country.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert all(slug == slug.lower() and slug for slug in slugs)


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
