"""Chart theme and export shared by every domain.

Nothing here imports plotly or kaleido at import time; they load when a figure is built or exported.
"""

from cluster_analysis.charts.export import FigureExporter, decorate, find_chromium
from cluster_analysis.charts.theme import (
    OKABE_ITO,
    STATUS_COLOURS,
    STATUS_LABELS,
    cluster_template,
    register_theme,
    status_colour,
    use_theme,
)

__all__ = [
    "OKABE_ITO",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "FigureExporter",
    "cluster_template",
    "decorate",
    "find_chromium",
    "register_theme",
    "status_colour",
    "use_theme",
]
