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
    `picture` an image inside the text (a badge), which stands in the text's line as a word as
    wide as the picture (no text of its own); `room` is the width the plan keeps free
    for it there, once it has set the paragraph's lines (`Measure.lay_out`); `line_break` marks
    a span that only ends a line (the plan sets one where each line after the first begins).
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
    room: float = 0.0
    line_break: bool = False


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
    from ...read.images import natural_size

    return natural_size(path)


def picture_size(path: Path, size: float) -> tuple[float, float]:
    """An inline picture's width and height beside text of `size` points: its own size (a pixel
    a point), no taller than PICTURE_HEIGHT times the size, no wider than PICTURE_WIDTH."""
    width, height = _natural_size(path)
    scale = min(1.0, size * PICTURE_HEIGHT / max(height, 1e-6), PICTURE_WIDTH / max(width, 1e-6))
    return width * scale, height * scale


def notes_in(spans: Spans) -> list[int]:
    """The footnote numbers `spans` cite, in order, each once."""
    return list(dict.fromkeys(span.note for span in spans if span.note))


def plain(spans: Spans) -> str:
    return "".join(span.text for span in spans)


def normalise(spans: Spans) -> Spans:
    """Spans with runs of whitespace collapsed to one space, trimmed, empty spans dropped; a
    picture stands in the text like a word."""
    out: list[Span] = []
    previous_space = True
    for span in spans:
        text = _SPACE.sub(" ", span.text)
        if previous_space:
            text = text.lstrip(" ")
        if text or span.picture is not None or span.line_break:
            out.append(dataclasses.replace(span, text=text))
            previous_space = text.endswith(" ") if text else previous_space and span.picture is None
    if out and out[-1].text.endswith(" "):
        last = out[-1]
        trimmed = last.text.rstrip(" ")
        out[-1] = dataclasses.replace(last, text=trimmed)
        if not trimmed and last.picture is None and not last.line_break:
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


@dataclass(frozen=True)
class PlacedPicture:
    """An inline picture where a paragraph's lines put it: on line `line` (from 0), `x` points
    from the left of the paragraph's box, `width` by `height` points."""

    span: Span
    line: int
    x: float
    width: float
    height: float


@dataclass(frozen=True)
class Setting:
    """A paragraph set in lines: its spans with a line break where each line after the first
    begins and each picture's `room` set, and where its pictures stand."""

    spans: Spans
    pictures: tuple[PlacedPicture, ...]


