"""Status charts as pure functions: plain rows in, plotly figures (as JSON data) or counts out."""

import calendar
import datetime

from recommendations.vocabulary import OPEN_STATUSES, Pillar, Status
from tipwatch.core.charts import figure, layout
from tipwatch.core.palette import PILLAR_COLOURS, PILLAR_PATTERNS, STATUS_COLOURS, STATUS_PATTERNS


def counts_from_steps(steps, points):
    """How many recommendations are in each status at each point: [(point, {status: n})].

    steps: (when, status, delta) sorted by `when`, a report year or the first day of a month
    (the status tally summed); a step counts at every point from its own on (a month's at
    that month's end and later). points: sorted, of the same kind or dates.
    """
    steps = iter(steps)
    pending = next(steps, None)
    counts = dict.fromkeys(Status.values, 0)
    series = []
    for point in points:
        while pending is not None and pending[0] <= point:
            counts[pending[1]] += pending[2]
            pending = next(steps, None)
        series.append((point, dict(counts)))
    return series


def _status_traces(series, kind):
    x = [point.isoformat() if kind == "scatter" else point for point, _ in series]
    traces = []
    for status in Status:
        values = [counts.get(status.value, 0) for _, counts in series]
        trace = {
            "type": kind,
            "name": status.label,
            "x": x,
            "y": values,
            "hovertemplate": f"%{{x}} {status.label}: %{{y}}<extra></extra>",
        }
        colour = STATUS_COLOURS[status.value]
        # overlay keeps the status colour under the pattern (the default replaces it)
        pattern = {
            "shape": STATUS_PATTERNS[status.value],
            "fgcolor": "#222222",
            "fillmode": "overlay",
        }
        if kind == "bar":
            trace["marker"] = {
                "color": colour,
                "pattern": pattern,
                "line": {"color": "#222222", "width": 0.5},
            }
        else:
            trace.update(
                stackgroup="status",
                mode="lines",
                line={"shape": "hv", "color": colour, "width": 1},
                fillcolor=colour,
                fillpattern=pattern,
            )
        traces.append(trace)
    return traces


def _layout(**extra):
    """The status charts' layout: the shared one, a count axis, room for the legend."""
    return layout(
        margin={"l": 64, "r": 10, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.25},
        yaxis={"title": {"text": "Recommendations"}, "fixedrange": True, "automargin": True},
        height=380,
        **extra,
    )


def status_over_time(series):
    """Stacked step areas: a country's recommendations in each status at each date."""
    return figure(_status_traces(series, "scatter"), _layout(xaxis={"type": "date"}))


def status_composition(series):
    """Stacked bars: recommendations in each status at each year end. series: [(year, counts)]."""
    return figure(
        _status_traces(series, "bar"),
        _layout(barmode="stack", xaxis={"dtick": 1, "fixedrange": True}),
    )


def status_shares(counts):
    """One row per status in order of progress: status, label, count and percent of all.

    counts maps status codes to numbers (missing ones are zero). Percentages are rounded to one
    decimal and are 0 when there is nothing to count.
    """
    total = sum(counts.values())
    rows = []
    for status in Status:
        count = counts.get(status.value, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        rows.append(
            {
                "status": status.value,
                "css": status.value.replace("_", "-"),
                "label": status.label,
                "count": count,
                "percent": percent,
            }
        )
    return rows


def status_totals(counts):
    """{status: count} summed over the pillars of counts ({(pillar, status): count})."""
    totals = {}
    for (_, status), n in counts.items():
        totals[status] = totals.get(status, 0) + n
    return totals


def pillar_open_shares(counts):
    """One row per pillar: how many of its recommendations are open (any status but
    Implemented), of how many, and the percent open (None when it has none).

    counts maps (pillar, status) to numbers; missing pairs are zero.
    """
    rows = []
    for pillar in Pillar:
        total = sum(n for (p, _), n in counts.items() if p == pillar.value)
        still_open = sum(
            n for (p, status), n in counts.items() if p == pillar.value and status in OPEN_STATUSES
        )
        rows.append(
            {
                "pillar": pillar.value,
                "label": pillar.label,
                "open": still_open,
                "total": total,
                "percent": round(100 * still_open / total, 1) if total else None,
            }
        )
    return rows


def pillar_open_by_year(recommendations):
    """[(year, pillar_open_shares rows)], oldest year first, from (year, pillar, status) rows."""
    counts = {}
    for year, pillar, status in recommendations:
        key = (pillar, status)
        counts.setdefault(year, {})
        counts[year][key] = counts[year].get(key, 0) + 1
    return [(year, pillar_open_shares(counts[year])) for year in sorted(counts)]


def pillar_open_figure(by_year):
    """Grouped bars: per report year, the percent of each pillar's recommendations still open."""
    years = [year for year, _ in by_year]
    traces = []
    for index, pillar in enumerate(Pillar):
        shares = [rows[index] for _, rows in by_year]
        traces.append(
            {
                "type": "bar",
                "name": pillar.label,
                "x": years,
                "y": [share["percent"] for share in shares],
                "customdata": [[share["open"], share["total"]] for share in shares],
                "hovertemplate": f"%{{x}} {pillar.label}: %{{y}}% open "
                "(%{customdata[0]} of %{customdata[1]})<extra></extra>",
                "marker": {
                    "color": PILLAR_COLOURS[pillar.value],
                    "pattern": {
                        "shape": PILLAR_PATTERNS[pillar.value],
                        "fgcolor": "#222222",
                        "fillmode": "overlay",
                    },
                    "line": {"color": "#222222", "width": 0.5},
                },
            }
        )
    chart_layout = _layout(barmode="group", xaxis={"dtick": 1, "fixedrange": True})
    chart_layout["yaxis"] = {
        "title": {"text": "Open (% of the pillar's)"},
        "range": [0, 100],
        "fixedrange": True,
        "automargin": True,
    }
    return figure(traces, chart_layout)


def pillar_chart_context(recommendations):
    """The country page's pillar chart and its table, from the recommendations it loaded
    (those still in their report). No query."""
    by_year = pillar_open_by_year(
        (rec.year, rec.pillar, rec.status) for rec in recommendations if not rec.removed_from_report
    )
    if not by_year:
        return {}
    return {
        "pillar_figure": pillar_open_figure(by_year),
        "pillar_table": by_year,
        "pillar_labels": Pillar.labels,
    }


def country_status_series(steps, today):
    """The country page's status-over-time series from its status tally [(month, status, n)]:
    the counts at each month end from its first month, and at the latest date (today, or the
    end of a later month). Twelve points a year, however many changes: 25 years of a country's
    history stay a chart and a table of about 300 rows, not one row per change."""
    if not steps:
        return []
    last_month = steps[-1][0]
    last = today if last_month <= today else _month_end(last_month)
    return counts_from_steps(steps, _month_ends(steps[0][0], last))


def _month_end(day):
    return datetime.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _month_ends(first, last):
    """The last day of each month from `first`'s to the one before `last`'s, then `last`."""
    points = []
    year, month = first.year, first.month
    while (year, month) < (last.year, last.month):
        points.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [*points, last]
