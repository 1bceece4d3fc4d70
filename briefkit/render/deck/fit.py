"""Fitting: measured text and a box in, the text that fits (and what is left over) out.

Each function answers one question the planner asks: at what size and in how many lines does a
title fit; which bullets go on which slide (splitting a bullet too long for any slide at a
sentence, else a word); which whole sentences of prose a slide shows and at what size; how wide
the columns of a table are, at what size its text goes and which rows go on which page; how
many code lines fit. Heights use exact line spacing (LINE_SPACING), the
same spacing the pptx writer sets, so a planned page is a drawn page.
"""

from __future__ import annotations

import dataclasses
import math
from collections import deque
from collections.abc import Iterator

from ..columns import share_widths
from .plan import PROSE_GAP, Box, Bullet, TableFit, TextBox
from .text import (
    LINE_SPACING,
    WIDTH_SLACK,
    Measure,
    Span,
    Spans,
    longest_fitting,
    plain,
    split_spans,
    with_ellipsis,
)

HEIGHT_SLACK = 4.0  # points kept free at the foot of every body area
CELL_X = 6.0  # table cell padding, left and right
CELL_Y = 4.0  # table cell padding, top and bottom
MAX_TITLE_LINES = 4
PROSE_WORDS = 60  # a slide shows at most this many words of prose
TABLE_SIZE = 14.0  # table text starts at this size on slides ...
TABLE_SIZE_MIN = 12.0  # ... and may shrink to this one to need fewer slides,
TABLE_SIZE_FLOOR = 10.0  # and to this one where its longest words do not fit side by side


def sizes(largest: float, smallest: float, step: float = 2.0) -> Iterator[float]:
    """Font sizes from `largest` down to `smallest` in steps, `smallest` always included."""
    size = largest
    while size > smallest:
        yield size
        size -= step
    yield smallest


def fit_heading(
    measure: Measure,
    text: str,
    box: Box,
    largest: float,
    smallest: float,
    bold: bool = True,
    most_lines: int = MAX_TITLE_LINES,
) -> TextBox:
    """A title in the heading font (bold unless told): in as few lines as any size from `largest`
    down to `smallest` allows, at the largest size giving that many lines.

    `box` gives the position and width; its height is replaced by the lines' height. A title
    longer than `most_lines` at `smallest` is cut after a whole word and ends with an ellipsis;
    the caller can tell by comparing the box's text with `text`.
    """
    spans = (Span(text),)
    counts = {size: measure.lines(spans, size, box.width, "heading", bold) for size in sizes(largest, smallest)}
    fewest = min(counts.values())
    if fewest <= most_lines:
        size = max(size for size, lines in counts.items() if lines == fewest)
        return _title_box(text, size, fewest, box)
    offset = longest_fitting(
        spans,
        lambda head: measure.lines(with_ellipsis(head), smallest, box.width, "heading", bold) <= most_lines,
    )
    text = with_ellipsis(split_spans(spans, offset)[0])[0].text
    return _title_box(text, smallest, measure.lines((Span(text),), smallest, box.width, "heading", bold), box)


def _title_box(text: str, size: float, lines: int, box: Box) -> TextBox:
    return TextBox(text, size, lines, Box(box.left, box.top, box.width, lines * size * LINE_SPACING))


def bullet_height(measure: Measure, bullet: Bullet, width: float) -> float:
    lines = measure.lines(bullet.spans, bullet.size, width - bullet.indent, "body", bullet.heading)
    return bullet.height(lines)


def paginate_bullets(measure: Measure, bullets: tuple[Bullet, ...], area: Box) -> list[tuple[Bullet, ...]]:
    """Bullets grouped into pages that each fit `area`; a minor heading never ends a page.

    A bullet taller than a whole page fills the rest of the current page with its first
    sentences (else words) and continues, without a marker, on the next.
    """
    limit = area.height - HEIGHT_SLACK
    pages: list[tuple[Bullet, ...]] = []
    page: list[Bullet] = []
    used = 0.0
    queue = deque(bullets)
    while queue:
        bullet = queue.popleft()
        height = bullet_height(measure, bullet, area.width)
        if used + height <= limit:
            page.append(bullet)
            used += height
            continue
        if height > limit:  # too tall for any page: split it
            room = limit - used

            def fits(head: Spans, bullet: Bullet = bullet, room: float = room) -> bool:
                return bullet_height(measure, _with_spans(bullet, head), area.width) <= room

            offset = longest_fitting(bullet.spans, fits, words_too=True)
            if offset == 0 and not page:
                offset = len(plain(bullet.spans).split(" ", 1)[0])  # one word always goes
            if offset:
                head, tail = split_spans(bullet.spans, offset)
                page.append(_with_spans(bullet, head))
                if tail:  # a lone word too tall for the page has no rest
                    queue.appendleft(_with_spans(bullet, tail, marker=""))
                pages.append(tuple(page))
                page, used = [], 0.0
                continue
        queue.appendleft(bullet)
        if len(page) > 1 and page[-1].heading:
            queue.appendleft(page.pop())
        pages.append(tuple(page))
        page, used = [], 0.0
    if page:
        pages.append(tuple(page))
    return pages


