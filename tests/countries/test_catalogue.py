"""The country list: present after migrate, with the report's spellings as aliases. (Its
agreement with the shared reference data is checked by bench/test_shared_data.py.)"""

import pytest

from countries.models import Country


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
