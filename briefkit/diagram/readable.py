"""Whether a flow's text is drawn large enough to read, and the warning when it is not.

In: a flow's spec and layout and the size it is drawn at (a slide's body box, or the scale a
report figure was given). Out: the drawn text size, and a located warning at the flow's fence
suggesting to split the block when that size is below what a reader needs: on a slide 12 pt
for up to 20 nodes and 10 pt for up to 40; in the report 7 pt.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Warnings
from ..model import FlowSpec

if TYPE_CHECKING:
    from ..theme import Theme
    from .layout import DiagramLayout

SLIDE_MINIMUM = ((20, 12.0), (40, 10.0))  # (up to this many nodes, least text size in points)
REPORT_MINIMUM = 7.0
CAPTION_ROOM = 48.0  # points a report figure on a page of its own leaves for its caption
HEADER_GAP = 2.0  # body leadings between the report's running header (and footer) and its text
HINT = "split the block into smaller flow blocks"


def slide_minimum(nodes: int) -> float:
    return next((size for most, size in SLIDE_MINIMUM if nodes <= most), SLIDE_MINIMUM[-1][1])


def slide_text(layout: DiagramLayout, width: float, height: float) -> float:
    """The text size the deck draws `layout` at in a body of `width` x `height` points."""
    from .draw_pptx import slide_scale

    return layout.font_size * slide_scale(layout, width, height)


def report_pages(theme: Theme) -> tuple[tuple[float, float], tuple[float, float]]:
    """The width and height a report diagram has on a page of its own, upright and turned
    sideways: the text frame (the page less its margins and a header gap above and below, as
    the report's page geometry sets them) less CAPTION_ROOM."""
    from ..theme import POINTS_PER_MM

    width, height = theme.page_points
    margin, gap = theme.margin_mm * POINTS_PER_MM, HEADER_GAP * theme.sizes.leading

    def frame(w: float, h: float) -> tuple[float, float]:
        return w - 2 * margin, h - 2 * (margin + gap) - CAPTION_ROOM

    return frame(width, height), frame(height, width)


def check_slide(
    path: Path, spec: FlowSpec, layout: DiagramLayout, width: float, height: float, warnings: Warnings
) -> None:
    """Warn at the flow's line when its slide text falls below the minimum for its node count."""
    drawn, least = slide_text(layout, width, height), slide_minimum(len(spec.nodes))
    if drawn < least - 1e-6:
        message = f"flow: on its slide the text is {drawn:.1f} pt, below {least:g} pt for {len(spec.nodes)} nodes"
        warnings.add(path, spec.line, message, HINT)


def check_report(path: Path, spec: FlowSpec, drawn: float, warnings: Warnings) -> None:
    """Warn at the flow's line when the report draws its text below REPORT_MINIMUM."""
    if drawn < REPORT_MINIMUM - 1e-6:
        message = f"flow: in the report the text is {drawn:.1f} pt even on a page of its own"
        message += f", below {REPORT_MINIMUM:g} pt"
        warnings.add(path, spec.line, message, HINT)
