"""Quote callouts measured: a quote's parts, a size and the callout's text width in; their height
and, when they are too tall, the parts that fit (cut at whole sentences or words, with "…") out.

Each part is set at the callout's text width less its indent, one paragraph after another with
the part's space before it, as the writer draws them.
"""

from __future__ import annotations

import dataclasses

from .plan import QuotePart
from .text import LINE_SPACING, Measure, longest_fitting, split_spans, with_ellipsis

Parts = tuple[QuotePart, ...]


def parts_height(measure: Measure, parts: Parts, size: float, width: float) -> float:
    """The height `parts` take at `size` in a text area `width` points wide."""
    return sum(_height(measure, part, size, width) for part in parts)


def _height(measure: Measure, part: QuotePart, size: float, width: float) -> float:
    lines = measure.lines(part.spans, size, width - part.indent) if part.spans else 1
    return part.space_before(size) + lines * size * LINE_SPACING


def fit_parts(measure: Measure, parts: Parts, size: float, width: float, limit: float) -> Parts:
    """The leading parts that fit in `limit` points, the last of them cut short and marked with
    "…" when not all fit; at least the first part's first words and the mark."""
    used = 0.0
    for index, part in enumerate(parts):
        height = _height(measure, part, size, width)
        if used + height <= limit:
            used += height
            continue
        room = limit - used

        def fits(head, part: QuotePart = part, room: float = room) -> bool:
            cut = dataclasses.replace(part, spans=with_ellipsis(head))
            return _height(measure, cut, size, width) <= room

        offset = longest_fitting(part.spans, fits)
        if offset or not index:
            cut = dataclasses.replace(part, spans=with_ellipsis(split_spans(part.spans, offset)[0]))
            return (*parts[:index], cut)
        last = parts[index - 1]
        return (*parts[: index - 1], dataclasses.replace(last, spans=with_ellipsis(last.spans)))
    return parts
