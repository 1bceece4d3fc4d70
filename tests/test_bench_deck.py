"""The deck benchmark runs end to end at a tiny size and prints its rows (no timings are judged)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_the_deck_benchmark_prints_two_sizes_and_their_growth_per_case():
    run = subprocess.run(
        [sys.executable, "bench/deck.py", "--repeat", "1", "--divide", "200"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    lines = run.stdout.splitlines()
    rows = {line.split(" | ")[0]: line.split(" | ") for line in lines[3:] if " | " in line}
    assert set(rows) == {"2 sections", "10 sections", "2 headings", "10 headings", "20 items", "100 items"}
    assert all(len(cells) == 6 and int(cells[1]) > 0 for cells in rows.values())
    growth = [line for line in lines if "(×5): deck time ×" in line and "memory ×" in line]
    assert [line.split(" (")[0] for line in growth] == ["2 → 10 sections", "2 → 10 headings", "20 → 100 items"]
