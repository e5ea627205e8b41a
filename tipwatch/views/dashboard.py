"""The dashboard (home): one report year at a glance, across both apps."""

from django.urls import reverse
from django.views.decorators.http import require_safe

from countries import charts
from countries.coverage import Coverage, ranked_in
from countries.forms import YearForm
from countries.models import Country, TierRating
from countries.tiers import Movement, Tier, count_tiers, waivers_left
from recommendations.charts import status_shares
from recommendations.models import Recommendation, StatusChange
from tipwatch.core.pagecache import cache_whole_response, render_cached_body

LATEST_CHANGES = 10


@require_safe
@cache_whole_response
def dashboard(request):
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
        "rec_total": sum(status_counts.values()),
        "shares": status_shares(status_counts) if year else [],
        "latest_changes": list(StatusChange.objects.with_context().newest_first()[:LATEST_CHANGES]),
    }


def _map_rows(countries):
    return [
        (r["iso3"], r["name"], r["tier"] or "", reverse("countries:detail", args=[r["slug"]]))
        for r in countries
    ]
