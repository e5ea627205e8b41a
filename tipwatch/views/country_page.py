"""The country page and its "what changed" view: tiers and recommendations of one country."""

import itertools

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from countries import charts
from countries.compare import classify_recommendations, marked_diff
from countries.models import Country, TierRating
from countries.sources import cite
from countries.tiers import next_report_outcome, waivers_left
from recommendations import charts as status_charts
from recommendations.models import Follow, Status, StatusTally
from tipwatch.core.pagecache import cache_whole_response, render_cached_body


@require_safe
@cache_whole_response
def country_detail(request, slug):
    country = get_object_or_404(Country, slug=slug)
    return render_cached_body(
        request,
        "countries",
        "country_detail",
        lambda: _country_detail_context(country),
        scope=country,
        country=country,
        following=_following(request.user, country),
        **_waiver_form_context(request, country),
    )


def _following(user, country):
    """Whether user follows country, for the Follow button (one query); None for visitors, who
    get no button. Following bumps the country's version, so the user's cached response is
    made again."""
    if not user.is_authenticated:
        return None
    return Follow.objects.following(user, country)


def _waiver_form_context(request, country):
    """The ratings the waiver form lists, for users who may record waivers (one query)."""
    if not request.user.has_perm("countries.change_tierrating"):
        return {}
    return {"ratings": list(country.ratings.on_watch_list().newest_first())}


def _country_detail_context(country):
    ratings = list(country.ratings.newest_first())
    recommendations = list(country.recommendations.in_page_order().with_themes())
    steps = StatusTally.objects.filter(country=country).monthly()
    series = status_charts.country_status_series(steps, timezone.localdate())
    years_on_record = sorted({r.year for r in ratings} | {r.year for r in recommendations})
    by_year = {}
    for rec in recommendations:
        by_year.setdefault(rec.year, []).append(rec)
    latest = ratings[0] if ratings else None
    for rating in ratings:
        rating.waivers_left = waivers_left(rating.waivers_used)
        rating.citation = cite(rating.source, rating.basis)
    rating_of = {rating.year: rating for rating in ratings}
    # Every report year on record that the country existed in, newest first: a year without
    # its rating is "no data" in the table and the chart, never a tier.
    span = sorted({*country.years_within(*TierRating.objects.span()), *rating_of}, reverse=True)
    return {
        "country": country,
        "ratings": ratings,
        "tier_rows": [(year, rating_of.get(year)) for year in span],
        "latest": latest,
        "next_outcome": next_report_outcome(latest.waivers_used)
        if latest and latest.at_risk
        else "",
        "recommendations_by_year": sorted(by_year.items(), reverse=True),
        "has_synthetic": any(rec.is_synthetic for rec in recommendations)
        or any(rating.is_synthetic for rating in ratings),
        "compare_years": {later: earlier for earlier, later in itertools.pairwise(years_on_record)},
        "tier_figure": charts.tier_history(
            [(r.year, r.tier) for r in ratings], *((span[-1], span[0]) if span else ())
        ),
        "status_figure": status_charts.status_over_time(series) if series else None,
        "status_table": _status_table(series),
        "statuses": list(Status),
        **status_charts.pillar_chart_context(recommendations),
    }


def _status_table(series):
    return [(point, [counts[s.value] for s in Status]) for point, counts in series]


@require_safe
@cache_whole_response
def year_changes(request, slug, year):
    """What changed from the previous year on record to `year` for one country."""
    country = get_object_or_404(Country, slug=slug)
    return render_cached_body(
        request,
        "countries",
        "year_changes",
        lambda: _year_changes_context(country, year),
        texts=("title",),
        scope=country,
    )


def _year_changes_context(country, year):
    """Raises Http404 (never cached) when no earlier year is on record."""
    ratings = {r.year: r for r in country.ratings.all()}
    recommendations = list(country.recommendations.up_to(year).in_page_order())
    years = sorted(set(ratings) | {rec.year for rec in recommendations})
    earlier_years = [y for y in years if y < year]
    if year not in years or not earlier_years:
        raise Http404("No earlier year on record to compare with.")
    earlier_year = earlier_years[-1]
    earlier = [rec for rec in recommendations if rec.year == earlier_year]
    later = [rec for rec in recommendations if rec.year == year]
    earlier_rows, new = classify_recommendations(earlier, later)
    before, after = ratings.get(earlier_year), ratings.get(year)
    summary_before, summary_after = marked_diff(
        before.summary if before else "", after.summary if after else ""
    )
    return {
        "country": country,
        "year": year,
        "earlier_year": earlier_year,
        "before": before,
        "after": after,
        "earlier_rows": earlier_rows,
        "new": new,
        "summary_before": summary_before,
        "summary_after": summary_after,
        "title": f"{country.name}: {earlier_year} to {year}",
    }
