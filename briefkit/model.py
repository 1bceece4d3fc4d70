"""The document model every reader produces and every renderer consumes.

In: nothing (this module imports nothing of briefkit's). Out: frozen dataclasses describing one
brief: its metadata, its sections and their blocks, down to inline runs. Every block keeps the
1-based line of the content file it came from, so any stage can report a located problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    """Plain text, already free of control characters; never markup."""

    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Strike:
    """Struck-through text (`~~x~~`, `<s>`, `<del>`)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Underline:
    """Underlined text (`<u>`, `<ins>`)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Highlight:
    """Marked text (`<mark>`)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Subscript:
    """Lowered text (`H~2~O`, `<sub>`)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Superscript:
    """Raised text (`x^2^`, `<sup>`)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A hyperlink; the reader only admits http, https and mailto URLs."""

    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class InternalLink:
    """A link to a heading of the same brief: `anchor` is that heading's anchor."""

    anchor: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True)
class NoteRef:
    """A footnote citation: its number (1, 2, ... in order of first citation) and the note's text."""

    number: int
    note: tuple[Inline, ...]

    @property
    def mark(self) -> str:
        """The number as superscript digits, as both outputs print it in the text."""
        return note_mark(self.number)


@dataclass(frozen=True)
class TaskBox:
    """The box of a task list item: ☑ when done, ☐ when not."""

    done: bool

    @property
    def text(self) -> str:
        return "☑" if self.done else "☐"


@dataclass(frozen=True)
class InlineImage:
    """An image inside a line of text (a badge in a table or a link): drawn at its own small size
    where the output can, else shown as its caption. `path` is None when the image is remote."""

    path: Path | None
    caption: str
    line: int


Inline = (
    Text
    | Strong
    | Emphasis
    | Code
    | Strike
    | Underline
    | Highlight
    | Subscript
    | Superscript
    | Link
    | InternalLink
    | LineBreak
    | NoteRef
    | TaskBox
    | InlineImage
)
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def note_mark(number: int) -> str:
    """A footnote number as superscript digits: 12 -> ¹²."""
    return str(number).translate(_SUPERSCRIPT_DIGITS)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees, without any styling; a footnote citation is its superscript number."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code, TaskBox)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, NoteRef):
            parts.append(node.mark)
        elif isinstance(node, InlineImage):
            continue
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


def images_in(inlines: tuple[Inline, ...]) -> list[InlineImage]:
    """The inline images among `inlines`, nested ones (in links) included."""
    return [node for node in _walk_inlines(inlines) if isinstance(node, InlineImage)]


def notes_of(inlines: tuple[Inline, ...]) -> list[NoteRef]:
    """The footnote citations among `inlines`, nested ones included, in reading order."""
    found: list[NoteRef] = []
    for node in inlines:
        if isinstance(node, NoteRef):
            found.append(node)
        elif hasattr(node, "children"):
            found += notes_of(node.children)
    return found


# ---------------------------------------------------------------- flow diagrams


@dataclass(frozen=True)
class FlowItem:
    """One thing that flows; unconfirmed items were written with a trailing '?'."""

    text: str
    confirmed: bool


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    items: tuple[FlowItem, ...]
    line: int

    @property
    def confirmed(self) -> bool:
        """An edge is drawn solid when at least one of its items is confirmed."""
        return any(item.confirmed for item in self.items)


@dataclass(frozen=True)
class FlowSpec:
    """Who sends what to whom: nodes in order of first mention, edges in source order."""

    caption: str | None
    nodes: tuple[str, ...]
    edges: tuple[FlowEdge, ...]
    line: int


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class ListItem:
    """A list entry: usually one paragraph, perhaps followed by a nested list."""

    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]
    ordered: bool
    start: int
    line: int


@dataclass(frozen=True)
class Quote:
    """A block quote; an alert (`> [!NOTE]`) is a quote whose first block is its bold label."""

    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class MinorHeading:
    """A heading of level 3 or deeper: a run-in title inside a section."""

    level: int
    inlines: tuple[Inline, ...]
    line: int
    anchor: str = ""


@dataclass(frozen=True)
class Definition:
    """One term of a definition list and the blocks that define it."""

    term: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[Definition, ...]
    line: int


@dataclass(frozen=True)
class CodeBlock:
    text: str
    line: int


@dataclass(frozen=True)
class Table:
    """A pipe table; aligns holds 'left', 'center', 'right' or None per column."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    aligns: tuple[str | None, ...]
    line: int


@dataclass(frozen=True)
class Image:
    """A figure: path is resolved and confined to the allowed folders by the reader."""

    path: Path
    caption: str
    line: int


@dataclass(frozen=True)
class ImagePlaceholder:
    """An image that is not drawn (a remote address, a missing site path): a box with its
    caption and address stands in its place."""

    source: str
    caption: str
    line: int


@dataclass(frozen=True)
class Flow:
    spec: FlowSpec
    line: int


# ---------------------------------------------------------------- charts

CHART_KINDS = ("column", "bar", "stacked-column", "stacked-bar", "line", "pie")


@dataclass(frozen=True)
class ChartSeries:
    """One column of a chart's table: its values, each as written and whether it is an estimate."""

    name: str
    values: tuple[float, ...]
    texts: tuple[str, ...]  # each value as written, without its '?'
    estimates: tuple[bool, ...]

    @property
    def estimated(self) -> bool:
        """True when every value of the series is an estimate."""
        return all(self.estimates)


