"""The countries' own pages: the filterable list (and its CSV), and recording a waiver.

The country page and the dashboard read recommendations too, so they live in tipwatch/views/.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST, require_safe

from countries.filters import CountryFilter
from countries.models import LAST_PLAUSIBLE_YEAR, Country, Region, TierRating
from countries.services import set_waiver
from countries.tiers import Movement, Tier
from tipwatch.core.exports import csv_response
from tipwatch.core.pagecache import cache_whole_response, render_cached_body
from tipwatch.core.parsing import Paginator
from tipwatch.core.refused import refused
from tipwatch.core.sorting import Column, sortable_headers

PER_PAGE = 50


@require_safe
@cache_whole_response
def country_list(request):
    if request.GET.get("format") == "csv":
        filterset = CountryFilter(request.GET, years=TierRating.objects.years())
        return _countries_csv(filterset.qs, filterset.chosen_year)
    return render_cached_body(
        request,
        "countries",
        "country_list",
        lambda: _country_list_context(request),
        params=[*CountryFilter.base_filters, "page"],
    )


def _country_list_context(request):
    filterset = CountryFilter(request.GET, years=TierRating.objects.years())
    rows = filterset.qs
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page": page,
        "year": filterset.chosen_year,
        "columns": _columns(filterset.chosen_year, request.GET.get("sort")),
    }


def _columns(year, sort):
    return sortable_headers(
        [
            Column("Country", "name"),
            Column("Region", "region"),
            Column(f"Tier {year}" if year else "Tier", "tier"),
            Column("Change"),
            Column("Downgrade clock"),
        ],
        sort,
    )


# Each coded value with the label the page shows for it (region_code SCA, region "South and
# Central Asia"; tier_code 2WL, tier "Tier 2 Watch List").
COUNTRY_CSV_HEADER = [
    "iso3",
    "country",
    "region_code",
    "region",
    "year",
    "tier_code",
    "tier",
    "change",
    "previous_tier_code",
    "previous_tier",
    "watch_list_years",
    "at_risk",
    "waivers_used",
    "waiver_granted",
]


def _countries_csv(rows, year):
    """About 200 rows: written in one piece, so the query runs inside the view."""
    tiers, movements, regions = dict(Tier.choices), dict(Movement.choices), dict(Region.choices)
    lines = []
    for row in rows.csv_rows():
        iso3, name, region, tier, movement, previous, streak, at_risk, used, granted = row
        lines.append(
            [
                iso3,
                name,
                region,
                regions.get(region, ""),
                year,
                tier or "",
                tiers.get(tier, "no data"),
                movements.get(movement, ""),
                previous or "",
                tiers.get(previous, ""),
                streak if tier else "",
                "yes" if at_risk else "",
                used if tier else "",
                "yes" if granted else "",
            ]
        )
    return csv_response(
        filename=f"countries-{year}.csv", header=COUNTRY_CSV_HEADER, rows=lines, stream=False
    )


GRANTED = {"1": True, "0": False}


@permission_required("countries.change_tierrating", raise_exception=True)
@require_POST
def waiver(request, slug, year):
    country = get_object_or_404(Country, slug=slug)
    if year > LAST_PLAUSIBLE_YEAR:
        raise Http404(f"{country} has no tier rating for {year}.")
    granted = GRANTED.get(request.POST.get("granted", ""))
    if granted is None:
        return _refused(request, country, "Say whether the waiver was granted (granted=1 or 0).")
    try:
        set_waiver(country=country, year=year, granted=granted)
    except TierRating.DoesNotExist:
        raise Http404(f"{country} has no tier rating for {year}.") from None
    except ValidationError as error:
        return _refused(request, country, " ".join(error.messages))
    done = "recorded" if granted else "withdrawn"
    messages.success(request, f"Waiver for {year} {done}; the downgrade clock is recomputed.")
    return redirect(country)


def _refused(request, country, problem):
    return refused(request, title="Waiver not recorded", problem=problem, back=country)
