"""The API's write is safe to retry: an Idempotency-Key gives a repeated call the first answer
and writes nothing; without one, the same change twice is refused as already recorded."""

import pytest
from django.test import Client

from recommendations.models import StatusChange
from tests.factories import make_persona, make_recommendation
from tests.tipwatch.api.statuses import post_status
from tipwatch.core.models import Submission

pytestmark = pytest.mark.django_db

KEY = "5d1c7a0e-1f2b-4c3d-9e8f-0a1b2c3d4e5f"


@pytest.fixture
def rec():
    return make_recommendation(year=2023)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_writes_nothing(admin_role_client, rec):
    first = post_status(admin_role_client, rec, key=KEY)
    assert first.status_code == 201
    assert not first.has_header("Idempotent-Replayed")
    again = post_status(admin_role_client, rec, key=KEY)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert StatusChange.objects.count() == 1
    rec.refresh_from_db()
    assert rec.status_version == 1


def test_the_same_key_with_another_body_is_refused(admin_role_client, rec):
    assert post_status(admin_role_client, rec, key=KEY).status_code == 201
    other = post_status(admin_role_client, rec, key=KEY, note="Another note.", expected_version=1)
    assert other.status_code == 422
    detail = other.json()["detail"]
    assert "This Idempotency-Key was used on " in detail
    assert "for another request (another recommendation or other values); nothing was" in detail
    elsewhere = post_status(admin_role_client, make_recommendation(year=2023), key=KEY)
    assert elsewhere.status_code == 422
    assert StatusChange.objects.count() == 1


def test_a_repeat_without_a_key_is_refused_as_already_recorded(admin_role_client, rec):
    assert post_status(admin_role_client, rec).status_code == 201
    again = post_status(admin_role_client, rec, expected_version=1)
    assert again.status_code == 409
    body = again.json()
    assert body["detail"].startswith(
        "Already recorded: “Partially implemented” as of 1 September 2023, with the same note "
        "and evidence link, is in this recommendation's history (recorded by"
    )
    assert body["latest_change"]["id"] == StatusChange.objects.get().pk
    assert body["status_version"] == 1
    # The very same call (version 0): also already recorded, rather than stale.
    assert "Already recorded" in post_status(admin_role_client, rec).json()["detail"]
    assert StatusChange.objects.count() == 1


def test_a_refused_call_keeps_no_key(admin_role_client, rec):
    refused = post_status(admin_role_client, rec, key=KEY, as_of="2999-01-01")
    assert refused.status_code == 400
    stale = post_status(admin_role_client, rec, key=KEY, expected_version=5)
    assert stale.status_code == 409
    assert stale.json()["latest_change"] is None  # nothing recorded yet: no newer change
    assert not Submission.objects.exists()
    assert post_status(admin_role_client, rec, key=KEY).status_code == 201


def test_keys_belong_to_their_user(admin_role_client, rec):
    assert post_status(admin_role_client, rec, key=KEY).status_code == 201
    other_admin = Client()
    other_admin.force_login(make_persona("Admin"))
    theirs = post_status(other_admin, rec, key=KEY, note="Seen too.", expected_version=1)
    assert theirs.status_code == 201
    assert not theirs.has_header("Idempotent-Replayed")
    assert StatusChange.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "clé"])
def test_a_malformed_key_is_a_400(admin_role_client, rec, key):
    answer = post_status(admin_role_client, rec, key=key)
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "The Idempotency-Key header must be 1 to 255 printable ASCII characters."
    }
    assert not StatusChange.objects.exists()


def test_the_schema_documents_the_key_and_its_answers(analyst_client):
    schema = analyst_client.get("/api/v1/schema/?format=json").json()
    post = schema["paths"]["/api/v1/recommendations/{id}/statuses/"]["post"]
    header = next(p for p in post["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and not header.get("required", False)
    assert "Idempotent-Replayed" in header["description"]
    assert {"201", "409", "422"} <= set(post["responses"])
    assert "already in the history" in post["description"]
