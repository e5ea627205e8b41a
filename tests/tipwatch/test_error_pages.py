"""Friendly error pages that reveal nothing internal, with DEBUG off as in production."""

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import StatusChange
from tests.factories import form_token, make_recommendation

pytestmark = pytest.mark.django_db

INTERNALS = ["Traceback", "File &quot;", "/srv/", "hunter2", "RuntimeError", "settings", "SQL"]


def assert_reveals_nothing(html):
    for word in INTERNALS:
        assert word not in html, word


def test_debug_is_off_in_these_tests(settings):
    assert settings.DEBUG is False


def test_404(analyst_client):
    response = analyst_client.get("/recommendations/987654/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert_reveals_nothing(response.content.decode())


def test_403(analyst_client):
    response = analyst_client.get("/imports/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not allowed to do that" in html
    assert "view_importrun" not in html  # not even which permission was missing
    assert_reveals_nothing(html)


def test_400_for_a_host_the_site_does_not_serve():
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert "That request could not be understood" in html
    assert "evil.example.org" not in html and "ALLOWED_HOSTS" not in html


@pytest.mark.urls("tests.tipwatch.failing_urls")
def test_500(analyst_client):
    analyst_client.raise_request_exception = False
    response = analyst_client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert_reveals_nothing(html)


def test_csrf_failure_is_refused_with_a_friendly_page_and_nothing_written(admin_user):
    rec = make_recommendation(year=2023)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    form = {
        "status": "in_progress",
        "as_of": "2023-07-01",
        "note": "Sent without a token.",
        "version": "0",
        "submission": form_token(),
    }
    url = reverse("recommendations:record_status", args=[rec.pk])
    response = client.post(url, form)
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be accepted" in html
    assert "CSRF cookie not set" not in html and "Referer" not in html
    assert not StatusChange.objects.exists()

    # The same post with the page's token is accepted: the refusal above was the token.
    page = client.get(rec.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    accepted = client.post(url, {**form, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert StatusChange.objects.count() == 1


def test_csrf_is_checked_on_login_too():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_an_unknown_api_address_is_a_json_404(analyst_client):
    response = analyst_client.get("/api/v1/no-such-list/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    site = analyst_client.get("/no-such-page/")  # the site's own page elsewhere
    assert site.status_code == 404 and "Page not found" in site.content.decode()
