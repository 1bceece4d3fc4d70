"""Model blocks to reportlab flowables.

In: a tuple of blocks from the document model and the width they must fit. Out: a list of
flowables in the same order. Text goes through `Markup` (escaped, fallback fonts); tables,
images and flow diagrams are handed to their own modules. Nested blocks (list items, quotes)
are converted by the same code with a narrower width and a tighter paragraph style.

A quote is drawn as a tinted band with a rule down its left, painted behind its blocks by the
frame (reportlab's frame backgrounds), so its blocks stay ordinary flowables that split across
pages like any other; a quote in a quote is a band inside the band. Inside a list item, where
no frame paints, a quote is a one-column table whose rows are its blocks, nested quotes
flattened into indented rows: never a table inside a table, which reportlab cannot split
within bounded time. Blocks that cite footnotes are wrapped so their notes go to the foot of
the page they land on.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Indenter, ListFlowable, ListItem, Spacer, Table, TableStyle

from ...model import (
    Block,
    Chart,
    CodeBlock,
    DefinitionList,
    Flow,
    Image,
    ImagePlaceholder,
    ListBlock,
    MinorHeading,
    Paragraph,
    Quote,
    block_notes,
)
from ...model import Table as ModelTable
from . import figures as pdf_figures
from . import table as pdf_table
from .fragments import Paragraph as RLParagraph
from .keep import Title
from .notes import Cited, NoteArea, cites
from .quote import BandPadding, QuoteBand
from .styles import Styles
from .text import Markup, anchor_name

_BULLETS = ("•", "–", "◦")
_QUOTE_RULE = 2.5
_TAB = 4  # columns between tab stops in code


class Blocks:
    """Converts blocks for one document; numbers figures in reading order."""

    def __init__(
        self,
        styles: Styles,
        markup: Markup,
        figures: pdf_figures.Figures,
        height: float,
        wide: float,
        notes: NoteArea | None = None,
    ) -> None:
        """`height` is the frame's height, `wide` the width of a landscape frame; `notes` the
        footnote area of the page, when the brief has footnotes."""
        self._styles = styles
        self._markup = markup
        self._figures = figures
        self._height = height
        self._wide = wide
        self._notes = notes
        self._left = 0.0  # how far the current blocks are indented from the frame's left edge
        self._in_item = 0  # >0 inside list items, where no frame paints a quote's band

    def story(self, blocks: tuple[Block, ...], width: float) -> list[Flowable]:
        """Flowables for blocks standing in the text frame itself; those citing footnotes keep
        room for their notes at the foot of the page."""
        out: list[Flowable] = []
        for block in blocks:
            flowables = self._block(block, width, "body", 0)
            numbers = block_notes(block)
            if numbers and self._notes is not None:
                flowables = _cite(flowables, numbers, self._notes)
            out.extend(flowables)
        return out

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
            name = f'<a name="{anchor_name(block.anchor)}"/>' if block.anchor else ""
            return [Title(name + self._markup.inlines(block.inlines, block.line, "heading"), para["h3"])]
        if isinstance(block, ListBlock):  # empty lists and quotes print nothing (reportlab rejects them)
            return [self._list(block, width, depth)] if block.items else []
        if isinstance(block, Quote):
            if not block.blocks:
                return []
            return [self._quote_table(block, width)] if self._in_item else self._quote(block, width)
        if isinstance(block, DefinitionList):
            return self._definitions(block, width, style, depth)
        if isinstance(block, ImagePlaceholder):
            return self._figures.placeholder(block, width)
        if isinstance(block, CodeBlock):
            return [RLParagraph(self._code(block), para["code"])]
        if isinstance(block, ModelTable):
            turnable = style == "body" and depth == 0  # a table in a list or quote stays in its place
            room = pdf_table.Room(width, self._height, self._wide if turnable else None)
            return [pdf_table.table(block, room, self._styles, self._markup)]
        if isinstance(block, Image):
            return self._figures.image(block, width)
        if isinstance(block, Flow):
            return self._figures.flow(block, width, turnable=style == "body" and depth == 0)
        if isinstance(block, Chart):
            return self._figures.chart(block, width)
        raise TypeError(f"unknown block {block!r}")

    def _list(self, block: ListBlock, width: float, depth: int) -> ListFlowable:
        """Bullets change shape with depth; numbers are the source's own (start honoured, 0 too),
        written out here because reportlab's counters print nothing for 0."""
        size = self._styles.para["body"].fontSize
        last = block.start + len(block.items) - 1
        indent = size * (1.6 + 0.6 * len(str(last))) if block.ordered else size * 1.5
        labels = [f"{block.start + n}." if block.ordered else _BULLETS[min(depth, 2)] for n in range(len(block.items))]
        self._in_item += 1
        items = [  # an empty item still shows its bullet or number (reportlab needs a flowable)
            ListItem(self.convert(item.blocks, width - indent, "item", depth + 1) or [Spacer(0, size)], value=label)
            for item, label in zip(block.items, labels, strict=True)
        ]
        self._in_item -= 1
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

    def _quote(self, block: Quote, width: float) -> list[Flowable]:
        """A callout in the text frame: the quote's blocks over a tinted band with a left rule."""
        pad = self._styles.rhythm * 0.8
        indent = pad + _QUOTE_RULE
        c = self._styles.colors
        band = QuoteBand(self._left, c.accent_soft, c.accent, _QUOTE_RULE)
        self._left += indent
        inner = self.convert(block.blocks, width - indent - pad, "quote")
        self._left -= indent
        return [
            Spacer(0, self._styles.rhythm * 0.3),
            band,
            Indenter(indent, pad),
            Spacer(0, pad * 0.75),
            *inner,
            BandPadding(0, pad * 0.6),
            Indenter(-indent, -pad),
            band.end(),
            Spacer(0, self._styles.rhythm * 0.6),
        ]

    def _quote_table(self, block: Quote, width: float) -> Table:
        """A callout inside a list item: one row per block, nested quotes as further-indented rows."""
        pad = self._styles.rhythm * 0.8
        rows: list[list[list[Flowable]]] = []
        paddings: list[float] = []

        def add(quote: Quote, level: int) -> None:
            for child in quote.blocks:
                if isinstance(child, Quote):
                    add(child, level + 1)
                else:
                    inner = width - 2 * pad - _QUOTE_RULE - level * pad
                    rows.append([self.convert((child,), inner, "quote")])
                    paddings.append(pad * (1 + level))

        add(block, 0)
        c = self._styles.colors
        box = Table(rows, colWidths=[width - _QUOTE_RULE], splitInRow=1, hAlign="LEFT")
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self._styles.body_font["regular"]),
            ("BACKGROUND", (0, 0), (-1, -1), c.accent_soft),
            ("LINEBEFORE", (0, 0), (0, -1), _QUOTE_RULE, c.accent),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.75),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6),
        ]
        commands += [("LEFTPADDING", (0, row), (0, row), left) for row, left in enumerate(paddings)]
        box.setStyle(TableStyle(commands))
        box.spaceBefore = self._styles.rhythm * 0.3
        box.spaceAfter = self._styles.rhythm * 0.9
        return box

    def _definitions(self, block: DefinitionList, width: float, style: str, depth: int) -> list[Flowable]:
        """Each term in bold, its definitions indented below it."""
        indent = self._styles.para["body"].fontSize * 1.5
        term_style = ParagraphStyle("term", parent=self._styles.para["item"], keepWithNext=1)
        out: list[Flowable] = []
        for item in block.items:
            out.append(RLParagraph(f"<b>{self._markup.inlines(item.term, item.line)}</b>", term_style))
            if self._in_item:  # no frame indents inside a list item: the definitions follow unindented
                out += self.convert(item.blocks, width, "item", depth)
                continue
            self._left += indent
            out += [Indenter(indent), *self.convert(item.blocks, width - indent, style, depth), Indenter(-indent)]
            self._left -= indent
        return out

    def _code(self, block: CodeBlock) -> str:
        """Monospaced markup keeping indentation and line breaks; tabs go to the next stop of
        `_TAB` columns, as editors show them; long lines wrap."""
        lines = (
            self._markup.text(text.expandtabs(_TAB), block.line + 1 + number, "mono")
            for number, text in enumerate(block.text.rstrip("\n").split("\n"))
        )
        return "<br/>".join(_keep_indent(line) for line in lines)


def _keep_indent(markup: str) -> str:
    """Spaces that carry layout as non-breaking spaces: all leading ones and every second of a run,
    so indentation and alignment survive while long lines can still wrap between words."""
    stripped = markup.lstrip(" ")
    return "&nbsp;" * (len(markup) - len(stripped)) + stripped.replace("  ", "&nbsp; ")


def _cite(flowables: list[Flowable], numbers: tuple[int, ...], area: NoteArea) -> list[Flowable]:
    """`flowables` with each one that cites a note wrapped to keep room for it; notes whose
    citation is not found (drawn as an image, say) go with the first flowable that has a size."""
    shares = [tuple(n for n in numbers if cites(flowable, n)) for flowable in flowables]
    found = {n for share in shares for n in share}
    rest = tuple(n for n in numbers if n not in found)
    if rest:
        first = next((i for i, f in enumerate(flowables) if isinstance(f, (RLParagraph, Table, ListFlowable))), None)
        if first is not None:
            shares[first] += rest
    return [Cited(f, share, area) if share else f for f, share in zip(flowables, shares, strict=True)]
