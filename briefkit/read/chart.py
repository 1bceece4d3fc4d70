"""The chart mini-language inside ```chart fences.

In: the fence's text, the file line of its first content line and the fence's own line. Out: a
`ChartSpec`.

    type: column            # column, bar, stacked-column, stacked-bar, line, pie
    caption: Shells delivered, millions
    unit: million shells    # optional: axis title (and data-label suffix when short)
    source: Open reporting  # optional: a source line under the chart

    | Year | Shells | Rockets? |
    |------|--------|----------|
    | 2023 | 1.0    | 0.1      |
    | 2024 | 3.0?   | 0.4      |

Header lines `key: value` come first (`type` is required), then a pipe table: its first column
holds the categories, every other column is a series named by its header. A value ending in `?`
is an estimate; a header ending in `?` makes the whole series an estimate. Numbers may use `,`
thousands separators, a leading `-` and a trailing `%`. Every malformed chart is a located error.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..errors import ContentError, Problem
from ..model import CHART_KINDS, ChartSeries, ChartSpec

MAX_SERIES = 12
MAX_CATEGORIES = 60
KEYS = ("type", "caption", "unit", "source")
_HEADER = re.compile(r"(?P<key>[A-Za-z_-]+)\s*:\s*(?P<value>.*)")
_DELIMITER = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")
_NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?|-?\.\d+%?")
_EXAMPLE = "| Year | Shells |, then |---|---|, then | 2024 | 3.0 |"


def parse_chart(text: str, path: Path, first_line: int, fence_line: int) -> ChartSpec:
    """Parse a chart block whose content starts on file line `first_line`."""
    lines = text.split("\n")
    problems: list[Problem] = []
    header, table_at = _header(lines, path, first_line, problems)
    kind, kind_line = header.get("type", ("", fence_line))
    if "type" not in header:
        problems.append(
            Problem(path, fence_line, "chart: no type", f"start the block with e.g. type: column ({_kinds()})")
        )
    elif kind not in CHART_KINDS:
        close = difflib.get_close_matches(kind, CHART_KINDS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(Problem(path, kind_line, f"chart: unknown type '{kind}'", f"{hint}types: {_kinds()}"))
    spec = None
    try:
        if table_at < len(lines) or not problems:  # a block of bad header lines only: those are the news
            spec = _table(lines[table_at:], path, first_line + table_at, fence_line, kind, header, problems)
    except ContentError as error:  # the table cannot be read on: what was found so far, and this
        problems += error.problems
    if problems or spec is None:
        raise ContentError(sorted(problems, key=lambda problem: problem.line))
    return spec


def _table(
    lines: list[str],
    path: Path,
    first_line: int,
    fence_line: int,
    kind: str,
    header: dict[str, tuple[str, int]],
    problems: list[Problem],
) -> ChartSpec | None:
    """The chart of the table `lines` (from file line `first_line`), or None when `problems` holds
    any; a bad cell or row goes to `problems` and reading goes on, a table that cannot be read on
    raises."""
    rows = [(first_line + index, line.strip()) for index, line in enumerate(lines)]
    rows = [(number, line) for number, line in rows if line]
    if not rows:
        raise ContentError.at(path, fence_line, "chart: no data", f"add a pipe table: {_EXAMPLE}")
    for number, line in rows:
        if not line.startswith("|") and "|" not in line:
            raise ContentError.at(path, number, "chart: expected a table row", f"write rows like {_EXAMPLE}")
    head_line, head = rows[0]
    names = _cells(head)
    if len(names) < 2:
        raise ContentError.at(
            path,
            head_line,
            "chart: the table needs a category column and one series or more",
            f"write e.g. {_EXAMPLE}",
        )
    if len(rows) < 2 or not _DELIMITER.fullmatch(rows[1][1]):
        raise ContentError.at(
            path,
            rows[1][0] if len(rows) > 1 else head_line,
            "chart: the header row needs a delimiter row under it",
            "write |---|---| under the header",
        )
    if len(_cells(rows[1][1])) != len(names):
        raise ContentError.at(
            path,
            rows[1][0],
            f"chart: the delimiter row needs {len(names)} cells, like the header",
            "write one |---| per column",
        )
    body = rows[2:]
    if not body:
        raise ContentError.at(path, fence_line, "chart: no data", "add one row per category under the header")
    if len(names) - 1 > MAX_SERIES:
        raise ContentError.at(
            path,
            head_line,
            f"chart: more than {MAX_SERIES} series",
            "split the chart or sum the smaller series as 'Other'",
        )
    if len(body) > MAX_CATEGORIES:
        raise ContentError.at(
            path,
            body[MAX_CATEGORIES][0],
            f"chart: more than {MAX_CATEGORIES} categories",
            "aggregate the rows (e.g. by quarter) or split the chart",
        )
    series_names = [name.rstrip("?").rstrip() for name in names[1:]]
    for column, name in enumerate(series_names, start=2):
        if not name:
            raise ContentError.at(
                path, head_line, f"chart: column {column} has no series name", "name it in the header"
            )
    categories: list[str] = []
    values: list[list[tuple[float, str, bool]]] = [[] for _ in series_names]
    for number, line in body:
        try:
            row = _row(_cells(line), path, number, series_names)
        except ContentError as error:
            problems += error.problems
            continue
        categories.append(row[0])
        for index, value in enumerate(row[1]):
            values[index].append(value)
    if problems:
        return None
    whole = [name.endswith("?") for name in names[1:]]
    series = tuple(
        ChartSeries(
            name,
            tuple(value for value, _, _ in column),
            tuple(written for _, written, _ in column),
            tuple(estimate or all_estimated for _, _, estimate in column),
        )
        for name, column, all_estimated in zip(series_names, values, whole, strict=True)
    )
    if kind == "pie":
        _check_pie(series, path, head_line, body)
    caption = header.get("caption", (None, 0))[0]
    unit = header.get("unit", (None, 0))[0]
    source = header.get("source", (None, 0))[0]
    return ChartSpec(kind, caption, unit, source, names[0], tuple(categories), series, fence_line)


def _row(
    cells: list[str], path: Path, number: int, series_names: list[str]
) -> tuple[str, list[tuple[float, str, bool]]]:
    """(category, values) of one table row, or an error on its line."""
    if len(cells) != len(series_names) + 1:
        raise ContentError.at(
            path,
            number,
            f"chart: this row has {len(cells)} cells, the header {len(series_names) + 1}",
            "give every row one category and one value per series",
        )
    if not cells[0]:
        raise ContentError.at(path, number, "chart: a row without a category", "name the category in the first cell")
    return cells[0], [
        _value(cell, path, number, cells[0], name) for cell, name in zip(cells[1:], series_names, strict=True)
    ]


def _kinds() -> str:
    return ", ".join(CHART_KINDS)


def _header(
    lines: list[str], path: Path, first_line: int, problems: list[Problem]
) -> tuple[dict[str, tuple[str, int]], int]:
    """The `key: value` lines before the table, by key with their file lines, and where the table
    starts; each bad line goes to `problems`."""
    found: dict[str, tuple[str, int]] = {}
    for index, raw in enumerate(lines):
        line = raw.strip()
        number = first_line + index
        if not line:
            continue
        if line.startswith("|"):
            return found, index
        match = _HEADER.fullmatch(line)
        if not match:
            problems.append(
                Problem(path, number, "chart: expected 'key: value' or the table", f"header keys: {', '.join(KEYS)}")
            )
            continue
        key = match["key"].lower()
        value = " ".join(_unquote(_uncomment(match["value"]).strip()).split())
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"header keys: {', '.join(KEYS)}"
            problems.append(Problem(path, number, f"chart: unknown key '{match['key']}'", hint))
        elif key in found:
            message = f"chart: '{key}' is given twice (first on line {found[key][1]})"
            problems.append(Problem(path, number, message, "keep one"))
        elif not value:
            problems.append(Problem(path, number, f"chart: '{key}' needs a value", f"write it after {key}:"))
        else:
            found[key] = (value, number)
    return found, len(lines)


def _uncomment(value: str) -> str:
    """A header value without a trailing `# comment` (a `#` between spaces; quoted values keep it)."""
    if value[:1] in "\"'":
        return value
    return re.split(r"\s+#\s", value, maxsplit=1)[0]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _cells(line: str) -> list[str]:
    """The cells of a pipe-table row, trimmed; `\\|` stands for a literal bar."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    parts = re.split(r"(?<!\\)\|", line)
    return [" ".join(part.replace("\\|", "|").split()) for part in parts]


