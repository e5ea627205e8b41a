"""The country page says where each tier comes from, and shows a year without one as no data."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from countries.models import TierRating
from tests.factories import get_country, make_ratings
from tipwatch.core.models import ImportRun

pytestmark = pytest.mark.django_db

PANEL = "https://github.com/andrewheiss/scorecard-diplomacy"


def rows(content):
    """The tier table's rows as plain text, newest first."""
    heading = BeautifulSoup(content, "html.parser").find("h2", string="Tier history")
    body = heading.find_next("table").tbody
    return [" ".join(row.get_text(" ").split()) for row in body.find_all("tr")]


def test_sources_bases_conflicts_and_gaps(analyst_client):
    korea = get_country("KOR")
    make_ratings(korea, {2009: "1"}, source=PANEL, basis="academic panel: Cho and Kelley")
    make_ratings(korea, {2010: "1"}, source=PANEL, basis="conflicting sources")
    make_ratings(korea, {2012: "1"}, source="https://www.state.gov/x", basis="stated")
    make_ratings(korea, {2013: "1"}, source="KOR_2013.txt")
    content = analyst_client.get(korea.get_absolute_url()).content.decode()
    table = rows(content)
    assert [row.split()[0] for row in table] == ["2013", "2012", "2011", "2010", "2009"]
    assert table[0].endswith("KOR_2013.txt")
    assert table[1].endswith("state.gov")  # "stated" needs no note
    assert "No data" in table[2] and "no data, not a tier" in table[2]
    assert "Kelley, Scorecard Diplomacy" in table[3]
    assert "conflicting sources: pages disagree" in table[3]
    assert 'class="flag">Basis: conflicting sources' in content
    assert "academic panel: Cho and Kelley" in table[4]
    assert f'href="{PANEL}"' in content


def test_the_span_runs_from_the_first_report_on_record_as_far_as_the_country_existed(
    analyst_client,
):
    make_ratings(get_country("NOR"), {2001: "1", 2025: "1"})
    south_sudan = get_country("SSD")
    make_ratings(south_sudan, {2015: "3"})
    content = analyst_client.get(south_sudan.get_absolute_url()).content.decode()
    years = [row.split()[0] for row in rows(content)]
    assert years == [str(year) for year in range(2025, 2011, -1)]  # from 2012, not 2001
    assert "report years from 2012" in content


def test_bundled_data_on_the_country_page(analyst_client):
    call_command("import_tiers", "data/tiers/tier_placements_2001_2015.csv", quiet=True)
    union = get_country("SCG")
    content = analyst_client.get(union.get_absolute_url()).content.decode()
    assert [row.split()[0] for row in rows(content)] == ["2006", "2005", "2004", "2003"]
    assert "academic panel: Cho and Kelley (Serbia, Montenegro)" in content
    assert TierRating.objects.filter(country=union).count() == 4


def test_csv_export_says_no_data_for_a_country_without_a_rating_that_year(analyst_client):
    import csv
    import io

    make_ratings(get_country("NOR"), {2024: "1"})
    response = analyst_client.get("/countries/?year=2024&region=EUR&format=csv")
    exported = {row["iso3"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert exported["NOR"]["tier"] == "Tier 1"
    assert exported["SWE"]["tier"] == "no data" and exported["SWE"]["change"] == ""
    assert "SCG" not in exported  # Serbia and Montenegro did not exist in 2024


def test_each_source_is_a_link_with_its_kind_and_an_imported_file_links_its_run(
    analyst_client,
):
    norway = get_country("NOR")
    started = timezone.now() - datetime.timedelta(days=2)
    run = ImportRun.objects.create(
        command="import_report",
        started_at=started,
        files=["var/uploads/NOR_2023.txt"],
        succeeded=True,
    )
    ImportRun.objects.create(command="import_report", files=["NOR_2023.txt"], succeeded=False)
    make_ratings(norway, {2023: "1"}, source="NOR_2023.txt")
    make_ratings(norway, {2022: "1"}, source="https://www.state.gov/n", basis="stated")
    make_ratings(
        norway, {2021: "1"}, source="https://www.ecoi.net/n", basis="stated in a later year"
    )
    make_ratings(norway, {2020: "1"}, source="https://news.example/n", basis="news summary")
    make_ratings(norway, {2019: "1"}, source="https://www.gvnet.com/n", basis="stated")
    soup = BeautifulSoup(analyst_client.get(norway.get_absolute_url()).content, "html.parser")
    cells = {
        row.find("td").get_text(strip=True): row.find("td", class_="source")
        for row in soup.select("table.data tbody tr")
        if row.find("td", class_="source")
    }
    link = cells["2023"].find("a")
    assert link["href"] == f"/imports/?run={run.pk}"  # the newest successful run that read it
    assert link.get_text() == f"import of {started:%Y-%m-%d} (NOR_2023.txt)"
    kinds = {year: cell.find(class_="source-kind").get_text() for year, cell in cells.items()}
    assert kinds == {
        "2023": "An import run of this site:",
        "2022": "The report's chapter:",
        "2021": "The report's chapter (a copy):",
        "2020": "A news summary:",
        "2019": "A reference list:",
    }
    assert cells["2022"].find("a")["href"] == "https://www.state.gov/n"
    assert "Basis" not in cells["2022"].get_text()  # stated outright
    assert "Basis: stated in a later year" in cells["2021"].get_text()
    assert "Basis: news summary" in cells["2020"].get_text()


def test_an_import_runs_page_shows_that_run(admin_role_client):
    run = ImportRun.objects.create(command="import_report", files=["NOR_2023.txt"])
    ImportRun.objects.create(command="import_tiers", files=["other.csv"])
    soup = BeautifulSoup(admin_role_client.get(f"/imports/?run={run.pk}").content, "html.parser")
    assert [row["id"] for row in soup.select("table.import-runs tbody tr")] == [f"run-{run.pk}"]
    assert admin_role_client.get("/imports/?run=abc").status_code == 400
