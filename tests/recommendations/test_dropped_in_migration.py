"""Migration 0009 fills dropped_in for the recommendations already on record."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recommendations.models import Recommendation
from tests.migrated_data import restore_migrated_data

BEFORE = [("recommendations", "0008_follows_digests_review")]


@pytest.mark.django_db(transaction=True)
def test_recommendations_on_record_get_the_year_that_dropped_them():
    restore_migrated_data()  # the catalogue, after another transactional test's flush
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        recs = _recommendations_before_the_migration(executor.loader.project_state(BEFORE).apps)
    finally:
        executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` would load
        executor.migrate(executor.loader.graph.leaf_nodes())

    dropped_in = dict(Recommendation.objects.values_list("pk", "dropped_in"))
    assert dropped_in[recs["dropped"]] == 2022
    assert dropped_in[recs["kept"]] is None  # 2022 repeats it
    assert dropped_in[recs["gone"]] is None  # no longer in its report
    assert dropped_in[recs["latest"]] is None  # no later report on record
    assert list(Recommendation.objects.dropped().values_list("year", "position")) == [
        (2022, 1),
        (2021, 2),
    ]


def _recommendations_before_the_migration(old):
    norway = old.get_model("countries", "Country").objects.get(iso3="NOR")
    recommendations = old.get_model("recommendations", "Recommendation").objects

    def rec(year, position, **fields):
        return recommendations.create(
            country=norway, year=year, position=position, text=f"Ask {year}-{position}.", **fields
        )

    kept, dropped = rec(2021, 1), rec(2021, 2)
    rec(2022, 1, carried_over_from=kept)
    gone = rec(2022, 2, removed_from_report=True)
    latest = rec(2023, 1)
    return {"kept": kept.pk, "dropped": dropped.pk, "gone": gone.pk, "latest": latest.pk}
