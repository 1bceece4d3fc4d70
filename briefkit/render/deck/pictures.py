"""Inline pictures placed: planned slides in, the same slides with the text that holds small
pictures (badges) set in lines and the boxes of those pictures out.

A picture stands in its paragraph's line where it is written, as `Measure.lay_out` sets the
paragraph: the text keeps a room as wide as the picture there (the writer fills it with a
spaced no-break space), a line break stands where each line after the first begins, so a
client breaks the lines where the plan did, and the picture is drawn over its room, centred on
its line. Paragraphs follow one another as the writer sets them: each after its space before
but the first of a text box (PowerPoint and LibreOffice both leave that space out), lines at
LINE_SPACING; a table cell's text starts inside its padding and keeps the column's alignment.
"""

from __future__ import annotations

import dataclasses

from .fit import CELL_X, CELL_Y
from .plan import (
    PROSE_GAP,
    Box,
    BulletsSlide,
    Callout,
    ContentSlide,
    InlinePicture,
    ProseSlide,
    QuoteSlide,
    Slide,
    TableSlide,
)
from .text import LINE_SPACING, Measure, Spans, pictures_in


def place_pictures(slides: list[Slide], measure: Measure) -> list[Slide]:
    """`slides`, each content slide with the inline pictures of its text placed."""
    return [_placed(slide, measure) for slide in slides]


class _Placer:
    """Sets the paragraphs of one slide that hold pictures, collecting the pictures' boxes."""

    def __init__(self, measure: Measure):
        self.measure = measure
        self.found: list[InlinePicture] = []

    def set(
        self,
        spans: Spans,
        size: float,
        left: float,
        top: float,
        width: float,
        bold: bool = False,
        align: str | None = None,
    ) -> Spans:
        """`spans`, whose first line's top is `top` in a box `width` wide at `left`, set in lines
        (unchanged without pictures); their pictures' boxes are collected."""
        if not pictures_in(spans):
            return spans
        setting = self.measure.lay_out(spans, size, width, "body", bold, align)
        pitch = size * LINE_SPACING
        for placed in setting.pictures:
            line_top = top + placed.line * pitch
            box = Box(left + placed.x, line_top + (pitch - placed.height) / 2, placed.width, placed.height)
            self.found.append(InlinePicture(placed.span.picture, box, placed.span.url))
        return setting.spans

    def callout(self, callout: Callout) -> Callout:
        text, size = callout.text, callout.size
        top = text.top
        parts = []
        for index, part in enumerate(callout.parts):
            top += part.space_before(size) if index else 0.0
            width = text.width - part.indent
            parts.append(
                dataclasses.replace(part, spans=self.set(part.spans, size, text.left + part.indent, top, width))
            )
            top += self.measure.lines(part.spans, size, width) * size * LINE_SPACING
        return dataclasses.replace(callout, parts=tuple(parts))


def _placed(slide: Slide, measure: Measure) -> Slide:
    if not isinstance(slide, ContentSlide) or not any(pictures_in(spans) for spans in _texts(slide)):
        return slide  # most slides have no pictures: nothing to measure
    placer = _Placer(measure)
    changes: dict[str, object] = {}
    if slide.lead is not None:
        lead = slide.lead
        spans = placer.set(lead.spans, lead.size, lead.box.left, lead.box.top, lead.box.width)
        changes["lead"] = dataclasses.replace(lead, spans=spans)
    if isinstance(slide, BulletsSlide):
        area = slide.bullets_area
        top = area.top
        bullets = []
        for index, bullet in enumerate(slide.bullets):
            top += bullet.space_before if index else 0.0
            width = area.width - bullet.indent
            spans = placer.set(bullet.spans, bullet.size, area.left + bullet.indent, top, width, bullet.heading)
            bullets.append(dataclasses.replace(bullet, spans=spans))
            top += measure.lines(bullet.spans, bullet.size, width, "body", bullet.heading) * bullet.size * LINE_SPACING
        changes["bullets"] = tuple(bullets)
        if slide.callout is not None:
            changes["callout"] = placer.callout(slide.callout)
    elif isinstance(slide, ProseSlide):
        top, size, area = slide.body.top, slide.size, slide.body
        paragraphs = []
        for index, spans in enumerate(slide.paragraphs):
            top += size * PROSE_GAP if index else 0.0
            paragraphs.append(placer.set(spans, size, area.left, top, area.width))
            top += measure.lines(spans, size, area.width) * size * LINE_SPACING
        changes["paragraphs"] = tuple(paragraphs)
    elif isinstance(slide, QuoteSlide):
        changes["parts"] = placer.callout(Callout(slide.parts, slide.size, slide.callout)).parts
    elif isinstance(slide, TableSlide) and slide.table is not None:
        table, area = slide.table, slide.body
        top = area.top
        rows = []
        for index, (row, height) in enumerate(zip((table.header, *table.rows), table.row_heights, strict=True)):
            left = area.left
            cells = []
            for col, (cell, width) in enumerate(zip(row, table.col_widths, strict=True)):
                align = table.aligns[col] if col < len(table.aligns) else None
                inner = width - 2 * CELL_X
                cells.append(placer.set(cell, table.size, left + CELL_X, top + CELL_Y, inner, index == 0, align))
                left += width
            rows.append(tuple(cells))
            top += height
        changes["table"] = dataclasses.replace(table, header=rows[0], rows=tuple(rows[1:]))
    return dataclasses.replace(slide, pictures=tuple(placer.found), **changes)


def _texts(slide: ContentSlide) -> list[Spans]:
    """Every text of a slide that may hold pictures."""
    found = [slide.lead.spans] if slide.lead is not None else []
    if isinstance(slide, BulletsSlide):
        found += [bullet.spans for bullet in slide.bullets]
        found += [part.spans for part in slide.callout.parts] if slide.callout is not None else []
    elif isinstance(slide, ProseSlide):
        found += slide.paragraphs
    elif isinstance(slide, QuoteSlide):
        found += [part.spans for part in slide.parts]
    elif isinstance(slide, TableSlide) and slide.table is not None:
        found += [*slide.table.header, *(cell for row in slide.table.rows for cell in row)]
    return found
