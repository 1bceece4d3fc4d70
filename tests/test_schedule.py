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
CHART = "\n```chart\ntype: column\n\n| Year | Shells |\n|---|---|\n| 2023 | 1.0 |\n| 2024 | 3.0 |\n```\n"


def run_python(code: str) -> str:
    """Run `code` in a fresh interpreter, as a first build of a process sees it; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    command = [sys.executable, "-c", textwrap.dedent(code)]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True).stdout


def test_figures_are_expected_while_a_flow_has_no_export_and_not_once_it_has(write_brief, tmp_path):
    brief, out = write_brief("# One\n\nProse.\n" + FLOW), tmp_path / "out"
    assert pipeline._may_draw_exports(brief, out, force=False) == (True, False)
    build(brief, out)
    assert pipeline._may_draw_exports(brief, out, force=False) == (False, False)
    assert pipeline._may_draw_exports(brief, out, force=True) == (True, False)
    pipeline._exports(pipeline.Targets(out, brief.stem, 1), 1)[0].unlink()
    assert pipeline._may_draw_exports(brief, out, force=False) == (True, False)


def test_chart_exports_are_expected_apart_from_flow_exports(write_brief, tmp_path):
    brief, out = write_brief("# One\n\nProse.\n" + FLOW + CHART), tmp_path / "out"
    assert pipeline._may_draw_exports(brief, out, force=False) == (True, True)
    build(brief, out)
    assert pipeline._may_draw_exports(brief, out, force=False) == (False, False)
    pipeline._chart_exports(pipeline.Targets(out, brief.stem, 1, 1), 1)[1].unlink()
    assert pipeline._may_draw_exports(brief, out, force=False) == (False, True)


def test_a_brief_without_flows_or_charts_expects_no_figures(write_brief, tmp_path):
    brief = write_brief("# One\n\n```python\nflow = 1\n```\n\nProse about a ```flow.\n")
    assert pipeline._may_draw_exports(brief, tmp_path / "out", force=True) == (False, False)


# Run before the build: records every module of matplotlib any of the build's processes imports
# (forked lanes inherit it); a lookup that only finds where matplotlib lies is no import.
IMPORT_GUARD = """
import os, sys

class Guard:
    def find_spec(self, name, path=None, target=None):
        frame = sys._getframe(1)
        while frame and not (frame.f_code.co_name == "find_spec" and "importlib" in frame.f_code.co_filename):
            frame = frame.f_back  # importlib.util.find_spec looks up where a module lies
        if name.split(".")[0] == "matplotlib" and frame is None:
            with open({seen!r}, "a") as record:
                record.write(f"{{os.getpid()}} {{name}}\\n")
        return None

sys.meta_path.insert(0, Guard())
"""


@pytest.mark.parametrize("charts", [False, True], ids=["flows only", "flows and a chart"])
def test_a_cold_build_imports_matplotlib_only_for_chart_exports(write_brief, tmp_path, charts):
    brief, out, seen = (
        write_brief("# One\n\nProse.\n" + FLOW + (CHART if charts else "")),
        tmp_path / "out",
        tmp_path / "seen",
    )
    run_python(
        IMPORT_GUARD.format(seen=str(seen))
        + f"""
from pathlib import Path
from briefkit import pipeline
pipeline.build(Path({str(brief)!r}), Path({str(out)!r}))
"""
    )
    assert {"brief-flow-1.png", "brief-flow-1.svg"} <= {path.name for path in out.iterdir()}
    if charts:
        assert "matplotlib.figure" in seen.read_text().split()
    else:
        assert not seen.exists(), seen.read_text()


def test_a_first_build_in_lanes_gives_the_bytes_of_one_in_this_process(tmp_path):
    lanes, here = tmp_path / "lanes", tmp_path / "here"
    started = run_python(
        f"""
        from pathlib import Path
        from briefkit import pipeline
        started = []
        start = pipeline.Lane.start
        pipeline.Lane.start = lambda kind, *args, **named: started.append(kind) or start(kind, *args, **named)
        pipeline.build(Path({str(DEFAULT_BRIEF)!r}), Path({str(lanes)!r}))
        print(" ".join(started))
        """
    )
    assert started.split() == ["pdf"]  # the flow's exports go with the report: no chart to draw
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


# Run before `-j 2`: records each module of the renderers' libraries, and of briefkit's own
# renderers, that a process other than the one running this imports (the workers fork from it);
# a lookup that only finds where a module lies is no import.
WORKER_IMPORT_GUARD = """
import os, sys

PARENT = os.getpid()
WATCHED = ("reportlab", "pptx", "PIL", "rlPyCairo", "matplotlib", "briefkit.render", "briefkit.diagram",
           "briefkit.chart")

class Guard:
    def find_spec(self, name, path=None, target=None):
        frame = sys._getframe(1)
        while frame and not (frame.f_code.co_name == "find_spec" and "importlib" in frame.f_code.co_filename):
            frame = frame.f_back  # importlib.util.find_spec looks up where a module lies
        if os.getpid() != PARENT and name.startswith(WATCHED) and frame is None:
            with open({seen!r}, "a") as record:
                record.write(f"{{os.getpid()}} {{name}}\\n")
        return None

sys.meta_path.insert(0, Guard())
"""


@pytest.mark.parametrize("charts", [False, True], ids=["flows", "flows and a chart"])
def test_the_workers_of_j_import_no_renderer_themselves(write_brief, tmp_path, charts):
    briefs = [write_brief("# One\n\nProse.\n" + FLOW + (CHART if charts else ""), name=f"b{n}.md") for n in range(3)]
    out, seen = tmp_path / "out", tmp_path / "seen"
    run_python(
        WORKER_IMPORT_GUARD.format(seen=str(seen))
        + f"""
