"""Input limits: past any limit a brief is a located error raised before the Markdown is parsed.

Each case builds the smallest brief past one limit and expects the error on the very line where
the limit is passed; a brief just inside every limit reads.
"""

from __future__ import annotations

import pytest

from briefkit.errors import ContentError
from briefkit.read import limits, read_document

HEAD = "---\ntitle: T\ndate: 2026-01-01\n---\n"
FIRST = HEAD.count("\n") + 1  # the body's first line


def located(tmp_path, body: str) -> tuple[int, str, str | None]:
    path = tmp_path / "brief.md"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_document(path)
    [problem] = caught.value.problems
    assert problem.path == path
    return problem.line, problem.message, problem.hint


def test_a_file_past_the_size_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_BYTES", 1000)
    line, message, hint = located(tmp_path, "# S\n\n" + "word " * 100 + "\n\n" + "more words\n" * 200)
    assert "larger than" in message and hint and line > 1


def test_a_line_past_the_length_limit(tmp_path):
    line, message, _ = located(tmp_path, "# S\n\n" + "<" * (limits.MAX_LINE + 1) + "\n")
    assert line == FIRST + 2 and "characters" in message


def test_a_paragraph_past_the_length_limit(tmp_path):
    lines = ["word " * 1000] * (limits.MAX_PARAGRAPH // 5000 + 1)
    line, message, _ = located(tmp_path, "# S\n\n" + "\n".join(lines) + "\n")
    assert line == FIRST + 2 + limits.MAX_PARAGRAPH // 5000 and "paragraph" in message


def test_too_many_headings(tmp_path):
    line, message, _ = located(tmp_path, "# S\n\n" * (limits.MAX_HEADINGS + 1))
    assert line == FIRST + 2 * limits.MAX_HEADINGS and "headings" in message


def test_too_many_list_items(tmp_path):
    lists = ("- item\n" * 1000 + "\nText.\n\n") * (limits.MAX_ITEMS // 1000) + "- one too many\n"
    line, message, _ = located(tmp_path, "# S\n\n" + lists)
    assert line == FIRST + 2 + lists.count("\n") - 1 and "list items" in message


def test_too_many_items_in_one_list(tmp_path):
    loose = "- item\n\n" * limits.MAX_LIST + "  - nested one too many\n"
    line, message, _ = located(tmp_path, "# S\n\n" + loose)
    assert line == FIRST + 2 + 2 * limits.MAX_LIST and "this list has more than" in message


def test_too_many_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_BLOCKS", 100)
    line, message, _ = located(tmp_path, "# S\n\n" + "text\n\n" * 200)
    assert line == FIRST + 2 * 100 and "blocks" in message


def test_too_many_table_rows_and_columns(tmp_path):
    rows = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * limits.MAX_ROWS
    line, message, _ = located(tmp_path, "# S\n\n" + rows)
    assert line == FIRST + 2 + limits.MAX_ROWS and "rows" in message
    wide = "|" + " x |" * (limits.MAX_COLUMNS + 1) + "\n"
    line, message, _ = located(tmp_path, "# S\n\n" + wide + wide)
    assert line == FIRST + 2 and "columns" in message


def test_fenced_code_is_not_counted_as_structure(tmp_path):
    path = tmp_path / "brief.md"
    code = "- not an item\n# not a heading\n" * (limits.MAX_ITEMS // 2 + 10)
    path.write_text(HEAD + "# S\n\n```\n" + code + "```\n\nAfter.\n", encoding="utf-8")
    read_document(path)


def test_past_a_limit_the_command_line_prints_one_located_line(tmp_path, capsys):
    from briefkit.cli import main

    path = tmp_path / "brief.md"
    path.write_text(HEAD + "# S\n\n" + "<" * 100_000 + "\n", encoding="utf-8")
    assert main([str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:{FIRST + 2}: this line has 100,000 characters") and "Traceback" not in err


def test_a_table_as_wide_as_the_limit_builds_both_outputs(write_brief, tmp_path):
    from briefkit.pipeline import build

    columns = limits.MAX_COLUMNS
    table = "|" + "|".join(f" c{n} " for n in range(columns)) + "|\n|" + "---|" * columns + "\n"
    table += ("|" + " x |" * columns + "\n") * 2
    result = build(write_brief("# Wide\n\n" + table), tmp_path / "out")
    assert result.pages and result.slides
