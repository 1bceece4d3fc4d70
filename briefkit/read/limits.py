"""Input limits: how large a brief may be, checked before any parsing so work stays bounded.

In: a content file's path (for its size) or its decoded text. Out: nothing, or a located
ContentError on the line where a limit is first passed. The text is scanned once, line by
line, outside fenced code blocks: the size of the file, the length of a line and of a
paragraph, and the counts of headings, list items, blocks, table rows and table columns.
Each limit lies far above what a report or deck can usefully hold (the 5,000-section
benchmark brief stays inside all of them); the README lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError

MAX_BYTES = 4 * 1024 * 1024
MAX_THEME_BYTES = 256 * 1024
MAX_LINE = 10_000  # characters on one line
MAX_PARAGRAPH = 10_000  # characters in one paragraph
MAX_HEADINGS = 5_000
MAX_ITEMS = 20_000  # list items in the whole brief
MAX_LIST = 2_000  # items of one list
MAX_BLOCKS = 50_000  # paragraphs, lists, tables, code blocks... (blank-line separated)
MAX_ROWS = 2_000  # rows of one table
MAX_COLUMNS = 30  # columns of one table: more do not fit the report's column

_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ROW = re.compile(r" {0,3}\|")


@dataclass
class _Counts:
    headings: int = 0
    items: int = 0
    list_items: int = 0
    blocks: int = 0
    rows: int = 0
    paragraph: int = 0


def read_bounded(path: Path, most: int | None = None, hint: str = "split it into several briefs") -> bytes:
    """The bytes of the file at `path`; past `most` (MAX_BYTES) a located error, never read whole."""
    most = MAX_BYTES if most is None else most
    with open(path, "rb") as handle:
        data = handle.read(most + 1)
    check_size(data, path, most, hint)
    return data


def check_size(data: bytes, path: Path, most: int | None = None, hint: str = "split it into several briefs") -> None:
    """A located error when a file's bytes pass `most` (MAX_BYTES), on the line where they do."""
    most = MAX_BYTES if most is None else most
    if len(data) > most:
        line = data[:most].count(b"\n") + 1
        shown = f"{most // (1024 * 1024)} MiB" if most >= 1024 * 1024 else f"{most:,} bytes"
        raise ContentError.at(path, line, f"the file is larger than {shown}", hint)


def check_limits(text: str, path: Path, first_line: int = 1) -> None:
    """A located ContentError where `text` (file line `first_line` on) first passes a limit."""
    counts = _Counts()
    fence = ""
    blank = True
    for number, line in enumerate(text.split("\n"), start=first_line):
        if len(line) > MAX_LINE:
            raise _past(path, number, f"this line has {len(line):,} characters (at most {MAX_LINE:,})", "break it up")
        opened = _FENCE.match(line)
        if fence:
            fence = "" if opened and opened[1].startswith(fence) else fence
            continue
        if opened:
            fence = opened[1]
        if not line.strip():
            blank, counts.paragraph, counts.rows = True, 0, 0
            continue
        if blank:
            counts.blocks += 1
            _limit(counts.blocks, MAX_BLOCKS, path, number, "blocks (paragraphs, lists, tables)", "split the brief")
            if not line[0].isspace() and not _ITEM.match(line):
                counts.list_items = 0  # a paragraph after a blank line ends the list
        blank = False
        if _HEADING.match(line):
            counts.headings, counts.paragraph, counts.list_items = counts.headings + 1, 0, 0
            _limit(counts.headings, MAX_HEADINGS, path, number, "headings", "split it into several briefs")
        elif _ITEM.match(line):
            counts.items, counts.list_items, counts.paragraph = counts.items + 1, counts.list_items + 1, 0
            _limit(counts.items, MAX_ITEMS, path, number, "list items", "split it into several briefs")
            if counts.list_items > MAX_LIST:
                message = f"this list has more than {MAX_LIST:,} items"
                raise _past(path, number, message, "split it into several lists under their own headings")
        elif _ROW.match(line):
            counts.rows += 1
            _limit(counts.rows, MAX_ROWS, path, number, "rows in one table", "split the table")
            columns = len(re.findall(r"(?<!\\)\|", line.strip())) - 1
            if columns > MAX_COLUMNS:
                raise _past(
                    path, number, f"this table row has {columns:,} columns (at most {MAX_COLUMNS})", "split the table"
                )
            continue
        counts.paragraph += len(line)
        if counts.paragraph > MAX_PARAGRAPH:
            raise _past(path, number, f"this paragraph has more than {MAX_PARAGRAPH:,} characters", "break it up")


def _limit(count: int, most: int, path: Path, line: int, what: str, hint: str) -> None:
    if count > most:
        raise _past(path, line, f"the brief has more than {most:,} {what}", hint)


def _past(path: Path, line: int, message: str, hint: str) -> ContentError:
    return ContentError.at(path, line, message, hint)
