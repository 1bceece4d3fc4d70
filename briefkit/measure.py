"""The one text measurer: text, a font file and a size in, widths and line breaks out.

Everything that decides where text goes measures here: the deck's text and tables, the report's
table columns, diagram labels and the pptx run writer (which names the font each run is drawn
in). Widths are fallback-aware: where the primary font lacks a character (Hangul, Chinese,
Japanese), the first fallback font of `briefkit.fonts` that has it sets it, and is measured, so
a Korean title is as wide here as a client draws it.

- `face(files, bold, italic)`: the one (bold, italic) -> file map of a font family.
- `runs(text, primary)`: `text` cut into (text, font file) runs, the file that draws each.
- `width(text, primary, size)`: the width in points of `text` as those runs draw it.
- `words(runs, size)`: the words of text set in (text, font file) runs, each measured; a `Room`
  among the runs (the place an inline picture keeps) is as wide as it says.
- `wrap(words, room)`: greedy line filling of measured words; the lines as index ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fonts import font_runs, text_width

FACES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}


def face(files: Mapping[str, Path], bold: bool, italic: bool) -> Path:
    """The file of a family (`family_files`) for a bold and/or italic run."""
    return files[FACES[bool(bold), bool(italic)]]


def runs(text: str, primary: Path) -> list[tuple[str, Path]]:
    """`text` cut where the font drawing it changes; characters no font has stay with `primary`."""
    return [(run, font or primary) for run, font in font_runs(text, primary)]


@lru_cache(maxsize=65536)
def width(text: str, primary: Path, size: float) -> float:
    """The width in points of `text` set in `primary` at `size`, fallback fonts included."""
    return sum(text_width(run, font, size) for run, font in runs(text, primary))


@dataclass(frozen=True)
class Room:
    """A place `width` points wide in a line of text that holds no text: an inline picture's. It
    is a word of its own, which a line may break before or after even where no space stands."""

    width: float


def words(styled: Iterable[tuple[str, Path] | Room], size: float) -> list[tuple[float, float]]:
    """(width, width of the space before it) of every space-separated word of text set in
    (text, font file) runs and of every `Room` among them, at `size`; a word runs on across runs
    set in different faces. A word that follows a room without a space has no space before it."""
    found: list[tuple[float, float]] = []
    current, before, gap, spaced = 0.0, 0.0, 0.0, False
    for item in styled:
        if isinstance(item, Room):
            if current:
                found.append((current, before))
            found.append((item.width, gap if spaced else 0.0))
            current, spaced = 0.0, False
            continue
        text, font = item
        for index, piece in enumerate(text.split(" ")):
            if index:  # a space ends the word so far
                if current:
                    found.append((current, before))
                current, gap, spaced = 0.0, width(" ", font, size), True
            if piece:
                if not current:
                    before = gap if spaced else 0.0
                current += width(piece, font, size)
                spaced = False
    if current:
        found.append((current, before))
    return found


def wrap(words: Sequence[tuple[float, float]], room: float) -> list[tuple[int, int]]:
    """Greedy line filling: each word's (width, space before it) and a line width in, the lines
    out as (first, end) index ranges into `words`.

    A word goes on the current line when it fits there with its space, else it starts a line. A
    word wider than `room` stands on a line of its own; callers that must not overflow cut such
    words first (or count the lines they break into).
    """
    lines: list[tuple[int, int]] = []
    start, used = 0, 0.0
    for index, (word, space) in enumerate(words):
        if index > start and used + space + word > room:
            lines.append((start, index))
            start, used = index, word
        else:
            used += (space if index > start else 0.0) + word
    if words:
        lines.append((start, len(words)))
    return lines
