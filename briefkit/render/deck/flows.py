"""A flow slide's diagram, laid out for the body box the slide really gives it.

In: a flow's spec, the deck's setup, the layouts made ahead for the slides (in the theme's
heading font, for a body of the usual shape) and the box left for the diagram once the lead
and caption have theirs. Out: a `PlacedFlow`, the diagram scaled to fit that box and centred
in it, and the text size it is drawn at. A layered (dot) layout is chosen for the very box, so
a wider or lower body than usual gets the shape that draws its text largest there; a ring
layout takes its wide form in any body, so the one made ahead is kept where its font is the
slides' own.
"""

from __future__ import annotations

from ...diagram.dot import needs_dot
from ...diagram.layout import DiagramLayout, layout_flow
from ...model import FlowSpec
from .frame import Setup, diagram_theme
from .plan import Box, PlacedFlow


def place_diagram(spec: FlowSpec, ready: Setup, layouts: dict[FlowSpec, DiagramLayout], area: Box) -> PlacedFlow:
    """The flow laid out for `area` and placed in it."""
    fonts = ready.theme.fonts
    made = layouts.get(spec) if fonts.heading == fonts.slide_heading else None
    if made is None or needs_dot(len(spec.nodes), len(spec.edges)):
        made = layout_flow(spec, diagram_theme(ready), box=(area.width, area.height))
    return place_flow(made, area)


def place_flow(layout: DiagramLayout, area: Box) -> PlacedFlow:
    """The diagram scaled as the deck draws it in `area` (its text no larger than the drawer's
    MAX_TEXT_SIZE) and centred in it."""
    from ...diagram.draw_pptx import slide_scale

    scale = slide_scale(layout, area.width, area.height)
    w, h = layout.width * scale, layout.height * scale
    box = Box(area.left + (area.width - w) / 2, area.top + (area.height - h) / 2, w, h)
    return PlacedFlow(layout, box, scale)


def drawn_size(placed: PlacedFlow) -> float:
    """The text size in points the slide draws the placed diagram at."""
    return placed.layout.font_size * placed.scale
