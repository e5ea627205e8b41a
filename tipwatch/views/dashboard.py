"""The dashboard (home): one report year at a glance, across both apps."""

from django.urls import reverse
from django.views.decorators.http import require_safe

from countries import charts
from countries.coverage import Coverage, ranked_in
from countries.forms import YearForm
from countries.models import Country, Region, TierRating
from countries.tiers import Movement, Tier, count_tiers, waivers_left
from recommendations.charts import status_shares
from recommendations.models import Recommendation, StatusChange
from tipwatch.core.exports import chart_csv_response
from tipwatch.core.pagecache import cache_whole_response, render_cached_body

LATEST_CHANGES = 10


@require_safe
@cache_whole_response
def dashboard(request):
    if request.GET.get("format") == "csv":
        return chart_csv_response(request, _chart_tables(_context(request)), name="dashboard")
    return render_cached_body(
        request, "countries", "dashboard", lambda: _context(request), params=YearForm.base_fields
    )


def _context(request):
    years = TierRating.objects.years()
    form = YearForm(request.GET or None, years=years)
    year = years[0] if years else None
    if form.is_bound and form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    countries = Country.objects.year_overview(year) if year else []
    counts = count_tiers(countries)
    rated = len(countries) - counts[""]
    status_counts = (
        Recommendation.objects.for_year(year).in_report().status_counts() if year else {}
    )
    at_risk = [row for row in countries if row["at_risk"]]
    for row in at_risk:
        row["waivers_left"] = waivers_left(row["waivers_used"])
    return {
        "form": form,
        "year": year,
        "previous_year": next((y for y in years if year and y < year), None),
        "tier_counts": [
            {"tier": tier, "label": charts.tier_label(tier), "count": counts[tier]}
            for tier in [*Tier.values, ""]
        ],
        "rated": rated,
        "no_data": counts[""],
        "country_total": len(countries),
        # Countries on record against the countries that year's report ranked.
        "coverage": Coverage(year, rated, ranked_in(year)) if year else None,
        "movements": [
            row
            for row in countries
            if row["movement"] in (Movement.UP, Movement.DOWN, Movement.SPECIAL)
        ],
        "at_risk": at_risk,
        "map_figure": charts.tier_map(_map_rows(countries), year),
        "countries": countries,
        "rec_total": sum(status_counts.values()),
        "shares": status_shares(status_counts) if year else [],
        "latest_changes": list(StatusChange.objects.with_context().newest_first()[:LATEST_CHANGES]),
    }


def _map_rows(countries):
    return [
        (r["iso3"], r["name"], r["tier"] or "", reverse("countries:detail", args=[r["slug"]]))
        for r in countries
    ]


def _chart_tables(context):
    """{chart: a function giving (header, rows)}: the numbers of the tier cards, the map and
    the status bar of the year shown, each code with its label."""
    year, regions = context["year"], dict(Region.choices)

    def tiers():
        header = ["year", "tier_code", "tier", "countries"]
        return header, [
            [year, item["tier"], item["label"], item["count"]] for item in context["tier_counts"]
        ]

    def map_():
        header = ["year", "iso3", "country", "region_code", "region", "tier_code", "tier"]
        rows = [
            [
                year,
                row["iso3"],
                row["name"],
                row["region"],
                regions.get(row["region"], ""),
                row["tier"] or "",
                charts.tier_label(row["tier"] or ""),
            ]
            for row in context["countries"]
        ]
        return header, rows

    def statuses():
        header = ["year", "status_code", "status", "recommendations", "percent"]
        rows = [
            [year, share["status"], share["label"], share["count"], share["percent"]]
            for share in context["shares"]
        ]
        return header, rows

    return {"tiers": tiers, "map": map_, "statuses": statuses}
