"""Cost of building the dashboard's and the trends page's figures, validated through
plotly.graph_objects (tipwatch.core.charts.figure) against plain dicts (what the charts returned
before), at the planned scale (195 countries, 25 report years). Not part of the test suite.

    .venv/bin/python bench/chart_build.py [--repeat 100]

Only a cold page pays this: the page cache keeps the rendered body until the data changes.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipwatch.settings")
os.environ.setdefault("SECRET_KEY", "bench-chart-build-not-a-secret")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from countries import charts as tier_charts  # noqa: E402
from recommendations import charts as status_charts  # noqa: E402
from tipwatch.core import charts  # noqa: E402

TIERS = ["1", "2", "2WL", "3", "SC", ""]
REGIONS = {"AF": "Africa", "EAP": "EAP", "EUR": "Europe", "NEA": "NEA", "SCA": "SCA", "WHA": "WHA"}
YEARS = range(2001, 2026)


def dashboard_figures():
    rows = [(f"Q{n:02d}", f"Country {n}", TIERS[n % 6], f"/countries/c{n}/") for n in range(195)]
    return [tier_charts.tier_map(rows, 2025)]


def trends_figures():
    distribution = [(y, t, 20 + i) for y in YEARS for i, t in enumerate(TIERS[:5])]
    scores = [(y, r, 2.0 + i / 10) for y in YEARS for i, r in enumerate(REGIONS)]
    trajectory = [(f"Country {n}", y, TIERS[(n + y) % 4]) for n in range(8) for y in YEARS]
    composition = [(y, {"not_assessed": 5, "no_progress": 3, "implemented": 2}) for y in YEARS]
    return [
        tier_charts.tier_distribution(distribution),
        tier_charts.region_scores(scores, REGIONS),
        tier_charts.trajectories(trajectory, 2001, 2025),
        status_charts.status_composition(composition),
    ]


def timed(build, repeat):
    started = time.perf_counter()
    for _ in range(repeat):
        build()
    return (time.perf_counter() - started) / repeat * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    repeat = parser.parse_args().repeat
    dashboard_figures(), trends_figures()  # plotly loads its validators once per process
    validated = {"dashboard": timed(dashboard_figures, repeat)}
    validated["trends"] = timed(trends_figures, repeat)
    real_figure = charts.figure
    plain = {}
    try:
        for module in (charts, tier_charts, status_charts):
            module.figure = lambda data, layout: {"data": data, "layout": layout}
        plain["dashboard"] = timed(dashboard_figures, repeat)
        plain["trends"] = timed(trends_figures, repeat)
    finally:
        for module in (charts, tier_charts, status_charts):
            module.figure = real_figure
    print(f"ms per page's figures, mean of {repeat}: plain dicts -> graph_objects + plotly.io")
    for page in validated:
        print(f"  {page:9} {plain[page]:7.2f} -> {validated[page]:7.2f}")


if __name__ == "__main__":
    main()
