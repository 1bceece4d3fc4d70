"""Diagram text in any script: a string and the font file of its style in, the pieces each
font sets and their widths out.

Where the theme's font lacks a character (Hangul, Chinese, Japanese), the first fallback font of
`briefkit.fonts` that has it sets it. The layout measures with these pieces and all three
drawers draw them, so every name is measured with the glyphs that are drawn and no viewer shows
empty boxes where an installed font could help.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..fonts import font_runs, text_width


@dataclass(frozen=True)
class Piece:
    """Part of a string set in one font file, starting `x` points after the string's start."""

    text: str
    font: Path
    x: float


def pieces(text: str, primary: Path, size: float) -> list[Piece]:
    """`text` cut where its font changes; characters no font has stay with `primary`."""
    out, x = [], 0.0
    for run, font in font_runs(text, primary):
        out.append(Piece(run, font or primary, x))
        x += text_width(run, font or primary, size)
    return out
