"""The analysis pages' charts as pure functions: plain rows in, plotly figures (as JSON data)
out, like recommendations/charts.py. Every figure's numbers are also in a table on its page."""

from tipwatch.core.charts import figure, layout

HEAT_SCALE = [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]]
# Two series side by side (a country and its region, upgraded and not): colour and pattern.
PAIR_MARKERS = [
    {"color": "#1f5a96", "line": {"color": "#222222", "width": 0.5}},
    {
        "color": "#f2b134",
        "pattern": {"shape": "/", "fgcolor": "#222222", "fillmode": "overlay"},
        "line": {"color": "#222222", "width": 0.5},
    },
]


def theme_region_heatmap(themes, regions, counts):
    """Heat map: countries asked per theme (rows, in order) and region (columns).

    themes: [(slug, label)]; regions: [(code, label)]; counts: {(slug, code): n}. Drawn as
    square markers coloured by the count, each labelled with it (the project's plotly bundle,
    plotly-basic, has no heatmap trace; colour is never the only cue).
    """
    cells = [(slug, label, code, region) for slug, label in themes for code, region in regions]
    values = [counts.get((slug, code), 0) for slug, _, code, _ in cells]
    return figure(
        [
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [region for _, _, _, region in cells],
                "y": [label for _, label, _, _ in cells],
                "text": [str(n) for n in values],
                "textfont": {"size": 12},
                "marker": {
                    "symbol": "square",
                    "size": 26,
                    "color": values,
                    "colorscale": HEAT_SCALE,
                    "cmin": 0,
                    "showscale": True,
                    "colorbar": {"title": {"text": "Countries"}},
                    "line": {"color": "#999999", "width": 0.5},
                },
                "hovertemplate": "%{y}, %{x}: %{text} countries<extra></extra>",
            }
        ],
        layout(
            height=max(320, 28 * len(themes) + 120),
            margin={"l": 10, "r": 10, "t": 20, "b": 60},
            showlegend=False,
            xaxis={"side": "top", "fixedrange": True, "automargin": True, "type": "category"},
            yaxis={
                "autorange": "reversed",
                "fixedrange": True,
                "automargin": True,
                "type": "category",
            },
        ),
    )


def theme_shares(years, themes, shares):
    """Lines: each theme's share (percent) of all asks per report year.

    years: sorted; themes: [(slug, label)]; shares: {(year, slug): percent}.
    """
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": label,
            "x": years,
            "y": [shares.get((year, slug), 0) for year in years],
            "hovertemplate": f"%{{x}} {label}: %{{y}}% of the asks<extra></extra>",
        }
        for slug, label in themes
    ]
    return figure(
        traces,
        layout(
            height=460,
            xaxis={"dtick": 1, "fixedrange": True},
            yaxis={"title": {"text": "Share of all asks (%)"}, "fixedrange": True},
            legend={"orientation": "h", "y": -0.25},
        ),
    )


def countries_per_year(rows, name):
    """Bars: countries asked per report year. rows: [(year, n)]."""
    return figure(
        [
            {
                "type": "bar",
                "name": name,
                "x": [year for year, _ in rows],
                "y": [n for _, n in rows],
                "marker": PAIR_MARKERS[0],
                "hovertemplate": "%{x}: %{y} countries<extra></extra>",
            }
        ],
        layout(
            height=320,
            xaxis={"dtick": 1, "fixedrange": True},
            yaxis={"title": {"text": "Countries asked"}, "fixedrange": True},
            showlegend=False,
        ),
    )


def paired_shares(labels, first, second, names, unit="% of the asks"):
    """Horizontal bars, two per label: e.g. a country's share of its asks in each theme beside
    its region's. first, second: [percent or None] in the order of labels; names: the two
    series' names."""
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": labels,
            "x": values,
            "marker": marker,
            "hovertemplate": f"%{{y}}, {name}: %{{x}}{unit}<extra></extra>",
        }
        for name, values, marker in zip(names, (first, second), PAIR_MARKERS, strict=True)
    ]
    return figure(
        traces,
        layout(
            barmode="group",
            height=max(320, 34 * len(labels) + 120),
            margin={"l": 10, "r": 10, "t": 20, "b": 60},
            xaxis={"title": {"text": unit.strip()}, "range": [0, 100], "fixedrange": True},
            yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        ),
    )


def share(part, whole):
    """part as a percent of whole, one decimal; None when whole is 0."""
    return round(100 * part / whole, 1) if whole else None
