"""The country list: present after migrate, with the report's spellings as aliases. (Its
agreement with the shared reference data is checked by bench/test_shared_data.py.)"""

import pytest
from django.db.models import Q

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


@pytest.mark.django_db
def test_countries_through_time_have_their_years_and_names():
    """Names the reports used for a country under the same code are aliases; a country that
    ended or began is a country of its own with the report years it existed in."""
    index = Country.objects.name_index()
    from countries.models import normalise_name

    for name, iso3 in {
        "Burma": "MMR",
        "Swaziland": "SWZ",
        "Macedonia": "MKD",
        "Serbia and Montenegro": "SCG",
        "Netherlands Antilles": "ANT",
    }.items():
        assert index[normalise_name(name)].iso3 == iso3, name
    years = dict(
        Country.objects.filter(
            Q(first_year__isnull=False) | Q(last_year__isnull=False)
        ).values_list("iso3", "first_year")
    )
    assert years == {
        "SCG": 2003,
        "SRB": 2007,
        "MNE": 2007,
        "ANT": None,
        "CUW": 2011,
        "SXM": 2011,
        "SSD": 2012,
    }
    union = Country.objects.get(iso3="SCG")
    assert (union.region, union.last_year, union.years_label()) == ("EUR", 2006, "2003–2006")
    assert Country.objects.get(iso3="ANT").years_label() == "to 2010"


@pytest.mark.django_db
def test_existing_in_a_year():
    def existing(year):
        codes = set(Country.objects.existing_in(year).values_list("iso3", flat=True))
        return {code for code in ("SCG", "SRB", "MNE", "ANT", "CUW", "SXM", "SSD") if code in codes}

    assert existing(2002) == {"ANT"}
    assert existing(2005) == {"SCG", "ANT"}
    assert existing(2007) == {"SRB", "MNE", "ANT"}
    assert existing(2011) == {"SRB", "MNE", "CUW", "SXM"}
    assert existing(2025) == {"SRB", "MNE", "CUW", "SXM", "SSD"}
    assert Country.objects.existing_in(2025).filter(iso3="NOR").exists()
