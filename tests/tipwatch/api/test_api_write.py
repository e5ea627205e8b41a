"""Admins record a status through the API: the form's service, the form's stale-version
refusal (409 with the newer change), clear 400s, and nothing else is writable."""

import datetime

import pytest

from recommendations.models import StatusChange
from tests.factories import make_recommendation, make_status
from tests.tipwatch.api.statuses import post_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec():
    return make_recommendation(year=2023)


def test_admin_records_a_status(admin_role_client, admin_user, rec):
    answer = post_status(admin_role_client, rec)
    assert answer.status_code == 201
    body = answer.json()
    assert body["change"]["status"] == {"code": "partial", "label": "Partially implemented"}
    assert body["change"]["recorded_by"] == admin_user.username
    assert body["recommendation"]["status_version"] == 1
    rec.refresh_from_db()
    assert (rec.status, rec.status_as_of) == ("partial", datetime.date(2023, 9, 1))
    assert StatusChange.objects.get().evidence_url == "https://example.org/law"


def test_a_stale_version_is_refused_with_the_newer_change(admin_role_client, rec):
    newer = make_status(rec, status="no_progress", note="Nothing yet.")
    answer = post_status(admin_role_client, rec, expected_version=0)
    assert answer.status_code == 409
    body = answer.json()
    assert body["latest_change"]["id"] == newer.pk
    assert body["latest_change"]["note"] == "Nothing yet."
    assert body["status_version"] == 1
    assert "Another status was recorded" in body["detail"]
    assert StatusChange.objects.count() == 1
    # Read again, send again with the version read: accepted.
    assert post_status(admin_role_client, rec, expected_version=1).status_code == 201


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"as_of": "2022-12-31"}, "as_of"),
        ({"note": ""}, "note"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"status": "done"}, "status"),
        ({"expected_version": None}, "expected_version"),
        ({"as_of": "1 June"}, "as_of"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field(admin_role_client, rec, fields, field):
    answer = post_status(admin_role_client, rec, **fields)
    assert answer.status_code == 400
    assert field in answer.json()
    assert not StatusChange.objects.exists()


def test_nothing_else_is_writable(admin_role_client, rec):
    for url in [
        "/api/v1/countries/",
        "/api/v1/tiers/",
        f"/api/v1/recommendations/{rec.pk}/",
        "/api/v1/changes/",
    ]:
        for method in ("post", "put", "patch", "delete"):
            answer = getattr(admin_role_client, method)(url, {}, content_type="application/json")
            assert answer.status_code in (403, 405), (method, url)
    assert not StatusChange.objects.exists()


def test_unknown_recommendation_is_404(admin_role_client):
    assert post_status(admin_role_client, type("R", (), {"pk": 987654321})).status_code == 404
