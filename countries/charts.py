"""Chart figures as pure functions: plain rows in, plotly figures (as JSON data) out.

Nothing here touches the database or a browser, so every figure is unit-tested directly. The
pages put the dict in a json_script tag and static/js/charts.js draws it. Colour is never the
only cue: traces carry names, marker symbols and bar patterns from tipwatch.core.palette.
"""

from countries.tiers import Movement, Tier
from tipwatch.core.charts import figure, layout
from tipwatch.core.palette import TIER_COLOURS, TIER_PATTERNS

NO_DATA = ""
NO_DATA_LABEL = "No data / not assessed"
# Rows of the tier step chart, top to bottom; Special Case and missing years get rows of their
# own below the scale, so they are marked without being put on it.
TIER_ROWS = {Tier.TIER_1: 1, Tier.TIER_2: 2, Tier.WATCH_LIST: 3, Tier.TIER_3: 4}
SPECIAL_ROW = 5
MISSING_ROW = 6
TIER_AXIS = {
    "tickvals": [1, 2, 3, 4, SPECIAL_ROW, MISSING_ROW],
    "ticktext": [*(Tier(t).label for t in TIER_ROWS), "Special Case", "No data"],
    "range": [MISSING_ROW + 0.5, 0.5],  # reversed: Tier 1 at the top
    "fixedrange": True,
    "automargin": True,
}
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross", "triangle-down"]


def tier_label(tier):
    return Tier(tier).label if tier else NO_DATA_LABEL


def tier_map(rows, year):
    """World choropleth of one year's tiers. rows: (iso3, name, tier or "", url).

    One trace per tier so that each has its colour and a legend entry; hover names the country
    and the tier, and customdata carries the country page for the click handler.
    """
    order = [*TIER_ROWS, Tier.SPECIAL_CASE, NO_DATA]
    traces = []
    for tier in order:
        members = [row for row in rows if (row[2] or NO_DATA) == tier]
        if not members:
            continue
        colour = TIER_COLOURS[tier]
        traces.append(
            {
                "type": "choropleth",
                "name": tier_label(tier),
                "locationmode": "ISO-3",
                "locations": [iso3 for iso3, _, _, _ in members],
                "z": [1] * len(members),
                "text": [f"{name}: {tier_label(tier)}" for _, name, _, _ in members],
                "customdata": [url for _, _, _, url in members],
                "hovertemplate": "%{text}<extra></extra>",
                "colorscale": [[0, colour], [1, colour]],
                "showscale": False,
                "showlegend": True,
                "marker": {"line": {"color": "#ffffff", "width": 0.5}},
            }
        )
    return figure(
        traces,
        layout(
            title={"text": f"Tier placements, {year} report"},
            margin={"l": 0, "r": 0, "t": 40, "b": 0},
            geo={
                "scope": "world",
                "resolution": 110,
                "projection": {"type": "natural earth"},
                "showframe": False,
                "showcoastlines": False,
                "showcountries": True,
                "countrycolor": "#ffffff",
                "showland": True,
                "landcolor": "#eeeeee",
                "lataxis": {"range": [-58, 85]},
            },
            legend={"orientation": "h", "y": 0},
        ),
    )


def _tier_row(tier):
    return TIER_ROWS.get(tier)


def tier_history(rows, first_year=None, last_year=None):
    """Step chart of one country's tier over every year on record. rows: (year, tier).

    Years without a rating and Special Case years are gaps in the line (never interpolated)
    and are marked on rows of their own below Tier 3.
    """
    by_year = dict(rows)
    if not by_year:
        return figure([], layout(yaxis=TIER_AXIS))
    first_year = first_year or min(by_year)
    last_year = last_year or max(by_year)
    years = list(range(first_year, last_year + 1))
    line = [_tier_row(by_year.get(year)) for year in years]
    special = [year for year in years if by_year.get(year) == Tier.SPECIAL_CASE]
    missing = [year for year in years if year not in by_year]
    data = [
        {
            "type": "scatter",
            "name": "Tier",
            "x": years,
            "y": line,
            "text": [tier_label(by_year.get(year)) for year in years],
            "hovertemplate": "%{x}: %{text}<extra></extra>",
            "mode": "lines+markers",
            "line": {"shape": "hv", "color": "#1f4e8c", "width": 3},
            "marker": {"size": 9, "color": [TIER_COLOURS[by_year.get(y, "")] for y in years]},
            "connectgaps": False,
        }
    ]
    if special:
        data.append(_marker_row("Special Case", special, SPECIAL_ROW, "diamond", Tier.SPECIAL_CASE))
    if missing:
        data.append(_marker_row("No data", missing, MISSING_ROW, "x-open", NO_DATA))
    return figure(
        data,
        layout(
            xaxis={"dtick": 1, "title": {"text": "Report year"}, "fixedrange": True},
            yaxis=TIER_AXIS,
            showlegend=False,
            height=340,
        ),
    )


