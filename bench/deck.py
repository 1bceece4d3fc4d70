"""Benchmark of the deck stage alone: how its CPU time and memory grow with the brief.

Plans and writes the deck of synthetic briefs in-process, each size in a fresh child process, and
prints medians of the CPU seconds spent planning and writing and the resident memory the stage
added (the child's peak after it less its peak before it). Sizes go up by 5 within the input
limits: 400 and 2,000 sections like `bench/run.py`'s (prose, key points, one flow, one image),
400 and 2,000 headings with a sentence each, 4,000 and 20,000 list items in lists of 1,000.
Linear growth gives a ratio of 5 between a case and the next larger one.

It prints; it asserts nothing. Run: python bench/deck.py [--repeat 3] [--cases sections,headings,items] [--divide 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

SIZES = {"sections": (400, 2000), "headings": (400, 2000), "items": (4000, 20000)}
FRONT = ["---", "title: Deck benchmark", "date: 2026-01-01", "classification: UNCLASSIFIED", "---", ""]


def headings_brief(count: int, folder: Path) -> Path:
    """`count` sections, each a heading and one sentence: one slide each, and a long agenda."""
    parts = list(FRONT)
    for number in range(count):
        parts += [f"# Heading {number}", "", f"The text of heading {number}.", ""]
    path = folder / f"headings{count}.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def items_brief(count: int, folder: Path) -> Path:
    """One section of `count` list items, in lists of at most 1,000 parted by a sentence."""
    parts = [*FRONT, "# The list", ""]
    for number, first in enumerate(range(0, count, 1000)):
        parts += [f"- Item {item} of list {number}" for item in range(first, min(count, first + 1000))]
        parts += ["", "Between lists.", ""]
    path = folder / f"items{count}.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def measure_once(kind: str, size: int) -> dict[str, float]:
    """CPU seconds of planning and of writing the deck of one brief, and the MiB the stage added."""
    from bench.run import synthetic_brief
    from briefkit.diagram.layout import layout_flows
    from briefkit.errors import Warnings
    from briefkit.pipeline import prepare
    from briefkit.render.deck import plan_deck
    from briefkit.render.pptx import render_pptx

    folder = Path(tempfile.mkdtemp(prefix="briefkit-deck-bench-"))
    make = {"sections": synthetic_brief, "headings": headings_brief, "items": items_brief}[kind]
    prepared = prepare(make(size, folder), folder / "out")
    layouts = layout_flows(prepared.doc.flows(), prepared.theme, prepared.doc.path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    plan = plan_deck(prepared.doc, prepared.theme, Warnings(), layouts, prepared.stamp)
    planned = time.process_time()
    render_pptx(plan, prepared.stamp)
    written = time.process_time()
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    plan_s, write_s = planned - started, written - planned
    return {"slides": len(plan.slides), "plan": plan_s, "write": write_s, "deck": plan_s + write_s, "MiB": grown}


def measure(kind: str, size: int, repeat: int) -> dict[str, float]:
    """Medians over `repeat` child processes of `measure_once`."""
    runs = []
    for _ in range(repeat):
        command = [sys.executable, __file__, "--child", f"{kind}:{size}"]
        done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=PROJECT_DIR)
        runs.append(json.loads(done.stdout))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="child processes per median")
    parser.add_argument("--cases", default=",".join(SIZES), help="which of sections, headings, items")
    parser.add_argument("--divide", type=int, default=1, help="divide every size by this (a quick run)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, size = args.child.split(":")
        print(json.dumps(measure_once(kind, int(size))))
        return
    print("deck stage, CPU seconds and MiB added; medians of", args.repeat)
    print("brief | slides | plan s | write s | deck s | MiB")
    print("--- | --- | --- | --- | --- | ---")
    for kind in args.cases.split(","):
        rows = [(size // args.divide, measure(kind, size // args.divide, args.repeat)) for size in SIZES[kind]]
        for size, row in rows:
            cells = (
                f"{size} {kind}",
                f"{row['slides']:.0f}",
                *(f"{row[key]:.2f}" for key in ("plan", "write", "deck")),
            )
            print(" | ".join((*cells, f"{row['MiB']:.0f}")))
        (small, a), (large, b) = rows
        time_ratio, memory_ratio = b["deck"] / a["deck"], b["MiB"] / max(a["MiB"], 1)
        print(f"{small} → {large} {kind} (×{large / small:g}): deck time ×{time_ratio:.2f}, memory ×{memory_ratio:.2f}")


if __name__ == "__main__":
    main()
