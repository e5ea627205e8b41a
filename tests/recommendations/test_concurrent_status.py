"""Two admins submitting at the same moment from the same version: exactly one change is written.

Real requests, each in its own thread with its own database connection, against PostgreSQL. The
test holds the recommendation's row lock until both requests are waiting on it, so the two are
truly in flight together every time, then lets them race.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from recommendations.models import Recommendation, Status, StatusChange
from tests.factories import form_token, make_persona, make_recommendation
from tests.recommendations.races import prepare_race, waiting_for_locks

pytestmark = pytest.mark.django_db(transaction=True)


def post_in_thread(client, url, data, results, key):
    try:
        results[key] = client.post(url, data)
    finally:
        connection.close()  # this thread's own connection


def test_concurrent_submits_from_one_version_write_exactly_one_change():
    prepare_race()
    rec = make_recommendation(year=2023)
    url = reverse("recommendations:record_status", args=[rec.pk])
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(make_persona("Admin"))
        clients.append(client)

    for version in range(3):
        results = {}
        with transaction.atomic():
            # Hold the row so that both requests reach record_status's lock and wait there.
            Recommendation.objects.select_for_update().get(pk=rec.pk)
            threads = [
                threading.Thread(
                    target=post_in_thread,
                    args=(
                        client,
                        url,
                        {
                            "status": Status.IN_PROGRESS,
                            "as_of": "2023-07-01",
                            "note": f"Admin {n}, round {version}.",
                            "version": str(version),
                            "submission": form_token(),
                        },
                        results,
                        n,
                    ),
                )
                for n, client in enumerate(clients)
            ]
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 15
            while waiting_for_locks() < 2:
                assert time.monotonic() < deadline, "the two requests never both waited"
                time.sleep(0.05)
        for thread in threads:
            thread.join(timeout=30)

        codes = sorted(response.status_code for response in results.values())
        assert codes == [302, 400], f"round {version}: {codes}"
        loser = next(r for r in results.values() if r.status_code == 400)
        assert "Another status was recorded while you were editing" in loser.content.decode()
        rec.refresh_from_db()
        assert rec.status_version == version + 1
        assert StatusChange.objects.filter(recommendation=rec).count() == version + 1
