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
    assert result.stderr.strip() == "brief.md:8: flow: 'A' cannot flow to itself"
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
    from pypdf import PdfReader

    pdf_path = next(path for path in default_build.written if path.suffix == ".pdf")
    pptx_path = next(path for path in default_build.written if path.suffix == ".pptx")
    squash = "".join
    pdf_text = squash(squash(page.extract_text().split()) for page in PdfReader(pdf_path).pages)
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
    assert process.returncode in (130, 0)  # 0 only if the machine finished first
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
