"""The deck writer: a DeckPlan, the theme, diagram layouts and the stamp in, .pptx bytes out.

Draws exactly what the plan says, slide by slide, into the theme's template (or python-pptx's
default one): the title slide on the template's title layout, every other slide on its layout
with a title and a body placeholder. Each slide gets the frame (classification banners, footer
with the short title and build stamp, slide number) and its planned speaker notes. The package
is written with fixed dates and order, so the same inputs always give the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...diagram.draw_pptx import draw_flow
from ...model import FlowSpec
from ...stamp import Stamp
from ...theme import Theme
from ..deck.plan import ChartSlide, DeckPlan, FlowSlide, TableSlide
from .package import BODIES, Notes, Slides, open_deck, placeholder, save, set_properties
from .slides import (
    draw_bullets,
    draw_code,
    draw_frame,
    draw_heading,
    draw_image,
    draw_passage,
    draw_prose,
    draw_quote,
    draw_section,
    draw_table,
    draw_title_slide,
    remove,
    text_box,
)
from .text import Style, plain

if TYPE_CHECKING:
    from ...diagram.layout import DiagramLayout

DRAWERS = {
    "bullets": draw_bullets,
    "agenda": draw_bullets,
    "prose": draw_prose,
    "section": draw_section,
    "quote": draw_quote,
    "code": draw_code,
    "image": draw_image,
}


def render_pptx(plan: DeckPlan, theme: Theme, layouts: dict[FlowSpec, DiagramLayout], stamp: Stamp) -> bytes:
    """The deck as .pptx bytes; raises ContentError when the theme's template lacks a layout."""
    deck = open_deck(theme.pptx_template)
    style = Style.of(theme)
    slides, notes = Slides(deck.presentation), Notes(deck.presentation)
    footer = f"{plan.meta.short_title} · {stamp.text}"
    classification = plan.meta.classification
    for number, slide_plan in enumerate(plan.slides, 1):
        if slide_plan.kind == "title":
            slide = slides.add(deck.title_layout)
            draw_title_slide(slide, slide_plan, style)
        else:
            slide = slides.add(deck.content_layout)
            draw_heading(slide, slide_plan, style)
            _draw_body(slide, slide_plan, style, layouts, theme, stamp)
        sources = getattr(slide_plan, "sources", None)
        draw_frame(slide, plan.frame, style, classification, footer, None if number == 1 else number, sources)
        if slide_plan.notes:
            notes.add(slide, slide_plan.notes)
        slides.finish(slide)
    set_properties(deck.presentation, plan.meta, plan.keywords, stamp)
    return save(deck.presentation, stamp.timestamp)


def _draw_body(slide, plan, style: Style, layouts: dict, theme: Theme, stamp: Stamp) -> None:
    for passage in (plan.lead, plan.caption):
        if passage is not None:
            draw_passage(slide, passage, style)
    if isinstance(plan, ChartSlide):
        remove(placeholder(slide, BODIES))
        _draw_chart(slide, plan, style, theme, stamp)
    elif isinstance(plan, TableSlide):
        remove(placeholder(slide, BODIES))
        draw_table(slide, plan.table, plan.body, style)
    elif isinstance(plan, FlowSlide):
        remove(placeholder(slide, BODIES))
        _draw_flow(slide, plan, style, layouts, theme)
    else:
        DRAWERS[plan.kind](slide, plan, style)


def _draw_flow(slide, plan: FlowSlide, style: Style, layouts: dict, theme: Theme) -> None:
    """The diagram laid out for this flow, or the table of flows when there is no layout."""
    layout = layouts.get(plan.spec)
    if layout is None:
        draw_table(slide, plan.fallback, plan.body, style)
        return
    body = plan.body
    draw_flow(slide, layout, theme, body.left, body.top, body.width, body.height)


def _draw_chart(slide, plan: ChartSlide, style: Style, theme: Theme, stamp: Stamp) -> None:
    """The native chart in its planned box, with its caption, estimate key and source line."""
    from ...chart.draw_pptx import add_chart, estimate_swatch
    from ...chart.style import chart_look

    look = chart_look(plan.spec, theme)
    box = plan.chart
    add_chart(slide, plan.spec, look, (box.left, box.top, box.width, box.height), stamp.timestamp)
    for text in (plan.title_caption, plan.key_text, plan.source):
        if text is not None:
            shape = text_box(slide, text.box)
            color = style.text if text is plan.title_caption else style.muted
            plain(shape, text.text, text.size, style.heading, style, color, slide.part)
    if plan.key is not None:
        key = plan.key
        estimate_swatch(slide, (key.left, key.top, key.width, key.height), look, plan.spec.kind)
