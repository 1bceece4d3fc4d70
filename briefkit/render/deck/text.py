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
import functools
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
PICTURE_HEIGHT = 1.0  # an inline picture is at most this many times the text size tall (a line is 1.2)
PICTURE_WIDTH = 240.0  # and at most this wide, in points
PICTURE_GAP = 0.4  # the space between the pictures of a row, as a share of the text size

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
    of the font size as DrawingML counts it; `note` is the number of the footnote the run cites;
    `picture` an image inside the text (a badge), drawn small in a row of pictures on the line
    after the text of its paragraph (or on its only line when it has no text).
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
    picture: Path | None = None


SUPERSCRIPT = 30
SUBSCRIPT = -25


Spans = tuple[Span, ...]


def spans_of(inlines: tuple[Inline, ...]) -> Spans:
    """Styled spans of model inlines; hard line breaks become spaces, runs are cleaned.

    A footnote citation is its superscript number; an inline image a picture span, or its
    caption when it is remote; a task box its ballot box.
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
            elif isinstance(node, InlineImage) and node.path is not None:
                out.append(dataclasses.replace(style, text="", picture=node.path))
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


def pictures_in(spans: Spans) -> list[Span]:
    """The picture spans among `spans`, in order."""
    return [span for span in spans if span.picture is not None]


@functools.lru_cache(maxsize=256)
def _natural_size(path: Path) -> tuple[float, float]:
    from .frame import image_size

    return image_size(path)


def picture_size(path: Path, size: float) -> tuple[float, float]:
    """An inline picture's width and height beside text of `size` points: its own size (a pixel
    a point), no taller than PICTURE_HEIGHT times the size, no wider than PICTURE_WIDTH."""
    width, height = _natural_size(path)
    scale = min(1.0, size * PICTURE_HEIGHT / max(height, 1e-6), PICTURE_WIDTH / max(width, 1e-6))
    return width * scale, height * scale


def row_width(spans: Spans, size: float) -> float:
    """The width of the row of `spans`' pictures at their own size (0 without pictures)."""
    widths = [picture_size(span.picture, size)[0] for span in pictures_in(spans)]
    return sum(widths) + PICTURE_GAP * size * max(0, len(widths) - 1)


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
        if text or span.picture is not None:
            out.append(dataclasses.replace(span, text=text))
            previous_space = text.endswith(" ") if text else previous_space
    if out and out[-1].text.endswith(" "):
        last = out[-1]
        trimmed = last.text.rstrip(" ")
        out[-1] = dataclasses.replace(last, text=trimmed)
        if not trimmed and last.picture is None:
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
        """Width of `spans` on one line, or of their row of pictures when that is wider."""
        text = sum(
            measure.width(s.text, self.font("mono" if s.code else family, bold or s.bold, s.italic), size)
            for s in spans
        )
        return max(text, row_width(spans, size))

    def lines(self, spans: Spans, size: float, width: float, family: str = "body", bold: bool = False) -> int:
        """How many lines `spans` wrap into in a box `width` points wide (at least 1); their row
        of pictures is one more line after their text.

        A word wider than the box breaks between characters, into as many lines as it fills.
        """
        room = width * WIDTH_SLACK
        words = self._words(spans, size, family, bold)
        broken = sum(math.ceil(word / room) - 1 for word, _ in words if word > room)
        row = 1 if words and pictures_in(spans) else 0
        return max(1, len(measure.wrap(words, room))) + broken + row

    def word_widths(self, spans: Spans, size: float, family: str = "body", bold: bool = False) -> list[float]:
        """The width of every word of `spans`, a word running on across differently styled spans,
        and of every picture."""
        pictures = [picture_size(span.picture, size)[0] for span in pictures_in(spans)]
        return [word for word, _ in self._words(spans, size, family, bold)] + pictures

    def height(self, spans: Spans, size: float, width: float, family: str = "body", bold: bool = False) -> float:
        return self.lines(spans, size, width, family, bold) * size * LINE_SPACING

    def _words(self, spans: Spans, size: float, family: str, bold: bool) -> list[tuple[float, float]]:
        """(width of word, width of the space before it) for every word of `spans`."""
        styled = ((s.text, self.font("mono" if s.code else family, bold or s.bold, s.italic)) for s in spans)
        return measure.words(styled, size)
