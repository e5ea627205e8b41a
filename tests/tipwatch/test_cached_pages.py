"""Pages served from the page cache: writes show at once, and what only some users may see
(forms, selection boxes) is never cached for the others."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client

from countries.services import set_waiver
from recommendations.models import Status
from recommendations.services import record_status
from tests.factories import form_token, get_country, make_ratings, make_recommendation
from tests.pages import html
from tests.recommendations.chapter_files import SEED

pytestmark = pytest.mark.django_db

STATUS_FORM = 'class="status-form"'
SELECT_BOX = 'form="bulk-select"'


def test_a_recorded_status_shows_at_once_on_every_page(logged_in):
    rec = make_recommendation(country=get_country("NOR"), year=2023, text="Train judges.")
    analyst = logged_in("Analyst")
    urls = [rec.get_absolute_url(), "/recommendations/?status=implemented", "/changes/"]
    before = [html(analyst, url) for url in urls]  # now cached
    assert "Train judges" not in before[1] and "Checked by the bench." not in before[2]
    record_status(
        recommendation=rec,
        status=Status.IMPLEMENTED,
        as_of=datetime.date(2024, 1, 2),
        note="Checked by the bench.",
    )
    detail, listed, changes = (html(analyst, url) for url in urls)
    assert "2 January 2024" in detail and "Checked by the bench." in detail
    assert "Train judges" in listed
    assert "Checked by the bench." in changes


def test_a_waiver_and_a_tier_saved_show_at_once_on_the_country_page(logged_in):
    norway = get_country("NOR")
    ratings = make_ratings(norway, {2021: "2", 2022: "2WL", 2023: "2WL"})
    analyst = logged_in("Analyst")
    assert "waiver granted" not in html(analyst, norway.get_absolute_url())
    set_waiver(country=norway, year=2023, granted=True)
    assert "waiver granted" in html(analyst, norway.get_absolute_url())
    tier_3_before = html(analyst, norway.get_absolute_url()).count("Tier 3")
    ratings[-1].tier = "3"  # a single save, as the admin's change form makes
    ratings[-1].save()
    assert html(analyst, norway.get_absolute_url()).count("Tier 3") > tier_3_before


def test_an_import_shows_at_once(logged_in):
    analyst = logged_in("Analyst")
    norway = get_country("NOR")
    assert "No recommendations on record." in html(analyst, norway.get_absolute_url())
    call_command("import_report", str(SEED), stdout=StringIO(), stderr=StringIO())
    assert "No recommendations on record." not in html(analyst, norway.get_absolute_url())
    assert "2023 report" in html(analyst, norway.get_absolute_url())


@pytest.mark.parametrize("first", ["Analyst", "Admin"])
def test_the_status_form_shows_to_admins_only_whoever_warmed_the_cache(logged_in, first):
    rec = make_recommendation()
    clients = {role: logged_in(role) for role in ("Analyst", "Admin")}
    html(clients[first], rec.get_absolute_url())  # warms the cache
    assert STATUS_FORM in html(clients["Admin"], rec.get_absolute_url())
    assert STATUS_FORM not in html(clients["Analyst"], rec.get_absolute_url())


@pytest.mark.parametrize("first", ["Analyst", "Admin"])
def test_selection_boxes_show_to_admins_only_whoever_warmed_the_cache(logged_in, first):
    make_recommendation()
    clients = {role: logged_in(role) for role in ("Analyst", "Admin")}
    html(clients[first], "/recommendations/")  # warms the cache
    admin_page = html(clients["Admin"], "/recommendations/")
    assert SELECT_BOX in admin_page and 'id="bulk-select"' in admin_page
    analyst_page = html(clients["Analyst"], "/recommendations/")
    assert SELECT_BOX not in analyst_page and 'id="bulk-select"' not in analyst_page


def test_a_missing_object_is_a_404_after_another_was_cached(logged_in):
    analyst = logged_in("Analyst")
    rec = make_recommendation()
    html(analyst, rec.get_absolute_url())
    html(analyst, get_country("NOR").get_absolute_url())
    assert analyst.get(f"/recommendations/{rec.pk + 1000}/").status_code == 404
    assert analyst.get("/countries/no-such-country/").status_code == 404
    assert analyst.get("/countries/norway/changes/1990/").status_code == 404
    assert analyst.get("/countries/norway/changes/1990/").status_code == 404  # never cached


@pytest.mark.parametrize("url", ["/recommendations/?year=abc", "/changes/?as_of_from=nonsense"])
def test_invalid_filters_stay_a_400_from_the_cache(logged_in, url):
    analyst = logged_in("Analyst")
    assert analyst.get(url).status_code == 400
    assert analyst.get(url).status_code == 400


def test_a_granted_or_revoked_permission_applies_at_once(logged_in, analyst):
    rec = make_recommendation()
    client = Client()
    client.force_login(analyst)
    assert STATUS_FORM not in html(client, rec.get_absolute_url())
    admins = Group.objects.get(name="Admin")
    analyst.groups.add(admins)
    assert STATUS_FORM in html(client, rec.get_absolute_url())
    analyst.groups.remove(admins)
    assert STATUS_FORM not in html(client, rec.get_absolute_url())
    change_status = Permission.objects.get(codename="change_status")
    admins.permissions.remove(change_status)
    assert STATUS_FORM not in html(logged_in("Admin"), rec.get_absolute_url())


def test_a_page_asked_again_with_its_etag_is_a_304_until_something_it_shows_changes(logged_in):
    rec = make_recommendation(country=get_country("NOR"), year=2023)
    analyst = logged_in("Analyst")
    url = get_country("NOR").get_absolute_url()
    analyst.get(url)  # a first visit sets the CSRF cookie, part of the ETag
    etag = analyst.get(url)["ETag"]
    again = analyst.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert analyst.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    another_user = logged_in("Manager")
    assert another_user.get(url, headers={"If-None-Match": etag}).status_code == 200
    assert analyst.get(url + "?other=1", headers={"If-None-Match": etag}).status_code == 200
    record_status(
        recommendation=rec, status=Status.PARTIAL, as_of=datetime.date(2023, 9, 1), note="n."
    )
    changed = analyst.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_page_showing_a_message_carries_no_etag(logged_in):
    rec = make_recommendation()
    admin = logged_in("Admin")
    response = admin.post(
        f"/recommendations/{rec.pk}/status/",
        {
            "status": "partial",
            "as_of": "2023-09-01",
            "note": "n.",
            "version": "0",
            "submission": form_token(),
        },
        follow=True,
    )
    assert "Recorded" in response.content.decode()  # the message, shown once
    assert not response.has_header("ETag")
    assert admin.get("/changes/").has_header("ETag")


def test_following_a_country_shows_at_once_on_its_cached_page(logged_in):
    make_ratings(get_country("NOR"), {2022: "2", 2023: "2"})
    analyst = logged_in("Analyst")
    page = get_country("NOR").get_absolute_url()
    assert "Follow Norway" in html(analyst, page)  # now cached, with this user's button
    analyst.post("/countries/norway/follow/")
    assert "Following Norway: unfollow" in html(analyst, page)
    analyst.post("/countries/norway/unfollow/")
    assert "Follow Norway" in html(analyst, page)


@pytest.mark.parametrize("output", ["json", "csv"])
def test_an_export_asked_again_is_never_answered_with_a_cached_page(logged_in, output):
    make_recommendation(text="Train judges.")
    analyst = logged_in("Analyst")
    html(analyst, "/recommendations/")  # the page's response, cached
    for _ in range(2):
        response = analyst.get("/recommendations/", {"format": output}, follow=True)
        assert response.status_code == 200 and "html" not in response["Content-Type"]
        assert not response.has_header("ETag")
        body = b"".join(response) if response.streaming else response.content
        assert b"Train judges." in body
