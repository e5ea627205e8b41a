"""The countries CSV neutralises cells a spreadsheet would run as a formula, like every export."""

import csv
import io

import pytest

from tests.factories import make_country, make_ratings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_formula_cells_get_a_leading_apostrophe(analyst_client, name):
    make_ratings(make_country(name=name, slug="formula-land"), {2023: "2"})
    response = analyst_client.get("/countries/?format=csv&year=2023")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    (row,) = [row for row in rows if row["country"].endswith(name)]
    assert row["country"] == "'" + name
