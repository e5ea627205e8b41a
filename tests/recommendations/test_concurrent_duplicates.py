"""The same submission twice at the same moment (a double click, a retry racing the original)
records exactly one change: the single form and the bulk form through their one-time token,
the API through its Idempotency-Key, and the API without one through the service's refusal of
a change already recorded.

Real requests, each in its own thread with its own database connection, against PostgreSQL:
the test holds the recommendations' row locks until both requests are waiting (on those locks,
or on the other's token), so the two are truly in flight together, then lets them race.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from recommendations.models import Recommendation, StatusChange
from tests.factories import form_token, make_persona, make_recommendation
from tests.recommendations.races import prepare_race, waiting_for_locks

pytestmark = pytest.mark.django_db(transaction=True)

ENTRY = {"status": "partial", "as_of": "2023-09-01", "note": "Law passed."}


@pytest.fixture
def admins():
    """Two clients of one admin (two tabs, or a script and its retry)."""
    prepare_race()
    user = make_persona("Admin")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
    return clients


def race(recs, *requests):
    """Send the requests (functions of no argument) together while the recommendations are
    locked; once all wait, release them. Their responses, in order."""
    results = {}

    def run(n, request):
        try:
            results[n] = request()
        finally:
            connection.close()  # this thread's own connection

    with transaction.atomic():
        list(Recommendation.objects.select_for_update().filter(pk__in=[r.pk for r in recs]))
        threads = [
            threading.Thread(target=run, args=(n, request)) for n, request in enumerate(requests)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while waiting_for_locks() < len(requests):
            assert time.monotonic() < deadline, "the requests never all waited"
            time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=30)
    return [results[n] for n in range(len(requests))]


def test_the_single_form_sent_twice_at_once_records_one_change(admins):
    rec = make_recommendation(year=2023)
    form = {**ENTRY, "version": "0", "submission": form_token()}
    url = reverse("recommendations:record_status", args=[rec.pk])
    answers = race([rec], *[lambda admin=admin: admin.post(url, form) for admin in admins])
    assert sorted(answer.status_code for answer in answers) == [302, 400]
    loser = next(answer for answer in answers if answer.status_code == 400)
    assert "This form was already submitted" in loser.content.decode()
    assert StatusChange.objects.filter(recommendation=rec).count() == 1


def test_the_bulk_form_sent_twice_at_once_records_one_change_each(admins):
    recs = [make_recommendation(year=2023) for _ in range(2)]
    form = {
        **ENTRY,
        "selection": f"id={recs[0].pk}&id={recs[1].pk}",
        "expected_count": "2",
        "submission": form_token(),
    }
    url = reverse("recommendations:bulk_status")
    answers = race(recs, *[lambda admin=admin: admin.post(url, form) for admin in admins])
    assert sorted(answer.status_code for answer in answers) == [302, 400]
    loser = next(answer for answer in answers if answer.status_code == 400)
    assert "This form was already submitted" in loser.content.decode()
    assert StatusChange.objects.count() == 2


def api_post(client, rec, headers):
    return client.post(
        f"/api/v1/recommendations/{rec.pk}/statuses/",
        {**ENTRY, "expected_version": 0},
        content_type="application/json",
        headers=headers,
    )


def test_an_api_call_and_its_retry_at_once_record_one_change_and_answer_alike(admins):
    rec = make_recommendation(year=2023)
    headers = {"Idempotency-Key": "retry-me-1"}
    answers = race([rec], *[lambda admin=admin: api_post(admin, rec, headers) for admin in admins])
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sorted(answer.has_header("Idempotent-Replayed") for answer in answers) == [False, True]
    assert StatusChange.objects.count() == 1


def test_the_same_api_call_twice_at_once_without_a_key_records_one_change(admins):
    rec = make_recommendation(year=2023)
    answers = race([rec], *[lambda admin=admin: api_post(admin, rec, {}) for admin in admins])
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    loser = next(answer for answer in answers if answer.status_code == 409)
    assert loser.json()["detail"].startswith("Already recorded")
    assert StatusChange.objects.count() == 1
