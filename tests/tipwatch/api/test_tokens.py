"""Personal API tokens through the account page and the API: made and shown once, stored
hashed, last use recorded, revoked -> 401; a token is its user, with their permissions."""

import hashlib

import pytest
from django.test import Client

from tests.factories import make_recommendation
from tests.pages import parse, text
from tests.tipwatch.api.conftest import bearer
from tipwatch.core.models import ApiToken

pytestmark = pytest.mark.django_db


def make_token_on_page(client, name="notebook"):
    """The token the account page shows once, after making it."""
    response = client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 201
    return text(parse(response).find("code", class_="token-value"))


def test_token_lifecycle(analyst_client, analyst):
    raw = make_token_on_page(analyst_client)
    assert raw.startswith("tw_")
    token = ApiToken.objects.get(user=analyst)
    assert token.name == "notebook" and token.last_used_at is None
    # Stored hashed: the digest, never the token.
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiToken.objects.values()))
    # Shown once: the account page lists it by its prefix only.
    page = analyst_client.get("/accounts/").content.decode()
    assert raw not in page and f"tw_{token.prefix}_" in page

    script = Client()
    assert script.get("/api/v1/countries/", **bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    assert analyst_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    answer = script.get("/api/v1/countries/", **bearer(raw))
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in analyst_client.get("/accounts/").content.decode()


def test_a_token_needs_a_name(analyst_client):
    response = analyst_client.post("/accounts/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "Name the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_cannot_revoke_anothers_token(analyst_client, manager, token_for):
    other = manager
    token_for(other)
    token = ApiToken.objects.get(user=other)
    assert analyst_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "header",
    ["Bearer tw_00000000_nonsense", "Bearer", "Bearer a b", "Token tw_x", "Bearer \u00e9t\u00e9"],
)
def test_bad_tokens_are_refused_not_anonymous(client, settings, header):
    settings.PUBLIC_READ_ONLY = True  # even where anonymous reads are open
    answer = client.get("/api/v1/countries/", HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401


def test_a_tampered_token_is_refused(client, analyst, token_for):
    raw = token_for(analyst)
    assert client.get("/api/v1/tiers/", **bearer(raw[:-1] + "x")).status_code == 401


def test_an_inactive_users_token_is_refused(client, analyst, token_for):
    raw = token_for(analyst)
    analyst.is_active = False
    analyst.save()
    assert client.get("/api/v1/tiers/", **bearer(raw)).status_code == 401


def test_a_token_carries_its_users_permissions_and_no_more(client, token_for, personas):
    rec = make_recommendation(year=2023)
    data = {"status": "in_progress", "as_of": "2023-07-01", "note": "Seen.", "expected_version": 0}
    url = f"/api/v1/recommendations/{rec.pk}/statuses/"
    analyst_token = token_for(personas["Analyst"])
    assert client.post(url, data, **bearer(analyst_token)).status_code == 403
    admin_token = token_for(personas["Admin"])
    # A token needs no CSRF token: it is not a cookie the browser sends by itself.
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, data, **bearer(admin_token)).status_code == 201


def test_session_writes_need_the_csrf_token(admin_user):
    rec = make_recommendation(year=2023)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    data = {"status": "in_progress", "as_of": "2023-07-01", "note": "Seen.", "expected_version": 0}
    answer = browser.post(f"/api/v1/recommendations/{rec.pk}/statuses/", data)
    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]


def test_superusers_see_and_revoke_tokens_in_the_admin(client, analyst, superuser, token_for):
    raw = token_for(analyst)
    token = ApiToken.objects.get()
    client.force_login(superuser)
    listing = client.get("/admin/tipwatch/apitoken/")
    assert listing.status_code == 200 and token.prefix in listing.content.decode()
    page = client.get(f"/admin/tipwatch/apitoken/{token.pk}/change/").content.decode()
    assert token.digest not in page and raw not in page
    client.post(
        "/admin/tipwatch/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/admin/recommendations/digest/").status_code == 200
