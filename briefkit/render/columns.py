"""Table column widths, one rule for the report and the deck: CSS's automatic table layout.

In: for each column, its natural width (max-content: its longest cell set on one line) and its
least width (min-content: its longest word), both in points including padding, and the width
available. Out: widths summing to that width.

- All columns fit on one line: each gets its natural width, the spare room shared in proportion.
- Otherwise every column gets its least width, and the room left over goes to the columns in
  proportion to how much more they want (natural minus least): a prose column grows, a column
  of short values stays at its longest value and wastes nothing.
- The longest words do not fit side by side: the widest are cut back to one common cap, the
  narrowest keep theirs, so one very long token cannot squeeze the others to nothing (the
  caller breaks the words that no longer fit).
"""

from __future__ import annotations

from collections.abc import Sequence


def share_widths(natural: Sequence[float], least: Sequence[float], width: float) -> tuple[float, ...]:
    """Column widths summing to `width` (see the module docstring)."""
    columns = len(natural)
    if columns == 0:
        return ()
    floor = _capped(least, width)
    natural = [max(n, f) for n, f in zip(natural, floor, strict=True)]
    if sum(natural) <= width:
        return tuple(n * width / sum(natural) for n in natural)
    spare = width - sum(floor)
    wants = [n - f for n, f in zip(natural, floor, strict=True)]
    return tuple(f + spare * w / sum(wants) for f, w in zip(floor, wants, strict=True))


def _capped(least: Sequence[float], width: float) -> list[float]:
    """The least widths, the widest cut back to one cap so that they sum to at most `width`."""
    if sum(least) <= width:
        return list(least)
    cap, left, count = width / len(least), width, len(least)
    for value in sorted(least):
        if value * count > left:
            cap = left / count
            break
        left -= value
        count -= 1
    return [min(value, cap) for value in least]
