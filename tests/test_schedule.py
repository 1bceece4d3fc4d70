"""Where rendering runs: lanes started before the brief is read, the guess of whether figure
exports will be drawn, and the warm-up that loads the renderers for --watch. Outputs are the
same bytes wherever they were rendered."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import DEFAULT_BRIEF, PROJECT_DIR

from briefkit import pipeline
from briefkit.pipeline import build

FLOW = "\n```flow\nNorth -> South: fuel\n```\n"


def run_python(code: str) -> str:
    """Run `code` in a fresh interpreter, as a first build of a process sees it; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    command = [sys.executable, "-c", textwrap.dedent(code)]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True).stdout


def test_figures_are_expected_while_a_flow_has_no_export_and_not_once_it_has(write_brief, tmp_path):
    brief, out = write_brief("# One\n\nProse.\n" + FLOW), tmp_path / "out"
    assert pipeline._may_draw_figures(brief, out, force=False)
    build(brief, out)
    assert not pipeline._may_draw_figures(brief, out, force=False)
    assert pipeline._may_draw_figures(brief, out, force=True)
    pipeline._exports(pipeline.Targets(out, brief.stem, 1), 1)[0].unlink()
    assert pipeline._may_draw_figures(brief, out, force=False)


def test_a_brief_without_flows_or_charts_expects_no_figures(write_brief, tmp_path):
    brief = write_brief("# One\n\n```python\nflow = 1\n```\n\nProse about a ```flow.\n")
    assert not pipeline._may_draw_figures(brief, tmp_path / "out", force=True)


def test_a_first_build_in_lanes_gives_the_bytes_of_one_in_this_process(tmp_path):
    lanes, here = tmp_path / "lanes", tmp_path / "here"
    started = run_python(
        f"""
        from pathlib import Path
        from briefkit import pipeline
        started = []
        start = pipeline.Lane.start
        pipeline.Lane.start = lambda kind, *args: started.append(kind) or start(kind, *args)
        pipeline.build(Path({str(DEFAULT_BRIEF)!r}), Path({str(lanes)!r}))
        print(" ".join(started))
        """
    )
    assert started.split() == ["pdf", "figures"]
    build(DEFAULT_BRIEF, tmp_path / "first", force=True)  # so this process renders the next one itself
    build(DEFAULT_BRIEF, here, force=True)
    names = sorted(path.name for path in lanes.iterdir())
    assert {".pdf", ".pptx", ".png", ".svg"} <= {Path(name).suffix for name in names}
    assert names == sorted(path.name for path in here.iterdir())
    for name in names:
        assert (lanes / name).read_bytes() == (here / name).read_bytes(), name


@pytest.mark.parametrize("flows", [True, False], ids=["with a flow", "without flows"])
def test_the_watch_warm_up_loads_every_renderer_and_writes_nothing(write_brief, tmp_path, flows):
    brief, out = write_brief("# One\n\nProse.\n" + (FLOW if flows else "")), tmp_path / "out"
    loaded = run_python(
        f"""
        import sys
        from pathlib import Path
        from briefkit.pipeline import FORMATS, warm_up
        warm_up(Path({str(brief)!r}), Path({str(out)!r}), FORMATS)
        print(" ".join(m for m in ("reportlab.platypus", "pptx", "matplotlib.figure") if m in sys.modules))
        """
    )
    assert loaded.split() == ["reportlab.platypus", "pptx", "matplotlib.figure"]
    assert not out.exists()


def test_a_rebuild_after_the_warm_up_imports_nothing_more(write_brief, tmp_path):
    brief, out = write_brief("# One\n\nProse.\n" + FLOW), tmp_path / "out"
    loaded = run_python(
        f"""
        import sys
        from pathlib import Path
        from briefkit.pipeline import FORMATS, build, warm_up
        brief, out = Path({str(brief)!r}), Path({str(out)!r})
        build(brief, out)
        warm_up(brief, out, FORMATS)
        before = set(sys.modules)
        brief.write_text(brief.read_text().replace("fuel", "fuel, grain") + "\\nMore prose.\\n")
        result = build(brief, out)
        assert not result.up_to_date and any(path.suffix == ".png" for path in result.written)
        print(" ".join(sorted(set(sys.modules) - before)))
        """
    )
    assert loaded.split() == []
