"""Trends (managers' home), over every report year on record: tier distribution, regional
scores, moves, the longest Watch List and Tier 3 runs, trajectories, statuses. Each year
chart and table says how complete its years are (countries.coverage)."""

from django.views.decorators.http import require_safe

from countries import charts
from countries.coverage import coverage_by_year
from countries.forms import TrendsForm
from countries.models import Country, Region, TierRating
from countries.tiers import Movement, Tier, longest_runs
from recommendations import charts as status_charts
from recommendations.models import Status, StatusTally
from tipwatch.core.exports import chart_csv_response
from tipwatch.core.pagecache import cache_whole_response, render_cached_body
from tipwatch.core.palette import TIER_COLOURS


@require_safe
@cache_whole_response
def trends(request):
    if request.GET.get("format") == "csv":
        return chart_csv_response(request, _chart_tables(_context(request)), name="trends")
    return render_cached_body(
        request, "countries", "trends", lambda: _context(request), params=TrendsForm.base_fields
    )


def _context(request):
    form = TrendsForm(request.GET or None, country_choices=Country.objects.picker_choices())
    region, chosen = "", []
    if form.is_bound and form.is_valid():
        region, chosen = form.cleaned_data["region"], form.cleaned_data["countries"]
    elif form.is_bound:
        region = form.cleaned_data.get("region", "")
    region_labels = dict(Region.choices)
    ratings = TierRating.objects
    # Coverage is the whole report's (countries on record against the countries it ranked),
    # whatever the region: a partial year is partial for every region.
    coverage = coverage_by_year(ratings.on_record_per_year())
    years = list(coverage)
    distribution = ratings.tier_distribution(region)
    scores = ratings.region_scores()
    moves = ratings.moves_per_year(region)
    trajectory = ratings.trajectories(Country.objects.with_slugs(chosen)) if chosen else []
    composition = StatusTally.objects.status_at_year_ends(years, region)
    return {
        "form": form,
        "region": region,
        "region_label": region_labels.get(region, "All regions"),
        "coverage": list(coverage.values()),
        "partial_years": [entry for entry in coverage.values() if entry.partial],
        "distribution_figure": charts.tier_distribution(
            distribution, coverage, ranked_line=not region
        ),
        "distribution_table": _distribution_table(distribution, coverage),
        "scores_figure": charts.region_scores(scores, region_labels, coverage),
        "scores_table": _scores_table(scores, region_labels, coverage),
        "moves_figure": charts.moves_per_year(moves, coverage),
        "moves_table": _moves_table(moves, coverage),
        **_longest_runs(ratings.years_on([Tier.WATCH_LIST, Tier.TIER_3], region)),
        "trajectory_figure": charts.trajectories(trajectory, years[0], years[-1], coverage)
        if trajectory and years
        else None,
        "trajectory_table": _trajectory_table(trajectory, years),
        "trajectory_rows": trajectory,
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


def _distribution_table(rows, coverage):
    """Per year: the coverage, then the count per tier (every year of the span, none left out)."""
    counts = {(year, tier): n for year, tier, n in rows}
    return [
        (entry, [counts.get((year, tier), 0) for tier in Tier.values])
        for year, entry in coverage.items()
    ]


def _scores_table(rows, region_labels, coverage):
    """Per year: the coverage, then (average, countries averaged) per region."""
    regions = sorted({region for _, region, _, _ in rows})
    scores = {(year, region): (score, n) for year, region, score, n in rows}
    header = [region_labels.get(region, region) for region in regions]
    body = [
        (entry, [scores.get((year, region)) for region in regions])
        for year, entry in coverage.items()
    ]
    return {"regions": regions, "header": header, "rows": body}


def _moves_table(rows, coverage):
    counts = {(year, movement): n for year, movement, n in rows}
    return [
        (entry, counts.get((year, Movement.UP), 0), counts.get((year, Movement.DOWN), 0))
        for year, entry in coverage.items()
    ]


def _longest_runs(rows):
    """The countries longest on the Watch List and on Tier 3, without a break."""
    years = {Tier.WATCH_LIST: [], Tier.TIER_3: []}
    for tier, name, slug, year in rows:
        years[tier].append(((name, slug), year))
    return {
        "longest_runs": [
            (Tier.WATCH_LIST, "Tier 2 Watch List", longest_runs(years[Tier.WATCH_LIST])),
            (Tier.TIER_3, "Tier 3", longest_runs(years[Tier.TIER_3])),
        ]
    }


def _trajectory_table(rows, years):
    """Per year of the span: each chosen country's tier, "No data" where none is on record."""
    names = list(dict.fromkeys(name for name, _, _ in rows))
    tiers = {(name, year): tier for name, year, tier in rows}
    body = [
        (year, [charts.tier_label(tiers.get((name, year), "")) for name in names]) for year in years
    ]
    return {"header": names, "rows": body}


# --- the CSV of each chart: its table's numbers, each code with its label ---

COVERAGE_COLUMNS = ["countries_on_record", "countries_ranked", "partial_year"]


def _coverage_cells(entry):
    return [entry.on_record, entry.ranked, "yes" if entry.partial else ""]


def _chart_tables(context):
    """{chart: a function giving (header, rows)}, from the page's context (same filters)."""
    region = [context["region"], context["region_label"]]
    region_header = ["region_code", "region"]
    tiers = context["tiers"]

    def distribution():
        header = ["year", *COVERAGE_COLUMNS, *region_header, "tier_code", "tier", "countries"]
        rows = [
            [entry.year, *_coverage_cells(entry), *region, tier, label, n]
            for entry, counts in context["distribution_table"]
            for (tier, label), n in zip(tiers, counts, strict=True)
        ]
        return header, rows

    def scores():
        table = context["scores_table"]
        header = ["year", *COVERAGE_COLUMNS, *region_header, "average_tier_score", "countries"]
        rows = [
            [
                entry.year,
                *_coverage_cells(entry),
                code,
                label,
                round(score[0], 4) if score else "",
                score[1] if score else 0,
            ]
            for entry, by_region in table["rows"]
            for code, label, score in zip(table["regions"], table["header"], by_region, strict=True)
        ]
        return header, rows

    def moves():
        header = ["year", *COVERAGE_COLUMNS, *region_header, "upgrades", "downgrades"]
        rows = [
            [entry.year, *_coverage_cells(entry), *region, up, down]
            for entry, up, down in context["moves_table"]
        ]
        return header, rows

    def longest_runs():
        header = [
            *region_header,
            "tier_code",
            "tier",
            "country",
            "slug",
            "first_year",
            "last_year",
            "reports",
            "years_in_all",
        ]
        rows = [
            [
                *region,
                tier,
                title,
                *run.country,
                run.first_year,
                run.last_year,
                run.length,
                run.years_in_all,
            ]
            for tier, title, runs in context["longest_runs"]
            for run in runs
        ]
        return header, rows

    def compare():
        header = ["country", "year", "tier_code", "tier"]
        rows = [
            [name, year, tier, charts.tier_label(tier)]
            for name, year, tier in context["trajectory_rows"]
        ]
        return header, rows

    def statuses():
        statuses = context["statuses"]
        header = ["year_end", *region_header, "status_code", "status", "recommendations"]
        rows = [
            [f"{year}-12-31", *region, status.value, status.label, n]
            for year, counts in context["composition_table"]
            for status, n in zip(statuses, counts, strict=True)
        ]
        return header, rows

    return {
        "distribution": distribution,
        "scores": scores,
        "moves": moves,
        "longest-runs": longest_runs,
        "compare": compare,
        "statuses": statuses,
    }
