import csv
import itertools

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from countries import charts, reads
from countries.compare import classify_recommendations, marked_diff
from countries.filters import CountryFilter, report_years
from countries.forms import TrendsForm, YearForm
from countries.models import Country, Region
from countries.tiers import Movement, Tier
from recommendations import charts as status_charts
from recommendations.models import Status, StatusChange
from tipwatch.pagecache import render_page
from tipwatch.palette import TIER_COLOURS

PER_PAGE = 50


def _page(request, name, build_context, texts=(), **context):
    """countries/<name>.html around its body countries/_<name>_body.html, from the page cache."""
    body = {"body": f"countries/_{name}_body.html"}
    return render_page(
        request, f"countries/{name}.html", body, build_context, texts=texts, **context
    )


@require_safe
def dashboard(request):
    return _page(request, "dashboard", lambda: _dashboard_context(request))


def _dashboard_context(request):
    years = report_years()
    form = YearForm(request.GET or None, years=years)
    year = years[0] if years else None
    if form.is_bound and form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    countries = reads.year_overview(year) if year else []
    counts = reads.tier_counts(countries)
    rated = len(countries) - counts[""]
    rec_total, shares = reads.status_shares(year) if year else (0, [])
    at_risk = [row for row in countries if row["at_risk"]]
    for row in at_risk:
        row["waivers_left"] = reads.waivers_left(row["waivers_used"])
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
        "complete_percent": round(100 * rated / len(countries)) if countries else 0,
        "movements": [
            row
            for row in countries
            if row["movement"] in (Movement.UP, Movement.DOWN, Movement.SPECIAL)
        ],
        "at_risk": at_risk,
        "map_figure": charts.tier_map(_map_rows(countries), year),
        "rec_total": rec_total,
        "shares": shares,
        "latest_changes": reads.latest_changes(),
    }


def _map_rows(countries):
    return [
        (r["iso3"], r["name"], r["tier"] or "", reverse("countries:detail", args=[r["slug"]]))
        for r in countries
    ]


@require_safe
def country_list(request):
    if request.GET.get("format") == "csv":
        filterset = CountryFilter(request.GET, years=report_years())
        return _countries_csv(filterset.qs, filterset.chosen_year)
    return _page(request, "country_list", lambda: _country_list_context(request))


def _country_list_context(request):
    filterset = CountryFilter(request.GET, years=report_years())
    rows = filterset.qs
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "page": page,
        "year": filterset.chosen_year,
        "sort": _sort_columns(request.GET.get("sort", "")),
    }


def _sort_columns(current):
    """For each sortable column: the sort value its link sets, and its aria-sort state."""
    columns = {}
    for field in ("name", "region", "tier"):
        ascending, descending = current == field, current == f"-{field}"
        columns[field] = {
            "next": f"-{field}" if ascending else field,
            "aria": "ascending" if ascending else "descending" if descending else "none",
        }
    return columns


def _countries_csv(rows, year):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="countries-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["iso3", "country", "region", "year", "tier", "change", "previous_tier",
         "watch_list_years", "at_risk", "waivers_used", "waiver_granted"]
    )  # fmt: skip
    tiers, movements = dict(Tier.choices), dict(Movement.choices)
    for row in rows.values_list(
        "iso3", "name", "region", "tier", "movement", "previous_tier", "watch_list_years",
        "at_risk", "waivers_used", "waiver_granted",
    ):  # fmt: skip
        iso3, name, region, tier, movement, previous, streak, at_risk, used, granted = row
        writer.writerow(
            [iso3, name, region, year, tiers.get(tier, ""), movements.get(movement, ""),
             tiers.get(previous, ""), streak if tier else "", "yes" if at_risk else "",
             used if tier else "", "yes" if granted else ""]
        )  # fmt: skip
    return response


@require_safe
def country_detail(request, slug):
    country = get_object_or_404(Country, slug=slug)
    return _page(
        request,
        "country_detail",
        lambda: _country_detail_context(country),
        country=country,
        **_waiver_form_context(request, country),
    )


def _waiver_form_context(request, country):
    """The ratings the waiver form lists, for users who may record waivers (one query)."""
    if not request.user.has_perm("countries.change_tierrating"):
        return {}
    return {"ratings": list(country.ratings.filter(tier=Tier.WATCH_LIST).order_by("-year"))}


