"""Pandoc's simple and grid tables, read by markdown-it as the tokens of a pipe table.

In: a MarkdownIt parser. Out: the same parser turning

- a simple table (a header line, a line of dash runs apart by spaces, rows up to a blank line or a
  closing dash line) and
- a grid table (`+---+---+` borders, `|`-parted cells, `+===+` under the header, cells spread
  over several lines)

into table_open ... table_close tokens like the GFM table rule's, so one reader reads all three.
Column alignment comes from where the header sits over its dashes (simple) or from `:` in the
header's border (grid), as Pandoc reads them. Cells spanning columns are not read.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from .dialects import line_text as _line

_DASHES = re.compile(r"-+")
_DASH_LINE = re.compile(r"-{3,}(?: +-{3,})+ *")  # runs of three or more: `- - -` stays a rule
_BORDER = re.compile(r"\+(?:[-=:]+\+)+ *")


def pandoc_tables_plugin(md: MarkdownIt) -> None:
    """Add the simple and grid table rules to `md`, before the pipe table rule."""
    md.block.ruler.before("table", "grid_table", _grid_table)
    md.block.ruler.before("table", "simple_table", _simple_table)


def _simple_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A header line over a line of dash runs, then rows up to a blank line or a closing dash line."""
    if start_line + 2 >= end_line or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.blkIndent
    header = state.src[start : state.eMarks[start_line]]
    dashes = state.src[state.bMarks[start_line + 1] + state.blkIndent : state.eMarks[start_line + 1]]
    if not header.strip() or not _DASH_LINE.fullmatch(dashes):
        return False
    runs = [(match.start(), match.end()) for match in _DASHES.finditer(dashes)]
    rows: list[str] = []
    line = start_line + 2
    while line < end_line and _line(state, line).strip():
        text = state.src[state.bMarks[line] + state.blkIndent : state.eMarks[line]]
        line += 1
        if _DASH_LINE.fullmatch(text) or _DASHES.fullmatch(text.strip()):
            break
        rows.append(text)
    if not rows:
        return False
    if not silent:
        aligns = [_simple_align(header, begin, end) for begin, end in runs]
        starts = [begin for begin, _ in runs]
        table = [_slice(header, starts), *(_slice(row, starts) for row in rows)]
        _push_table(state, table, aligns, [start_line, line])
    state.line = line
    return True


def _simple_align(header: str, begin: int, end: int) -> str | None:
    """A column's alignment from its header text's ends against its dash run's."""
    text = header[begin:end]
    flush_left = bool(text[:1].strip())
    flush_right = bool(text[-1:].strip()) and (end >= len(header) or not header[end : end + 1].strip())
    if flush_left and flush_right:
        return None
    return "left" if flush_left else "right" if flush_right else "center"


def _slice(line: str, starts: list[int]) -> list[str]:
    """The cells of a line cut at the columns' starts, the last running to the line's end."""
    ends = [*starts[1:], max(len(line), starts[-1])]
    return [line[begin:end].strip() for begin, end in zip(starts, ends, strict=True)]


def _grid_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`+---+` borders around `|`-parted cells; a `+===+` border ends the header."""
    if state.sCount[start_line] - state.blkIndent >= 4 or not _BORDER.fullmatch(_line(state, start_line)):
        return False
    first = _line(state, start_line)
    columns = [index for index, char in enumerate(first.rstrip()) if char == "+"]
    rows: list[list[str]] = []
    header_rows = 0
    aligns: list[str | None] = [None] * (len(columns) - 1)
    current: list[list[str]] = []
    line = start_line + 1
    while line < end_line:
        text = _line(state, line)
        line += 1
        if _BORDER.fullmatch(text):
            if current:
                rows.append([" ".join(" ".join(part).split()) for part in zip(*current, strict=True)])
                current = []
            if "=" in text:
                header_rows = len(rows)
                aligns = [_grid_align(text[a + 1 : b]) for a, b in zip(columns, columns[1:], strict=False)]
            if line >= end_line or not _line(state, line).startswith("|"):
                break
        elif text.startswith("|"):
            current.append([text[a + 1 : b].strip(" |") for a, b in zip(columns, columns[1:], strict=False)])
        else:
            return False
    if current or not rows:
        return False  # not closed by a border
    if not silent:
        header_rows = header_rows or 1  # a table without a header row: the first row leads it
        head = [" ".join(" ".join(part).split()) for part in zip(*rows[:header_rows], strict=True)]
        _push_table(state, [head, *rows[header_rows:]], aligns, [start_line, line])
    state.line = line
    return True


def _grid_align(border: str) -> str | None:
    """A column's alignment from the colons of its `===` border."""
    left, right = border.startswith(":"), border.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else None


def _push_table(state: StateBlock, rows: list[list[str]], aligns: list[str | None], lines: list[int]) -> None:
    """The tokens of a pipe table: the first row as its header, each cell's text an inline token."""
    state.push("table_open", "table", 1).map = lines
    for index, row in enumerate(rows):
        if index < 2:
            part = "thead" if index == 0 else "tbody"
            state.push(f"{part}_open", part, 1)
        state.push("tr_open", "tr", 1)
        cell = "th" if index == 0 else "td"
        for text, align in zip(row, aligns, strict=False):
            opener = state.push(f"{cell}_open", cell, 1)
            if align:
                opener.attrSet("style", f"text-align:{align}")
            inline = state.push("inline", "", 0)
            inline.content, inline.map, inline.children = text, lines, []
            state.push(f"{cell}_close", cell, -1)
        state.push("tr_close", "tr", -1)
        if index == 0:
            state.push("thead_close", "thead", -1)
    if len(rows) > 1:
        state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
