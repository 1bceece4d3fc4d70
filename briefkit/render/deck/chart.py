"""A chart's slide: a ChartSpec, its heading and the body area in, a ChartSlide out.

The body holds, from the top: the chart's caption when the heading is not already the caption
(a chart on its section's own slide), the chart, and a bottom line with the estimate key (a
hatched swatch and "Estimate") at the left and the source at the right of it. Text is measured
here; the writer only draws.
"""

from __future__ import annotations

from ...chart.style import ESTIMATE_LABEL
from ...model import ChartSpec
from .fit import fit_heading
from .plan import Box, ChartSlide, TextBox
from .text import Measure, Span, clean

CAPTION_SIZE = 18.0
NOTE_SIZE = 12.0
GAP = 8.0
SWATCH = (18.0, 12.0)


def plan_chart(spec: ChartSpec, line: int, heading: TextBox, body: Box, measure: Measure) -> ChartSlide:
    """The chart slide under `heading`; the caption is shown apart when the heading is not it."""
    top, bottom = body.top, body.bottom
    caption = None
    if spec.caption and clean(spec.caption) != heading.text:
        caption = fit_heading(measure, clean(spec.caption), Box(body.left, top, body.width, 0), CAPTION_SIZE, 16, False)
        top = caption.box.bottom + GAP
    key = key_text = source = None
    left = body.left
    if spec.has_estimates:
        key_width = measure.width((Span(ESTIMATE_LABEL),), NOTE_SIZE, "heading")
        height = NOTE_SIZE * 1.3
        key_top = bottom - height
        key = Box(left, key_top + (height - SWATCH[1]) / 2, *SWATCH)
        key_text = TextBox(ESTIMATE_LABEL, NOTE_SIZE, 1, Box(left + SWATCH[0] + 6, key_top, key_width + 4, height))
        left = key_text.box.right + 24
    if spec.source:
        text = "Source: " + clean(spec.source)
        source = fit_heading(measure, text, Box(left, 0, body.right - left, 0), NOTE_SIZE, NOTE_SIZE, False)
        source = TextBox(source.text, source.size, source.lines, Box(left, bottom - source.box.height, *_size(source)))
    notes = [box for box in (key_text, source) if box is not None]
    if notes:
        bottom = min(box.box.top for box in notes) - GAP
    chart = Box(body.left, top, body.width, bottom - top)
    return ChartSlide(
        heading, body, "", line, spec, chart, title_caption=caption, source=source, key=key, key_text=key_text
    )


def _size(text: TextBox) -> tuple[float, float]:
    return text.box.width, text.box.height
