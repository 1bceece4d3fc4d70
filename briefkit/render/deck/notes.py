"""Footnotes on slides: planned slides and the brief's notes in, the same slides with their
notes' sources out.

A slide whose text cites footnotes gets one small line just above the footer, each cited note's
number and text, cut at whole words with "…" when they do not fit on one line; the full text of
every note a slide cites, in its text or in its speaker notes, follows in the speaker notes.
Numbers are those of the report: 1, 2, ... in order of first citation.
"""

from __future__ import annotations

import dataclasses
import re

from ...model import note_mark
from .plan import (
    MARGIN,
    SOURCES_SIZE,
    Box,
    BulletsSlide,
    ContentSlide,
    Frame,
    ProseSlide,
    QuoteSlide,
    Slide,
    TableSlide,
    TextBox,
)
from .text import LINE_SPACING, Measure, Span, Spans, longest_fitting, notes_in, split_spans, with_ellipsis

_MARKS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def cite_notes(slides: list[Slide], notes: dict[int, str], measure: Measure, frame: Frame) -> list[Slide]:
    """`slides` with source lines and speaker notes for the footnotes each one cites."""
    if not notes:
        return slides
    return [_cite(slide, notes, measure, frame) for slide in slides]


def _cite(slide: Slide, notes: dict[int, str], measure: Measure, frame: Frame) -> Slide:
    shown = [n for n in notes_in(tuple(span for spans in _spans(slide) for span in spans)) if n in notes]
    mentioned = [int(mark.translate(_DIGITS)) for mark in _MARKS.findall(slide.notes)]
    numbers = list(dict.fromkeys([*shown, *(n for n in mentioned if n in notes)]))
    if not numbers:
        return slide
    text = "\n".join(f"{note_mark(n)} {notes[n]}" for n in numbers)
    changes = {"notes": f"{slide.notes}\n\nNotes:\n{text}" if slide.notes else f"Notes:\n{text}"}
    if shown and isinstance(slide, ContentSlide):
        changes["sources"] = _line(shown, notes, measure, frame)
    return dataclasses.replace(slide, **changes)


def _line(numbers: list[int], notes: dict[int, str], measure: Measure, frame: Frame) -> TextBox:
    """The one-line source text above the footer, cut to fit."""
    spans: Spans = (Span("   ".join(f"{note_mark(n)} {notes[n]}" for n in numbers)),)
    width = frame.width

    def fits(candidate: Spans) -> bool:
        return measure.lines(candidate, SOURCES_SIZE, width) == 1

    if not fits(spans):
        offset = longest_fitting(spans, lambda head: fits(with_ellipsis(head)))
        spans = with_ellipsis(split_spans(spans, offset)[0])
    height = SOURCES_SIZE * LINE_SPACING
    box = Box(MARGIN, frame.footer.top - height - 1.0, width, height)
    return TextBox(spans[0].text, SOURCES_SIZE, 1, box)


def _spans(slide: Slide) -> list[Spans]:
    """Every run of text a slide shows."""
    found: list[Spans] = []
    if isinstance(slide, BulletsSlide):
        found += [bullet.spans for bullet in slide.bullets]
        if slide.callout is not None:
            found.append(slide.callout.spans)
    elif isinstance(slide, ProseSlide):
        found += list(slide.paragraphs)
    elif isinstance(slide, QuoteSlide):
        found.append(slide.spans)
    elif isinstance(slide, TableSlide) and slide.table is not None:
        found += [*slide.table.header, *(cell for row in slide.table.rows for cell in row)]
    return found
