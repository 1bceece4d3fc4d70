"""Slide text: model inlines in, styled spans, measured line counts and split points out.

The deck plan decides what fits on a slide before any pptx exists, so it needs to know how many
lines a piece of text takes in a box of a given width. This module answers that with the
theme's slide font files and the fallback fonts (through briefkit.measure, the one measurer),
wrapping words greedily the way presentation clients do, and it finds where to cut text that
is too long: after whole sentences when possible, else after whole words. Widths are measured
against a slightly narrower box than
the one drawn, so a client whose fonts differ a little still fits.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ... import measure
from ...fonts import family_files
from ...model import (
    Code,
    Emphasis,
    Highlight,
    Inline,
    InlineImage,
    InternalLink,
    LineBreak,
    Link,
    NoteRef,
    Strike,
    Strong,
    Subscript,
    Superscript,
    TaskBox,
    Text,
    Underline,
)
from ...theme import Theme

LINE_SPACING = 1.2  # line pitch as a multiple of the font size; written as exact spacing
WIDTH_SLACK = 0.92  # text is measured against this share of the width it is drawn in

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=\S)")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """`text` without the characters XML cannot hold (the reader strips most already)."""
    return _XML_ILLEGAL.sub("", text)


@dataclass(frozen=True)
class Span:
    """A run of text in one style; markup characters inside `text` are literal.

    `url` is an external address; `anchor` the anchor of a heading of the brief (a link to its
    slide); `baseline` raises (superscript, > 0) or lowers (subscript, < 0) the run, in percent
    of the font size as DrawingML counts it; `note` is the number of the footnote the run cites.
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    url: str | None = None
    strike: bool = False
    underline: bool = False
    baseline: int = 0
    anchor: str | None = None
    note: int = 0


SUPERSCRIPT = 30
SUBSCRIPT = -25


Spans = tuple[Span, ...]


def spans_of(inlines: tuple[Inline, ...]) -> Spans:
    """Styled spans of model inlines; hard line breaks become spaces, runs are cleaned.

    A footnote citation is its superscript number; an inline image, which no slide text can hold,
    is its caption; a task box its ballot box.
    """
    out: list[Span] = []
    styles = {
        Strong: {"bold": True},
        Emphasis: {"italic": True},
        Strike: {"strike": True},
        Underline: {"underline": True},
        Highlight: {"bold": True},
        Subscript: {"baseline": SUBSCRIPT},
        Superscript: {"baseline": SUPERSCRIPT},
    }

    def walk(nodes: tuple[Inline, ...], style: Span) -> None:
        for node in nodes:
            if isinstance(node, (Text, TaskBox)):
                out.append(dataclasses.replace(style, text=clean(node.text)))
            elif isinstance(node, Code):
                out.append(dataclasses.replace(style, text=clean(node.text), code=True))
            elif isinstance(node, LineBreak):
                out.append(dataclasses.replace(style, text=" "))
            elif isinstance(node, NoteRef):
                out.append(dataclasses.replace(style, text=node.mark, note=node.number))
            elif isinstance(node, InlineImage):
                out.append(dataclasses.replace(style, text=clean(node.caption)))
            elif isinstance(node, Link):
                walk(node.children, dataclasses.replace(style, url=node.url))
            elif isinstance(node, InternalLink):
                walk(node.children, dataclasses.replace(style, anchor=node.anchor))
            elif type(node) in styles:
                walk(node.children, dataclasses.replace(style, **styles[type(node)]))

    walk(inlines, Span(""))
    return normalise(tuple(out))


def notes_in(spans: Spans) -> list[int]:
    """The footnote numbers `spans` cite, in order, each once."""
    return list(dict.fromkeys(span.note for span in spans if span.note))


def plain(spans: Spans) -> str:
    return "".join(span.text for span in spans)


def normalise(spans: Spans) -> Spans:
    """Spans with runs of whitespace collapsed to one space, trimmed, empty spans dropped."""
    out: list[Span] = []
    previous_space = True
    for span in spans:
        text = _SPACE.sub(" ", span.text)
        if previous_space:
            text = text.lstrip(" ")
        if text:
            out.append(dataclasses.replace(span, text=text))
            previous_space = text.endswith(" ")
    if out and out[-1].text.endswith(" "):
        last = out[-1]
        trimmed = last.text.rstrip(" ")
        out[-1] = dataclasses.replace(last, text=trimmed)
        if not trimmed:
            out.pop()
    return tuple(out)


