"""Tables: a model Table (or a flow written out as rows) in, a reportlab table flowable out.

Every cell is a Paragraph, so text wraps inside its column. Columns are sized by their content
as a browser sizes an automatic table: each lies between its longest word (min-content) and its
longest unbroken text (max-content), the spare room going where text wants it (see
`render/columns.py`). A table whose longest words do not fit side by side at the cell size is
set smaller, down to `MIN_SIZE`; beyond that it is set on a landscape page of its own (when the
place allows one). Only a word wider than its column can ever be is broken, with a hyphen.

The header row repeats on each page. A row moves to the next page whole unless it is taller than
a page, when it splits inside itself. Rules, not colour, separate header and rows, so the table
reads the same in grey print.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from ... import measure
from ...model import FlowSpec
from ...model import Table as ModelTable
from ..columns import share_widths
from .fragments import Paragraph
from .keep import Landscape
from .styles import Styles
from .text import Markup, Run, runs

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, None: TA_LEFT}
MIN_SIZE = 7.0  # the smallest cell text a table shrinks to before it turns the page
_SIZE_STEP = 0.25
_SHY = "\xad"


@dataclass(frozen=True)
class Room:
    """Where a table goes: the column width, the frame height (rows shorter than it never split)
    and the width of a landscape frame, or None where a table may not turn the page (in a list
    item or a quote, or a figure's fallback table)."""

    width: float
    height: float
    wide: float | None = None


def table(block: ModelTable, room: Room, styles: Styles, markup: Markup) -> Flowable:
    """The model table with its header, column alignments and wrapping cells."""
    columns = len(block.header)
    rows = [tuple(row[:columns]) + ((),) * (columns - len(row)) for row in block.rows]
    aligns = tuple(block.aligns[:columns]) + (None,) * (columns - len(block.aligns))
    head = [markup.inlines(cell, block.line, "heading") for cell in block.header]
    body = [[markup.inlines(cell, block.line + 2 + number) for cell in row] for number, row in enumerate(rows)]
    size = styles.para["body"].fontSize
    measured = [
        [runs(cell, styles.faces, size, "heading", bold=True) for cell in block.header],
        *([runs(cell, styles.faces, size) for cell in row] for row in rows),
    ]
    return _set([head, *body], measured, aligns, room, styles)


def flow_table(spec: FlowSpec, room: Room, styles: Styles, markup: Markup) -> Flowable:
    """A flow diagram written out as rows: from, to, and what flows, unconfirmed items marked."""
    body, measured = [], [[_plain_run(name, styles, "heading", True) for name in _FLOW_HEADER]]
    regular, italic = (measure.face(styles.faces["body"], False, slanted) for slanted in (False, True))
    for edge in spec.edges:
        items = "; ".join(
            markup.text(item.text, edge.line) + ("" if item.confirmed else " <i>(unconfirmed)</i>")
            for item in edge.items
        )
        body.append([markup.text(edge.source, edge.line), markup.text(edge.target, edge.line), items])
        flows: list[Run] = []
        for number, item in enumerate(edge.items):
            flows.append(Run(("; " if number else "") + item.text, regular))
            if not item.confirmed:
                flows.append(Run(" (unconfirmed)", italic))
        measured.append([_plain_run(edge.source, styles), _plain_run(edge.target, styles), tuple(flows)])
    return _set([list(_FLOW_HEADER), *body], measured, (None, None, None), room, styles)


_FLOW_HEADER = ("From", "To", "What flows")


def _plain_run(text: str, styles: Styles, role: str = "body", bold: bool = False) -> tuple[Run, ...]:
    return (Run(text, measure.face(styles.faces[role], bold, False)),)


def _set(rows: list[list[str]], measured: list[list[tuple[Run, ...]]], aligns: tuple, room: Room, styles: Styles):
    """Cell markup (rows[0] the header) sized to its content, as `measured` (each cell's runs)
    gives it, shrunk or turned when too wide."""
    base = styles.para["cell"].fontSize
    pad = 2 * _padding(styles) * 1.5
    natural, least = content_widths(measured, base, pad)
    size = _fitting_size(least, room.width, base, pad)
    width, turned = room.width, False
    if size < MIN_SIZE and room.wide is not None:
        width, turned = room.wide, True
        size = _fitting_size(least, width, base, pad)
    size = max(size, MIN_SIZE)
    scale = size / base
    widths = share_widths([pad + (n - pad) * scale for n in natural], [pad + (m - pad) * scale for m in least], width)
    head_style, cell_style = (_sized(styles.para[name], size) for name in ("cell_head", "cell"))
    head_font, cell_font = styles.faces["heading"]["bold"], styles.faces["body"]["regular"]
    cells = [
        [
            _cell(_hyphenated(text, font, style.fontSize, w - pad), style, align)
            for text, align, w in zip(row, aligns, widths, strict=True)
        ]
        for row, style, font in zip(
            rows,
            [head_style] + [cell_style] * (len(rows) - 1),
            [head_font] + [cell_font] * (len(rows) - 1),
            strict=True,
        )
    ]
    result = grid(cells, list(widths), styles, room.height)
    return Landscape(result) if turned else result


def content_widths(rows: list[list[tuple[Run, ...]]], size: float, pad: float) -> tuple[list[float], list[float]]:
    """Each column's max-content width (its widest cell with each line unbroken) and min-content
    width (its widest word or inline image) with its cells' runs set at `size`, padding included,
    measured by briefkit.measure (fallback fonts included)."""
    natural = [pad] * len(rows[0])
    least = [pad] * len(rows[0])
    for row in rows:
        for col, cell in enumerate(row):
            lines: list[list[Run]] = [[]]
            for run in cell:
                if run.text == "\n":  # a hard line break
                    lines.append([])
                else:
                    lines[-1].append(run)
            for line in lines:
                words = measure.words(((run.text, run.font) for run in line), size)
                images = [run.width for run in line if run.width]
                text = sum(word for word, _ in words) + sum(space for _, space in words[1:])
                natural[col] = max(natural[col], text + sum(images) + pad)
                least[col] = max([least[col], *(word + pad for word, _ in words), *(image + pad for image in images)])
    return natural, least


def _fitting_size(least: list[float], width: float, base: float, pad: float) -> float:
    """The largest cell size, at most `base`, at which every column's longest word fits `width`."""
    words = sum(m - pad for m in least)
    room = width - pad * len(least)
    if words <= 0:
        return base
    return min(base, math.floor(base * room / words / _SIZE_STEP) * _SIZE_STEP)


def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if size == style.fontSize:
        return style
    return ParagraphStyle(f"{style.name}-{size}", parent=style, fontSize=size, leading=size * 1.3)


_TAG = re.compile(r"(<[^>]*>)")


def _hyphenated(markup: str, font: Path, size: float, limit: float) -> str:
    """Markup whose words wider than `limit` in `font` at `size` may break anywhere, with a
    hyphen where they do."""
    parts = _TAG.split(markup)
    for index in range(0, len(parts), 2):  # the text between tags
        words = unescape(parts[index]).split(" ")
        if all(measure.width(word, font, size) <= limit for word in words):
            continue
        parts[index] = " ".join(
            escape(_breakable(word) if measure.width(word, font, size) > limit else word) for word in words
        )
    return "".join(parts)


def _breakable(word: str) -> str:
    """The word with a soft hyphen wherever it may break: never before its third letter nor
    after its third-last, so no line holds one or two letters of it."""
    if len(word) < 6:
        return word
    return word[:2] + "".join(char + _SHY for char in word[2:-3]) + word[-3:]


def _padding(styles: Styles) -> float:
    """The space between a cell's rule and its text, on each side."""
    return styles.rhythm * 0.3


class Grid(Table):
    """A table that moves a row to the next page whole unless the row is taller than a page, and
    that never leaves its last row alone under a repeated header."""

    page_height = math.inf

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        if self._row_taller_than_page(availHeight):  # it must split somewhere: here, where it starts
            self.splitInRow = 1
            try:
                parts = self._splitRows(availHeight, doInRowSplit=1)
            finally:
                self.splitInRow = 0
        else:
            parts = super().split(availWidth, availHeight)
            if len(parts) == 2 and len(parts[1]._cellvalues) == self.repeatRows + 1:
                kept = len(parts[0]._cellvalues)
                if kept - self.repeatRows >= 3:  # two rows may go along and still leave two behind
                    shorter = super().split(availWidth, availHeight - self._rowHeights[kept - 1])
                    if len(shorter) == 2:  # the rest starts the next page, not the room just left
                        parts = [shorter[0], FrameBreak(), shorter[1]]
        for part in parts:
            if isinstance(part, Grid):
                part.splitInRow, part.page_height = 0, self.page_height
        return parts

    def _calc(self, availWidth, availHeight) -> None:
        # once every row is measured, nothing here depends on the height offered: a table
        # wrapped again for the same width (each page's split wraps it several times) is as it was
        if getattr(self, "_measured_for", None) == availWidth:
            return
        super()._calc(availWidth, availHeight)
        if None not in self._argH:
            self._measured_for = availWidth

    def _calc_height(self, availHeight, availWidth, H=None, W=None) -> None:
        super()._calc_height(availHeight, availWidth, H, W)
        if None in self._argH and None not in self._rowHeights:
            # The columns are fixed, so a row's height never changes: measured once, kept. (reportlab
            # measures every row again each time a table is wrapped, which made a long table's layout
            # grow with the square of its rows.)
            self._argH = list(self._rowHeights)

    def _row_taller_than_page(self, height: float) -> bool:
        """Whether the first row that does not fit in `height` could not fit on any page."""
        heights = self._rowHeights
        used = 0.0
        for row, tall in enumerate(heights):
            if used + tall > height:
                header = sum(heights[: self.repeatRows]) if row >= self.repeatRows else 0.0
                return tall > self.page_height - header
            used += tall
        return False


def grid(rows: list[list[Paragraph]], widths: list[float], styles: Styles, page_height: float) -> Grid:
    """A ruled table: a tinted header row repeated on every page, hairlines between rows."""
    c = styles.colors
    pad = _padding(styles)
    result = Grid(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    result.page_height = page_height
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.body_font["regular"]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), c.accent_soft),
                ("LINEABOVE", (0, 0), (-1, 0), 1, c.accent),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, c.accent),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, c.rule),
                ("LINEBELOW", (0, -1), (-1, -1), 1, c.accent),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.3),
                ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.5),
            ]
        )
    )
    result.spaceBefore = styles.rhythm * 0.3
    result.spaceAfter = styles.rhythm * 0.9
    return result


def _cell(markup: str, style: ParagraphStyle, align: str | None) -> Paragraph:
    if _ALIGN[align] != style.alignment:
        style = ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=_ALIGN[align])
    return Paragraph(markup, style)