@dataclass(frozen=True)
class ChartSpec:
    """A chart from a table: categories from its first column, one series per other column."""

    kind: str  # one of CHART_KINDS
    caption: str | None
    unit: str | None
    source: str | None
    category_title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    line: int

    @property
    def has_estimates(self) -> bool:
        return any(any(series.estimates) for series in self.series)


@dataclass(frozen=True)
class Chart:
    spec: ChartSpec
    line: int


Block = (
    Paragraph
    | ListBlock
    | Quote
    | MinorHeading
    | DefinitionList
    | CodeBlock
    | Table
    | Image
    | ImagePlaceholder
    | Flow
    | Chart
)


# ---------------------------------------------------------------- document


@dataclass(frozen=True)
class Section:
    """A '#' section (level 1) or '##' subsection (level 2)."""

    level: int
    title: str
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]
    line: int
    anchor: str = ""  # the target of `#anchor` links: an explicit {#id} or the title's slug

    @property
    def has_content(self) -> bool:
        """True when the section, or one of its subsections, holds any block below its heading."""
        return bool(self.blocks) or any(sub.has_content for sub in self.subsections)


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    date: datetime.date
    classification: str | None
    theme: str | None
    key_lines: tuple[tuple[str, int], ...] = ()  # (front matter key, file line) as written
    subject: str | None = None  # `description:`
    keywords: tuple[str, ...] = ()  # `keywords:` or `tags:`
    lang: str | None = None  # `lang:`, a language tag such as en-GB

    def line_of(self, key: str) -> int:
        """The file line where a front matter key was given, or 0 when it was not."""
        return dict(self.key_lines).get(key, 0)

    @property
    def short_title(self) -> str:
        """The title for running headers and footers: up to its first colon, at most 60 chars."""
        short = self.title.split(": ", 1)[0].strip() or self.title
        return short if len(short) <= 60 else short[:59].rstrip() + "…"


@dataclass(frozen=True)
class Document:
    """One brief. preamble holds the blocks that come before the first heading."""

    path: Path
    meta: Meta
    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]

    @property
    def keywords(self) -> str:
        """Document-property keywords: those of the front matter, else the section titles, comma-separated."""
        return ", ".join(self.meta.keywords or tuple(section.title for section in self.sections))

    def all_sections(self) -> Iterator[Section]:
        """Sections and subsections in reading order."""
        for section in self.sections:
            yield section
            yield from section.subsections

    def all_blocks(self) -> Iterator[Block]:
        """Every block in reading order, nested ones included (list items, quotes)."""
        yield from _walk(self.preamble)
        for section in self.all_sections():
            yield from _walk(section.blocks)

    def flows(self) -> tuple[FlowSpec, ...]:
        """The flow diagrams in reading order; figure exports are numbered from 1 by this."""
        return tuple(block.spec for block in self.all_blocks() if isinstance(block, Flow))

    def charts(self) -> tuple[ChartSpec, ...]:
        """The charts in reading order; chart exports are numbered from 1 by this."""
        return tuple(block.spec for block in self.all_blocks() if isinstance(block, Chart))

    def images(self) -> tuple[Image | InlineImage, ...]:
        """Every local image the outputs draw, figures and inline ones, in reading order."""
        found: list[Image | InlineImage] = []
        for block in self.all_blocks():
            if isinstance(block, Image):
                found.append(block)
            for inlines in _inlines_of(block):
                found += (node for node in images_in(inlines) if node.path)
        return tuple(found)


def block_notes(block: Block) -> tuple[int, ...]:
    """The numbers of the footnotes a block cites, nested blocks included, in reading order."""
    numbers: dict[int, None] = {}
    for inner in _walk((block,)):
        for inlines in _inlines_of(inner):
            numbers.update((ref.number, None) for ref in notes_of(inlines))
    return tuple(numbers)


def document_notes(doc: Document) -> dict[int, tuple[Inline, ...]]:
    """{number: text} of every footnote the brief cites."""
    notes: dict[int, tuple[Inline, ...]] = {}
    for block in doc.all_blocks():
        for inlines in _inlines_of(block):
            notes.update((ref.number, ref.note) for ref in notes_of(inlines))
    return dict(sorted(notes.items()))


def _walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk(item.blocks)
        elif isinstance(block, Quote):
            yield from _walk(block.blocks)
        elif isinstance(block, DefinitionList):
            for definition in block.items:
                yield from _walk(definition.blocks)


def _inlines_of(block: Block) -> Iterator[tuple[Inline, ...]]:
    """The inline runs a block holds itself (not those of the blocks nested in it)."""
    if isinstance(block, (Paragraph, MinorHeading)):
        yield block.inlines
    elif isinstance(block, Table):
        yield from block.header
        for row in block.rows:
            yield from row
    elif isinstance(block, DefinitionList):
        for definition in block.items:
            yield definition.term


def _walk_inlines(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in inlines:
        yield node
        if hasattr(node, "children"):
            yield from _walk_inlines(node.children)
