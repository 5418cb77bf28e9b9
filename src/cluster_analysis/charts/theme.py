"""The one plotly template every chart uses ("cluster").

Plotly is imported only inside functions so that importing :mod:`cluster_analysis` stays light. The
palette is Okabe-Ito (colour-blind safe); status colours never use red for "no data" (grey). Sizes fit
an A4 page: 1000 x 600 px at scale 3 is 3000 x 1800 px, about 16 cm wide at over 450 dpi.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from cluster_analysis.outputs import Text, text

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "FONT_FAMILY",
    "FOOTNOTE_COLOUR",
    "HEIGHT",
    "MARGIN",
    "OKABE_ITO",
    "SCALE",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "TEMPLATE_NAME",
    "WIDTH",
    "cluster_template",
    "register_theme",
    "status_colour",
    "use_theme",
    "wrap_label",
]

TEMPLATE_NAME = "cluster"

#: Named explicitly so Latin and Georgian come out in matching faces (stack-notes.md).
FONT_FAMILY = "Noto Sans, Noto Sans Georgian, DejaVu Sans, sans-serif"

#: Okabe & Ito (2008) colour-blind-safe palette, in the order used for series.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Indicator status colours (methods.md section 4). "no data" is light grey, never red; "manual"
#: (a qualitative indicator assessed by hand) is a dark slate, a neutral that stays apart from the
#: light grey by lightness alone, so colour-blind readers and greyscale prints tell them apart.
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#BBBBBB",
    "manual": "#5D6D7E",
}

STATUS_LABELS: dict[str, Text] = {
    "achieved": text("Achieved", "მიღწეულია"),
    "on_track": text("On track", "გეგმის მიხედვით"),
    "at_risk": text("At risk", "რისკის ქვეშაა"),
    "off_track": text("Off track", "ჩამორჩება"),
    "no_data": text("No data", "მონაცემები არ არის"),
    "manual": text("Assessed by hand", "შეფასებულია ხელით"),
}

WIDTH = 1000
HEIGHT = 600
SCALE = 3
#: Room for title + subtitle + legend (top) and axis title + footnote (bottom), in px.
MARGIN: dict[str, int] = {"l": 80, "r": 40, "t": 130, "b": 120}
TEXT_COLOUR = "#222222"
FOOTNOTE_COLOUR = "#555555"
GRID_COLOUR = "#E3E3E3"


def wrap_label(label: str, width: int = 36) -> str:
    """Break a long axis label into lines of at most ``width`` characters (plotly's ``<br>``)."""
    return "<br>".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def status_colour(status: str) -> str:
    """Return the colour of an indicator status ("achieved", "on track", ...); grey if unknown."""
    key = status.strip().lower().replace(" ", "_").replace("-", "_")
    return STATUS_COLOURS.get(key, STATUS_COLOURS["no_data"])


def cluster_template() -> go.layout.Template:
    """Return a new copy of the "cluster" plotly template.

    The template sets no width or height: interactive HTML and notebooks fill their container, and
    the exporter renders static files at :data:`WIDTH` x :data:`HEIGHT` (times :data:`SCALE`).
    """
    import plotly.graph_objects as go

    axis = {
        "gridcolor": GRID_COLOUR,
        "linecolor": "#888888",
        "zerolinecolor": "#AAAAAA",
        "ticks": "outside",
        "tickcolor": "#888888",
        "title": {"standoff": 12},
        "automargin": True,
    }
    return go.layout.Template(
        layout={
            "font": {"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOUR},
            "title": {
                "font": {"family": FONT_FAMILY, "size": 20, "color": TEXT_COLOUR},
                "x": 0.0,
                "xanchor": "left",
                "xref": "container",
                "pad": {"l": MARGIN["l"] - 10},
            },
            "colorway": list(OKABE_ITO),
            "margin": dict(MARGIN),
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "xaxis": axis,
            "yaxis": axis,
            "legend": {
                "orientation": "h",
                "x": 0.0,
                "xanchor": "left",
                "y": 1.01,
                "yanchor": "bottom",
                "title": {"text": ""},
                "font": {"size": 13},
            },
            "hoverlabel": {"font": {"family": FONT_FAMILY}},
            "separators": ".,",
        },
        data={"bar": [go.Bar(marker={"line": {"width": 0}})]},
    )


def register_theme() -> str:
    """Register the "cluster" template with plotly (idempotent) and return its name."""
    import plotly.io as pio

    pio.templates[TEMPLATE_NAME] = cluster_template()
    return TEMPLATE_NAME


def use_theme() -> str:
    """Register the "cluster" template and make it plotly's default; return its name."""
    import plotly.io as pio

    register_theme()
    pio.templates.default = TEMPLATE_NAME
    return TEMPLATE_NAME