def _country_detail_context(country):
    ratings = list(country.ratings.order_by("-year"))
    recommendations = list(country.recommendations.order_by("-year", "position"))
    changes = list(
        StatusChange.objects.filter(recommendation__country=country)
        .order_by("as_of", "id")
        .values_list("recommendation_id", "as_of", "status")
    )
    series = reads.country_status_series(recommendations, changes, timezone.localdate())
    years_on_record = sorted({r.year for r in ratings} | {r.year for r in recommendations})
    by_year = {}
    for rec in recommendations:
        by_year.setdefault(rec.year, []).append(rec)
    latest = ratings[0] if ratings else None
    for rating in ratings:
        rating.waivers_left = reads.waivers_left(rating.waivers_used)
        rating.source_is_url = rating.source.startswith(("http://", "https://"))
    return {
        "country": country,
        "ratings": ratings,
        "latest": latest,
        "next_outcome": reads.next_report_outcome(latest.waivers_used)
        if latest and latest.at_risk
        else "",
        "recommendations_by_year": sorted(by_year.items(), reverse=True),
        "compare_years": {later: earlier for earlier, later in itertools.pairwise(years_on_record)},
        "tier_figure": charts.tier_history([(r.year, r.tier) for r in ratings]),
        "status_figure": status_charts.status_over_time(series) if series else None,
        "status_table": _status_table(series),
        "statuses": list(Status),
        **status_charts.pillar_chart_context(recommendations),
    }


def _status_table(series):
    return [(point, [counts[s.value] for s in Status]) for point, counts in series]


@require_safe
def year_changes(request, slug, year):
    """What changed from the previous year on record to `year` for one country."""
    return _page(
        request, "year_changes", lambda: _year_changes_context(slug, year), texts=("title",)
    )


def _year_changes_context(slug, year):
    """Raises Http404 (never cached) when the country or an earlier year is not on record."""
    country = get_object_or_404(Country, slug=slug)
    ratings = {r.year: r for r in country.ratings.all()}
    recommendations = list(
        country.recommendations.filter(year__lte=year).order_by("-year", "position")
    )
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


@require_safe
def trends(request):
    return _page(request, "trends", lambda: _trends_context(request))


def _trends_context(request):
    choices = reads.country_choices()
    form = TrendsForm(request.GET or None, country_choices=choices)
    region, chosen = "", []
    if form.is_bound and form.is_valid():
        region, chosen = form.cleaned_data["region"], form.cleaned_data["countries"]
    elif form.is_bound:
        region = form.cleaned_data.get("region", "")
    region_labels = dict(Region.choices)
    distribution = reads.tier_distribution_rows(region)
    scores = reads.region_score_rows()
    years = sorted({year for year, _, _ in distribution})
    trajectory = reads.trajectory_rows(Country.objects.filter(slug__in=chosen)) if chosen else []
    composition = reads.status_at_year_ends(years, region)
    return {
        "form": form,
        "region": region,
        "region_label": region_labels.get(region, "All regions"),
        "distribution_figure": charts.tier_distribution(distribution),
        "distribution_table": _distribution_table(distribution, years),
        "scores_figure": charts.region_scores(scores, region_labels),
        "scores_table": _scores_table(scores, region_labels),
        "trajectory_figure": charts.trajectories(trajectory, min(years), max(years))
        if trajectory and years
        else None,
        "trajectory_table": _trajectory_table(trajectory),
        "composition_figure": status_charts.status_composition(composition)
        if composition
        else None,
        "composition_table": [
            (year, [counts[s.value] for s in Status]) for year, counts in composition
        ],
        "statuses": list(Status),
        "tiers": [(tier, charts.tier_label(tier)) for tier in Tier.values],
        "tier_colours": TIER_COLOURS,
    }


def _distribution_table(rows, years):
    counts = {(year, tier): n for year, tier, n in rows}
    return [(year, [counts.get((year, tier), 0) for tier in Tier.values]) for year in years]


def _scores_table(rows, region_labels):
    regions = sorted({region for _, region, _ in rows})
    scores = {(year, region): score for year, region, score in rows}
    years = sorted({year for year, _, _ in rows})
    header = [region_labels.get(region, region) for region in regions]
    body = [(year, [scores.get((year, region)) for region in regions]) for year in years]
    return {"header": header, "rows": body}


def _trajectory_table(rows):
    names = list(dict.fromkeys(name for name, _, _ in rows))
    tiers = {(name, year): tier for name, year, tier in rows}
    years = sorted({year for _, year, _ in rows})
    body = [
        (year, [charts.tier_label(tiers.get((name, year), "")) for name in names]) for year in years
    ]
    return {"header": names, "rows": body}