class Measure:
    """Line counts of spans in the theme's slide fonts: `family` is 'body', 'heading' or 'mono'.

    An inline picture is a word of its own as wide as `picture_size` makes it, no wider than the
    box; a line-break span ends a line.
    """

    def __init__(self, theme: Theme):
        self._files = {
            "body": family_files(theme.fonts.slide_body),
            "heading": family_files(theme.fonts.slide_heading),
            "mono": family_files(theme.fonts.slide_mono),
        }

    def font(self, family: str, bold: bool, italic: bool) -> Path:
        return measure.face(self._files[family], bold, italic)

    def width(self, spans: Spans, size: float, family: str = "body", bold: bool = False) -> float:
        """Width of `spans` on one line, pictures included."""
        return sum(
            picture_size(s.picture, size)[0]
            if s.picture is not None
            else measure.width(s.text, self._face(s, family, bold), size)
            for s in spans
        )

    def lines(self, spans: Spans, size: float, width: float, family: str = "body", bold: bool = False) -> int:
        """How many lines `spans` wrap into in a box `width` points wide (at least 1 between line
        breaks).

        A word wider than the box breaks between characters, into as many lines as it fills.
        """
        room = width * WIDTH_SLACK
        total = 0
        for segment in _segments(spans):
            words = self._words(segment, size, family, bold, room)
            broken = sum(math.ceil(word / room) - 1 for word, _ in words if word > room)
            total += max(1, len(measure.wrap(words, room))) + broken
        return total

    def word_widths(self, spans: Spans, size: float, family: str = "body", bold: bool = False) -> list[float]:
        """The width of every word of `spans`, a word running on across differently styled spans;
        a picture is a word."""
        return [word for word, _ in self._words(spans, size, family, bold)]

    def height(self, spans: Spans, size: float, width: float, family: str = "body", bold: bool = False) -> float:
        return self.lines(spans, size, width, family, bold) * size * LINE_SPACING

    def lay_out(
        self,
        spans: Spans,
        size: float,
        width: float,
        family: str = "body",
        bold: bool = False,
        align: str | None = None,
    ) -> Setting:
        """`spans` set in lines as `lines` counts them in a box `width` points wide, each line
        aligned in the box as `align` says (None: left): a line break where each line after the
        first begins (in place of the space there), and where every picture stands.

        A client breaks the lines where the plan did, so a picture drawn over its room is where
        its text puts it. A picture is a word of its own (a line may break beside it even where
        no space stands), so it never lies inside a word too wide for the box.
        """
        room = width * WIDTH_SLACK
        out: list[Span] = []
        placed: list[PlacedPicture] = []
        line = 0
        for count, segment in enumerate(_segments(spans)):
            if count:  # a line break the spans already hold
                out.append(Span("", line_break=True))
            words, spaces = _word_pieces(segment)
            measured = self._words(segment, size, family, bold, room)
            for number, (first, end) in enumerate(measure.wrap(measured, room) if measured else [(0, 0)]):
                if number:
                    out.append(Span("", line_break=True))
                used = sum(word for word, _ in measured[first:end]) + sum(
                    space for _, space in measured[first + 1 : end]
                )
                x = {"center": (width - used) / 2, "right": width - used}.get(align or "", 0.0)
                for index in range(first, end):
                    space = spaces[index]
                    if index > first and space is not None:
                        out.append(dataclasses.replace(space, text=" "))
                    x += measured[index][1] if index > first else 0.0
                    for span in words[index]:
                        if span.picture is None:
                            out.append(span)
                            x += measure.width(span.text, self._face(span, family, bold), size)
                            continue
                        natural_width, natural_height = picture_size(span.picture, size)
                        scale = min(1.0, room / natural_width) if natural_width > 0 else 1.0
                        shown = dataclasses.replace(span, room=natural_width * scale)
                        out.append(shown)
                        placed.append(PlacedPicture(shown, line, x, shown.room, natural_height * scale))
                        x += shown.room
                    if measured[index][0] > room:  # a word broken into the lines it fills
                        line += math.ceil(measured[index][0] / room) - 1
                line += 1
        return Setting(_merged(out), tuple(placed))

    def _face(self, span: Span, family: str, bold: bool) -> Path:
        return self.font("mono" if span.code else family, bold or span.bold, span.italic)

    def _words(
        self, spans: Spans, size: float, family: str, bold: bool, room: float | None = None
    ) -> list[tuple[float, float]]:
        """(width of word, width of the space before it) for every word of `spans`; a picture
        no wider than `room`."""
        styled: list[tuple[str, Path] | measure.Room] = []
        for s in spans:
            if s.picture is not None:
                natural = picture_size(s.picture, size)[0]
                styled.append(measure.Room(min(natural, room) if room is not None else natural))
            else:
                styled.append((s.text, self._face(s, family, bold)))
        return measure.words(styled, size)


def _segments(spans: Spans) -> list[Spans]:
    """`spans` cut at their line-break spans (at least one segment)."""
    found: list[list[Span]] = [[]]
    for span in spans:
        if span.line_break:
            found.append([])
        else:
            found[-1].append(span)
    return [tuple(segment) for segment in found]


def _word_pieces(spans: Spans) -> tuple[list[list[Span]], list[Span | None]]:
    """The words of `spans` as `measure.words` finds them (a picture a word of its own), each as
    the pieces of spans it is made of, and for each word the span whose space comes before it
    (None where no space does)."""
    words: list[list[Span]] = []
    spaces: list[Span | None] = []
    current: list[Span] = []
    space: Span | None = None
    for span in spans:
        if span.picture is not None:
            if current:
                words.append(current)
            words.append([span])
            spaces.append(space)
            current, space = [], None
            continue
        for index, piece in enumerate(span.text.split(" ")):
            if index:
                if current:
                    words.append(current)
                current, space = [], span
            if piece:
                if not current:
                    spaces.append(space)
                    space = None
                current.append(dataclasses.replace(span, text=piece))
    if current:
        words.append(current)
    return words, spaces


def _merged(spans: list[Span]) -> Spans:
    """Neighbouring text spans of one style joined into one."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and last.picture is None
            and span.picture is None
            and not last.line_break
            and not span.line_break
            and dataclasses.replace(last, text="") == dataclasses.replace(span, text="")
        ):
            out[-1] = dataclasses.replace(last, text=last.text + span.text)
        else:
            out.append(span)
    return tuple(out)
