"""Inline pictures placed: planned slides in, the same slides with the boxes of the small pictures
their text holds (badges) out.

A paragraph's pictures sit in one row on the line after its text, or on its only line when it
has no text, as `Measure.lines` counts them: from where the paragraph's text starts (centred or
at the right in a table cell aligned so), each as large as `picture_size` makes it and centred
on the line, the row scaled down when it is wider than the paragraph. Paragraphs follow one
another as the writer sets them: each after its space before, lines at LINE_SPACING.
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
from .text import LINE_SPACING, PICTURE_GAP, Measure, Spans, picture_size, pictures_in


def place_pictures(slides: list[Slide], measure: Measure) -> list[Slide]:
    """`slides`, each content slide with the inline pictures of its text placed."""
    return [_placed(slide, measure) for slide in slides]


def _placed(slide: Slide, measure: Measure) -> Slide:
    if not isinstance(slide, ContentSlide) or not any(pictures_in(spans) for spans in _texts(slide)):
        return slide  # most slides have no pictures: nothing to measure
    found: list[InlinePicture] = []
    if slide.lead is not None:
        lead = slide.lead
        found += _row(measure, lead.spans, lead.size, lead.box.left, lead.box.top, lead.box.width)
    if isinstance(slide, BulletsSlide):
        area = slide.bullets_area
        top = area.top
        for bullet in slide.bullets:
            top += bullet.space_before
            width = area.width - bullet.indent
            found += _row(measure, bullet.spans, bullet.size, area.left + bullet.indent, top, width, bullet.heading)
            top += measure.lines(bullet.spans, bullet.size, width, "body", bullet.heading) * bullet.size * LINE_SPACING
        if slide.callout is not None:
            found += _callout(measure, slide.callout)
    elif isinstance(slide, ProseSlide):
        top, size, area = slide.body.top, slide.size, slide.body
        for spans in slide.paragraphs:
            top += size * PROSE_GAP
            found += _row(measure, spans, size, area.left, top, area.width)
            top += measure.lines(spans, size, area.width) * size * LINE_SPACING
    elif isinstance(slide, QuoteSlide):
        found += _callout(measure, Callout(slide.parts, slide.size, slide.callout))
    elif isinstance(slide, TableSlide) and slide.table is not None:
        table, area = slide.table, slide.body
        top = area.top
        for index, (row, height) in enumerate(zip((table.header, *table.rows), table.row_heights, strict=True)):
            left = area.left
            for col, (cell, width) in enumerate(zip(row, table.col_widths, strict=True)):
                align = table.aligns[col] if col < len(table.aligns) else None
                inner = width - 2 * CELL_X
                found += _row(measure, cell, table.size, left + CELL_X, top + CELL_Y, inner, index == 0, align)
                left += width
            top += height
    return dataclasses.replace(slide, pictures=tuple(found)) if found else slide


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


def _callout(measure: Measure, callout: Callout) -> list[InlinePicture]:
    text, size = callout.text, callout.size
    found: list[InlinePicture] = []
    top = text.top
    for part in callout.parts:
        top += part.space_before(size)
        width = text.width - part.indent
        found += _row(measure, part.spans, size, text.left + part.indent, top, width)
        top += measure.lines(part.spans, size, width) * size * LINE_SPACING
    return found


def _row(
    measure: Measure,
    spans: Spans,
    size: float,
    left: float,
    top: float,
    width: float,
    bold: bool = False,
    align: str | None = None,
) -> list[InlinePicture]:
    """The pictures of one paragraph whose first line's top is `top`, its text `width` wide."""
    pictures = pictures_in(spans)
    if not pictures:
        return []
    pitch = size * LINE_SPACING
    line_top = top + (measure.lines(spans, size, width, "body", bold) - 1) * pitch
    sizes = [picture_size(span.picture, size) for span in pictures]
    gap = PICTURE_GAP * size
    total = sum(w for w, _ in sizes) + gap * (len(sizes) - 1)
    scale = min(1.0, width / total) if total > 0 else 1.0
    x = left + {"center": (width - total * scale) / 2, "right": width - total * scale}.get(align or "", 0.0)
    placed = []
    for span, (w, h) in zip(pictures, sizes, strict=True):
        box = Box(x, line_top + (pitch - h * scale) / 2, w * scale, h * scale)
        placed.append(InlinePicture(span.picture, box, span.url))
        x += (w + gap) * scale
    return placed
