"""Safe, located YAML for front matter and themes.

In: YAML text, the file it came from and the line the text starts on. Out: the top-level mapping
as `{key: Entry}` where each entry keeps its YAML node and its 1-based file line. Values are
never constructed by YAML: scalars stay the text the author wrote, so YAML 1.1 surprises
(`NO` -> false, `12:30` -> 750) cannot reach a brief. Aliases, anchors, tags and deep nesting
are rejected from the event stream before any tree is built, so alias bombs cost nothing.
YAML 1.1 counts U+0085, U+2028 and U+2029 as line ends, which would shift every line reported
after them; they are read as spaces, which is what values become anyway.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ContentError, Problem

MAX_DEPTH = 4
_BREAKS_AS_SPACES = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})
_ALLOWED_TAGS = ("!", "tag:yaml.org,2002:str")


@dataclass(frozen=True)
class Entry:
    key: str
    node: yaml.Node
    line: int
    base: int  # file line of the YAML text's first line, to locate nested nodes


def load_mapping(text: str, path: Path, first_line: int) -> dict[str, Entry]:
    """Parse `text` (which starts on file line `first_line`) into located top-level entries."""

    def line_of(mark: yaml.Mark | None) -> int:
        return first_line + (mark.line if mark else 0)

    text = text.translate(_BREAKS_AS_SPACES)
    try:
        _check_events(text, path, line_of)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"invalid YAML: {exc.problem or exc.context}"
        if exc.problem and ("end of stream" in exc.problem or "<stream end>" in exc.problem) and exc.context_mark:
            mark = exc.context_mark  # an unclosed quote or bracket: point where it was opened
            message += f" {exc.context}"
        hint = None
        if exc.problem and "mapping values are not allowed" in exc.problem:
            hint = 'quote a value that contains ": ", e.g. title: "War: a brief"'
        elif exc.problem and "found character '\\t'" in exc.problem:
            hint = "indent with spaces, not tabs"
        raise ContentError.at(path, line_of(mark), message, hint) from None
    except yaml.reader.ReaderError as exc:  # a control character; carries a position, not a mark
        line = first_line + text[: exc.position].count("\n")
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ContentError.at(
            path, line, f"invalid YAML: character U+{character:04X} is not allowed", "remove control characters"
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError.at(path, first_line, f"invalid YAML: {exc}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise ContentError.at(
            path, line_of(root.start_mark), "expected 'key: value' lines", "write e.g. title: My brief"
        )
    entries: dict[str, Entry] = {}
    for key_node, value_node in root.value:
        line = line_of(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            raise ContentError.at(path, line, "a key must be plain text")
        if key_node.value in entries:
            raise ContentError.at(
                path, line, f"duplicate key '{key_node.value}'", f"first given on line {entries[key_node.value].line}"
            )
        entries[key_node.value] = Entry(key_node.value, value_node, line, first_line)
    return entries


def _check_events(text: str, path: Path, line_of) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError.at(
                path, line_of(event.start_mark), "YAML anchors and aliases are not allowed", "write each value out"
            )
        tag = getattr(event, "tag", None)  # set only when the author wrote a tag
        if tag and tag not in _ALLOWED_TAGS:
            raise ContentError.at(path, line_of(event.start_mark), f"YAML tag {tag} is not allowed")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError.at(path, line_of(event.start_mark), "YAML nested too deeply")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def unknown_key(path: Path, entry: Entry, known: list[str], what: str) -> ContentError:
    """The error for a key nobody reads, with a 'did you mean' for near misses."""
    close = difflib.get_close_matches(entry.key, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
    return ContentError(Problem(path, entry.line, f"unknown {what} key '{entry.key}'", hint))


def scalar(path: Path, entry: Entry, node: yaml.Node | None = None) -> str:
    """The text of a scalar value exactly as written (stripped), or an error naming the key."""
    node = entry.node if node is None else node
    if not isinstance(node, yaml.ScalarNode):
        raise ContentError.at(
            path,
            entry.line,
            f"'{entry.key}' must be text, not a list or mapping",
            f"write one value after {entry.key}:",
        )
    return node.value.strip()


def scalar_list(path: Path, entry: Entry) -> list[str]:
    """A scalar or a sequence of scalars, as a list of texts."""
    if isinstance(entry.node, yaml.SequenceNode):
        return [scalar(path, entry, node) for node in entry.node.value]
    return [scalar(path, entry)]


def mapping(path: Path, entry: Entry) -> dict[str, Entry]:
    """The nested mapping below an entry, located like the top level."""
    if not isinstance(entry.node, yaml.MappingNode):
        raise ContentError.at(path, entry.line, f"'{entry.key}' must be a mapping of 'key: value' lines")
    result: dict[str, Entry] = {}
    for key_node, value_node in entry.node.value:
        line = entry.base + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise ContentError.at(path, line, "a key must be plain text")
        if key_node.value in result:
            raise ContentError.at(path, line, f"duplicate key '{key_node.value}'")
        result[key_node.value] = Entry(key_node.value, value_node, line, entry.base)
    return result
