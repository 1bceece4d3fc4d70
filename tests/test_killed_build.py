"""Outputs survive builds that die: killed at any moment, run twice at once, or refused a folder.

Every test rebuilds one heavy brief (a picture of noise makes its PDF and deck megabytes, so
writing them takes a while) with `--force`. Builds are reproducible, so whatever happens to a
build, the outputs afterwards must be byte-identical to the outputs before it: a half-written
or mismatched file shows up as a difference.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PROJECT_DIR
from readback import assert_outputs_open, files_of, noise_png

from briefkit.outputs import TEMP_SUFFIX

HEAVY = """---
title: Heavy brief
date: 2026-01-15
classification: RESTRICTED
---
Lead text.

# Pictures

![Noise](noise.png)

# Flows

```flow
A -> B: goods, more goods?
```

# Points

- one
- two
"""


@dataclass(frozen=True)
class Heavy:
    """The heavy brief, its built outputs (name -> bytes) and how long one build took."""

    brief: Path
    outputs: dict[str, bytes]
    seconds: float


def start(brief: Path, out: Path, *args: str) -> subprocess.Popen:
    """A build of `brief` into `out` as a separate process, as a user starts it."""
    return subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "build.py"), str(brief), "--out", str(out), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=300)
    return process.returncode, stdout, stderr


@pytest.fixture(scope="module")
def heavy(tmp_path_factory) -> Heavy:
    folder = tmp_path_factory.mktemp("heavy")
    noise_png(folder / "noise.png", 1200)
    brief = folder / "heavy.md"
    brief.write_text(HEAVY, encoding="utf-8")
    out = folder / "out"
    started = time.monotonic()
    code, _, stderr = finish(start(brief, out))
    assert code == 0, stderr
    return Heavy(brief, files_of(out), time.monotonic() - started)


@pytest.fixture
def out(heavy, tmp_path) -> Path:
    """A copy of the heavy brief's outputs for one test to put at risk."""
    folder = tmp_path / "out"
    shutil.copytree(heavy.brief.parent / "out", folder)
    return folder


def temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(f".*{TEMP_SUFFIX}"))


def assert_as_before(out: Path, heavy: Heavy) -> None:
    """The outputs are the heavy brief's outputs, byte for byte, and open; temp files aside."""
    current = {name: data for name, data in files_of(out).items() if not name.endswith(TEMP_SUFFIX)}
    assert current.keys() == heavy.outputs.keys()
    for name, data in heavy.outputs.items():
        assert current[name] == data, name
    assert_outputs_open(out / "heavy.pdf", out / "heavy.pptx")


def test_a_build_killed_at_any_moment_leaves_the_previous_outputs(heavy, out):
    for fraction in (0.1, 0.4, 0.7, 0.95):  # starting up, reading, rendering, writing
        process = start(heavy.brief, out, "--force")
        time.sleep(heavy.seconds * fraction)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        assert_as_before(out, heavy)


def test_a_build_killed_while_replacing_leaves_the_previous_outputs_and_its_temps_go_next_time(heavy, out):
    left = []
    for _ in range(5):  # watching for the first temporary file catches the build inside replace_all
        process = start(heavy.brief, out, "--force")
        while process.poll() is None and not temps(out):
            pass
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        assert_as_before(out, heavy)
        left = temps(out)
        if left:
            break
    assert left, "no build was caught while writing its temporary files"
    code, stdout, _ = finish(start(heavy.brief, out))
    assert code == 0 and "up to date" in stdout
    assert temps(out) == []
    assert_as_before(out, heavy)


def test_two_builds_of_one_brief_at_once_leave_valid_outputs(heavy, out):
    first, second = start(heavy.brief, out, "--force"), start(heavy.brief, out, "--force")
    for process in (first, second):
        code, _, stderr = finish(process)
        assert code == 0, stderr
    assert temps(out) == []
    assert_as_before(out, heavy)


def test_an_output_taken_by_a_folder_fails_cleanly_and_replaces_nothing(write_brief, tmp_path):
    brief, out = write_brief("# Points\n\n- one\n"), tmp_path / "out"
    assert finish(start(brief, out))[0] == 0
    (out / "brief.pptx").unlink()
    (out / "brief.pptx" / "inside").mkdir(parents=True)
    before = files_of(out)
    brief.write_text(brief.read_text() + "- two\n")
    code, _, stderr = finish(start(brief, out))
    assert code == 2 and "Traceback" not in stderr
    assert "brief.pptx" in stderr and "cannot write outputs" in stderr
    assert files_of(out) == before
    assert temps(out) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_fails_cleanly(heavy, out):
    out.chmod(0o500)
    try:
        code, _, stderr = finish(start(heavy.brief, out, "--force"))
    finally:
        out.chmod(0o700)
    assert code == 2 and "Traceback" not in stderr
    assert "cannot write outputs" in stderr
    assert_as_before(out, heavy)


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of `pids` still running (zombies count as ended)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("jobs", [(), ("-j", "2")], ids=["render workers", "-j workers"])
def test_workers_end_when_their_build_is_killed(heavy, out, how, jobs):
    briefs = (heavy.brief,) if not jobs else (heavy.brief, heavy.brief.with_name("second.md"))
    if jobs:
        shutil.copy(heavy.brief, briefs[1])
    process = subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "build.py"), *map(str, briefs), "--out", str(out), "--force", *jobs],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = {pid for pid in children(process.pid)}
    assert workers, "the build started no worker"
    process.send_signal(how)
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(workers)