def _marker_row(name, years, row, symbol, tier):
    return {
        "type": "scatter",
        "name": name,
        "x": years,
        "y": [row] * len(years),
        "mode": "markers",
        "hovertemplate": f"%{{x}}: {name}<extra></extra>",
        "marker": {"symbol": symbol, "size": 12, "color": TIER_COLOURS[tier]},
    }


def trajectories(rows, first_year, last_year, coverage=None):
    """Several countries' tier lines on one step chart. rows: (country name, year, tier).

    A year without a rating is a gap ("No data / not assessed" in the hover), never bridged.
    """
    by_country = {}
    for name, year, tier in rows:
        by_country.setdefault(name, {})[year] = tier
    years = list(range(first_year, last_year + 1)) if by_country else []
    data = []
    for index, (name, tiers) in enumerate(by_country.items()):
        data.append(
            {
                "type": "scatter",
                "name": name,
                "x": years,
                "y": [_tier_row(tiers.get(year)) for year in years],
                "text": [tier_label(tiers.get(year)) for year in years],
                "hovertemplate": f"{name}, %{{x}}: %{{text}}<extra></extra>",
                "mode": "lines+markers",
                "line": {"shape": "hv", "dash": DASHES[index % len(DASHES)]},
                "marker": {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9},
                "connectgaps": False,
            }
        )
    axis = {**TIER_AXIS, "tickvals": TIER_AXIS["tickvals"][:4], "range": [4.5, 0.5]}
    axis["ticktext"] = TIER_AXIS["ticktext"][:4]
    return figure(
        data,
        layout(
            xaxis=_year_axis(years, coverage),
            yaxis=axis,
            height=380,
        ),
    )


# Years whose coverage is partial (countries/coverage.py) are drawn faded, marked with an
# asterisk on the axis, and say in their hover how many countries they hold.
PARTIAL_OPACITY = 0.4
DASHES = ["solid", "dash", "dot", "dashdot"]
PARTIAL_NOTE = "* partial year: under 90% of the countries ranked are on record (faded)"


def _partial(coverage, year):
    entry = (coverage or {}).get(year)
    return bool(entry and entry.partial)


def _coverage_text(coverage, year):
    entry = (coverage or {}).get(year)
    return entry.label if entry else "no countries on record"


def _span(years):
    """Every year from the first to the last: a year without data keeps its place."""
    return list(range(min(years), max(years) + 1)) if years else []


def _year_axis(years, coverage):
    return {
        "tickmode": "array",
        "tickvals": years,
        "ticktext": [f"{year}*" if _partial(coverage, year) else str(year) for year in years],
        "fixedrange": True,
    }


def _title(text, coverage, years):
    if any(_partial(coverage, year) for year in years):
        text = f"{text}<br>{PARTIAL_NOTE}"
    return {"text": text, "font": {"size": 12}}


def _opacities(coverage, years):
    return [PARTIAL_OPACITY if _partial(coverage, year) else 1 for year in years]


def tier_distribution(rows, coverage=None, *, ranked_line=True):
    """Stacked bars: how many countries in each tier, per year. rows: (year, tier, count).

    coverage ({year: countries.coverage.Coverage}) adds each year's coverage to the hover,
    fades partial years and, with ranked_line (the whole report, not one region), draws the
    number of countries the report ranked as a dashed step line over the bars: the gap
    between the bars and the line is the countries without data.
    """
    years = _span({year for year, _, _ in rows} | set(coverage or {}))
    counts = {(year, tier): n for year, tier, n in rows}
    covered = [_coverage_text(coverage, year) for year in years]
    data = []
    for tier in [*TIER_ROWS, Tier.SPECIAL_CASE]:
        values = [counts.get((year, tier), 0) for year in years]
        if not any(values):
            continue
        data.append(
            _year_bars(
                tier_label(tier), years, values, coverage, TIER_COLOURS[tier], TIER_PATTERNS[tier]
            )
        )
    if coverage and ranked_line:
        data.append(
            {
                "type": "scatter",
                "name": "Countries the report ranked",
                "x": years,
                "y": [coverage[year].ranked if year in coverage else None for year in years],
                "customdata": covered,
                "mode": "lines",
                "line": {"shape": "hvh", "dash": "dash", "color": "#222222", "width": 1.5},
                "hovertemplate": "%{x}: %{customdata}<extra></extra>",
            }
        )
    return figure(
        data, _counts_layout("Countries on record per tier", coverage, years, "stack", 400)
    )


