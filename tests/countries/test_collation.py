"""Names sort in the reader's alphabet (Unicode collation), the same on SQLite and PostgreSQL:
lists, menus and pickers order by Country.sort_name."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from countries.collation import sort_key
from countries.models import Country
from tests.factories import get_country, make_country, make_ratings

# In the reader's alphabet: accents and case are ignored at the first level.
READER_ORDER = ["Côte d'Ivoire", "Cuba", "Czechia", "Türkiye", "Turkmenistan"]
ISO3 = {"Côte d'Ivoire": "CIV", "Cuba": "CUB", "Czechia": "CZE", "Türkiye": "TUR"}


def test_sort_key_follows_the_unicode_collation():
    shuffled = ["Turkmenistan", "Czechia", "Türkiye", "Côte d'Ivoire", "Cuba"]
    assert sorted(shuffled, key=sort_key) == READER_ORDER
    assert sort_key("Türkiye") == sort_key("turkiye")
    assert set(sort_key("Côte d'Ivoire")) <= set("0123456789abcdef")


@pytest.fixture
def rated(db):
    for iso3 in ("CIV", "CUB", "CZE", "TUR", "TKM"):
        make_ratings(get_country(iso3), {2023: "2"})


def test_the_catalogue_and_a_rename_set_the_sort_name(db):
    assert get_country("CIV").sort_name == sort_key("Côte d'Ivoire")
    country = make_country(name="Zed")
    country.name = "Ærø"
    country.save()
    assert Country.objects.get(pk=country.pk).sort_name == sort_key("Ærø")
    country.name = "Östland"
    country.save(update_fields=["name"])
    assert Country.objects.get(pk=country.pk).sort_name == sort_key("Östland")


def test_countries_list_and_csv_in_the_readers_order(analyst_client, rated):
    response = analyst_client.get("/countries/?year=2023&tier=2")
    soup = BeautifulSoup(response.content, "html.parser")
    listed = [row.find(["th", "td"]).get_text(strip=True) for row in soup.select("tbody tr")]
    assert listed == READER_ORDER
    exported = analyst_client.get("/countries/?year=2023&tier=2&format=csv")
    rows = csv.DictReader(io.StringIO(exported.content.decode()))
    assert [row["country"] for row in rows] == READER_ORDER


def test_country_menus_in_the_readers_order(analyst_client, rated):
    soup = BeautifulSoup(analyst_client.get("/recommendations/").content, "html.parser")
    menu = [option.get_text(strip=True) for option in soup.select("#id_country option")]
    assert [name for name in menu if name in READER_ORDER] == READER_ORDER
