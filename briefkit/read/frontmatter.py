"""Front matter: the YAML block between a first line `---` and the next `---` line.

In: the decoded lines of a content file. Out: `Meta` and the index of the first body line.
The block may also end with `...`, as YAML documents can. Values are taken as the text the
author wrote; the title is required. Metadata keys that other tools use with a clear meaning are
read (`description` -> subject, `keywords`/`tags` -> keywords, `lang`); any other key is ignored
with one warning naming them all, except a near miss of a briefkit key (`clasification`), which
is an error with a "did you mean" so a misspelt key never silently disappears. Dates may carry a
time (`2006-07-17T10:00:00Z`) or be written out (`July 17, 2006`, `17 July 2006`). Every problem
of the block is collected and raised together. Control characters that a YAML escape (`"\x07"`)
put into a value are removed with a warning on the value's line, like those written into the file.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from ..errors import ContentError, Problem, Warnings
from ..model import Meta
from ..stamp import source_date_epoch
from .metaformats import load_heading_title, load_title_block, load_toml, split_title_block
from .text import clean_text
from .yamlnodes import Entry, load_mapping, scalar, scalar_list, unknown_key

KEYS = ["title", "subtitle", "author", "date", "classification", "theme", "description", "keywords", "tags", "lang"]
ALIASES = {"authors": "author", "language": "lang"}
NEAR_MISS = 0.8  # how alike an unknown key must be to a known one to count as its misspelling
_DELIMITER = re.compile(r"---[ \t]*")
_TOML_DELIMITER = re.compile(r"\+\+\+[ \t]*")
_LOADERS = {"yaml": (load_mapping, 2), "toml": (load_toml, 2), "pandoc": (load_title_block, 1)}  # loader, first line
_LOADERS["heading"] = (load_heading_title, 1)
_END = re.compile(r"(---|\.\.\.)[ \t]*")
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_WRITTEN_DATES = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d")
_WRITTEN_DATES += ("%A, %B %d, %Y", "%A, %d %B %Y", "%d. %B %Y")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def split_front_matter(lines: list[str], path: Path) -> tuple[str, int, str]:
    """(the front matter's text, the 0-based index of the first body line, its syntax).

    The syntax is "yaml" (between `---` lines), "toml" (between `+++` lines, as Hugo writes it),
    "pandoc" (a title block of `%` lines) or "none" (the file opens with its body).
    """
    if lines and lines[0].startswith("%"):
        text, end = split_title_block(lines)
        return text, end, "pandoc"
    toml = bool(lines) and _TOML_DELIMITER.fullmatch(lines[0]) is not None
    if not lines or not (toml or _DELIMITER.fullmatch(lines[0])):
        return "", 0, "none"
    end, closing = (_TOML_DELIMITER, "+++") if toml else (_END, "---")
    for index in range(1, len(lines)):
        if end.fullmatch(lines[index]):
            return "\n".join(lines[1:index]), index + 1, "toml" if toml else "yaml"
    raise ContentError.at(path, 1, "front matter is not closed", f"end it with a line holding only {closing}")


def read_meta(
    text: str,
    path: Path,
    warnings: Warnings | None = None,
    syntax: str = "yaml",
    first_line: int | None = None,
    title_from: Callable[[], tuple[str, int] | None] | None = None,
) -> Meta:
    """Meta from the front matter text of a `syntax` split_front_matter names, or ("heading") from
    the title heading of a file without front matter on `first_line`; warnings go to `warnings`.
    Without a title key, `title_from` gives the title (and its line) if it can.

    Raises one ContentError holding every problem of the block, in line order.
    """
    warnings = Warnings() if warnings is None else warnings
    problems: list[Problem] = []

    def attempt(read, default=None):
        try:
            return read()
        except ContentError as error:
            problems.extend(error.problems)
            return default

    load, line = _LOADERS[syntax]
    entries = load(text, path, first_line or line)
    known: dict[str, Entry] = {}
    ignored: list[Entry] = []
    for entry in entries.values():
        key = ALIASES.get(entry.key, entry.key)
        if key in known:
            problems.append(Problem(path, entry.line, f"'{entry.key}' repeats '{key}'", "give it once"))
        elif key in KEYS:
            known[key] = entry
        elif difflib.get_close_matches(entry.key, KEYS, n=1, cutoff=NEAR_MISS):
            problems += unknown_key(path, entry, KEYS, "front matter").problems
        else:
            ignored.append(entry)
    if ignored:
        names = ", ".join(entry.key for entry in ignored)
        warnings.add(path, ignored[0].line, f"front matter keys briefkit does not use are ignored: {names}")
    title = ""
    found = title_from() if "title" not in known and title_from else None
    if found:
        title = found[0]
    elif "title" not in known:
        problems.append(Problem(path, 1, "missing title", "add a line title: ... to the front matter"))
    else:
        title = attempt(lambda: _text(path, known["title"], warnings))
        if title == "":
            problems.append(Problem(path, known["title"].line, "the title is empty", "write the title after title:"))
    meta = Meta(
        title=title or "",
        subtitle=attempt(lambda: _optional(path, known.get("subtitle"), warnings)),
        authors=attempt(lambda: _authors(path, known.get("author"), warnings), ()),
        date=attempt(lambda: _date(path, known.get("date")), datetime.date.today()),
        classification=attempt(lambda: _optional(path, known.get("classification"), warnings)),
        theme=attempt(lambda: _optional(path, known.get("theme"), warnings)),
        key_lines=tuple((ALIASES.get(entry.key, entry.key), entry.line) for entry in entries.values()),
        subject=attempt(lambda: _optional(path, known.get("description"), warnings)),
        keywords=attempt(lambda: _keywords(path, known.get("keywords") or known.get("tags"), warnings), ()),
        lang=attempt(lambda: _lang(path, known.get("lang"), warnings)),
    )
    if "keywords" in known and "tags" in known:
        problems.append(Problem(path, known["tags"].line, "give keywords or tags, not both"))
    if problems:
        raise ContentError(sorted(problems, key=lambda problem: problem.line))
    return meta


def _keywords(path: Path, entry: Entry | None, warnings: Warnings) -> tuple[str, ...]:
    """Keywords from a list or from one comma-separated text."""
    if entry is None or _is_null(entry):
        return ()
    words = [part for value in scalar_list(path, entry) for part in value.split(",")]
    return tuple(dict.fromkeys(word for word in (_words(w, path, entry, warnings) for w in words) if word))


def _lang(path: Path, entry: Entry | None, warnings: Warnings) -> str | None:
    value = _optional(path, entry, warnings)
    if value is None or entry is None:
        return None
    if not _LANG.fullmatch(value):
        raise ContentError.at(path, entry.line, f"bad language '{value}'", "write a language tag such as en or en-GB")
    return value.replace("_", "-")


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
    """Names from text, a list, or mappings with a `name` (as Jekyll and Pandoc write authors)."""
    if entry is None or _is_null(entry):
        return ()
    nodes = entry.node.value if isinstance(entry.node, yaml.SequenceNode) else [entry.node]
    names = [_words(_name(path, entry, node), path, entry, warnings) for node in nodes]
    return tuple(name for name in names if name)


def _name(path: Path, entry: Entry, node: yaml.Node) -> str:
    """The text of one author: a scalar, or the `name` of a mapping."""
    if isinstance(node, yaml.MappingNode):
        named = [value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == "name"]
        if not named:
            raise ContentError.at(
                path,
                entry.line,
                f"'{entry.key}' gives no name",
                "write author: Jane Doe, or name: Jane Doe below author:",
            )
        node = named[0]
    return scalar(path, entry, node)


def _date(path: Path, entry: Entry | None) -> datetime.date:
    if entry is None or _is_null(entry):
        epoch = source_date_epoch()
        return epoch.date() if epoch else datetime.date.today()
    text = scalar(path, entry)
    match = _DATE.fullmatch(text)
    try:
        if match:
            return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    else:
        written = " ".join(text.split())
        for form in _WRITTEN_DATES:
            try:
                return datetime.datetime.strptime(written, form).date()
            except ValueError:
                continue
    raise ContentError.at(path, entry.line, f"bad date '{text}'", "write the date as YYYY-MM-DD, e.g. 2026-11-24")


def _is_null(entry: Entry) -> bool:
    node = entry.node
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:null"
        and node.value in ("", "~", "null", "Null", "NULL")
    )
