"""Charts drawn on the server as plain SVG: pure functions from rows to SVG markup.

For what cannot run plotly.js (a PDF, a printout, a page read without JavaScript). Nothing
here touches the database or a browser. Colour is never the only cue: each tier has its own
marker shape and row, and every marker carries a <title> naming its year and tier.
"""

from html import escape

from countries.tiers import Tier
from tipwatch.core.palette import TIER_COLOURS

# Rows top to bottom, as the plotly tier chart (countries/charts.py) has them.
ROWS = [Tier.TIER_1, Tier.TIER_2, Tier.WATCH_LIST, Tier.TIER_3, Tier.SPECIAL_CASE, ""]
ROW_LABELS = {**{tier: Tier(tier).label for tier in ROWS if tier}, "": "No data"}
SHAPES = {
    Tier.TIER_1: "circle",
    Tier.TIER_2: "square",
    Tier.WATCH_LIST: "diamond",
    Tier.TIER_3: "triangle",
    Tier.SPECIAL_CASE: "star",
    "": "cross",
}

WIDTH = 640
ROW_HEIGHT = 18
LEFT = 118  # room for "Tier 2 Watch List"
RIGHT = 12
TOP = 8
BOTTOM = 22  # room for the year labels
MARKER = 5  # half a marker's size
FONT = 10
LABEL_CHAR_WIDTH = 6.5  # a digit at FONT px is narrower: four of them fit in 26 px
LABEL_GAP = 8


def year_step(first, last, plot_width=WIDTH - LEFT - RIGHT):
    """Label every year, or every 2nd, 5th, 10th...: the smallest step whose labels (four
    digits) do not touch at the chart's width."""
    years = last - first + 1
    per_year = plot_width / max(years - 1, 1)
    label = 4 * LABEL_CHAR_WIDTH + LABEL_GAP
    for step in (1, 2, 5, 10, 20, 50):
        if per_year * step >= label:
            return step
    return 100


def labelled_years(first, last):
    """The years that get a label: the last (a brief's own year) and every `year_step`-th
    before it."""
    return sorted(range(last, first - 1, -year_step(first, last)))


def _marker(shape, x, y, colour):
    m = MARKER
    style = f'fill="{colour}" stroke="#212121" stroke-width="0.8"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{m}" {style}/>'
    if shape == "square":
        return f'<rect x="{x - m:.1f}" y="{y - m:.1f}" width="{2 * m}" height="{2 * m}" {style}/>'
    if shape == "cross":
        return (
            f'<path d="M{x - m:.1f},{y - m:.1f}L{x + m:.1f},{y + m:.1f}'
            f'M{x - m:.1f},{y + m:.1f}L{x + m:.1f},{y - m:.1f}" stroke="#616161" '
            'stroke-width="1.6" fill="none"/>'
        )
    points = {
        "diamond": [(0, -m - 1), (m + 1, 0), (0, m + 1), (-m - 1, 0)],
        "triangle": [(0, -m - 1), (m + 1, m), (-m - 1, m)],
        "star": [
            (0, -m - 1),
            (2, -2),
            (m + 1, -1),
            (3, 2),
            (4, m + 1),
            (0, 3),
            (-4, m + 1),
            (-3, 2),
            (-m - 1, -1),
            (-2, -2),
        ],
    }[shape]
    path = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in points)
    return f'<polygon points="{path}" {style}/>'


def tier_history_svg(rows, first_year=None, last_year=None, *, highlight=None, title=""):
    """The tier of each report year as an SVG step chart (a string of markup).

    rows: (year, tier) of the years on record; years from first_year to last_year without a
    row are marked "No data" (never a tier). highlight: a year to shade (the brief's year).
    Returns "" when there is nothing to draw.
    """
    tiers = dict(rows)
    if not tiers and first_year is None:
        return ""
    first = min([*tiers, *([first_year] if first_year else [])])
    last = max([*tiers, *([last_year] if last_year else [])])
    height = TOP + ROW_HEIGHT * len(ROWS) + BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    span = max(last - first, 1)

    def x_of(year):
        offset = plot_width / 2 if first == last else (year - first) * plot_width / span
        return LEFT + offset

    def y_of(tier):
        return TOP + ROW_HEIGHT * ROWS.index(tier) + ROW_HEIGHT / 2

    label = title or f"Tier per report year, {first} to {last}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="svg-chart" viewBox="0 0 {WIDTH} '
        f'{height}" width="{WIDTH}" height="{height}" role="img" font-family="DejaVu Sans, '
        f'sans-serif" font-size="{FONT}"><title>{escape(label)}</title>'
    ]
    if highlight is not None and first <= highlight <= last:
        half = max(plot_width / span / 2, MARKER + 2)
        parts.append(
            f'<rect x="{x_of(highlight) - half:.1f}" y="{TOP}" width="{2 * half:.1f}" '
            f'height="{ROW_HEIGHT * len(ROWS)}" fill="#e3f2fd"/>'
        )
    for tier in ROWS:
        y = y_of(tier)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            'stroke="#e0e0e0" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + FONT / 3:.1f}" text-anchor="end">'
            f"{escape(ROW_LABELS[tier])}</text>"
        )
    axis_y = TOP + ROW_HEIGHT * len(ROWS)
    for year in labelled_years(first, last):
        parts.append(
            f'<text x="{x_of(year):.1f}" y="{axis_y + 15}" text-anchor="middle">{year}</text>'
        )
    # The steps: a line joins consecutive rated years; a missing year breaks it.
    for year in range(first, last):
        if year in tiers and year + 1 in tiers:
            x1, x2 = x_of(year), x_of(year + 1)
            y1, y2 = y_of(tiers[year]), y_of(tiers[year + 1])
            parts.append(
                f'<path d="M{x1:.1f},{y1:.1f}H{(x1 + x2) / 2:.1f}V{y2:.1f}H{x2:.1f}" '
                'stroke="#757575" stroke-width="1.2" fill="none"/>'
            )
    for year in range(first, last + 1):
        tier = tiers.get(year, "")
        parts.append(
            f"<g><title>{year}: {escape(ROW_LABELS[tier])}</title>"
            f"{_marker(SHAPES[tier], x_of(year), y_of(tier), TIER_COLOURS[tier])}</g>"
        )
    parts.append("</svg>")
    return "".join(parts)
