"""Migration 0015 renames link_similarity and link_confirmed to carried_over_similarity and
carried_over_confirmed: the values on record stay, both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recommendations.models import Recommendation
from tests.migrated_data import restore_migrated_data

BEFORE = [("recommendations", "0014_sort_name_order")]


def _migrate(targets):
    executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` would load
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_renamed_fields_keep_their_values_both_ways():
    restore_migrated_data()  # the catalogue, after another transactional test's flush
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        norway = old.get_model("countries", "Country").objects.get(iso3="NOR")
        recommendations = old.get_model("recommendations", "Recommendation").objects
        first = recommendations.create(country=norway, year=2022, position=1, text="Train judges.")
        repeat = recommendations.create(
            country=norway,
            year=2023,
            position=1,
            text="Train more judges.",
            carried_over_from=first,
            link_similarity=87.5,
            link_confirmed=True,
        )
    finally:
        _migrate(None)

    values = Recommendation.objects.values_list(
        "pk", "carried_over_from", "carried_over_similarity", "carried_over_confirmed"
    )
    assert set(values) == {(first.pk, None, None, False), (repeat.pk, first.pk, 87.5, True)}

    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        rows = old.get_model("recommendations", "Recommendation").objects.values_list(
            "pk", "link_similarity", "link_confirmed"
        )
        assert set(rows) == {(first.pk, None, False), (repeat.pk, 87.5, True)}
    finally:
        _migrate(None)
