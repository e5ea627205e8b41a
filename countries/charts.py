"""Chart figures as pure functions: plain rows in, plotly figures (as JSON data) out.

Nothing here touches the database or a browser, so every figure is unit-tested directly. The
pages put the dict in a json_script tag and static/js/charts.js draws it. Colour is never the
only cue: traces carry names, marker symbols and bar patterns from tipwatch.palette.
"""

from countries.tiers import Tier
from tipwatch.charts import figure, layout
from tipwatch.palette import TIER_COLOURS, TIER_PATTERNS

NO_DATA = ""
NO_DATA_LABEL = "No data / not assessed"
# Rows of the tier step chart, top to bottom; Special Case and missing years get rows of their
# own below the scale, so they are marked without being put on it.
TIER_ROWS = {Tier.TIER_1: 1, Tier.TIER_2: 2, Tier.WATCH_LIST: 3, Tier.TIER_3: 4}
SPECIAL_ROW = 5
MISSING_ROW = 6
TIER_AXIS = {
    "tickvals": [1, 2, 3, 4, SPECIAL_ROW, MISSING_ROW],
    "ticktext": [*(Tier(t).label for t in TIER_ROWS), "Special Case", "Not assessed"],
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
        data.append(_marker_row("Not assessed", missing, MISSING_ROW, "x-open", NO_DATA))
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


def trajectories(rows, first_year, last_year):
    """Several countries' tier lines on one step chart. rows: (country name, year, tier)."""
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
                "line": {"shape": "hv", "dash": ["solid", "dash", "dot", "dashdot"][index % 4]},
                "marker": {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9},
                "connectgaps": False,
            }
        )
    axis = {**TIER_AXIS, "tickvals": TIER_AXIS["tickvals"][:4], "range": [4.5, 0.5]}
    axis["ticktext"] = TIER_AXIS["ticktext"][:4]
    return figure(
        data,
        layout(
            xaxis={"dtick": 1, "fixedrange": True},
            yaxis=axis,
            height=380,
        ),
    )


def tier_distribution(rows):
    """Stacked bars: how many countries in each tier, per year. rows: (year, tier, count)."""
    years = sorted({year for year, _, _ in rows})
    counts = {(year, tier): n for year, tier, n in rows}
    data = []
    for tier in [*TIER_ROWS, Tier.SPECIAL_CASE]:
        values = [counts.get((year, tier), 0) for year in years]
        if not any(values):
            continue
        data.append(
            {
                "type": "bar",
                "name": tier_label(tier),
                "x": years,
                "y": values,
                "marker": {
                    "color": TIER_COLOURS[tier],
                    "pattern": {
                        "shape": TIER_PATTERNS[tier],
                        "fgcolor": "#222222",
                        "fillmode": "overlay",
                    },
                    "line": {"color": "#222222", "width": 0.5},
                },
                "hovertemplate": f"%{{x}} {tier_label(tier)}: %{{y}}<extra></extra>",
            }
        )
    return figure(
        data,
        layout(
            barmode="stack",
            xaxis={"dtick": 1, "fixedrange": True},
            yaxis={"title": {"text": "Countries"}, "fixedrange": True},
            height=380,
        ),
    )


def region_scores(rows, region_labels):
    """Average tier score per region over years. rows: (year, region, score)."""
    by_region = {}
    for year, region, score in rows:
        by_region.setdefault(region, []).append((year, score))
    data = []
    for index, (region, points) in enumerate(sorted(by_region.items())):
        points.sort()
        data.append(
            {
                "type": "scatter",
                "name": region_labels.get(region, region),
                "x": [year for year, _ in points],
                "y": [round(score, 2) for _, score in points],
                "mode": "lines+markers",
                "marker": {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9},
                "line": {"dash": ["solid", "dash", "dot", "dashdot"][index % 4]},
            }
        )
    return figure(
        data,
        layout(
            title={"text": "Special Case and missing years excluded", "font": {"size": 12}},
            xaxis={"dtick": 1, "fixedrange": True},
            yaxis={
                "title": {"text": "Score (1 = best)"},
                "range": [3.1, 0.9],
                "fixedrange": True,
            },
            height=400,
        ),
    )
