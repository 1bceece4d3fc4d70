"""Line breaking for diagram text: words in, lines that fit a width out.

In: words tagged with the flow item they belong to, a width in points and a function giving a
token's width. Out: lines of tokens. Words are broken between characters only when a single word
is wider than the line (long compounds, scripts written without spaces), so nothing ever runs
past its box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..measure import wrap as measure_wrap

Measure = Callable[[str, float, bool, bool], float]
"""measure(text, size, bold, italic) -> width in points, with the diagram's real font files."""


@dataclass(frozen=True)
class Token:
    """A word, or a piece of one; `joined` pieces continue the previous token without a space."""

    text: str
    item: int
    confirmed: bool
    joined: bool = False


def tokenize(text: str, item: int, confirmed: bool, fits: Callable[[str], bool]) -> list[Token]:
    """The words of `text`, each word that does not fit on a line cut into pieces that do."""
    tokens: list[Token] = []
    for word in text.split():
        piece = ""
        first = True
        for char in word:
            if piece and not fits(piece + char):
                tokens.append(Token(piece, item, confirmed, joined=not first))
                piece, first = "", False
            piece += char
        tokens.append(Token(piece, item, confirmed, joined=not first))
    return tokens


def wrap(tokens: list[Token], width: float, token_width: Callable[[Token], float], space: float) -> list[list[Token]]:
    """Greedy line filling (briefkit.measure.wrap): as many tokens per line as fit in `width`."""
    words = [(token_width(token), 0.0 if token.joined else space) for token in tokens]
    return [tokens[first:end] for first, end in measure_wrap(words, width)]
