"""Text hygiene shared by the readers: what may reach a renderer at all.

In: raw text from a content file, or text decoded from an escape in it (an HTML entity such as
`&#12;`, a YAML escape such as `"\\x07"`). Out: the same text without characters no output format
can hold (C0/C1 control characters other than tab and newline, lone surrogates, non-characters),
plus one located warning per line that lost any, naming what was removed. Carriage returns count
as forbidden: line endings are normalised before cleaning, so a CR left over can only come from an
escape, and no renderer could show it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Warnings

_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_lines(text: str, path: Path, first_line: int, warnings: Warnings) -> str:
    """`text`, whose first line is file line `first_line`, with forbidden characters removed."""
    if not _FORBIDDEN.search(text):
        return text
    lines = text.split("\n")
    return "\n".join(clean_text(line, path, first_line + index, warnings) for index, line in enumerate(lines))


def clean_text(text: str, path: Path, line: int, warnings: Warnings) -> str:
    """`text`, written on file line `line`, with forbidden characters removed and a warning if any were."""
    found = _FORBIDDEN.findall(text)
    if not found:
        return text
    names = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in found}))
    warnings.add(path, line, f"removed control characters {names}")
    return _FORBIDDEN.sub("", text)


def strip_forbidden(text: str) -> str:
    """`text` without forbidden characters, for strings that do not come from a content file."""
    return _FORBIDDEN.sub("", text)
