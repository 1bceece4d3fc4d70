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
class Link:
    """A hyperlink; the reader only admits http, https and mailto URLs."""

    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Text | Strong | Emphasis | Code | Link | LineBreak


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees, without any styling."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


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
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class MinorHeading:
    """A heading of level 3 or deeper: a run-in title inside a section."""

    level: int
    inlines: tuple[Inline, ...]
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
class Flow:
    spec: FlowSpec
    line: int


Block = Paragraph | ListBlock | Quote | MinorHeading | CodeBlock | Table | Image | Flow


# ---------------------------------------------------------------- document


@dataclass(frozen=True)
class Section:
    """A '#' section (level 1) or '##' subsection (level 2)."""

    level: int
    title: str
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]
    line: int

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
        """Document-property keywords: the section titles, comma-separated."""
        return ", ".join(section.title for section in self.sections)

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

    def images(self) -> tuple[Image, ...]:
        return tuple(block for block in self.all_blocks() if isinstance(block, Image))


def _walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk(item.blocks)
        elif isinstance(block, Quote):
            yield from _walk(block.blocks)
