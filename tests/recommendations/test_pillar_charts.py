"""Share of open recommendations per pillar: the pure functions, the country page, the list."""

import pytest

from recommendations.charts import pillar_open_by_year, pillar_open_figure, pillar_open_shares
from recommendations.models import Pillar, Recommendation, Status
from tests.factories import get_country, make_recommendation, make_status
from tests.pages import tables

PRO, PROT, PREV = Pillar.PROSECUTION, Pillar.PROTECTION, Pillar.PREVENTION


def by_pillar(rows):
    return {row["pillar"]: (row["open"], row["total"], row["percent"]) for row in rows}


def test_open_is_every_status_but_implemented():
    counts = {
        (PRO, Status.IMPLEMENTED): 1,
        (PRO, Status.PARTIAL): 1,
        (PRO, Status.NOT_ASSESSED): 1,
        (PROT, Status.IMPLEMENTED): 2,
    }
    shares = by_pillar(pillar_open_shares(counts))
    assert shares[PRO] == (2, 3, 66.7)
    assert shares[PROT] == (0, 2, 0.0)
    assert shares[PREV] == (0, 0, None)
    assert [row["label"] for row in pillar_open_shares({})] == Pillar.labels


def test_by_year_and_figure():
    rows = [
        (2023, PRO, Status.NO_PROGRESS, 1),
        (2022, PRO, Status.IMPLEMENTED, 1),
        (2022, PRO, Status.IN_PROGRESS, 2),
        (2023, PREV, Status.IMPLEMENTED, 1),
    ]
    by_year = pillar_open_by_year(rows)
    assert [year for year, _ in by_year] == [2022, 2023]
    assert by_pillar(by_year[0][1])[PRO] == (2, 3, 66.7)  # counts, not rows
    assert by_pillar(by_year[1][1])[PREV] == (0, 1, 0.0)
    figure = pillar_open_figure(by_year)
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert list(traces) == Pillar.labels
    assert traces["Prosecution"]["x"] == [2022, 2023]
    assert traces["Prosecution"]["y"] == [66.7, 100.0]
    assert traces["Prevention"]["y"] == [None, 0.0]
    assert traces["Prevention"]["customdata"] == [[0, 0], [0, 1]]
    assert figure["layout"]["barmode"] == "group"
    shapes = {trace["marker"]["pattern"]["shape"] for trace in figure["data"]}
    assert len(shapes) == len(Pillar)  # patterns, not colour alone


@pytest.fixture
def asks(db):
    norway, sweden = get_country("NOR"), get_country("SWE")
    done = make_recommendation(norway, 2023, text="Convict traffickers.", pillar=PRO)
    make_status(done, Status.IMPLEMENTED)
    make_recommendation(norway, 2023, text="Investigate cases.", pillar=PRO)
    make_recommendation(norway, 2022, text="Fund shelters.", pillar=PROT)
    gone = make_recommendation(norway, 2022, text="Gone ask.", pillar=PREV)
    Recommendation.objects.filter(pk=gone.pk).update(removed_from_report=True)
    make_recommendation(sweden, 2023, text="Run awareness campaigns.", pillar=PREV)


def pillar_table(response):
    """{first cell: {column: cell}} of the page's table of open recommendations per pillar."""
    header, *shown = tables(response)["Open recommendations per pillar"]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in shown}


def test_country_page_shows_the_pillar_chart_and_table(analyst_client, asks):
    response = analyst_client.get("/countries/norway/")
    page = response.content.decode()
    assert 'data-figure="pillar-figure"' in page and 'id="pillar-figure"' in page
    table = pillar_table(response)
    assert table["2023"]["Prosecution"] == "1 of 2 open (50.0%)"
    assert table["2022"]["Protection"] == "1 of 1 open (100.0%)"
    assert table["2022"]["Prevention"] == "—"  # removed from the report: not counted


def shares(response):
    """{pillar: (open, of, share open)} as the list page shows them."""
    return {pillar: tuple(cells.values()) for pillar, cells in pillar_table(response).items()}


def test_list_shares_follow_the_filters(analyst_client, asks):
    everything = shares(analyst_client.get("/recommendations/"))
    assert everything["Prosecution"] == ("1", "2", "50.0%")
    assert everything["Prevention"] == ("2", "2", "100.0%")  # the list shows removed ones too
    sweden = shares(analyst_client.get("/recommendations/?country=sweden"))
    assert sweden["Prosecution"] == ("0", "0", "—")
    assert sweden["Prevention"] == ("1", "1", "100.0%")
    filtered = shares(analyst_client.get("/recommendations/?pillar=prosecution&year=2023"))
    assert filtered["Prosecution"] == ("1", "2", "50.0%")
