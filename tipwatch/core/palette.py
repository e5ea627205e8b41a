"""Colours for tiers, statuses and pillars, the same in charts (here) and badges (site.css).

Colour is never the only cue: badges carry their label and a pattern, chart traces their name
and a marker symbol or bar pattern (see PATTERNS).
"""

TIER_COLOURS = {
    "1": "#2e7d32",
    "2": "#7cb342",
    "2WL": "#f9a825",
    "3": "#c62828",
    "SC": "#6a5acd",
    "": "#bdbdbd",  # no data / not assessed
}

STATUS_COLOURS = {
    "not_assessed": "#bdbdbd",
    "no_progress": "#c62828",
    "in_progress": "#f9a825",
    "partial": "#7cb342",
    "implemented": "#2e7d32",
}

# plotly bar pattern shapes, so that stacked bars read in grayscale too.
TIER_PATTERNS = {"1": "", "2": "/", "2WL": "-", "3": "x", "SC": "."}
STATUS_PATTERNS = {
    "not_assessed": ".",
    "no_progress": "x",
    "in_progress": "-",
    "partial": "/",
    "implemented": "",
}

# Pillars (Okabe-Ito, distinguishable with colour-vision deficiencies), with bar patterns too.
PILLAR_COLOURS = {
    "prosecution": "#0072b2",
    "protection": "#e69f00",
    "prevention": "#009e73",
    "partnership": "#cc79a7",
    "general": "#999999",
}
PILLAR_PATTERNS = {
    "prosecution": "",
    "protection": "/",
    "prevention": "x",
    "partnership": "-",
    "general": ".",
}
