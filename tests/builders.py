"""Small builders of model values, so renderer tests start from a Document, not from Markdown."""

from __future__ import annotations

from briefkit.model import ListBlock, ListItem, Paragraph, Section, Text


def para(text: str, line: int = 1) -> Paragraph:
    return Paragraph((Text(text),), line)


def bullets(*texts, ordered: bool = False, start: int = 1, line: int = 1) -> ListBlock:
    """A list; an item given as (text, [children]) gets a nested list."""
    items = []
    for entry in texts:
        text, children = entry if isinstance(entry, tuple) else (entry, None)
        blocks = (para(text, line),) + ((bullets(*children, line=line),) if children else ())
        items.append(ListItem(blocks, line))
    return ListBlock(tuple(items), ordered, start, line)


def section(title: str, *blocks, line: int = 1, level: int = 1, subsections=()) -> Section:
    return Section(level, title, tuple(blocks), tuple(subsections), line)