def _with_spans(bullet: Bullet, spans: Spans, marker: str | None = None) -> Bullet:
    return dataclasses.replace(bullet, spans=spans, marker=bullet.marker if marker is None else marker)


def prose_height(measure: Measure, paragraphs: tuple[Spans, ...], size: float, width: float) -> float:
    return sum(size * PROSE_GAP + measure.height(p, size, width) for p in paragraphs)


def fit_prose(
    measure: Measure, paragraphs: tuple[Spans, ...], area: Box, largest: float, smallest: float
) -> tuple[tuple[Spans, ...], float, bool]:
    """(paragraphs shown, their size, whether any were cut).

    At most PROSE_WORDS words of whole sentences (see `first_words`), at the largest size that
    holds them; when even the smallest size cannot, as many whole sentences as fit there. A cut
    paragraph ends with an ellipsis.
    """
    shown, cut = first_words(paragraphs, PROSE_WORDS)
    limit = area.height - HEIGHT_SLACK
    for size in sizes(largest, smallest):
        if prose_height(measure, shown, size, area.width) <= limit:
            return shown, size, cut
    kept: list[Spans] = []
    for paragraph in shown:
        if prose_height(measure, (*kept, paragraph), smallest, area.width) <= limit:
            kept.append(paragraph)
            continue

        def fits(head: Spans) -> bool:
            return prose_height(measure, (*kept, with_ellipsis(head)), smallest, area.width) <= limit

        offset = longest_fitting(paragraph, fits, words_too=not kept)
        if offset:
            kept.append(with_ellipsis(split_spans(paragraph, offset)[0]))
        break
    return tuple(kept), smallest, True


def word_count(spans: Spans) -> int:
    return len(plain(spans).split())


def first_words(paragraphs: tuple[Spans, ...], most: int) -> tuple[tuple[Spans, ...], bool]:
    """The paragraphs' first whole sentences, `most` words at most, and whether any were left out.

    Whole paragraphs while they stay within `most`, then the sentences of the next one that do;
    the last paragraph kept ends with an ellipsis when something was left out. When not even the
    first sentence is that short, its first `most` words.
    """
    kept: list[Spans] = []
    total = 0
    for paragraph in paragraphs:
        count = word_count(paragraph)
        if total + count <= most:
            kept.append(paragraph)
            total += count
            continue
        room = most - total

        def short(head: Spans, room: int = room) -> bool:
            return word_count(head) <= room

        offset = longest_fitting(paragraph, short, words_too=not kept)
        if offset:
            kept.append(split_spans(paragraph, offset)[0])
        kept[-1] = with_ellipsis(kept[-1])
        return tuple(kept), True
    return tuple(kept), False


def column_widths(measure: Measure, table: list[tuple[Spans, ...]], size: float, width: float) -> tuple[float, ...]:
    """Column widths summing to `width`, by the shared rule of briefkit.render.columns.

    A column's natural width holds its longest cell on one line, its least width its longest
    word, both as drawn: a cell's text is measured against WIDTH_SLACK of its width inside the
    padding (as Measure.lines does), and the header row is bold.
    """
    natural = [0.0] * len(table[0])
    for row_index, row in enumerate(table):
        for col, cell in enumerate(row):
            natural[col] = max(natural[col], cell_width(measure.width(cell, size, "body", row_index == 0)))
    return share_widths(natural, least_widths(measure, table, size), width)


def least_widths(measure: Measure, table: list[tuple[Spans, ...]], size: float) -> list[float]:
    """Each column's least width at `size`: the width in which its longest word (bold in the
    header row, the first of `table`) stands on one line."""
    least = [0.0] * len(table[0])
    for row_index, row in enumerate(table):
        for col, cell in enumerate(row):
            least[col] = max(least[col], cell_width(longest_word(measure, cell, size, row_index == 0)))
    return least


def words_fit_size(measure: Measure, table: list[tuple[Spans, ...]], width: float, smallest: float) -> float:
    """`smallest`, or where the table's longest words do not fit side by side in `width` at it, the
    largest size down to TABLE_SIZE_FLOOR (in 1 pt steps) at which they do, else the floor."""
    for size in sizes(smallest, min(smallest, TABLE_SIZE_FLOOR), 1.0):
        if sum(least_widths(measure, table, size)) <= width:
            return size
    return min(smallest, TABLE_SIZE_FLOOR)


def cell_width(text_width: float) -> float:
    """The column width in which text `text_width` wide sits on one line."""
    return text_width / WIDTH_SLACK + 2 * CELL_X


