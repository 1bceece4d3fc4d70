"""The deck writer: a DeckPlan and the stamp in, .pptx bytes out.

Draws exactly what the plan says, slide by slide, into the plan's template (or python-pptx's
default one): the title slide on the plan's title layout, a divider the plan puts on the
template's section-header layout on that layout in its colours, every other slide on its
content layout with a title and a body placeholder. Each slide gets the planned furniture
(classification banners, footer, slide number, or the template's own placeholders for them) and
its planned speaker notes. The package is written with fixed dates and order, so
the same inputs always give the same bytes.
"""

from __future__ import annotations

from dataclasses import replace

from ... import progress
from ...diagram.draw_pptx import draw_flow
from ...stamp import Stamp
from ...theme import Theme
from ..deck.plan import ChartSlide, DeckPlan, FlowSlide, SectionSlide, TableSlide
from .package import BODIES, Notes, Slides, open_deck, placeholder, save, set_properties
from .pictures import draw_inline_pictures
from .slides import (
    Furnisher,
    draw_bullets,
    draw_code,
    draw_heading,
    draw_image,
    draw_passage,
    draw_prose,
    draw_quote,
    draw_section,
    draw_sources,
    draw_table,
    draw_title_slide,
    remove,
    text_box,
)
from .text import Style, plain

DRAWERS = {
    "bullets": draw_bullets,
    "agenda": draw_bullets,
    "prose": draw_prose,
    "section": draw_section,
    "quote": draw_quote,
    "code": draw_code,
    "image": draw_image,
}


def render_pptx(plan: DeckPlan, stamp: Stamp) -> bytes:
    """The deck as .pptx bytes."""
    deck = open_deck(plan)
    style = Style.of(plan.look, plan.anchors)
    slides, notes = Slides(deck.presentation), Notes(deck.presentation)
    furnisher = Furnisher(plan.furniture, style)
    # divider text links through the same jumps, which are resolved once every slide is added
    section_style = replace(Style.of(plan.section_look), jumps=style.jumps) if plan.section_look else style
    for slide_plan in progress.counting(plan.slides, progress.Slides):
        layout, own = deck.content_layout, style
        if slide_plan.kind == "title":
            layout = deck.title_layout
        elif isinstance(slide_plan, SectionSlide) and slide_plan.templated:
            layout, own = deck.section_layout, section_style
        slide = slides.add(layout)
        if slide_plan.kind == "title":
            draw_title_slide(slide, slide_plan, style)
        else:
            draw_heading(slide, slide_plan, own)
            _draw_body(slide, slide_plan, own, plan, stamp)
            draw_inline_pictures(slide, slide_plan.pictures)
        furnisher.draw(slide, slide_plan.number, layout)
        sources = getattr(slide_plan, "sources", None)
        if sources is not None:
            draw_sources(slide, sources, style)
        if slide_plan.notes:
            notes.add(slide, slide_plan.notes)
        slides.finish(slide)
    style.jumps.resolve(deck.presentation)
    set_properties(deck.presentation, plan.meta, plan.keywords, stamp)
    return save(deck.presentation, stamp.timestamp)


def _draw_body(slide, plan, style: Style, deck: DeckPlan, stamp: Stamp) -> None:
    for passage in (plan.lead, plan.caption):
        if passage is not None:
            draw_passage(slide, passage, style)
    if isinstance(plan, ChartSlide):
        remove(placeholder(slide, BODIES))
        _draw_chart(slide, plan, style, deck.theme, stamp)
    elif isinstance(plan, TableSlide):
        remove(placeholder(slide, BODIES))
        draw_table(slide, plan.table, plan.body, style)
    elif isinstance(plan, FlowSlide):
        remove(placeholder(slide, BODIES))
        box = plan.placed.box  # the diagram's own scaled size: the drawer needs neither scale nor centre
        draw_flow(slide, plan.placed.layout, deck.theme, box.left, box.top, box.width, box.height)
    else:
        DRAWERS[plan.kind](slide, plan, style)


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
