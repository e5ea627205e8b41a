"""Migration 0009 fills dropped_in for the recommendations already on record."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recommendations.models import Recommendation
from tests.migrated_data import restore_migrated_data

BEFORE = [("recommendations", "0008_follows_digests_review")]


@pytest.mark.django_db(transaction=True)
def test_recommendations_on_record_get_the_year_that_dropped_them():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
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

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    dropped_in = dict(Recommendation.objects.values_list("pk", "dropped_in"))
    assert dropped_in[dropped.pk] == 2022
    assert dropped_in[kept.pk] is None  # 2022 repeats it
    assert dropped_in[gone.pk] is None  # no longer in its report
    assert dropped_in[latest.pk] is None  # no later report on record
    assert list(Recommendation.objects.dropped().values_list("year", "position")) == [
        (2022, 1),
        (2021, 2),
    ]
    restore_migrated_data()
