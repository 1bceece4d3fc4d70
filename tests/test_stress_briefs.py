"""Briefs written to stress what the sample brief does not (long and wide tables, a large
network, Markdown from other tools, charts) build into every output without a problem.

They live beside the project in ../shared/stress/ when that folder is there; each must build
with exit 0, write its report and deck, and print no internal error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
STRESS_DIR = PROJECT_DIR.parent / "shared" / "stress"
BRIEFS = sorted(path for path in STRESS_DIR.glob("*.md") if path.name != "README.md") if STRESS_DIR.is_dir() else []


@pytest.mark.skipif(not BRIEFS, reason="no stress briefs beside the project")
@pytest.mark.parametrize("brief", BRIEFS, ids=lambda path: path.stem)
def test_a_stress_brief_builds_into_every_output(brief: Path, tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "build.py", str(brief), "--out", str(tmp_path)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "internal error" not in run.stderr + run.stdout
    assert (tmp_path / f"{brief.stem}.pdf").stat().st_size > 0
    assert (tmp_path / f"{brief.stem}.pptx").stat().st_size > 0
