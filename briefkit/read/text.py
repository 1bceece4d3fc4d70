"""Text hygiene shared by the readers: what may reach a renderer at all.

In: raw text from a content file. Out: the same text without characters no output format can
hold (C0/C1 control characters other than tab and newline, lone surrogates, non-characters),
plus one located warning per line that lost any, naming what was removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Warnings

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_lines(text: str, path: Path, first_line: int, warnings: Warnings) -> str:
    """`text` with forbidden characters removed; tabs become spaces only where Markdown allows."""
    if not _FORBIDDEN.search(text):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        found = _FORBIDDEN.findall(line)
        if found:
            names = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in found}))
            warnings.add(path, first_line + index, f"removed control characters {names}")
            lines[index] = _FORBIDDEN.sub("", line)
    return "\n".join(lines)


def strip_forbidden(text: str) -> str:
    """`text` without forbidden characters, for strings that do not come from a content file."""
    return _FORBIDDEN.sub("", text)
