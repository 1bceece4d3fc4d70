"""Benchmark: how long briefkit takes, per stage and for the whole process, at several sizes.

Copies the default brief and generates synthetic briefs of 10, 100 and 1,000 sections (prose,
key points, one flow block, one image) into a temporary folder, and prints a table of medians:

- warm: per-stage seconds of an in-process rebuild after an edit (the `--watch` case: the
  process has the renderers loaded, the content changed, the build is not forced);
- cold: whole-process wall time of `python build.py` into a fresh output folder;
- edit: the same after an edit, outputs present (the everyday `python build.py` after a save);
- no-op: the same with the outputs up to date;
- deck: `python build.py --only pptx --force`, beside pandoc's `pandoc brief.md -o x.pptx`
  when pandoc is installed;
- peak MiB: the largest resident memory of a cold build, summed over the build's processes
  (worker processes included), sampled every 10 ms.

It prints; it asserts nothing. Run: python bench/run.py [--sizes 10,100,1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

PROSE = (
    "Reporting from several capitals suggests that the supply relationship has deepened over the "
    "past year, with deliveries arriving more often and in larger volumes than before. "
    "Analysts caution that much of this remains hard to verify independently."
)
STAGES = ("read", "layout", "pdf", "pptx", "figures")


def synthetic_brief(sections: int, folder: Path) -> Path:
    """A brief with `sections` sections, each with prose and key points, one flow and one image."""
    from PIL import Image

    Image.new("RGB", (1200, 800), (200, 210, 225)).save(folder / "chart.png")
    parts = [
        "---",
        f"title: Synthetic brief of {sections} sections",
        "author: Benchmark",
        "date: 2026-01-01",
        "classification: UNCLASSIFIED",
        "---",
        "",
    ]
    for number in range(1, sections + 1):
        parts += [f"# Section {number}", "", PROSE, "", PROSE, ""]
        parts += [f"- Key point {number}.{item} about supply and demand" for item in range(1, 5)] + [""]
        if number == 1:
            parts += ["```flow", "caption: Flows", "A -> B: shells, missiles?", "B -> A: food?, fuel", "```", ""]
            parts += ["![A chart](chart.png)", ""]
    path = folder / f"bench{sections}.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def edit(brief: Path, number: int) -> None:
    """Change the brief's prose, as an author's save would (its flow blocks stay the same)."""
    with open(brief, "a", encoding="utf-8") as handle:
        handle.write(f"\nEdited paragraph number {number}.\n")


def run_process(args: list[str], cwd: Path = PROJECT_DIR) -> float:
    """Wall seconds of one child process."""
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - started


def median_wall(args: list[str], repeat: int, before=None, cwd: Path = PROJECT_DIR) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        times.append(run_process(args, cwd))
    return statistics.median(times)


def peak_of(args: list[str]) -> float:
    """Largest summed resident MiB of a process and its children, sampled from /proc.

    Where /proc is missing, the largest single process's peak (getrusage) stands in.
    """
    if not Path("/proc/self/status").exists():
        import resource

        subprocess.run(args, check=True, capture_output=True, cwd=PROJECT_DIR)
        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    process = subprocess.Popen(args, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.01)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)
    return peak / 1024


def _tree_rss_kib(root: int) -> int:
    """Resident KiB of `root` and every process descended from it."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
        except (OSError, ValueError):
            continue
        parents[int(entry.name)] = int(fields.get("PPid", "0"))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


def warm_rebuilds(brief: Path, out: Path, repeat: int) -> dict[str, float]:
    """Median seconds per stage of in-process rebuilds after an edit, as `--watch` runs them."""
    from briefkit.pipeline import build

    build(brief, out, force=True)  # loads the renderers and leaves outputs in place
    samples: dict[str, list[float]] = {}
    for number in range(repeat):
        edit(brief, number)
        result = build(brief, out)
        for stage in STAGES:
            samples.setdefault(stage, []).append(result.stages.get(stage, 0.0))
        samples.setdefault("total", []).append(result.seconds)
    return {stage: statistics.median(values) for stage, values in samples.items()}


def measure(brief: Path, work: Path, repeat: int) -> dict[str, float | None]:
    """Every number of one table row for `brief`."""
    python = sys.executable
    out = work / f"out-{brief.stem}"
    build_cmd = [python, "build.py", str(brief), "--out", str(out)]

    def fresh():
        shutil.rmtree(out, ignore_errors=True)

    edits = iter(range(1000, 2000))
    row: dict[str, float | None] = {}
    row["cold"] = median_wall(build_cmd, repeat, before=fresh)
    row["edit"] = median_wall(build_cmd, repeat, before=lambda: edit(brief, next(edits)))
    row["no-op"] = median_wall(build_cmd, repeat)
    row["deck"] = median_wall(build_cmd + ["--force", "--only", "pptx"], repeat)
    row["pandoc"] = None
    if shutil.which("pandoc"):  # run beside the brief, so its relative image paths resolve
        pandoc = ["pandoc", brief.name, "-o", str(work / "pandoc.pptx")]
        row["pandoc"] = median_wall(pandoc, repeat, cwd=brief.parent)
    fresh()
    row["peak"] = peak_of(build_cmd)
    row.update(warm_rebuilds(brief, out, repeat))
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="section counts of the synthetic briefs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per median")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="briefkit-bench-"))
    rows = []
    try:
        default = work / "brief.md"
        shutil.copyfile(PROJECT_DIR / "content" / "brief.md", default)
        cases = [("default brief", default)] + [(f"{n} sections", synthetic_brief(n, work)) for n in sizes]
        for label, brief in cases:
            rows.append((label, measure(brief, work, args.repeat)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)


def cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo, or what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_table(rows: list[tuple[str, dict[str, float | None]]]) -> None:
    columns = [(f"warm {stage} s", stage) for stage in (*STAGES, "total")]
    columns += [("cold s", "cold"), ("edit s", "edit"), ("no-op s", "no-op"), ("deck s", "deck")]
    columns += [("pandoc pptx s", "pandoc"), ("peak MiB", "peak")]
    print(f"briefkit benchmark: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; medians")
    print("warm = in-process rebuild after an edit (--watch); cold/edit/no-op/deck = whole processes")
    print(" | ".join(["brief"] + [head for head, _ in columns]))
    print(" | ".join("---" for _ in range(len(columns) + 1)))
    for label, row in rows:
        cells = [label]
        for _, key in columns:
            value = row.get(key)
            cells.append("-" if value is None else f"{value:.0f}" if key == "peak" else f"{value:.3f}")
        print(" | ".join(cells))


if __name__ == "__main__":
    main()
