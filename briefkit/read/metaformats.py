"""Front matter written for other tools, read into the located entries YAML front matter gives.

In: the text of a Hugo-style TOML block (between `+++` lines), of a Pandoc title block (the
`% title`, `% author; author`, `% date` lines a file opens with) or of the title heading of a
file without front matter, the file and the line the text starts on. Out: `{key: Entry}` as
`yamlnodes.load_mapping` returns it, each value a YAML node holding the text as written, so the
front matter's keys are checked and read by one set of rules.
TOML needs Python's tomllib (3.11 and later); without it the block is a located error.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from ..errors import ContentError
from .yamlnodes import Entry

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = None

_TOML_ERROR_AT = re.compile(r"\(at (?:line (\d+), column \d+|end of document)\)")
_TITLE_BLOCK_KEYS = ("title", "author", "date")


def load_toml(text: str, path: Path, first_line: int) -> dict[str, Entry]:
    """The top-level entries of a TOML block whose text starts on file line `first_line`."""
    if tomllib is None:
        raise ContentError.at(
            path, first_line - 1, "TOML front matter needs Python 3.11 or later", "write it as YAML between --- lines"
        )
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_ERROR_AT.search(str(exc))
        at = int(found.group(1)) - 1 if found and found.group(1) else text.count("\n") if found else 0
        line = first_line + at
        message = _TOML_ERROR_AT.sub("", str(exc)).strip()
        message = message[:1].lower() + message[1:]
        raise ContentError.at(path, line, f"invalid TOML: {message}", 'write key = "value", one per line') from None
    lines = text.split("\n")
    entries: dict[str, Entry] = {}
    for key, value in values.items():
        line = first_line + _key_line(lines, key)
        entries[key] = Entry(key, _node(value, line - first_line), line, first_line)
    return entries


def _key_line(lines: list[str], key: str) -> int:
    """The 0-based line where a top-level TOML key or table is given (0 when not found)."""
    quoted = re.escape(key)
    pattern = re.compile(rf"""\s*(?:\[\[?\s*)?(?:{quoted}|"{quoted}"|'{quoted}')\s*(?:=|\]|\.)""")
    return next((index for index, line in enumerate(lines) if pattern.match(line)), 0)


def split_title_block(lines: list[str]) -> tuple[str, int]:
    """(the text of a Pandoc title block at the top of `lines`, index of the first line after it)."""
    end = fields = 0
    while end < len(lines):
        line = lines[end]
        if line.startswith("%") and fields < len(_TITLE_BLOCK_KEYS):
            fields += 1
        elif not (fields and line[:1] in (" ", "\t") and line.strip()):  # a continuation line
            break
        end += 1
    return "\n".join(lines[:end]), end


def load_title_block(text: str, path: Path, first_line: int) -> dict[str, Entry]:
    """Title, authors (separated by `;`) and date of a Pandoc title block; an empty field is absent."""
    fields: list[tuple[int, str]] = []
    for index, line in enumerate(text.split("\n")):
        if line.startswith("%"):
            fields.append((index, line[1:].strip()))
        elif fields:
            fields[-1] = (fields[-1][0], f"{fields[-1][1]} {line.strip()}")
    entries: dict[str, Entry] = {}
    for key, (index, value) in zip(_TITLE_BLOCK_KEYS, fields, strict=False):
        if not value:
            continue
        parsed: object = [name.strip() for name in value.split(";") if name.strip()] if key == "author" else value
        entries[key] = Entry(key, _node(parsed, index), first_line + index, first_line)
    return entries


def load_heading_title(text: str, path: Path, first_line: int) -> dict[str, Entry]:
    """The title of a file without front matter: its first heading's text, on `first_line`."""
    return {"title": Entry("title", _node(text, 0), first_line, first_line)}


def _node(value: object, line: int) -> yaml.Node:
    """A YAML node of a parsed value, every scalar as text, marked on `line` of the block."""
    mark = yaml.Mark("front matter", 0, line, 0, None, None)
    if isinstance(value, dict):
        pairs = [
            (yaml.ScalarNode("tag:yaml.org,2002:str", str(k), mark, mark), _node(v, line)) for k, v in value.items()
        ]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark)
    if isinstance(value, list):
        return yaml.SequenceNode("tag:yaml.org,2002:seq", [_node(item, line) for item in value], mark, mark)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
    else:
        text = str(value)
    return yaml.ScalarNode("tag:yaml.org,2002:str", text, mark, mark)
