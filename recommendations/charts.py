"""Status charts as pure functions: plain rows in, plotly figure dicts (or counts) out."""

import datetime

from recommendations.models import Status
from tipwatch.palette import STATUS_COLOURS, STATUS_PATTERNS

FONT = {"family": "system-ui, sans-serif", "size": 13}


def status_counts(published, changes, points):
    """How many recommendations are in each status at each point in time.

    published: {report year: number of recommendations}; a recommendation counts from 1 January
    of its report year (the earliest as-of date a status may have), as Not assessed until its
    first change. changes: (recommendation id, as_of, status) sorted by as_of then entry order,
    so the latest change as of a date wins. points: sorted dates. Returns [(date, {status: n})].
    One pass over the changes: the caller may stream them from the database.
    """
    changes = iter(changes)
    pending = next(changes, None)
    current = {}  # recommendation id -> latest status so far
    tracked = dict.fromkeys(Status.values, 0)
    series = []
    for point in points:
        while pending is not None and pending[1] <= point:
            rec_id, _, status = pending
            if rec_id in current:
                tracked[current[rec_id]] -= 1
            current[rec_id] = status
            tracked[status] += 1
            pending = next(changes, None)
        total = sum(n for year, n in published.items() if datetime.date(year, 1, 1) <= point)
        counts = dict(tracked)
        counts[Status.NOT_ASSESSED] += max(0, total - len(current))
        series.append((point, counts))
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
    return {
        "font": FONT,
        "margin": {"l": 64, "r": 10, "t": 20, "b": 40},
        "legend": {"orientation": "h", "y": -0.25},
        "yaxis": {"title": {"text": "Recommendations"}, "fixedrange": True, "automargin": True},
        "height": 380,
        **extra,
    }


def status_over_time(series):
    """Stacked step areas: a country's recommendations in each status at each date."""
    return {
        "data": _status_traces(series, "scatter"),
        "layout": _layout(xaxis={"type": "date"}),
    }


def status_composition(series):
    """Stacked bars: recommendations in each status at each year end. series: [(year, counts)]."""
    return {
        "data": _status_traces(series, "bar"),
        "layout": _layout(
            barmode="stack",
            xaxis={"dtick": 1, "fixedrange": True},
        ),
    }


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
