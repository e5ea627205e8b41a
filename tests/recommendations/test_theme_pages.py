"""Themes where people look: the recommendation page (and its correction form, for admins),
the country page, the list with its `theme` filter, its CSV and JSON, and the API."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from recommendations.models import ThemeCorrection
from recommendations.services import apply_rules, correct_themes
from tests.factories import get_country, make_recommendation

pytestmark = pytest.mark.django_db

URL = "/recommendations/"


@pytest.fixture
def recs():
    norway, chad = get_country("NOR"), get_country("TCD")
    made = {
        "shelters": make_recommendation(norway, 2023, text="Fund shelters for victims."),
        "law": make_recommendation(norway, 2023, text="Amend the law to criminalize it."),
        "data": make_recommendation(chad, 2023, text="Publish data on prosecutions."),
        "none": make_recommendation(chad, 2023, text="Continue efforts."),
    }
    apply_rules(recommendations=list(made.values()))
    return made


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def tags(node):
    return [a.get_text() for a in node.select("a.theme-tag")]


def test_the_recommendation_page_shows_themes_and_analysts_get_no_form(analyst_client, recs):
    page = soup(analyst_client.get(recs["shelters"].get_absolute_url()))
    assert tags(page.select_one("dd.themes")) == ["Shelter and services"]
    assert page.select_one("dd.themes a")["href"] == f"{URL}?theme=services"
    assert page.select_one("form.themes-editor") is None
    none = soup(analyst_client.get(recs["none"].get_absolute_url()))
    assert none.select_one("dd.themes").get_text(strip=True) == "No theme"


def test_an_admin_corrects_themes_through_the_form(admin_role_client, admin_user, recs):
    rec = recs["shelters"]
    page = soup(admin_role_client.get(rec.get_absolute_url()))
    form = page.select_one("form.themes-editor")
    assert form["action"] == f"/recommendations/{rec.pk}/themes/"
    ticked = [box["value"] for box in form.select("input[name=theme][checked]")]
    assert ticked == ["services"]
    assert len(form.select("input[name=theme]")) == 18
    response = admin_role_client.post(form["action"], {"theme": ["services", "awareness"]})
    assert response.status_code == 302 and response["Location"] == rec.get_absolute_url()
    page = soup(admin_role_client.get(rec.get_absolute_url()))
    assert tags(page.select_one("dd.themes")) == [
        "Shelter and services",
        "Awareness and prevention",
    ]
    history = page.select_one("#theme-corrections").get_text(" ", strip=True)
    assert f"Added “Awareness and prevention” by {admin_user.username}" in history
    assert "corrected by an admin" in page.select_one("dd.themes").get_text()


@pytest.mark.parametrize("data", [{"theme": ["no_such"]}, {"theme": ["services"]}])
def test_a_bad_or_empty_correction_is_a_400_and_changes_nothing(admin_role_client, recs, data):
    rec = recs["shelters"]
    response = admin_role_client.post(f"/recommendations/{rec.pk}/themes/", data)
    assert response.status_code == 400
    assert "Themes not changed" in response.content.decode()
    assert not ThemeCorrection.objects.exists()


def test_the_country_page_lists_each_recommendation_s_themes(analyst_client, recs):
    page = soup(analyst_client.get("/countries/norway/"))
    items = {li.a.get_text(): tags(li) for li in page.select("ol.recs li")}
    assert items["Fund shelters for victims."] == ["Shelter and services"]
    assert items["Amend the law to criminalize it."] == ["Law and penalties"]


def listed(response):
    return [row["data-id"] for row in soup(response).select("tr[data-id]")]


def test_the_list_filters_by_any_of_several_themes(analyst_client, recs):
    ids = listed(analyst_client.get(f"{URL}?theme=law&theme=data"))
    assert sorted(ids) == sorted(str(recs[name].pk) for name in ("law", "data"))
    page = soup(analyst_client.get(f"{URL}?theme=services"))
    (row,) = page.select("tr[data-id]")
    assert tags(row) == ["Shelter and services"]


def test_an_unknown_theme_is_a_form_error_not_a_server_error(analyst_client, recs):
    assert analyst_client.get(f"{URL}?theme=nope").status_code == 400
    assert analyst_client.get(f"{URL}?theme=nope&format=csv").status_code == 400
    assert analyst_client.get(f"{URL}?theme=nope&format=json", follow=True).status_code == 400
    assert analyst_client.get("/api/v1/recommendations/?theme=nope").status_code == 400


def test_csv_and_json_carry_themes_and_the_filter(analyst_client, admin_user, recs):
    correct_themes(recommendation=recs["data"], add=["prosecution"], user=admin_user)
    response = analyst_client.get(f"{URL}?format=csv&theme=data")
    body = b"".join(response.streaming_content).decode()
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["themes"] == "Investigations and prosecutions; Data and reporting"
    body = analyst_client.get(f"{URL}?format=json&theme=services", follow=True).json()
    (result,) = body["results"]
    assert result["themes"] == [{"code": "services", "label": "Shelter and services"}]


def test_the_api_gives_themes_as_codes_and_labels_and_filters_by_them(analyst_client, recs):
    body = analyst_client.get("/api/v1/recommendations/?theme=law&theme=services").json()
    assert body["count"] == 2
    themes = {row["text"]: row["themes"] for row in body["results"]}
    assert themes["Amend the law to criminalize it."] == [
        {"code": "law", "label": "Law and penalties"}
    ]
    one = analyst_client.get(f"/api/v1/recommendations/{recs['none'].pk}/").json()
    assert one["themes"] == []
