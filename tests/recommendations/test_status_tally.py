"""The status tally (recommendations.models.StatusTally) that status-over-time pages sum: kept
by every write, equal to folding the history change by change."""

import datetime
import random

import pytest

from recommendations.charts import counts_from_steps
from recommendations.models import Recommendation, Status, StatusChange, StatusTally
from recommendations.services import bulk_record_status, record_status
from tests.factories import get_country, make_recommendation

pytestmark = pytest.mark.django_db

D = datetime.date


def folded(country, points):
    """Counts at each point the slow way: each recommendation's latest change as of it."""
    recs = Recommendation.objects.in_report().filter(country=country)
    series = []
    for point in points:
        counts = dict.fromkeys(Status.values, 0)
        for rec in recs:
            if D(rec.year, 1, 1) > point:
                continue
            latest = rec.status_changes.filter(as_of__lte=point).order_by("-as_of", "-id").first()
            counts[latest.status if latest else Status.NOT_ASSESSED] += 1
        series.append((point, counts))
    return series


def month_ends(first_year, last_year):
    return [
        D(y, m + 1, 1) - datetime.timedelta(days=1) if m < 12 else D(y, 12, 31)
        for y in range(first_year, last_year + 1)
        for m in range(1, 13)
    ]


def test_the_tally_equals_the_history_folded_change_by_change():
    norway = get_country("NOR")
    rng = random.Random(4)
    recs = [make_recommendation(country=norway, year=year) for year in (2021, 2021, 2022, 2023)]
    for _ in range(25):
        rec = rng.choice(recs)
        as_of = D(rec.year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1000))
        record_status(  # in random order of as-of dates, some on the same day
            recommendation=rec,
            status=rng.choice(Status.values),
            note="n.",
            as_of=min(as_of, D(2024, 12, 31)),
        )
    points = month_ends(2021, 2024)
    kept_change_by_change = StatusTally.objects.filter(country=norway).monthly()
    assert counts_from_steps(kept_change_by_change, points) == folded(norway, points)

    Recommendation.objects.filter(pk=recs[1].pk).update(removed_from_report=True)
    StatusTally.objects.rebuild([norway.pk])  # what the import that removed it does
    rebuilt = StatusTally.objects.filter(country=norway).monthly()
    assert counts_from_steps(rebuilt, points) == folded(norway, points)


def test_a_bulk_update_and_a_new_recommendation_keep_each_country_tally():
    afghanistan = get_country("AFG")
    recs = [make_recommendation(country=get_country(c), year=2023) for c in ("NOR", "AFG")]
    bulk_record_status(
        recommendations=recs, status=Status.IMPLEMENTED, as_of=D(2023, 5, 2), note="Done."
    )
    make_recommendation(country=afghanistan, year=2024)
    (point, counts), *_ = counts_from_steps(
        StatusTally.objects.filter(country=afghanistan).monthly(), [D(2024, 12, 31)]
    )
    assert counts["implemented"] == 1 and counts["not_assessed"] == 1
    assert StatusChange.objects.count() == 2


def test_trends_year_ends_across_countries_and_by_region():
    nor, afg = (make_recommendation(country=get_country(c), year=2022) for c in ("NOR", "AFG"))
    record_status(recommendation=nor, status=Status.PARTIAL, as_of=D(2022, 3, 1), note="n.")
    record_status(recommendation=afg, status=Status.NO_PROGRESS, as_of=D(2023, 3, 1), note="n.")
    both = dict(StatusTally.objects.status_at_year_ends([2023]))
    assert both[2022]["partial"] == 1 and both[2022]["not_assessed"] == 1
    assert both[2023]["no_progress"] == 1 and both[2023]["not_assessed"] == 0
    europe = dict(StatusTally.objects.status_at_year_ends([2023], region="EUR"))
    assert europe[2023] == dict.fromkeys(Status.values, 0) | {"partial": 1}
