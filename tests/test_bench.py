"""The benchmark runs end to end at a tiny size and prints its table (no timings are judged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_the_benchmark_prints_a_row_per_brief():
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--sizes", "3", "--repeat", "1", "--batch", "2"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.startswith("brief |"))
    rows = {line.split(" | ")[0]: line.split(" | ") for line in lines if " | " in line}
    assert "warm pptx s" in header and "pandoc pptx s" in header and "anchor s" in header and "peak MiB" in header
    assert any(line.startswith("batch of 2 default briefs") for line in lines)
    assert any(line.startswith("--watch, default brief: first rebuild after an edit") for line in lines)
    assert set(rows) >= {"default brief", "two flows", "3 sections"}
    assert all(len(cells) == len(header.split(" | ")) for cells in rows.values())
