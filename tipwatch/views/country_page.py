"""The country page and its "what changed" view: tiers and recommendations of one country."""

import collections
import itertools

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from countries import charts
from countries.compare import marked_diff
from countries.models import Country, TierRating
from countries.sources import cite, link_import_runs
from countries.summaries import fold
from countries.tiers import next_report_outcome, waivers_left
from recommendations import charts as status_charts
from recommendations.models import Follow, Status, StatusTally
from recommendations.recurrence import classify_recommendations
from tipwatch.core.exports import chart_csv_response
from tipwatch.core.models import ImportRun
from tipwatch.core.pagecache import (
    cache_whole_response,
    cached_or_rendered_templates,
    render_cached_body,
)
from tipwatch.core.parsing import parse_year
from tipwatch.core.refused import refused

# The latest report years whose recommendations the country page lists; older years are folded,
# each a link to its own page (`country_year`), fetched into place by static/js/folded.js. One:
# at scale 10 (100 asks a year, each with its theme tags) two years made 166 KB of HTML, over
# the 150 KB the page is held to (bench/country_page.py).
OPEN_YEARS = 1


@require_safe
@cache_whole_response
def country_detail(request, slug):
    country = get_object_or_404(Country, slug=slug)
    if request.GET.get("format") == "csv":
        tables = _chart_tables(_country_detail_context(country))
        return chart_csv_response(request, tables, name=country.slug)
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
    """The Watch List years the waiver form lists, for users who may record waivers (one
    query)."""
    if not request.user.has_perm("countries.change_tierrating"):
        return {}
    return {"waivable": list(country.ratings.waivable().newest_first())}


def _country_detail_context(country):
    ratings = list(country.ratings.newest_first())
    tally = list(country.recommendations.year_tally())
    per_year = collections.Counter()
    for year, *_, n in tally:
        per_year[year] += n
    rec_years = sorted(per_year, reverse=True)
    open_years = rec_years[:OPEN_YEARS]
    recommendations = (
        list(country.recommendations.from_year(open_years[-1]).in_page_order().with_themes())
        if open_years
        else []
    )
    steps = StatusTally.objects.filter(country=country).monthly()
    series = status_charts.country_status_series(steps, timezone.localdate())
    years_on_record = sorted({r.year for r in ratings} | set(rec_years))
    by_year = {}
    for rec in recommendations:
        by_year.setdefault(rec.year, []).append(rec)
    latest = ratings[0] if ratings else None
    citations = _citations(ratings)
    for rating, citation in zip(ratings, citations, strict=True):
        rating.waivers_left = waivers_left(rating.waivers_used)
        rating.citation = citation
        rating.summary_lead, rating.summary_rest = fold(rating.summary)
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
        "folded_years": [(year, per_year[year]) for year in rec_years[OPEN_YEARS:]],
        # the listed years' recommendations and every rating (demo data comes whole)
        "has_synthetic": any(rec.is_synthetic for rec in recommendations)
        or any(rating.is_synthetic for rating in ratings),
        "compare_years": {later: earlier for earlier, later in itertools.pairwise(years_on_record)},
        "tier_figure": charts.tier_history(
            [(r.year, r.tier) for r in ratings], *((span[-1], span[0]) if span else ())
        ),
        "status_figure": status_charts.status_over_time(series) if series else None,
        "status_table": _status_table(series),
        "statuses": list(Status),
        **status_charts.pillar_chart_context(tally),
    }


def _citations(ratings):
    """Each rating's Citation; a file an import read links to the newest successful run that
    read it (one query, only when some source is such a file)."""
    citations = [cite(rating.source, rating.basis) for rating in ratings]
    files = {citation.import_file for citation in citations if citation.import_file}
    if not files:
        return citations
    names = Q()
    for name in files:
        names |= Q(files__icontains=name)
    runs = ImportRun.objects.filter(names, succeeded=True).order_by("-started_at", "-id")
    return link_import_runs(
        citations,
        [
            (f"{reverse('imports')}?run={pk}", started, found)
            for pk, started, found in runs.values_list("pk", "started_at", "files")
        ],
    )


def _chart_tables(context):
    """{chart: a function giving (header, rows)}: the numbers of the country page's charts,
    each code with its label."""
    country = context["country"]
    who = [country.iso3, country.name]

    def tiers():
        header = [
            "iso3",
            "country",
            "year",
            "tier_code",
            "tier",
            "change",
            "source_kind",
            "source",
            "source_url",
            "basis",
        ]
        rows = []
        for year, rating in context["tier_rows"]:
            if rating is None:
                rows.append([*who, year, "", charts.tier_label(""), "", "", "", "", ""])
                continue
            citation = rating.citation
            rows.append(
                [
                    *who,
                    year,
                    rating.tier,
                    charts.tier_label(rating.tier),
                    rating.movement,
                    citation.kind,
                    citation.text,
                    citation.url,
                    citation.basis,
                ]
            )
        return header, rows

    def statuses():
        header = ["iso3", "country", "date", "status_code", "status", "recommendations"]
        rows = [
            [*who, point.isoformat(), status.value, status.label, n]
            for point, counts in context["status_table"]
            for status, n in zip(context["statuses"], counts, strict=True)
        ]
        return header, rows

    def pillars():
        header = [
            "iso3",
            "country",
            "year",
            "pillar_code",
            "pillar",
            "open",
            "recommendations",
            "percent_open",
        ]
        rows = [
            [
                *who,
                year,
                share["pillar"],
                share["label"],
                share["open"],
                share["total"],
                "" if share["percent"] is None else share["percent"],
            ]
            for year, shares in context.get("pillar_table", [])
            for share in shares
        ]
        return header, rows

    return {"tiers": tiers, "statuses": statuses, "pillars": pillars}


def _status_table(series):
    """The status chart's numbers at each year's end and at its last date: the chart draws every
    month (300 points over 25 years), which as table rows would weigh more than the page's
    recommendations."""
    last = len(series) - 1
    return [
        (point, [counts[s.value] for s in Status])
        for index, (point, counts) in enumerate(series)
        if (point.month, point.day) == (12, 31) or index == last
    ]


@require_safe
@cache_whole_response
def country_year(request, slug, year):
    """One report year's recommendations of a country: a page of its own (the folded years'
    links), or with ?fragment=1 its list alone, which the country page fetches into place.
    Both are cached under the country's version, from one cached part."""
    country = get_object_or_404(Country, slug=slug)
    try:
        year = parse_year(year, label="report year")
    except ValueError as error:
        return refused(request, title="Not a report year", problem=str(error), back=country)
    if request.GET.get("fragment") != "1":
        return render_cached_body(
            request,
            "countries",
            "country_year",
            lambda: _country_year_context(country, year),
            texts=("title",),
            scope=country,
            country=country,
        )
    parts = cached_or_rendered_templates(
        request,
        "country_year",
        {"body": "countries/_country_year_body.html"},
        lambda: _country_year_context(country, year),
        texts=("title",),  # as the page's, so that both share one cached entry
        scope=country,
    )
    response = HttpResponse(parts["body"])
    response.whole_page_cacheable = True
    return response


def _country_year_context(country, year):
    """Raises Http404 (never cached) when the country has no recommendations that year."""
    recommendations = list(country.recommendations.for_year(year).in_page_order().with_themes())
    if not recommendations:
        raise Http404(f"No recommendations of {country} on record for {year}.")
    return {
        "country": country,
        "year": year,
        "recs": recommendations,
        "title": f"{country.name}: {year} report recommendations",
    }


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
