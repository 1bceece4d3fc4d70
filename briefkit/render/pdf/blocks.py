"""Model blocks to reportlab flowables.

In: a tuple of blocks from the document model and the width they must fit. Out: a list of
flowables in the same order. Text goes through `Markup` (escaped, fallback fonts); tables,
images and flow diagrams are handed to their own modules. Nested blocks (list items, quotes)
are converted by the same code with a narrower width and a tighter paragraph style.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, ListFlowable, ListItem, Table, TableStyle
from reportlab.platypus import Paragraph as RLParagraph

from ...model import Block, CodeBlock, Flow, Image, ListBlock, MinorHeading, Paragraph, Quote
from ...model import Table as ModelTable
from . import figures as pdf_figures
from . import table as pdf_table
from .keep import Title
from .styles import Styles
from .text import Markup

_BULLETS = ("•", "–", "◦")
_QUOTE_RULE = 2.5


class Blocks:
    """Converts blocks for one document; numbers figures in reading order."""

    def __init__(
        self, styles: Styles, markup: Markup, figures: pdf_figures.Figures, height: float, wide: float
    ) -> None:
        """`height` is the frame's height, `wide` the width of a landscape frame."""
        self._styles = styles
        self._markup = markup
        self._figures = figures
        self._height = height
        self._wide = wide

    def convert(self, blocks: tuple[Block, ...], width: float, style: str = "body", depth: int = 0) -> list[Flowable]:
        """Flowables for `blocks`; `style` names the paragraph style, `depth` the list nesting."""
        out: list[Flowable] = []
        for block in blocks:
            out.extend(self._block(block, width, style, depth))
        return out

    def _block(self, block: Block, width: float, style: str, depth: int) -> list[Flowable]:
        para = self._styles.para
        if isinstance(block, Paragraph):
            return [RLParagraph(self._markup.inlines(block.inlines, block.line), para[style])]
        if isinstance(block, MinorHeading):
            return [Title(self._markup.inlines(block.inlines, block.line, "heading"), para["h3"])]
        if isinstance(block, ListBlock):  # empty lists and quotes print nothing (reportlab rejects them)
            return [self._list(block, width, depth)] if block.items else []
        if isinstance(block, Quote):
            return [self._quote(block, width)] if block.blocks else []
        if isinstance(block, CodeBlock):
            return [RLParagraph(self._code(block), para["code"])]
        if isinstance(block, ModelTable):
            turnable = style == "body" and depth == 0  # a table in a list or quote stays in its place
            room = pdf_table.Room(width, self._height, self._wide if turnable else None)
            return [pdf_table.table(block, room, self._styles, self._markup)]
        if isinstance(block, Image):
            return self._figures.image(block, width)
        if isinstance(block, Flow):
            return self._figures.flow(block, width)
        raise TypeError(f"unknown block {block!r}")

    def _list(self, block: ListBlock, width: float, depth: int) -> ListFlowable:
        """Bullets change shape with depth; numbers are the source's own (start honoured, 0 too),
        written out here because reportlab's counters print nothing for 0."""
        size = self._styles.para["body"].fontSize
        last = block.start + len(block.items) - 1
        indent = size * (1.6 + 0.6 * len(str(last))) if block.ordered else size * 1.5
        labels = [f"{block.start + n}." if block.ordered else _BULLETS[min(depth, 2)] for n in range(len(block.items))]
        items = [
            ListItem(self.convert(item.blocks, width - indent, "item", depth + 1), value=label)
            for item, label in zip(block.items, labels, strict=True)
        ]
        return ListFlowable(
            items,
            bulletType="bullet",
            start=labels[0],
            leftIndent=indent,
            bulletFontName=self._styles.body_font["regular"],
            bulletFontSize=size,
            bulletColor=self._styles.colors.accent,
            spaceAfter=self._styles.rhythm * (0.5 if depth == 0 else 0.2),  # nested: as between items
        )

    def _quote(self, block: Quote, width: float) -> Table:
        """A callout: the quote's blocks in a tinted box with a rule down its left side."""
        pad = self._styles.rhythm * 0.8
        inner = width - 2 * pad - _QUOTE_RULE
        rows = [[self.convert((child,), inner, "quote")] for child in block.blocks]
        c = self._styles.colors
        box = Table(rows, colWidths=[width - _QUOTE_RULE], splitInRow=1, hAlign="LEFT")
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self._styles.body_font["regular"]),
                    ("BACKGROUND", (0, 0), (-1, -1), c.accent_soft),
                    ("LINEBEFORE", (0, 0), (0, -1), _QUOTE_RULE, c.accent),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, 0), pad * 0.75),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6),
                ]
            )
        )
        box.spaceBefore = self._styles.rhythm * 0.3
        box.spaceAfter = self._styles.rhythm * 0.9
        return box

    def _code(self, block: CodeBlock) -> str:
        """Monospaced markup keeping indentation and line breaks; long lines wrap."""
        lines = (
            self._markup.text(text, block.line + 1 + number, "mono")
            for number, text in enumerate(block.text.rstrip("\n").split("\n"))
        )
        return "<br/>".join(_keep_indent(line) for line in lines)


def _keep_indent(markup: str) -> str:
    """Spaces that carry layout as non-breaking spaces: all leading ones and every second of a run,
    so indentation and alignment survive while long lines can still wrap between words."""
    stripped = markup.lstrip(" ")
    return "&nbsp;" * (len(markup) - len(stripped)) + stripped.replace("  ", "&nbsp; ")