def split_spans(spans: Spans, offset: int) -> tuple[Spans, Spans]:
    """`spans` cut at a character offset of their plain text, both halves normalised."""
    head: list[Span] = []
    tail: list[Span] = []
    position = 0
    for span in spans:
        end = position + len(span.text)
        if end <= offset:
            head.append(span)
        elif position >= offset:
            tail.append(span)
        else:
            cut = offset - position
            head.append(dataclasses.replace(span, text=span.text[:cut]))
            tail.append(dataclasses.replace(span, text=span.text[cut:]))
        position = end
    return normalise(tuple(head)), normalise(tuple(tail))


def with_ellipsis(spans: Spans) -> Spans:
    """`spans` marked as cut short."""
    if not spans:
        return (Span("…"),)
    last = spans[-1]
    return spans[:-1] + (dataclasses.replace(last, text=last.text.rstrip(" ,;:") + " …"),)


def cut_points(text: str) -> tuple[list[int], list[int]]:
    """Offsets after whole sentences and after whole words of `text`, ascending."""
    sentences = [m.start() for m in _SENTENCE_END.finditer(text)]
    words = [m.start() for m in _SPACE.finditer(text)]
    return sentences, words


def longest_fitting(spans: Spans, fits: Callable[[Spans], bool], words_too: bool = True) -> int:
    """Offset of the longest prefix of whole sentences that fits, else of whole words, else 0.

    `fits` must be monotone: a shorter prefix fits whenever a longer one does.
    """
    sentences, words = cut_points(plain(spans))
    for points in (sentences, words if words_too else []):
        best = _last_true(points, lambda offset: fits(split_spans(spans, offset)[0]))
        if best is not None:
            return best
    return 0


def _last_true(points: list[int], test: Callable[[int], bool]) -> int | None:
    """The largest point passing a monotone test, by bisection; None when none passes."""
    low, high, found = 0, len(points) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if test(points[middle]):
            found, low = points[middle], middle + 1
        else:
            high = middle - 1
    return found


class Measure:
    """Line counts of spans in the theme's slide fonts: `family` is 'body', 'heading' or 'mono'."""

    def __init__(self, theme: Theme):
        self._files = {
            "body": family_files(theme.fonts.slide_body),
            "heading": family_files(theme.fonts.slide_heading),
            "mono": family_files(theme.fonts.slide_mono),
        }

    def font(self, family: str, bold: bool, italic: bool) -> Path:
        return measure.face(self._files[family], bold, italic)

    def width(self, spans: Spans, size: float, family: str = "body", bold: bool = False) -> float:
        """Width of `spans` on one line."""
        return sum(
            measure.width(s.text, self.font("mono" if s.code else family, bold or s.bold, s.italic), size)
            for s in spans
        )

    def lines(self, spans: Spans, size: float, width: float, family: str = "body", bold: bool = False) -> int:
        """How many lines `spans` wrap into in a box `width` points wide (at least 1).

        A word wider than the box breaks between characters, into as many lines as it fills.
        """
        room = width * WIDTH_SLACK
        words = self._words(spans, size, family, bold)
        broken = sum(math.ceil(word / room) - 1 for word, _ in words if word > room)
        return max(1, len(measure.wrap(words, room))) + broken

    def word_widths(self, spans: Spans, size: float, family: str = "body", bold: bool = False) -> list[float]:
        """The width of every word of `spans`, a word running on across differently styled spans."""
        return [word for word, _ in self._words(spans, size, family, bold)]

    def height(self, spans: Spans, size: float, width: float, family: str = "body", bold: bool = False) -> float:
        return self.lines(spans, size, width, family, bold) * size * LINE_SPACING

    def _words(self, spans: Spans, size: float, family: str, bold: bool) -> list[tuple[float, float]]:
        """(width of word, width of the space before it) for every word of `spans`."""
        styled = ((s.text, self.font("mono" if s.code else family, bold or s.bold, s.italic)) for s in spans)
        return measure.words(styled, size)