def _value(cell: str, path: Path, line: int, category: str, series: str) -> tuple[float, str, bool]:
    """(number, text as written without '?', estimate) of one cell."""
    estimate = cell.endswith("?")
    written = cell.rstrip("?").strip() if estimate else cell
    compact = written.replace(" ", "")
    if not _NUMBER.fullmatch(compact):
        where = f"row '{category}', column '{series}'"
        if not written:
            raise ContentError.at(path, line, f"chart: {where} is empty", "write 0, or leave the row out")
        raise ContentError.at(
            path,
            line,
            f"chart: {where}: '{cell}' is not a number",
            "write numbers like 1200, 1,200, -3.5 or 12%; end an estimate with ?",
        )
    return float(compact.replace(",", "").rstrip("%")), written, estimate


def _check_pie(series: tuple[ChartSeries, ...], path: Path, head_line: int, body: list[tuple[int, str]]) -> None:
    if len(series) > 1:
        raise ContentError.at(
            path,
            head_line,
            f"chart: a pie has one series, this table has {len(series)}",
            "use a column or stacked-column chart for several series",
        )
    for (number, _), value in zip(body, series[0].values, strict=True):
        if value < 0:
            raise ContentError.at(
                path, number, "chart: a pie cannot show a negative value", "use a column or bar chart"
            )
    if not any(series[0].values):
        raise ContentError.at(path, body[0][0], "chart: a pie needs a value above zero", "give the slices their sizes")