def moves_per_year(rows, coverage=None):
    """Upgrades and downgrades per year, side by side. rows: (year, movement, count), movement
    "up" or "down" (each against the country's previous rating on record)."""
    years = _span({year for year, _, _ in rows} | set(coverage or {}))
    counts = {(year, movement): n for year, movement, n in rows}
    data = [
        _year_bars(
            name,
            years,
            [counts.get((year, movement), 0) for year in years],
            coverage,
            TIER_COLOURS[tier],
            pattern,
        )
        for movement, name, tier, pattern in (
            (Movement.UP, "Upgrades", Tier.TIER_1, ""),
            (Movement.DOWN, "Downgrades", Tier.TIER_3, "x"),
        )
    ]
    title = "Against each country's previous rating on record"
    return figure(data, _counts_layout(title, coverage, years, "group", 360))


def _year_bars(name, years, values, coverage, colour, pattern):
    """One bar trace over the years, partial years faded, each year's coverage in its hover."""
    return {
        "type": "bar",
        "name": name,
        "x": years,
        "y": values,
        "customdata": [_coverage_text(coverage, year) for year in years],
        "marker": {
            "color": colour,
            "opacity": _opacities(coverage, years),
            "pattern": {"shape": pattern, "fgcolor": "#222222", "fillmode": "overlay"},
            "line": {"color": "#222222", "width": 0.5},
        },
        "hovertemplate": f"%{{x}} {name}: %{{y}}<br>%{{customdata}}<extra></extra>",
    }


def _counts_layout(title, coverage, years, barmode, height):
    return layout(
        title=_title(title, coverage, years),
        barmode=barmode,
        xaxis=_year_axis(years, coverage),
        yaxis={"title": {"text": "Countries"}, "fixedrange": True},
        height=height,
    )


def region_scores(rows, region_labels, coverage=None):
    """Average tier score per region over years. rows: (year, region, score[, countries]),
    countries being how many rated countries the average is over.

    Each region is a solid line over complete years and a dotted, faded one into and over
    partial years (coverage), so that a year with few countries on record is not read as a
    change of the region's standing.
    """
    by_region = {}
    for year, region, score, *countries in rows:
        by_region.setdefault(region, {})[year] = (score, countries[0] if countries else None)
    years = _span({year for year, _, _, *_ in rows} | set(coverage or {}))
    partial = {year for year in years if _partial(coverage, year)}
    data = []
    for index, (region, points) in enumerate(sorted(by_region.items())):
        label = region_labels.get(region, region)
        value = {year: round(score, 2) for year, (score, _) in points.items()}
        hover = [_score_hover(points.get(year), coverage, year) for year in years]
        style = {
            "type": "scatter",
            "x": years,
            "customdata": hover,
            "hovertemplate": f"{label} %{{x}}: %{{y:.2f}}<br>%{{customdata}}<extra></extra>",
            "mode": "lines+markers",
            "legendgroup": region,
            "connectgaps": False,
        }
        marker = {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9}
        data.append(
            {
                **style,
                "name": label,
                "y": [None if year in partial else value.get(year) for year in years],
                "marker": marker,
                "line": {"dash": DASHES[index % len(DASHES)]},
            }
        )
        near_partial = {year for year in years if partial & {year - 1, year, year + 1}}
        if partial and any(year in points for year in partial):
            data.append(
                {
                    **style,
                    "name": f"{label} (partial years)",
                    "showlegend": False,
                    "y": [value.get(year) if year in near_partial else None for year in years],
                    "marker": {**marker, "opacity": _opacities(coverage, years)},
                    "line": {"dash": "dot", "width": 1.5},
                    "opacity": 0.6,
                }
            )
    return figure(
        data,
        layout(
            title=_title(
                "Average over the countries on record each year; Special Case and missing "
                "years excluded",
                coverage,
                years,
            ),
            xaxis=_year_axis(years, coverage),
            yaxis={
                "title": {"text": "Score (1 = best)"},
                "range": [3.1, 0.9],
                "fixedrange": True,
            },
            height=420,
        ),
    )


def _score_hover(point, coverage, year):
    if point is None:
        return "no data"
    countries = point[1]
    over = f"average of {countries} countries on record" if countries else "average"
    return f"{over}; year: {_coverage_text(coverage, year)}"
