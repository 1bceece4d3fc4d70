"""Tables: a model Table (or a flow written out as rows) in, a reportlab Table flowable out.

Every cell is a Paragraph, so text wraps inside its column; the header row repeats on each page
and a row taller than a page splits inside itself rather than failing. Column widths follow how
much text each column holds, within bounds, so narrow columns stay readable. Rules, not colour,
separate header and rows, so the table reads the same in grey print.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Table, TableStyle

from ... import measure
from ...model import FlowSpec, plain_text
from ...model import Table as ModelTable
from ..columns import share_widths
from .fragments import Paragraph
from .styles import Styles
from .text import Markup

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, None: TA_LEFT}


def table(block: ModelTable, width: float, styles: Styles, markup: Markup) -> Table:
    """The model table with its header, column alignments and wrapping cells."""
    columns = len(block.header)
    rows = [tuple(row[:columns]) + ((),) * (columns - len(row)) for row in block.rows]
    aligns = tuple(block.aligns[:columns]) + (None,) * (columns - len(block.aligns))
    head = [
        _cell(markup.inlines(cell, block.line, "heading"), styles.para["cell_head"], a)
        for cell, a in zip(block.header, aligns, strict=True)
    ]
    body = [
        [
            _cell(markup.inlines(cell, block.line + 2 + number), styles.para["cell"], a)
            for cell, a in zip(row, aligns, strict=True)
        ]
        for number, row in enumerate(rows)
    ]
    texts = [[plain_text(cell) for cell in block.header], *([plain_text(cell) for cell in row] for row in rows)]
    return grid([head, *body], column_widths(texts, width, styles), styles)


def flow_table(spec: FlowSpec, width: float, styles: Styles, markup: Markup) -> Table:
    """A flow diagram written out as rows: from, to, and what flows, unconfirmed items marked."""
    head = [Paragraph(text, styles.para["cell_head"]) for text in ("From", "To", "What flows")]
    body = []
    for edge in spec.edges:
        items = "; ".join(
            markup.text(item.text, edge.line) + ("" if item.confirmed else " <i>(unconfirmed)</i>")
            for item in edge.items
        )
        body.append(
            [Paragraph(markup.text(text, edge.line), styles.para["cell"]) for text in (edge.source, edge.target)]
            + [Paragraph(items, styles.para["cell"])]
        )
    texts = [["From", "To", "What flows"]]
    texts += [[edge.source, edge.target, "; ".join(item.text for item in edge.items)] for edge in spec.edges]
    return grid([head, *body], column_widths(texts, width, styles), styles)


def column_widths(texts: list[list[str]], width: float, styles: Styles) -> tuple[float, ...]:
    """Widths summing to `width` by the shared rule: room for each column's longest word first,
    the rest in proportion to its longest cell. texts[0] is the header row."""
    pad = 2 * _padding(styles) * 1.5
    natural = [0.0] * len(texts[0])
    least = [0.0] * len(texts[0])
    for number, row in enumerate(texts):
        style = styles.para["cell_head" if number == 0 else "cell"]
        for col, text in enumerate(row):
            font = Path(getFont(style.fontName).face.filename)  # measured with its fallback fonts
            natural[col] = max(natural[col], measure.width(text, font, style.fontSize) + pad)
            words = text.split()
            widest = max((measure.width(word, font, style.fontSize) for word in words), default=0.0)
            least[col] = max(least[col], widest + pad)
    return share_widths(natural, least, width)


def _padding(styles: Styles) -> float:
    """The space between a cell's rule and its text, on each side."""
    return styles.rhythm * 0.3


def grid(rows: list[list[Paragraph]], widths: list[float], styles: Styles) -> Table:
    """A ruled table: a tinted header row repeated on every page, hairlines between rows."""
    c = styles.colors
    pad = _padding(styles)
    result = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
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