from briefkit.cli import main
assert main([*{[str(brief) for brief in briefs]!r}, "--out", {str(out)!r}, "-j", "2", "-q"]) == 0
"""
    )
    assert {f"b{n}{end}" for n in range(3) for end in (".pdf", ".pptx", "-flow-1.png")} <= {
        p.name for p in out.iterdir()
    }
    assert not seen.exists(), seen.read_text()


def test_a_batch_with_j_2_gives_the_bytes_of_one_with_j_1(write_brief, tmp_path):
    briefs = [
        write_brief("# One\n\nProse.\n" + FLOW + CHART, name="charted.md"),
        write_brief("# Two\n\nMore prose.\n\n- a\n- b\n", name="plain.md"),
        DEFAULT_BRIEF,
    ]
    built = {}
    for jobs in ("1", "2"):
        built[jobs] = tmp_path / f"out{jobs}"
        command = [sys.executable, str(PROJECT_DIR / "build.py"), *map(str, briefs), "--out", str(built[jobs])]
        subprocess.run([*command, "-j", jobs, "-q"], cwd=PROJECT_DIR, check=True, timeout=300)
    names = sorted(path.name for path in built["1"].iterdir())
    assert {".pdf", ".pptx", ".png", ".svg", ".json"} <= {Path(name).suffix for name in names}
    assert names == sorted(path.name for path in built["2"].iterdir())
    for name in names:
        assert (built["1"] / name).read_bytes() == (built["2"] / name).read_bytes(), name


def test_j_hands_out_the_largest_briefs_first(write_brief, tmp_path, monkeypatch):
    import concurrent.futures

    from briefkit import cli

    sizes = {"small.md": 1, "large.md": 40, "middle.md": 12}
    briefs = [write_brief("# One\n\n" + "Prose. " * (10 * size), name=name) for name, size in sizes.items()]
    handed = []

    class InOrder:
        """A pool that builds each task as it is handed out, in this process."""

        def __init__(self, *args, **named):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

        def submit(self, function, task):
            handed.append(task[0].name)
            future = concurrent.futures.Future()
            future.set_result(function(task))
            return future

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", InOrder)
    assert cli.build_briefs(briefs, tmp_path / "out", ("pdf",), False, jobs=2, printer=cli.Printer(quiet=True)) == 0
    assert handed == ["large.md", "middle.md", "small.md"]


def test_briefs_read_ahead_are_read_as_their_builds_would_read_them(write_brief, tmp_path):
    from briefkit.readahead import ReadAhead

    good = [write_brief(f"# Part {n}\n\nProse {n}.\n" + FLOW, name=f"b{n}.md") for n in range(3)]
    bad = write_brief("# Broken\n\n![x](missing.png)\n", name="bad.md")
    out = tmp_path / "out"
    tasks = [(path, out, pipeline.FORMATS, False) for path in [good[0], bad, *good[1:], DEFAULT_BRIEF]]
    taken = ReadAhead(tasks).taken(finish=True)
    assert set(taken) == {(path, out) for path in [*good, DEFAULT_BRIEF]}  # the bad one is left to its build
    for path in [*good, DEFAULT_BRIEF]:
        own = pipeline.prepare(path, out)
        found = taken[(path, out)]
        assert (found.doc, found.theme, found.stamp, found.targets, found.manifest) == (
            own.doc,
            own.theme,
            own.stamp,
            own.targets,
            own.manifest,
        )


def test_a_stopped_read_ahead_leaves_no_process_and_keeps_only_whole_briefs(write_brief, tmp_path):
    from briefkit.readahead import ReadAhead

    briefs = [write_brief(f"# Part {n}\n\nProse {n}.\n", name=f"b{n}.md") for n in range(40)]
    ahead = ReadAhead([(path, tmp_path / "out") for path in briefs])
    taken = ahead.taken()  # stopped at once: none, some or all read
    assert set(taken) <= {(path, tmp_path / "out") for path in briefs}
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_bad_brief_in_a_parallel_batch_reports_as_in_a_serial_one(write_brief, tmp_path):
    briefs = [write_brief(f"# Part {n}\n\nProse {n}.\n", name=f"b{n}.md") for n in range(4)]
    briefs.insert(2, write_brief("# Broken\n\n![x](missing.png)\n\n[y](ftp://host)\n", name="bad.md"))
    results = {}
    for jobs in ("1", "2"):
        command = [sys.executable, str(PROJECT_DIR / "build.py"), *map(str, briefs), "--out", str(tmp_path / jobs)]
        results[jobs] = subprocess.run([*command, "-j", jobs], capture_output=True, text=True, timeout=300)
    for result in results.values():
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert (
            "bad.md:7: image 'missing.png' not found" in result.stderr
            and "bad.md:9: link 'ftp://host'" in result.stderr
        )
    assert sorted(results["1"].stderr.splitlines()) == sorted(results["2"].stderr.splitlines())
    summaries = {
        jobs: sorted(line.split(" -> ")[0] for line in result.stdout.splitlines()) for jobs, result in results.items()
    }
    assert summaries["1"] == summaries["2"] == sorted(str(path) for path in briefs if path.name != "bad.md")
    assert sorted(path.name for path in (tmp_path / "2").iterdir()) == sorted(
        path.name for path in (tmp_path / "1").iterdir()
    )
