"""Readers: a content file in, one `Document` and its warnings out.

Knows nothing of renderers. Decodes strictly (UTF-8, a leading BOM allowed), strips characters no
output can hold, then reads the front matter and the Markdown body; every problem is a located
warning or error. Errors of the front matter and of the body are all collected, then raised
together in line order (at most MAX_PROBLEMS), so one run lists everything there is to fix.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import ContentError, Problem, Warnings
from ..model import Document, Meta
from .frontmatter import read_meta, split_front_matter
from .limits import check_limits, check_size, read_bounded
from .markdown import read_body, title_heading
from .text import clean_lines

MAX_PROBLEMS = 20


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text of a file's bytes, or an error on the line of the first bad byte."""
    data = data.removeprefix(codecs.BOM_UTF8)  # not utf-8-sig: its error offsets skip the BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].replace(b"\r\n", b"\n")
        line = before.count(b"\n") + before.count(b"\r") + 1  # CR alone ends a line too
        raise ContentError.at(path, line, "this line is not valid UTF-8 text", "save the file as UTF-8") from None


def read_document(path: Path) -> tuple[Document, Warnings]:
    """Read one content file into the model."""
    path = Path(path)
    try:
        data = read_bounded(path)
    except OSError as exc:
        raise ContentError.at(path, 0, f"cannot read: {exc.strerror or exc}") from None
    return parse_document(data, path)


def parse_document(data: bytes, path: Path) -> tuple[Document, Warnings]:
    """The model of a content file's bytes; `path` locates problems and relative images."""
    check_size(data, path)
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    check_limits(text, path)
    if not text.strip():
        raise ContentError.at(path, 1, "the file is empty", "start with front matter: ---, title: ..., ---")
    warnings = Warnings()
    text = clean_lines(text, path, 1, warnings)
    lines = text.split("\n")
    front_text, body_index, syntax = split_front_matter(lines, path)
    title_line = None
    if syntax == "none":
        found = _title_from_heading(lines, body_index, path, warnings, "no front matter")
        if found is None:
            hint = "begin the file with ---, title: ..., --- or with a # Title heading"
            raise ContentError.at(path, 1, "a brief must start with front matter", hint)
        front_text, title_line = found
        syntax = "heading"
    problems: list[Problem] = []
    meta: Meta | None = None
    try:
        meta = read_meta(
            front_text,
            path,
            warnings,
            syntax,
            title_line,
            lambda: _title_from_heading(lines, body_index, path, warnings, "the front matter gives no title"),
        )
    except ContentError as error:
        problems += error.problems
    preamble, sections, found = read_body("\n".join(lines[body_index:]), path, body_index + 1, warnings)
    problems += found
    if problems or meta is None:
        problems.sort(key=lambda problem: problem.line)
        raise ContentError(problems[:MAX_PROBLEMS])
    return Document(path=path, meta=meta, preamble=preamble, sections=sections), warnings


def _title_from_heading(
    lines: list[str], body_index: int, path: Path, warnings: Warnings, why: str
) -> tuple[str, int] | None:
    """(title, file line) of the body's first heading when it is a `#` one (as a README's title
    is), that heading's lines blanked in `lines` and a warning saying `why`; else None."""
    found = title_heading("\n".join(lines[body_index:]))
    if found is None:
        return None
    title, start, end = found
    lines[body_index + start : body_index + end] = [""] * (end - start)
    warnings.add(
        path,
        body_index + start + 1,
        f"{why}: the first heading '{title}' is the title",
        "give title: ... in front matter (---, title: ..., ---) to set the title, authors and date",
    )
    return title, body_index + start + 1
