"""Generated hostile briefs: the reader, the whole build and the command line never crash.

Each generated content file mixes random front matter (YAML syntax, tags, anchors, odd values)
with a Markdown body (markup, control characters, lone surrogates, very long words, deep
nesting, huge lists and tables, flows, images), and is sometimes truncated, spliced with random
bytes or replaced by them. Every case ends in success or in a `ContentError` whose problems
name the file and one of its lines; on the command line, in exit 0 or 2 with `PATH:LINE:`
lines and never a traceback. The budget is small by default; `--fuzz-examples N` raises it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from itertools import pairwise

from conftest import PROJECT_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from readback import assert_builds_or_is_located, assert_located, last_line
from test_read_markdown import FRAGMENTS

from briefkit.errors import ContentError
from briefkit.read import parse_document
from briefkit.read.frontmatter import KEYS

# ---------------------------------------------------------------- generated content files

YAML_BITS = st.sampled_from(
    [
        '"', "'", ": ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "!!python/object/apply:os.system [x]",
        "!!str ", "!x ", "|\n  ", ">\n  ", "# c", "~", "null", "NO", "12:30", "2026-01-15", "2026-02-30",
        "\\x07", '"\\ud800"', "\t", "  ", "\n  ", "\n- ", "%YAML 1.1", "---", "...", "<<: ", "? ",
    ]
)  # fmt: skip
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)  # any character, controls included
QUOTED = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).map(
    lambda text: json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar
)
GOOD_FRONT = st.fixed_dictionaries(
    {"title": QUOTED},
    optional={"subtitle": QUOTED, "author": QUOTED, "classification": QUOTED, "date": st.just("2026-01-15")},
).map(lambda entries: list(entries.items()))
HOSTILE_FRONT = st.lists(
    st.tuples(
        st.one_of(st.sampled_from([*KEYS, "titel", "colour"]), st.text(max_size=8)),
        st.lists(st.one_of(YAML_BITS, TEXT), max_size=6).map("".join),
    ),
    max_size=5,
)
LONG_WORD = st.integers(40, 2_000).map(lambda length: "Lorem" * (length // 5))
NESTING = st.tuples(st.sampled_from(["- ", "> ", "1. ", "  - ", "> - ", "* > "]), st.integers(1, 40)).map(
    lambda pair: pair[0] * pair[1] + "deep"
)
HUGE_LIST = st.integers(10, 150).map(lambda count: "\n" + "\n".join(f"- item {n}" for n in range(count)) + "\n")
HUGE_TABLE = st.integers(2, 120).map(
    lambda count: "\n| a | b |\n|---|---|\n" + "\n".join(f"| {n} | cell {n} |" for n in range(count)) + "\n"
)
FLOW = st.lists(st.sampled_from(["A", "B", "C", "long node name", "X<b>&"]), min_size=2, max_size=3).map(
    lambda nodes: "\n```flow\n" + "\n".join(f"{a} -> {b}: item, maybe?" for a, b in pairwise(nodes)) + "\n```\n"
)
HOSTILE = st.one_of(TEXT, LONG_WORD, NESTING, HUGE_LIST, HUGE_TABLE, FLOW)
PIECE = st.one_of(FRAGMENTS, FRAGMENTS, FRAGMENTS, FRAGMENTS, HOSTILE)  # mostly Markdown, hostile at times
LINES = st.lists(st.lists(PIECE, max_size=8).map("".join), max_size=8).map("\n".join)
SECTION = st.builds(
    lambda mark, heading, text: f"{mark}{heading}\n\n{text}\n",
    st.sampled_from(["# ", "## ", ""]),
    st.lists(PIECE, max_size=4).map("".join),
    LINES,
)
BODY = st.lists(SECTION, max_size=6).map("".join)
LONE_SURROGATE = "\ud800".encode("utf-8", "surrogatepass")  # what a broken editor may write: invalid UTF-8


@st.composite
def content_files(draw) -> bytes:
    """The bytes of one content file: mostly a valid front matter, always a hostile body, at times damaged."""
    entries = draw(st.one_of(GOOD_FRONT, GOOD_FRONT, GOOD_FRONT, HOSTILE_FRONT))
    front = "\n".join(f"{key}: {value}" for key, value in entries)
    data = f"---\n{front}\n---\n{draw(BODY)}".encode()
    damage = draw(st.sampled_from(["none"] * 8 + ["truncate", "splice", "surrogate", "bytes"]))
    at = draw(st.integers(0, len(data)))
    if damage == "truncate":
        data = data[:at]
    elif damage in ("splice", "surrogate"):
        inserted = LONE_SURROGATE if damage == "surrogate" else draw(st.binary(min_size=1, max_size=12))
        data = data[:at] + inserted + data[at:]
    elif damage == "bytes":
        data = draw(st.binary(max_size=600))
    return data


def explore(check, strategy, examples: int) -> None:
    """Run `check` on `examples` values drawn from `strategy`; slow or large inputs are expected."""
    slow = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
    settings(max_examples=examples, deadline=None, suppress_health_check=slow)(given(strategy)(check))()


def brief_folder(tmp_path):
    """A folder for generated briefs, holding the picture their image fragments name."""
    PILImage.new("RGB", (30, 20), "navy").save(tmp_path / "a.png")
    return tmp_path


# ---------------------------------------------------------------- in process


def test_the_reader_reads_any_file_or_names_a_line(tmp_path, fuzz_examples):
    path = brief_folder(tmp_path) / "brief.md"

    def check(data: bytes):
        try:
            _, warnings = parse_document(data, path)
        except ContentError as error:
            assert_located(error.problems, path, data)
        else:
            assert_located(warnings, path, data)

    explore(check, content_files(), 4 * fuzz_examples)


def test_the_whole_build_succeeds_or_names_a_line(tmp_path, fuzz_examples):
    path, out = brief_folder(tmp_path) / "brief.md", tmp_path / "out"

    explore(lambda data: assert_builds_or_is_located(path, out, data), content_files(), fuzz_examples)


# ---------------------------------------------------------------- on the command line

PROBLEM_LINE = re.compile(r"(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<warning>warning: )?")


def test_the_command_line_exits_0_or_2_with_located_lines(tmp_path, fuzz_examples):
    folder = brief_folder(tmp_path)

    def check(files: list[bytes]):
        names = [f"brief{number}.md" for number in range(len(files))]
        for name, data in zip(names, files, strict=True):
            (folder / name).write_bytes(data)
        run = subprocess.run(
            [sys.executable, str(PROJECT_DIR / "build.py"), *names, "--out", "out", "--force"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode in (0, 2), run.stderr
        assert "Traceback" not in run.stderr + run.stdout and "internal error" not in run.stderr
        errors = 0
        for line in run.stderr.splitlines():
            match = PROBLEM_LINE.match(line)
            assert match and match["path"] in names, line
            data = files[names.index(match["path"])]
            assert int(match["line"] or 0) <= last_line(data), line
            if not match["warning"]:
                errors += 1
                assert match["line"] and int(match["line"]) >= 1, line
        assert (errors > 0) == (run.returncode == 2)

    explore(check, st.lists(content_files(), min_size=1, max_size=4), max(2, fuzz_examples // 6))
