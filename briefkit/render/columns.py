"""Table column widths, one rule for the report and the deck.

In: for each column, its natural width (its longest cell set on one line) and its least width
(its longest word), both in points including padding, and the width available. Out: widths
summing to that width. Every column first gets room for its longest word, so no word breaks
mid-way where it can be avoided; the rest is shared in proportion to how much more each column
wants. A column never claims more than an even share for its longest word, so one very long
token cannot squeeze the others to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence


def share_widths(natural: Sequence[float], least: Sequence[float], width: float) -> tuple[float, ...]:
    """Column widths summing to `width` (see the module docstring)."""
    columns = len(natural)
    if columns == 0:
        return ()
    floor = [min(m, width / columns) for m in least]
    natural = [max(n, f) for n, f in zip(natural, floor, strict=True)]
    if sum(natural) <= width:
        return tuple(n * width / sum(natural) for n in natural)
    spare = width - sum(floor)
    wants = [n - f for n, f in zip(natural, floor, strict=True)]
    return tuple(f + spare * w / sum(wants) for f, w in zip(floor, wants, strict=True))
