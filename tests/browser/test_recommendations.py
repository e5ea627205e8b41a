import csv
import io

import pytest

from recommendations.models import Pillar
from tests.factories import get_country, make_recommendation, make_status

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def recommendations(reference_data):
    norway, kenya = get_country("NOR"), get_country("KEN")
    rows = [
        make_recommendation(
            norway, 2023, 1, text="Open shelters for adult men.", pillar=Pillar.PROTECTION
        ),
        make_recommendation(norway, 2023, 2, text="Prosecute labor traffickers."),
        make_recommendation(kenya, 2023, 1, text="Fund shelters in every county."),
        make_recommendation(kenya, 2022, 1, text="<script>alert(1)</script> Train police."),
    ]
    make_status(rows[0], "partial", note="<b>not bold</b>")
    return rows


def row_texts(page):
    return page.locator("table.recommendations tbody td.rec-text a").all_inner_texts()


def test_a_filter_narrows_the_list(analyst_page, live_server, recommendations):
    page = analyst_page
    page.goto(f"{live_server.url}/recommendations/")
    assert len(row_texts(page)) == 4
    assert "<script>alert(1)</script> Train police." in row_texts(page)  # shown as text
    page.select_option("#id_country", "kenya")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "country=kenya" in page.url
    assert sorted(row_texts(page)) == [
        "<script>alert(1)</script> Train police.",
        "Fund shelters in every county.",
    ]
    page.fill("#id_q", "shelters")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert row_texts(page) == ["Fund shelters in every county."]


def test_csv_export_downloads_the_filtered_rows(analyst_page, live_server, recommendations):
    page = analyst_page
    page.goto(f"{live_server.url}/recommendations/?q=shelters")
    with page.expect_download() as download_info:
        page.click("text=CSV (all 2)")
    download = download_info.value
    assert download.suggested_filename.startswith("recommendations-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert sorted(row["text"] for row in rows) == [
        "Fund shelters in every county.",
        "Open shelters for adult men.",
    ]


def test_recommendation_page_and_changes_render(analyst_page, live_server, recommendations):
    page = analyst_page
    page.goto(f"{live_server.url}/recommendations/{recommendations[0].pk}/")
    assert page.locator("#history .note").inner_text() == "<b>not bold</b>"
    page.click("nav.site-nav >> text=Changes")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.changes tbody tr").count() == 1
