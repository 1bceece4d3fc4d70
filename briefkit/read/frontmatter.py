"""Front matter: the YAML block between a first line `---` and the next `---` line.

In: the decoded lines of a content file. Out: `Meta` and the index of the first body line.
Strict: every key must be known (a misspelt `classification:` is an error with a suggestion,
never silently dropped), values are taken as the text the author wrote, the title is required
and the date must be YYYY-MM-DD.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from ..errors import ContentError
from ..model import Meta
from ..stamp import source_date_epoch
from .yamlnodes import Entry, load_mapping, scalar, scalar_list, unknown_key

KEYS = ["title", "subtitle", "author", "date", "classification", "theme"]
_DELIMITER = re.compile(r"---[ \t]*")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def split_front_matter(lines: list[str], path: Path) -> tuple[str, int]:
    """The YAML text and the 0-based index of the line after the closing `---`."""
    if not lines or not _DELIMITER.fullmatch(lines[0]):
        raise ContentError.at(
            path, 1, "a brief must start with front matter", "begin the file with ---, title: ..., ---"
        )
    for index in range(1, len(lines)):
        if _DELIMITER.fullmatch(lines[index]):
            return "\n".join(lines[1:index]), index + 1
    raise ContentError.at(path, 1, "front matter is not closed", "end it with a line holding only ---")


def read_meta(yaml_text: str, path: Path) -> Meta:
    """Meta from the front matter text, which starts on file line 2."""
    entries = load_mapping(yaml_text, path, 2)
    for entry in entries.values():
        if entry.key not in KEYS:
            raise unknown_key(path, entry, KEYS, "front matter")
    if "title" not in entries or not _text(path, entries["title"]):
        raise ContentError.at(path, 1, "missing title", "add a line title: ... to the front matter")
    theme = entries.get("theme")
    return Meta(
        title=_text(path, entries["title"]),
        subtitle=_optional(path, entries.get("subtitle")),
        authors=_authors(path, entries.get("author")),
        date=_date(path, entries.get("date")),
        classification=_optional(path, entries.get("classification")),
        theme=_optional(path, theme),
        theme_line=theme.line if theme else 0,
    )


def _text(path: Path, entry: Entry) -> str:
    if _is_null(entry):
        return ""
    return " ".join(scalar(path, entry).split())


def _optional(path: Path, entry: Entry | None) -> str | None:
    if entry is None:
        return None
    return _text(path, entry) or None


def _authors(path: Path, entry: Entry | None) -> tuple[str, ...]:
    if entry is None or _is_null(entry):
        return ()
    names = [" ".join(name.split()) for name in scalar_list(path, entry)]
    return tuple(name for name in names if name)


def _date(path: Path, entry: Entry | None) -> datetime.date:
    if entry is None or _is_null(entry):
        epoch = source_date_epoch()
        return epoch.date() if epoch else datetime.date.today()
    text = scalar(path, entry)
    match = _DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ContentError.at(
            path, entry.line, f"bad date '{text}'", "write the date as YYYY-MM-DD, e.g. 2026-11-24"
        ) from None


def _is_null(entry: Entry) -> bool:
    node = entry.node
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value in ("", "~", "null", "Null", "NULL")
    )