def longest_word(measure: Measure, cell: Spans, size: float, bold: bool) -> float:
    """The width of the widest word of a cell, a word running on across differently styled spans."""
    return max(measure.word_widths(cell, size, "body", bold), default=0.0)


def row_height(measure: Measure, row: tuple[Spans, ...], widths: tuple[float, ...], size: float, bold: bool) -> float:
    lines = max(measure.lines(cell, size, w - 2 * CELL_X, "body", bold) for cell, w in zip(row, widths, strict=True))
    return lines * size * LINE_SPACING + 2 * CELL_Y


def fit_table(
    measure: Measure,
    header: tuple[Spans, ...],
    rows: tuple[tuple[Spans, ...], ...],
    aligns: tuple[str | None, ...],
    area: Box,
    first: Box | None = None,
    largest: float = TABLE_SIZE,
    smallest: float = TABLE_SIZE_MIN,
) -> tuple[list[TableFit], bool]:
    """Table pages in as few pages as any size from `largest` down to `smallest` (in 1 pt steps)
    allows, at the largest size that needs no more; and whether any cell was cut short (see
    `paginate_table`). A table whose longest words do not fit side by side at `smallest` is set
    at the largest smaller size at which they do (`words_fit_size`), so no word is broken that
    need not be."""
    fitting = words_fit_size(measure, [header, *rows], area.width, smallest)
    if fitting < smallest:
        largest = smallest = fitting
    candidates = {
        size: paginate_table(measure, header, rows, aligns, area, size, first) for size in sizes(largest, smallest, 1.0)
    }
    fewest = min(len(pages) for pages, _ in candidates.values())
    return next(found for found in candidates.values() if len(found[0]) == fewest)


def paginate_table(
    measure: Measure,
    header: tuple[Spans, ...],
    rows: tuple[tuple[Spans, ...], ...],
    aligns: tuple[str | None, ...],
    area: Box,
    size: float,
    first: Box | None = None,
) -> tuple[list[TableFit], bool]:
    """Table pages for `area` (the first page for `first` when given, which must be as wide),
    each as full of rows as it can hold, the header repeated on each; and whether any cell was cut
    short (a single row taller than a page keeps only the lines that fit)."""
    widths = column_widths(measure, [header, *rows], size, area.width)
    head_height = row_height(measure, header, widths, size, True)
    limit = (first or area).height - HEIGHT_SLACK
    room = min(area.height, (first or area).height) - HEIGHT_SLACK - head_height
    pages: list[TableFit] = []
    page: list[tuple[tuple[Spans, ...], float]] = []
    cut = False
    for row in rows:
        height = row_height(measure, row, widths, size, False)
        if height > room:
            row = tuple(_clip(measure, cell, w, size, room) for cell, w in zip(row, widths, strict=True))
            height, cut = row_height(measure, row, widths, size, False), True
        if page and head_height + sum(h for _, h in page) + height > limit:
            pages.append(_table_fit(header, page, aligns, widths, head_height, size))
            page, limit = [], area.height - HEIGHT_SLACK
        page.append((row, height))
    pages.append(_table_fit(header, page, aligns, widths, head_height, size))
    return pages, cut


def _clip(measure: Measure, cell: Spans, width: float, size: float, height: float) -> Spans:
    most = max(1, math.floor((height - 2 * CELL_Y) / (size * LINE_SPACING)))
    if measure.lines(cell, size, width - 2 * CELL_X) <= most:
        return cell
    offset = longest_fitting(cell, lambda head: measure.lines(with_ellipsis(head), size, width - 2 * CELL_X) <= most)
    return with_ellipsis(split_spans(cell, offset)[0])


def _table_fit(header, page, aligns, widths, head_height, size) -> TableFit:
    return TableFit(
        header=header,
        rows=tuple(row for row, _ in page),
        aligns=aligns,
        col_widths=widths,
        row_heights=(head_height, *(h for _, h in page)),
        size=size,
    )


def paginate_code(measure: Measure, text: str, area: Box, size: float) -> list[tuple[str, ...]]:
    """Code lines grouped into pages; a line wider than the box counts the lines it wraps into."""
    advance = measure.width((Span("M", code=True),), size)
    per_line = max(1, math.floor(area.width * WIDTH_SLACK / advance))
    limit = math.floor((area.height - HEIGHT_SLACK) / (size * LINE_SPACING))
    pages: list[tuple[str, ...]] = []
    page: list[str] = []
    used = 0
    for line in text.rstrip("\n").split("\n"):
        wraps = max(1, math.ceil(len(line) / per_line))
        if wraps > limit:  # one line longer than a page: keep what fits
            line, wraps = line[: per_line * limit - 1] + "…", limit
        if page and used + wraps > limit:
            pages.append(tuple(page))
            page, used = [], 0
        page.append(line)
        used += wraps
    pages.append(tuple(page))
    return pages
