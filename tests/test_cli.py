"""The build command as a user runs it: exit codes, located errors, summaries, safe outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEFAULT_BRIEF, PROJECT_DIR

from briefkit.model import ListBlock, Paragraph, plain_text
from briefkit.read import read_document

GOOD_BODY = """
# Only section

Some prose.

- a point
"""


def run(*args: str, cwd: Path = PROJECT_DIR, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


def test_it_explains_itself_with_help():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--out", "--only", "--check", "--watch", "--force", "-j", "exit codes"):
        assert option in result.stdout


def test_it_builds_a_brief_and_prints_one_summary_line(write_brief, tmp_path):
    brief = write_brief(GOOD_BODY)
    out = tmp_path / "out"
    result = run(str(brief), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "brief.pdf (" in lines[0] and "pages" in lines[0] and "slides" in lines[0]
    assert (out / "brief.pdf").is_file() and (out / "brief.pptx").is_file()


def test_a_content_error_is_located_and_exits_2_without_traceback(write_brief, tmp_path):
    brief = write_brief("# Section\n\n```flow\nA -> A: loop\n```\n")
    result = run(str(brief), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "brief.md:8: flow: 'A' cannot flow to itself (hint: name two different nodes, or drop the line)"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_with_several_files_it_reports_every_failure_and_builds_the_rest(write_brief, tmp_path):
    good = write_brief(GOOD_BODY, name="good.md")
    bad1 = write_brief("# S\n\n![x](missing.png)\n", name="bad1.md")
    bad2 = write_brief("", name="bad2.md", clasification="red")
    out = tmp_path / "out"
    result = run(str(bad1), str(good), str(bad2), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "bad1.md:7: image 'missing.png' not found" in result.stderr
    assert "bad2.md:2: unknown front matter key 'clasification'" in result.stderr
    assert (out / "good.pdf").is_file()


def test_a_failed_build_leaves_earlier_outputs_byte_identical_and_no_temp_files(write_brief, tmp_path):
    brief = write_brief(GOOD_BODY)
    out = tmp_path / "out"
    assert run(str(brief), "--out", str(out)).returncode == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    brief.write_text(brief.read_text() + "\n```flow\nA -> B\n```\n")
    result = run(str(brief), "--out", str(out))
    assert result.returncode == 2
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_an_unwritable_output_folder_is_a_clear_error(write_brief, tmp_path):
    brief = write_brief(GOOD_BODY)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run(str(brief), "--out", str(blocker / "out"))
    assert result.returncode == 2
    assert "cannot write outputs" in result.stderr and "Traceback" not in result.stderr


def test_stale_temporary_files_of_killed_builds_are_cleaned_up(write_brief, tmp_path):
    brief = write_brief(GOOD_BODY)
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".brief.pdf.999999999.briefkit-tmp"
    stale.write_bytes(b"half a pdf")
    assert run(str(brief), "--out", str(out), "--only", "pdf").returncode == 0
    assert not stale.exists()


def test_only_builds_just_the_named_output(write_brief, tmp_path):
    brief = write_brief(GOOD_BODY)
    out = tmp_path / "out"
    assert run(str(brief), "--out", str(out), "--only", "pptx").returncode == 0
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == ["brief.pptx"]


def test_the_default_brief_reads_back_complete_from_both_outputs(default_build):
    """Every heading, list item and paragraph of the default brief is in the PDF; every heading
    and list item is on a slide and every paragraph in the speaker notes."""
    from pptx import Presentation

    pdf_path = next(path for path in default_build.written if path.suffix == ".pdf")
    pptx_path = next(path for path in default_build.written if path.suffix == ".pptx")
    squash = "".join
    pdf_text = squash(squash(text.split()) for text in _text_frame_texts(pdf_path))
    deck = Presentation(pptx_path)
    slide_text, notes_text = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                slide_text.append(shape.text_frame.text)
        if slide.has_notes_slide:
            notes_text.append(slide.notes_slide.notes_text_frame.text)
    slide_text = squash(squash(text.split()) for text in slide_text)
    notes_text = squash(squash(text.split()) for text in notes_text)

    doc, _ = read_document(DEFAULT_BRIEF)
    for section in doc.all_sections():
        title = squash(section.title.split())
        assert title in pdf_text and title in slide_text, section.title
    for block in doc.all_blocks():
        if isinstance(block, ListBlock):
            for item in block.items:
                text = squash(plain_text(item.blocks[0].inlines).split())
                assert text in pdf_text and text in slide_text, text
    for section in doc.all_sections():
        for block in section.blocks:
            if isinstance(block, Paragraph):
                text = squash(plain_text(block.inlines).split())
                assert text in pdf_text and text in notes_text, text


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_many_briefs_build_alike_in_parallel(write_brief, tmp_path, jobs):
    briefs = [str(write_brief(GOOD_BODY, name=f"b{n}.md")) for n in range(3)]
    out = tmp_path / f"out{jobs}"
    result = run(*briefs, "--out", str(out), "-j", jobs, "--only", "pdf")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 3
    assert sorted(path.name for path in out.glob("*.pdf")) == ["b0.pdf", "b1.pdf", "b2.pdf"]


def test_ctrl_c_during_a_large_parallel_build_exits_130_without_traceback(write_brief, tmp_path):
    import signal
    import time

    sections = "".join(f"# Section {n}\n\nProse about point {n}. More prose.\n\n- a\n- b\n\n" for n in range(600))
    brief = write_brief(sections)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "build.py"), str(brief), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)  # well inside the build: reading alone takes longer than this
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert "Traceback" not in stderr
    assert process.returncode in (130, 0), stderr  # 0 only if the machine finished first
    if process.returncode == 130:
        assert stderr.strip().endswith("interrupted")
        assert not list(out.glob("*.pdf")) if out.exists() else True


def test_a_no_op_rebuild_imports_no_renderer_library(write_brief, tmp_path):
    brief = write_brief(GOOD_BODY + "\n```flow\nA -> B: goods\n```\n")
    out = tmp_path / "out"
    assert run(str(brief), "--out", str(out)).returncode == 0
    probe = (
        "import sys; from briefkit.cli import main; code = main(sys.argv[1:]); "
        "heavy = [m for m in ('reportlab', 'pptx', 'matplotlib', 'PIL', 'markdown_it', 'yaml') if m in sys.modules]; "
        "print('heavy:', heavy); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(brief), "--out", str(out)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert "heavy: []" in result.stdout


@pytest.mark.parametrize(
    "flags",
    [
        ("--check", "--watch"),
        ("--check", "--force"),
        ("--check", "-j", "2"),
        ("--watch", "--force"),
        ("--watch", "-j", "2"),
        ("-q", "-v"),
    ],
)
def test_contradictory_flags_are_usage_errors(flags, capsys):
    from briefkit.cli import main

    with pytest.raises(SystemExit) as exited:
        main(list(flags))
    assert exited.value.code == 2
    first, second = flags[0], flags[-2] if flags[-1].isalnum() and flags[-2].startswith("-") else flags[-1]
    assert f"{first} and {second} cannot be used together" in capsys.readouterr().err


def test_each_line_prints_as_soon_as_its_brief_is_done(write_brief, tmp_path):
    """The second brief is a pipe, written only once the first brief's line has arrived: a command
    that held its lines back until every brief was done would never print it."""
    import queue
    import threading

    for jobs in ("1", "2"):
        first = write_brief(GOOD_BODY, name=f"first{jobs}.md")
        second = tmp_path / f"second{jobs}.md"
        os.mkfifo(second)
        command = [sys.executable, str(PROJECT_DIR / "build.py"), str(first), str(second), "-j", jobs, "--only", "pdf"]
        lines: queue.Queue[str] = queue.Queue()
        with subprocess.Popen(
            command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        ) as process:
            reader = threading.Thread(target=_put_lines, args=(process.stdout, lines), daemon=True)
            reader.start()
            try:
                line = lines.get(timeout=120)  # a deadline, not a measurement: the line comes at once
            except queue.Empty:
                line = "(no line while the second brief was still being built)"
            with open(second, "w", encoding="utf-8") as pipe:  # lets the second brief build in any case
                pipe.write(first.read_text())
            assert process.wait(timeout=300) == 0
            reader.join(timeout=60)
        assert line.startswith(f"first{jobs}.md -> output/first{jobs}.pdf"), line
        assert lines.get_nowait().startswith(f"second{jobs}.md -> output/second{jobs}.pdf")


def _put_lines(stream, lines) -> None:
    for line in stream:
        lines.put(line)


def test_quiet_prints_errors_only_and_verbose_adds_stage_timings(write_brief, tmp_path):
    good, bad = write_brief(GOOD_BODY, name="good.md"), write_brief("", name="bad.md", clasification="red")
    quiet = run(str(good), str(bad), "-q", "--only", "pdf", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout) == (2, "")
    assert quiet.stderr.count("\n") == 1 and quiet.stderr.startswith(
        "bad.md:2: unknown front matter key 'clasification'"
    )
    verbose = run(str(good), "-v", "--force", "--only", "pdf", cwd=tmp_path)
    summary, stages = verbose.stdout.strip().splitlines()
    assert summary.startswith("good.md -> output/good.pdf")
    assert stages.startswith("  stages: read ") and " pdf " in stages


def test_a_terminal_sees_a_progress_bar_that_result_lines_print_above(write_brief, tmp_path, capsys):
    from briefkit.cli import Printer, build_briefs

    briefs = [write_brief(GOOD_BODY, name=f"b{n}.md") for n in range(2)]
    code = build_briefs(briefs, tmp_path / "out", ("pdf",), False, 1, Printer(stream_tty=True))
    captured = capsys.readouterr()
    assert code == 0
    assert "[" + "." * 30 + "] 0/2 briefs" in captured.err and "[" + "#" * 30 + "] 2/2 briefs" in captured.err
    assert [line.split(" -> ")[0] for line in captured.out.splitlines()] == [str(path) for path in briefs]
    assert captured.err.endswith("\r\033[K")  # the bar is gone at the end


def test_without_arguments_it_builds_the_content_of_the_folder_it_runs_in(write_brief, tmp_path):
    (tmp_path / "content").mkdir()
    write_brief(GOOD_BODY).rename(tmp_path / "content" / "brief.md")
    built = run("--only", "pdf", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("content/brief.md -> output/brief.pdf (")
    assert (tmp_path / "output" / "brief.pdf").is_file()
    checked = run("--check", cwd=tmp_path)
    assert checked.returncode == 1 and "output/brief.pptx: missing" in checked.stdout


def _text_frame_texts(pdf_path: Path) -> list[str]:
    """Each page's text inside the text frame, without the banners, header and footer, so that a
    paragraph running over a page break reads as one."""
    from pypdf import PdfReader

    from briefkit.render.pdf.page import geometry
    from briefkit.render.pdf.styles import build_styles
    from briefkit.theme import load_theme

    theme = load_theme(None, DEFAULT_BRIEF)
    _, bottom, _, height = geometry(theme, build_styles(theme)).frame
    texts = []
    for page in PdfReader(pdf_path).pages:
        parts: list[str] = []

        def keep(text, cm, tm, font, size, parts=parts) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if bottom - 1 <= y <= bottom + height + 1:
                parts.append(text)

        page.extract_text(visitor_text=keep)
        texts.append("".join(parts))
    return texts
