"""What every chart shares: the layout (font, margins, legend, white background) and the step
that makes a figure with plotly.graph_objects and serialises it (Figure.to_plotly_json).

Chart modules (countries/charts.py, recommendations/charts.py) are pure functions from rows to
`figure(data, layout(...))`. Building through go.Figure validates every trace and layout
property, so a misspelt or misplaced one raises ValueError in the chart's unit test instead of
being silently ignored by plotly.js in the browser. It costs a cold page about 30 ms
(dashboard) and 65 ms (trends) more than plain dicts did (bench/chart_build.py); the page cache
keeps the body, figures included, until the data changes.
"""

import plotly.graph_objects as go

FONT = {"family": "system-ui, sans-serif", "size": 13}


def layout(**extra):
    """The shared layout, with a chart's own settings (`extra`) over it."""
    return {
        "font": FONT,
        "margin": {"l": 64, "r": 10, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": -0.2},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        **extra,
    }


def figure(data, layout):
    """The figure as plain JSON data for the page's json_script: built and validated by
    plotly.graph_objects, then serialised. Plotly's default template is left out (the page's
    plotly.js applies none), so the figure holds only what the chart says."""
    built = go.Figure(data=data, layout={**layout, "template": "none"})
    serialised = built.to_plotly_json()
    serialised["layout"].pop("template", None)
    return serialised
