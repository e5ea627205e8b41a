"""Bulk updates and single status records on overlapping rows, at once, never deadlock.

Each writer locks its recommendations (a bulk update all of them, in id order) and bumps the
countries' cache versions last, in id order: no two writers wait on each other in opposite
orders. Threads with their own PostgreSQL connections run them together, many rounds.
"""

import datetime
import random
import threading

import pytest
from django.db import connection

from recommendations.models import Recommendation, Status, StatusChange
from recommendations.services import bulk_record_status, record_status
from tests.factories import get_country, make_recommendation
from tests.migrated_data import restore_migrated_data

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 15
AS_OF = datetime.date(2023, 7, 1)


def run_writer(work, barrier, errors):
    try:
        barrier.wait(timeout=30)
        for round_number in range(ROUNDS):
            work(round_number)
    except Exception as error:  # noqa: BLE001 - any error fails the test, with its name
        errors.append(repr(error))
    finally:
        connection.close()  # this thread's own connection


def test_bulk_and_single_writes_on_overlapping_rows_never_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises every writer (IMMEDIATE transactions)")
    restore_migrated_data()  # after another transactional test's flush
    recs = [
        make_recommendation(country=get_country(iso3), year=2023)
        for iso3 in ("NOR", "AFG", "NOR", "SWE", "AFG", "NOR", "SWE", "AFG")
    ]

    def bulk(order):
        def work(round_number):
            chosen = recs[::-1] if order else recs[1:] + recs[:1]
            bulk_record_status(
                recommendations=chosen,
                status=Status.IN_PROGRESS,
                as_of=AS_OF,
                note=f"Bulk {order}, round {round_number}.",
            )

        return work

    def single(seed):
        rng = random.Random(seed)

        def work(round_number):
            for rec in rng.sample(recs, 3):
                record_status(
                    recommendation=Recommendation.objects.get(pk=rec.pk),
                    status=Status.PARTIAL,
                    as_of=AS_OF,
                    note=f"Single {seed}, {round_number}.",
                )

        return work

    writers = [bulk(0), bulk(1), single(1), single(2), single(3)]
    barrier = threading.Barrier(len(writers))
    errors = []
    threads = [
        threading.Thread(target=run_writer, args=(work, barrier, errors)) for work in writers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    written = StatusChange.objects.filter(recommendation__in=recs).count()
    assert written == ROUNDS * (2 * len(recs) + 3 * 3)
    for rec in recs:
        rec.refresh_from_db()
        assert rec.status_version == rec.status_changes.count()
