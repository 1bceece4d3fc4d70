"""Progress as the renderers go: pages, slides and figures reported in order, across worker
processes, up to the counts the outputs have; and the terminal line the command draws of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR
from pptx import Presentation
from pypdf import PdfReader

from briefkit import cli, pipeline, progress
from briefkit.progress import Figures, Pages, Slides, listening

PROSE = "The convoy crossed the border at night and unloaded at the railhead before dawn. " * 12

SECTIONS = "\n".join(
    f"# Section {number}\n\n{PROSE}\n\n{PROSE}\n\n- a point\n- another point\n" for number in range(1, 7)
)

FLOW = """
```flow
caption: Supply
North -> South: shells
South -> North: food?
```
"""

CHART = """
```chart
type: column
caption: Shells by year
unit: million shells

| Year | Shells |
|------|--------|
| 2024 | 3.0    |
| 2025 | 4.5?   |
```
"""

BODY = SECTIONS + FLOW + CHART


def increasing(values: list[int]) -> bool:
    return all(earlier < later for earlier, later in zip(values, values[1:], strict=False))


@pytest.mark.parametrize("workers", [True, False], ids=["in-workers", "in-process"])
def test_pages_slides_and_figures_arrive_in_order_up_to_the_outputs_counts(write_brief, tmp_path, monkeypatch, workers):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pipeline, "_rendered_before", not workers)  # a process's first build renders in workers
    brief = write_brief(BODY)
    events = []
    with listening(events.append):
        pipeline.build(brief, tmp_path / "out", force=True)
    pdf, pptx = tmp_path / "out" / "brief.pdf", tmp_path / "out" / "brief.pptx"
    page_count, slide_count = len(PdfReader(pdf).pages), len(Presentation(pptx).slides)
    assert page_count > 3 and slide_count > 8

    pages = [event for event in events if isinstance(event, Pages)]
    # one layout pass, contents page included: the pages count up once, to the report's count
    assert increasing([event.done for event in pages]) and pages[0].done == 1
    assert pages[-1] == Pages(page_count)

    slides = [event for event in events if isinstance(event, Slides)]
    assert slides[0] == Slides(0, slide_count) and slides[-1] == Slides(slide_count, slide_count)
    assert increasing([event.done for event in slides]) and {event.total for event in slides} == {slide_count}

    figures = [event for event in events if isinstance(event, Figures)]
    exports = sorted(path.name for path in (tmp_path / "out").glob("*.png"))
    assert exports == ["brief-chart-1.png", "brief-flow-1.png"]
    assert figures[0] == Figures(0, 2) and figures[-1] == Figures(2, 2)
    assert increasing([event.done for event in figures]) and {event.total for event in figures} == {2}


def test_within_the_interval_only_the_first_and_last_of_each_count_go_out(write_brief, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "monotonic", lambda: 1000.0)  # the whole build within one instant
    monkeypatch.setattr(pipeline, "_rendered_before", True)
    brief = write_brief(BODY)
    events = []
    with listening(events.append):
        pipeline.build(brief, tmp_path / "out", force=True)
    pages = len(PdfReader(tmp_path / "out" / "brief.pdf").pages)
    slides = len(Presentation(tmp_path / "out" / "brief.pptx").slides)
    assert events == [
        Pages(1),
        Pages(pages),
        Slides(0, slides),
        Slides(slides, slides),
        Figures(0, 2),
        Figures(2, 2),
    ]


def test_listening_changes_no_output_byte(write_brief, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "_rendered_before", True)
    brief = write_brief(BODY)
    heard = []
    with listening(heard.append):
        pipeline.build(brief, tmp_path / "heard", force=True)
    pipeline.build(brief, tmp_path / "quiet", force=True)
    assert heard
    for name in ("brief.pdf", "brief.pptx", "brief-flow-1.png", "brief-flow-1.svg", "brief-chart-1.svg"):
        assert (tmp_path / "heard" / name).read_bytes() == (tmp_path / "quiet" / name).read_bytes(), name


def test_a_terminal_shows_how_far_a_slow_brief_got_and_clears_it(write_brief, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0)  # every build counts as slow
    monkeypatch.setattr(pipeline, "_rendered_before", True)  # rendered here: each event reaches the line
    monkeypatch.chdir(tmp_path)  # short names: the line is cut to the terminal's width
    brief = write_brief(BODY).relative_to(tmp_path)
    code = cli.build_briefs([brief], Path("out"), ("pdf", "pptx"), True, 1, cli.Printer(stream_tty=True))
    captured = capsys.readouterr()
    assert code == 0
    pages = len(PdfReader(tmp_path / "out" / "brief.pdf").pages)
    slides = len(Presentation(tmp_path / "out" / "brief.pptx").slides)
    drawn = [line for line in captured.err.split("\r") if line and line != "\033[K"]
    name = "brief.md"
    assert drawn[0] == f"{name}  laying out"
    assert f"{name}  report 1 page" in drawn
    assert f"{name}  report {pages} pages · deck 0/{slides} slides" in drawn
    assert f"{name}  report {pages} pages · deck {slides}/{slides} slides · figures 0/2" in drawn
    assert drawn[-1] == f"{name}  report {pages} pages · deck {slides}/{slides} slides · figures 2/2"
    assert captured.err.endswith("\r\033[K")  # gone before the result line
    assert captured.out.startswith(f"{name} -> ") and captured.out.count("\n") == 1


def test_a_brief_built_within_the_threshold_shows_no_progress(write_brief, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 3600)
    brief = write_brief(BODY)
    cli.build_briefs([brief], tmp_path / "out", ("pdf", "pptx"), True, 1, cli.Printer(stream_tty=True))
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith(f"{brief} -> ")


SLOW = "import sys, briefkit.cli as c; c.PROGRESS_AFTER = 0; raise SystemExit(c.main(sys.argv[1:]))"


def command(*args: str, cwd: Path, stderr) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
    )


def on_a_terminal(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run the command with stderr on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = command(*args, cwd=cwd, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command has ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    out = process.communicate(timeout=300)[0]
    return process.returncode, out.decode(), seen.decode()


def test_on_a_real_terminal_the_line_shows_and_goes_and_quiet_hides_it(write_brief, tmp_path):
    write_brief(SECTIONS + FLOW)
    code, out, terminal = on_a_terminal("brief.md", "--out", "out", cwd=tmp_path)
    assert code == 0
    assert out.startswith("brief.md -> out/brief.pdf (") and out.count("\n") == 1
    slides = len(Presentation(tmp_path / "out" / "brief.pptx").slides)
    pages = len(PdfReader(tmp_path / "out" / "brief.pdf").pages)
    assert f"\rbrief.md  report {pages} pages · deck {slides}/{slides} slides" in terminal
    assert terminal.endswith("\r\033[K")
    code, out, terminal = on_a_terminal("brief.md", "--out", "out", "--force", "-q", cwd=tmp_path)
    assert (code, out, terminal) == (0, "", "")


def test_nothing_of_it_when_not_a_terminal(write_brief, tmp_path):
    write_brief(SECTIONS + FLOW)
    process = command("brief.md", "--out", "out", cwd=tmp_path, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0
    assert err == b""
    assert out.decode().startswith("brief.md -> out/brief.pdf (") and out.count(b"\n") == 1 and b"\r" not in out


def test_with_several_briefs_the_bar_shows_the_one_being_built(write_brief, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0)
    monkeypatch.setattr(pipeline, "_rendered_before", True)
    monkeypatch.chdir(tmp_path)
    briefs = [write_brief(FLOW, name=f"b{number}.md").relative_to(tmp_path) for number in range(2)]
    code = cli.build_briefs(briefs, Path("out"), ("pptx",), True, 1, cli.Printer(stream_tty=True))
    captured = capsys.readouterr()
    assert code == 0
    slides = len(Presentation(tmp_path / "out" / "b1.pptx").slides)
    drawn = [line for line in captured.err.split("\r") if line and line != "\033[K"]
    assert f"[{'.' * 30}] 0/2 briefs  b0.md  deck {slides}/{slides} slides" in drawn
    assert f"[{'#' * 15}{'.' * 15}] 1/2 briefs  b1.md  deck 0/{slides} slides" in drawn
    assert drawn[-1] == f"[{'#' * 30}] 2/2 briefs" and captured.err.endswith("\r\033[K")
    assert [line.split(" -> ")[0] for line in captured.out.splitlines()] == ["b0.md", "b1.md"]
