"""Analysis across countries (/analysis/): what the report asks, of whom, how often, and what
followed. Each page is a few GROUP BY reads (recommendations/models/analysis.py) and pure
charts (recommendations/analysis_charts.py), page-cached under the countries' versions; every
number links to the recommendations list behind it. Groups of repeated wording are stored at
write time (services.refresh_wording_groups), never computed here."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from countries.models import Country, Region
from countries.tiers import Tier
from recommendations import analysis_charts as charts
from recommendations.charts import status_composition
from recommendations.models import Recommendation, Status, Theme
from recommendations.upgrades import NOT_UPGRADED, UPGRADED
from tipwatch.core.pagecache import cache_whole_response, render_cached_body
from tipwatch.core.parsing import parse_year

YEAR_PARAMS = ["year"]
LONGEST_RUNNING = 20
MAX_GROUPS = 60


def _list_url(**filters):
    """The recommendations list filtered by `filters` (empty values left out)."""
    query = urlencode({name: value for name, value in filters.items() if value not in ("", None)})
    return f"{reverse('recommendations:list')}?{query}"


def _chosen_year(request, years):
    """The year asked for (?year=, through the parsing helper), else the latest of `years`.
    ValueError with a message for the page when it is not a whole year or not on record."""
    text = request.GET.get("year", "")
    if not text.strip():
        return years[0] if years else None
    year = parse_year(text, label="year")
    if year not in years:
        raise ValueError(f"No recommendations are on record for the {year} report.")
    return year


def _page(request, name, build, **kwargs):
    return render_cached_body(
        request, "analysis", name, build, params=YEAR_PARAMS, texts=("title",), **kwargs
    )


def _year_or_problem(request, years):
    """(year, None), or (None, context of a 400 naming the problem)."""
    try:
        return _chosen_year(request, years), None
    except ValueError as problem:
        return None, {"problem": str(problem), "status": 400, "years": years, "title": "Analysis"}


def _report_year(request):
    """The report years on record, the one asked for (see _chosen_year) and the context of a
    400 when it is not one of them (else None): one query."""
    years = Recommendation.objects.report_years()
    return (years, *_year_or_problem(request, years))


def _synthetic():
    """Whether synthetic asks (generate_demo_data) are counted: the pages say so (one query)."""
    return {"synthetic": Recommendation.objects.filter(is_synthetic=True).exists()}


# -- /analysis/: themes by region, and each theme's share over the years ----------------------


@require_safe
@cache_whole_response
def themes_by_region(request):
    return _page(request, "themes_by_region", lambda: _themes_by_region(request))


def _themes_by_region(request):
    # Queries: report years; themes; countries per theme and region; countries per region;
    # asks per year and theme; asks per year; whether any ask is synthetic.
    years, year, problem = _report_year(request)
    if problem:
        return problem
    themes = [(theme.slug, theme.label) for theme in Theme.objects.in_order()]
    regions = list(Region.choices)
    asks = Recommendation.objects.in_report()
    of_year = asks.for_year(year) if year else asks.none()
    counts = of_year.theme_region_countries()
    region_totals = of_year.region_countries()
    by_year = asks.theme_counts_by_year()
    totals = asks.counts_by_year()
    share_years = sorted(totals)
    shares = {
        (y, slug): charts.share(by_year.get((y, slug), 0), totals[y])
        for y in share_years
        for slug, _ in themes
    }
    return {
        **_synthetic(),
        "title": "Analysis: themes by region",
        "year": year,
        "years": years,
        "regions": regions,
        "heat_figure": charts.theme_region_heatmap(themes, regions, counts) if year else None,
        "heat_rows": [
            (
                label,
                reverse("analysis:theme", args=[slug]),
                [
                    (counts.get((slug, code), 0), _list_url(theme=slug, region=code, year=year))
                    for code, _ in regions
                ],
                sum(counts.get((slug, code), 0) for code, _ in regions),
            )
            for slug, label in themes
        ],
        "region_totals": [
            (region_totals.get(code, 0), _list_url(region=code, year=year)) for code, _ in regions
        ],
        "countries_asked": sum(region_totals.values()),
        "themes": themes,
        "shares_figure": charts.theme_shares(share_years, themes, shares) if totals else None,
        "share_rows": [
            (
                (y, totals[y], _list_url(year=y)),
                [
                    (by_year.get((y, slug), 0), shares[y, slug], _list_url(theme=slug, year=y))
                    for slug, _ in themes
                ],
            )
            for y in reversed(share_years)
        ],
    }


# -- /analysis/repeated/: asks repeated across countries ---------------------------------------


@require_safe
@cache_whole_response
def repeated(request):
    return _page(request, "repeated", lambda: _repeated(request))


def _repeated(request):
    # Queries: report years; the year's asks in a wording group, with their countries; the
    # report years each of those groups was asked in; whether any ask is synthetic.
    years, year, problem = _report_year(request)
    if problem:
        return problem
    asks = Recommendation.objects.in_report()
    groups = {}
    for rec in asks.for_year(year).grouped() if year else []:
        groups.setdefault(rec.wording_group, []).append(rec)
    ordered = sorted(
        groups.items(),
        key=lambda item: (-len({rec.country_id for rec in item[1]}), min(r.pk for r in item[1])),
    )[:MAX_GROUPS]
    asked_in = asks.group_years([key for key, _ in ordered], year) if ordered else {}
    rows = []
    for key, members in ordered:
        first = min(members, key=lambda rec: rec.pk)
        one_each = {}  # a country asked twice in the group is named once
        for rec in members:
            one_each.setdefault(rec.country_id, rec)
        group_years = sorted(asked_in.get(key, {year}))
        rows.append(
            {
                "text": first.text,
                "countries": len(one_each),
                "url": _list_url(year=year, wording_group=key),
                "members": list(one_each.values()),
                "years": len(group_years),
                "first_year": group_years[0],
                "all_years_url": _list_url(wording_group=key),
            }
        )
    return {
        **_synthetic(),
        "title": "Analysis: asks repeated across countries",
        "year": year,
        "years": years,
        "groups": rows,
        "group_total": len(groups),
        "max_groups": MAX_GROUPS,
    }


# -- /analysis/themes/<slug>/: one theme over the years ----------------------------------------


@require_safe
@cache_whole_response
def theme(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return _page(request, "theme", lambda: _theme(theme), theme=theme)


def _theme(theme):
    # Queries: countries asked per year; the longest recurrence chains; asks per year and status;
    # whether any ask is synthetic.
    asks = Recommendation.objects.in_report().filter(themes=theme)
    per_year = sorted(asks.countries_by_year().items())
    statuses = asks.year_status_counts()
    years = sorted({year for year, _ in statuses})
    series = [(year, {s: statuses.get((year, s), 0) for s in Status.values}) for year in years]
    longest = list(asks.longest_running(LONGEST_RUNNING))
    for rec in longest:
        rec.since = rec.year - rec.recurrence_years + 1
    return {
        **_synthetic(),
        "title": f"Analysis: {theme.label}",
        "theme": theme,
        "per_year_figure": charts.countries_per_year(per_year, theme.label) if per_year else None,
        "per_year_rows": [(y, n, _list_url(theme=theme.slug, year=y)) for y, n in per_year],
        "longest": longest,
        "composition_figure": status_composition(series) if series else None,
        "statuses": list(Status),
        "composition_rows": [
            (
                year,
                [
                    (counts[s.value], _list_url(theme=theme.slug, year=year, status=s.value))
                    for s in Status
                ],
            )
            for year, counts in reversed(series)
        ],
    }


# -- /analysis/countries/<slug>/: a country beside its region ----------------------------------


@require_safe
@cache_whole_response
def country(request, slug):
    country = get_object_or_404(Country, slug=slug)
    # Across countries: the region's asks change with any of its countries' (no country scope).
    return _page(request, "country", lambda: _country(request, country), country=country)


def _country(request, country):
    # Queries: the country's report years; themes; asks per theme, the country's and the
    # region's; the totals of both; whether any ask is synthetic.
    years = sorted(
        Recommendation.objects.in_report().years_by_country([country.pk])[country.pk],
        reverse=True,
    )
    year, problem = _year_or_problem(request, years)
    if problem:
        return {**problem, "country": country}
    region = country.region
    region_label = Region(region).label
    context = {
        "title": f"Analysis: {country.name} beside {region_label}",
        "country": country,
        "region_label": region_label,
        "year": year,
        "years": years,
    }
    if year is None:
        return context
    themes = [(theme.slug, theme.label) for theme in Theme.objects.in_order()]
    of_region = Recommendation.objects.in_report().for_year(year).filter(country__region=region)
    counts = of_region.theme_counts_beside(country)
    mine, total, countries = of_region.totals_beside(country)
    rows = []
    for slug, label in themes:
        n, region_n = counts.get(slug, (0, 0))
        rows.append(
            {
                "label": label,
                "theme_url": reverse("analysis:theme", args=[slug]),
                "n": n,
                "share": charts.share(n, mine),
                "url": _list_url(country=country.slug, year=year, theme=slug),
                "region_n": region_n,
                "region_share": charts.share(region_n, total),
                "region_url": _list_url(region=region, year=year, theme=slug),
            }
        )
    return {
        **context,
        **_synthetic(),
        "rows": rows,
        "asks": mine,
        "asks_url": _list_url(country=country.slug, year=year),
        "region_asks": total,
        "region_url": _list_url(region=region, year=year),
        "region_countries": countries,
        "figure": charts.paired_shares(
            [label for _, label in themes],
            [row["share"] for row in rows],
            [row["region_share"] for row in rows],
            [country.name, region_label],
        ),
    }


# -- /analysis/upgrades/: what preceded upgrades -----------------------------------------------


@require_safe
@cache_whole_response
def upgrades(request):
    return _page(request, "upgrades", _upgrades)


def _upgrades():
    # Queries: themes; asks done before the next report by theme and group; the same whatever
    # the theme; the asks before each upgrade (with its tiers); whether any ask is synthetic.
    themes = [(theme.slug, theme.label) for theme in Theme.objects.in_order()]
    asks = Recommendation.objects.in_report()
    tally = {(slug, group): (done, n) for slug, group, done, n in asks.done_before_by_theme()}
    tally.update({(None, group): (done, n) for group, done, n in asks.done_before()})
    rows = []
    for slug, label in [(None, "All asks"), *themes]:
        up, other = tally.get((slug, UPGRADED), (0, 0)), tally.get((slug, NOT_UPGRADED), (0, 0))
        rows.append(
            {
                "label": label,
                "up": up,
                "up_share": charts.share(*up),
                "other": other,
                "other_share": charts.share(*other),
            }
        )
    upgrades_list = [
        {
            "country": name,
            "url": reverse("countries:detail", args=[slug]),
            "asks_url": _list_url(country=slug, year=year),
            "year": year + 1,
            "asked": year,
            "from": Tier(before).label if before else "",
            "to": Tier(after).label if after else "",
            "done": done,
            "asks": n,
            "share": charts.share(done, n),
        }
        for name, slug, year, before, after, done, n in asks.done_before_upgrades()
    ]
    upgrades_list.sort(key=lambda entry: (-entry["year"], entry["country"]))
    chart_rows = [row for row in rows if row["up"][1] or row["other"][1]]
    return {
        **_synthetic(),
        "title": "Analysis: what preceded upgrades",
        "rows": rows,
        "upgrades": upgrades_list,
        "figure": charts.paired_shares(
            [row["label"] for row in chart_rows],
            [row["up_share"] for row in chart_rows],
            [row["other_share"] for row in chart_rows],
            ["Upgraded next report", "Not upgraded"],
            unit="% implemented or partly",
        )
        if chart_rows
        else None,
    }
