"""Trends (managers' home): tier distribution, regional scores, trajectories, statuses."""

from django.views.decorators.http import require_safe

from countries import charts
from countries.forms import TrendsForm
from countries.models import Country, Region, TierRating
from countries.tiers import Tier
from recommendations import charts as status_charts
from recommendations.models import Recommendation, Status
from tipwatch.pagecache import render_body_page
from tipwatch.palette import TIER_COLOURS


@require_safe
def trends(request):
    return render_body_page(request, "countries", "trends", lambda: _context(request))


def _context(request):
    form = TrendsForm(request.GET or None, country_choices=Country.objects.picker_choices())
    region, chosen = "", []
    if form.is_bound and form.is_valid():
        region, chosen = form.cleaned_data["region"], form.cleaned_data["countries"]
    elif form.is_bound:
        region = form.cleaned_data.get("region", "")
    region_labels = dict(Region.choices)
    distribution = TierRating.objects.tier_distribution(region)
    scores = TierRating.objects.region_scores()
    years = sorted({year for year, _, _ in distribution})
    trajectory = (
        TierRating.objects.trajectories(Country.objects.with_slugs(chosen)) if chosen else []
    )
    composition = Recommendation.objects.status_at_year_ends(years, region)
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
