"""Front matter: the YAML block between a first line `---` and the next `---` line.

In: the decoded lines of a content file. Out: `Meta` and the index of the first body line.
Strict: every key must be known (a misspelt `classification:` is an error with a suggestion,
never silently dropped), values are taken as the text the author wrote, the title is required
and the date must be YYYY-MM-DD. Control characters that a YAML escape (`"\x07"`) put into a
value are removed with a warning on the value's line, like those written into the file.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from ..errors import ContentError, Warnings
from ..model import Meta
from ..stamp import source_date_epoch
from .text import clean_text
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


def read_meta(yaml_text: str, path: Path, warnings: Warnings | None = None) -> Meta:
    """Meta from the front matter text, which starts on file line 2; warnings go to `warnings`."""
    warnings = Warnings() if warnings is None else warnings
    entries = load_mapping(yaml_text, path, 2)
    for entry in entries.values():
        if entry.key not in KEYS:
            raise unknown_key(path, entry, KEYS, "front matter")
    if "title" not in entries:
        raise ContentError.at(path, 1, "missing title", "add a line title: ... to the front matter")
    title = _text(path, entries["title"], warnings)
    if not title:
        raise ContentError.at(path, entries["title"].line, "the title is empty", "write the title after title:")
    return Meta(
        title=title,
        subtitle=_optional(path, entries.get("subtitle"), warnings),
        authors=_authors(path, entries.get("author"), warnings),
        date=_date(path, entries.get("date")),
        classification=_optional(path, entries.get("classification"), warnings),
        theme=_optional(path, entries.get("theme"), warnings),
        key_lines=tuple((entry.key, entry.line) for entry in entries.values()),
    )


def _text(path: Path, entry: Entry, warnings: Warnings) -> str:
    if _is_null(entry):
        return ""
    return _words(scalar(path, entry), path, entry, warnings)


def _words(text: str, path: Path, entry: Entry, warnings: Warnings) -> str:
    """A value on one line: control characters removed, runs of white space made one space."""
    return " ".join(clean_text(text, path, entry.line, warnings).split())


def _optional(path: Path, entry: Entry | None, warnings: Warnings) -> str | None:
    if entry is None:
        return None
    return _text(path, entry, warnings) or None


def _authors(path: Path, entry: Entry | None, warnings: Warnings) -> tuple[str, ...]:
    if entry is None or _is_null(entry):
        return ()
    names = [_words(name, path, entry, warnings) for name in scalar_list(path, entry)]
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
