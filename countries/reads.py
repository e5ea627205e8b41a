"""Reads behind the country-side pages: each function runs a fixed number of queries.

Where the data can grow (ratings, recommendations, status changes) the database aggregates
(values() + annotate) and only small results come back; per-country rows are bounded by the
number of countries (about 200).
"""

import calendar
import datetime

from django.db.models import Avg, Case, Count, FloatField, Value, When

from countries.models import Country, TierRating
from countries.tiers import MAX_WAIVERS, TIER_SCORE, Tier
from recommendations.charts import status_counts
from recommendations.charts import status_shares as status_share_rows
from recommendations.models import Recommendation, StatusChange


def waivers_left(waivers_used):
    """Waivers still available to a country at risk (second or later Watch List year)."""
    return max(0, MAX_WAIVERS - waivers_used)


def next_report_outcome(waivers_used):
    """What the automatic-downgrade rule does at the next report, for a country at risk."""
    left = waivers_left(waivers_used)
    if left:
        return (
            "Next report: Tier 3 automatically unless it moves up to Tier 2 or better, or the "
            f"Secretary of State waives the downgrade ({left} waiver{'s' if left > 1 else ''} "
            "left)."
        )
    return (
        "Next report: Tier 3 automatically unless it moves up to Tier 2 or better; "
        "no waiver is left."
    )


def year_overview(year):
    """One query: every country with that year's tier ("" when not assessed)."""
    from countries.filters import countries_in_year

    return list(
        countries_in_year(year)
        .order_by("name")
        .values(
            "iso3",
            "name",
            "slug",
            "region",
            "tier",
            "movement",
            "previous_tier",
            "watch_list_years",
            "at_risk",
            "waiver",
            "waiver_granted",
            "waivers_used",
        )
    )


def tier_counts(countries):
    """Count per tier, Special Case and "no data" apart, from year_overview rows."""
    counts = {tier: 0 for tier in [*Tier.values, ""]}
    for row in countries:
        counts[row["tier"] or ""] += 1
    return counts


def status_shares(year):
    """One query: that year's recommendations (as listed in the report) per status."""
    rows = (
        Recommendation.objects.for_year(year)
        .in_report()
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    return sum(counts.values()), status_share_rows(counts)


def latest_changes(limit=10):
    """One query: the newest status changes with their recommendation, country and author."""
    return list(
        StatusChange.objects.select_related("recommendation__country", "recorded_by").order_by(
            "-recorded_at", "-id"
        )[:limit]
    )


def tier_distribution_rows(region=""):
    """One query: (year, tier, count) over all years, optionally for one region."""
    ratings = TierRating.objects.all()
    if region:
        ratings = ratings.filter(country__region=region)
    rows = ratings.values("year", "tier").annotate(n=Count("id")).order_by("year", "tier")
    return [(row["year"], row["tier"], row["n"]) for row in rows]


def region_score_rows():
    """One query: (year, region, average tier score); Special Case excluded, in the database."""
    score = Case(
        *(When(tier=tier, then=Value(value)) for tier, value in TIER_SCORE.items()),
        output_field=FloatField(),
    )
    rows = (
        TierRating.objects.rated()
        .values("year", "country__region")
        .annotate(score=Avg(score))
        .order_by("year", "country__region")
    )
    return [(row["year"], row["country__region"], row["score"]) for row in rows]


def trajectory_rows(countries):
    """One query: (country name, year, tier) for the chosen countries."""
    rows = (
        TierRating.objects.filter(country__in=countries)
        .order_by("country__name", "year")
        .values_list("country__name", "year", "tier")
    )
    return list(rows)


def status_at_year_ends(years, region=""):
    """Two queries: recommendations per report year (aggregated) and the status changes
    (streamed, three columns), folded in one pass into counts at each year end."""
    recommendations = Recommendation.objects.in_report()
    changes = StatusChange.objects.filter(recommendation__removed_from_report=False)
    if region:
        recommendations = recommendations.filter(country__region=region)
        changes = changes.filter(recommendation__country__region=region)
    published = dict(
        recommendations.values("year").annotate(n=Count("id")).order_by().values_list("year", "n")
    )
    if not published:
        return []
    first = min(published)
    last = max([*years, *published]) if years else max(published)
    points = [datetime.date(year, 12, 31) for year in range(first, last + 1)]
    stream = (
        changes.order_by("as_of", "id")
        .values_list("recommendation_id", "as_of", "status")
        .iterator(chunk_size=5000)
    )
    return [(point.year, counts) for point, counts in status_counts(published, stream, points)]


def country_status_series(recommendations, changes, today):
    """The country page's status-over-time series from rows it already loaded: the counts at
    each month end from January of the first report year, and at the latest date (today, or
    a later as-of date). Twelve points a year, however many changes: 25 years of a country's
    history stay a chart and a table of about 300 rows, not one row per change."""
    published = {}
    for rec in recommendations:
        published[rec.year] = published.get(rec.year, 0) + 1
    if not published:
        return []
    first = datetime.date(min(published), 1, 1)
    last = max(today, first, *(as_of for _, as_of, _ in changes))
    return status_counts(published, changes, _month_ends(first, last))


def _month_ends(first, last):
    """The last day of each month from `first`'s to the one before `last`'s, then `last`."""
    points = []
    year, month = first.year, first.month
    while (year, month) < (last.year, last.month):
        points.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [*points, last]


def country_choices():
    """One query: (slug, name) of every country, for pickers."""
    return list(Country.objects.order_by("name").values_list("slug", "name"))
