"""Benchmark: how long briefkit takes, per stage and for the whole process, at several sizes.

Copies the default brief, makes a copy of it with a second flow block, and generates synthetic
briefs of 10, 100, 1,000 and 5,000 sections (prose, key points, one flow block, one image) into a
temporary folder, and prints a table of medians:

- warm: per-stage seconds of an in-process rebuild after an edit (the `--watch` case: the
  process has the renderers loaded, the content changed, the build is not forced);
- cold: whole-process wall time of `python build.py` into a fresh output folder;
- edit: the same after an edit, outputs present (the everyday `python build.py` after a save);
- no-op: the same with the outputs up to date;
- deck: `python build.py --only pptx --force`, beside pandoc's `pandoc brief.md -o x.pptx`
  when pandoc is installed;
- anchor: the pair of tools a team would otherwise use for the same two documents, when both are
  installed: `pandoc brief.md -o x.pptx` plus `pandoc -s brief.md -o x.html` and
  `weasyprint x.html x.pdf`, summed; "cold ×" and "edit ×" are briefkit's cold and edit builds
  as a multiple of it (below 1: briefkit is faster);
- peak MiB: the most memory a cold build held at once, summed over its processes (worker
  processes included, shared pages counted once), and the largest single process's resident
  size, sampled every 10 ms.

After the table: how time and summed peak memory grow from each size to the next (linear growth
gives the ratio of the sizes), the first and later rebuilds of the default brief in a process
that does what `--watch` does, and a batch of 20 default briefs built with `-j 1` and `-j 2`.

With `--large-flow`, also the default brief with a 25-node, 34-edge flow that Graphviz's dot
lays out (its candidate layouts are most of that build's time).

It prints; it asserts nothing. Run: python bench/run.py [--sizes 10,100,1000,5000] [--repeat 3]
[--batch 20] [--large-flow]
"""

from __future__ import annotations

import argparse
import itertools
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


def with_second_flow(default: Path, folder: Path) -> Path:
    """The default brief with one more flow block at its end, as a brief with two diagrams."""
    text = default.read_text(encoding="utf-8")
    flow = "\n```flow\ncaption: Onward flows\nRussia -> Belarus: fuel, grain?\nBelarus -> Ukraine: refugees?\n```\n"
    path = folder / "two-flows.md"
    path.write_text(text + flow, encoding="utf-8")
    return path


def with_large_flow(default: Path, folder: Path, count: int = 25, extra: int = 10) -> Path:
    """The default brief with a flow block of `count` connected traders and `extra` more trades
    at its end (laid out by Graphviz's dot), the same every time."""
    import random

    pick = random.Random(count)
    goods = ["grain", "oil", "steel", "cloth", "salt", "copper", "tea", "timber?", "wool", "dyes?"]
    names = [f"Trader {k} of the {pick.choice(['north', 'south', 'east', 'west'])}" for k in range(count)]
    pairs = [(names[pick.randrange(i)], names[i]) for i in range(1, count)]
    while len(pairs) < count - 1 + extra:
        a, b = pick.sample(names, 2)
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    lines = "\n".join(f"{a} -> {b}: {', '.join(pick.sample(goods, 2))}" for a, b in pairs)
    path = folder / "large-flow.md"
    path.write_text(default.read_text(encoding="utf-8") + f"\n```flow\ncaption: Traders\n{lines}\n```\n", "utf-8")
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


def peak_of(args: list[str]) -> tuple[float, float]:
    """(summed, largest) peak MiB of a process and its children, sampled from /proc every 10 ms.

    Summed counts each process's proportional share of memory (Pss), so pages that forked
    workers still share with their parent are counted once. Without /proc, both are the largest
    single process's peak (getrusage).
    """
    if not Path("/proc/self/smaps_rollup").exists():
        import resource

        subprocess.run(args, check=True, capture_output=True, cwd=PROJECT_DIR)
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return largest, largest
    process = subprocess.Popen(args, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    summed = largest = 0
    while process.poll() is None:
        sizes = [_memory_kib(pid) for pid in _tree(process.pid)]
        summed = max(summed, sum(pss for pss, _ in sizes))
        largest = max(largest, max((rss for _, rss in sizes), default=0))
        time.sleep(0.01)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)
    return summed / 1024, largest / 1024


def _tree(root: int) -> set[int]:
    """`root` and every process descended from it."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def _memory_kib(pid: int) -> tuple[int, int]:
    """(Pss, Rss) KiB of one process, or zeros once it has gone."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    except (OSError, ValueError):
        return 0, 0
    return int(fields.get("Pss", "0 kB").split()[0]), int(fields.get("Rss", "0 kB").split()[0])


def warm_rebuilds(brief: Path, out: Path, repeat: int) -> dict[str, float]:
    """Median seconds per stage of in-process rebuilds after an edit, as `--watch` runs them."""
    from briefkit.pipeline import FORMATS, build, warm_up

    build(brief, out, force=True)  # leaves outputs in place
    warm_up(brief, out, FORMATS)  # loads the renderers, as the watch does
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
    row["pandoc"] = row["anchor"] = row["cold ×"] = row["edit ×"] = None
    if shutil.which("pandoc"):  # run beside the brief, so its relative image paths resolve
        pandoc = ["pandoc", brief.name, "-o", str(work / "pandoc.pptx")]
        row["pandoc"] = median_wall(pandoc, repeat, cwd=brief.parent)
        row["anchor"] = anchor_pair(brief, work, repeat)
        if row["anchor"]:
            row["cold ×"], row["edit ×"] = row["cold"] / row["anchor"], row["edit"] / row["anchor"]
    fresh()
    row["peak"], row["largest"] = peak_of(build_cmd)
    row.update(warm_rebuilds(brief, out, repeat))
    return row


def anchor_pair(brief: Path, work: Path, repeat: int) -> float | None:
    """Median seconds of pandoc's deck plus pandoc → HTML → WeasyPrint's PDF, or None without WeasyPrint."""
    try:
        subprocess.run([sys.executable, "-m", "weasyprint", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    html, pdf, pptx = work / "anchor.html", work / "anchor.pdf", work / "anchor.pptx"
    deck = ["pandoc", brief.name, "-o", str(pptx)]
    page = ["pandoc", "-s", brief.name, "-o", str(html)]
    print_ = [sys.executable, "-m", "weasyprint", str(html), str(pdf)]
    times = []
    for _ in range(repeat):
        times.append(sum(run_process(args, cwd=brief.parent) for args in (deck, page, print_)))
    return statistics.median(times)


WATCH_SCRIPT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench.run import edit
from briefkit.pipeline import FORMATS, build, warm_up
brief, out, repeat = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
build(brief, out, force=True)
warm_up(brief, out, FORMATS)
for number in range(repeat + 1):
    edit(brief, 2000 + number)
    print(build(brief, out).seconds)
"""


def watch_rebuilds(brief: Path, work: Path, repeat: int) -> tuple[float, float]:
    """(the first, the median of later) seconds of rebuilds after an edit in a new process that
    does what `--watch` does: build, warm up, then rebuild in process on every edit."""
    out = work / f"out-watch-{brief.stem}"
    args = [sys.executable, "-c", WATCH_SCRIPT, str(PROJECT_DIR), str(brief), str(out), str(repeat)]
    done = subprocess.run(args, check=True, capture_output=True, text=True, cwd=PROJECT_DIR)
    seconds = [float(line) for line in done.stdout.split()]
    return seconds[0], statistics.median(seconds[1:])


def batch(count: int, work: Path, repeat: int) -> dict[int, float]:
    """Median seconds of building `count` copies of the default brief with -j 1 and with -j 2."""
    folder = work / "batch"
    folder.mkdir()
    briefs = []
    for number in range(count):
        path = folder / f"brief{number}.md"
        shutil.copyfile(PROJECT_DIR / "content" / "brief.md", path)
        briefs.append(str(path))
    out = work / "out-batch"
    seconds = {}
    for jobs in (1, 2):
        command = [sys.executable, "build.py", *briefs, "--out", str(out), "-j", str(jobs)]
        seconds[jobs] = median_wall(command, repeat, before=lambda: shutil.rmtree(out, ignore_errors=True))
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000,5000", help="section counts of the synthetic briefs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per median")
    parser.add_argument("--batch", type=int, default=20, help="default briefs in the -j 1 / -j 2 batch (0: none)")
    parser.add_argument("--large-flow", action="store_true", help="also the default brief with a 25-node flow")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="briefkit-bench-"))
    rows = []
    try:
        default = work / "brief.md"
        shutil.copyfile(PROJECT_DIR / "content" / "brief.md", default)
        cases = [("default brief", default), ("two flows", with_second_flow(default, work))]
        cases += [("25-node flow", with_large_flow(default, work))] if args.large_flow else []
        cases += [(f"{n} sections", synthetic_brief(n, work)) for n in sizes]
        for label, brief in cases:
            rows.append((label, measure(brief, work, args.repeat)))
        watch = watch_rebuilds(default, work, args.repeat)
        batches = batch(args.batch, work, args.repeat) if args.batch else {}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    print_growth(rows, sizes)
    print(f"--watch, default brief: first rebuild after an edit {watch[0]:.3f} s, later ones {watch[1]:.3f} s")
    if batches:
        print(
            f"batch of {args.batch} default briefs: -j 1 {batches[1]:.2f} s, -j 2 {batches[2]:.2f} s, "
            f"speed-up {batches[1] / batches[2]:.2f}×"
        )


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
    columns += [("pandoc pptx s", "pandoc"), ("anchor s", "anchor"), ("cold ×", "cold ×"), ("edit ×", "edit ×")]
    columns += [("peak MiB", "peak"), ("largest MiB", "largest")]
    print(f"briefkit benchmark: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; medians")
    print("warm = in-process rebuild after an edit (--watch); cold/edit/no-op/deck = whole processes")
    print(" | ".join(["brief"] + [head for head, _ in columns]))
    print(" | ".join("---" for _ in range(len(columns) + 1)))
    for label, row in rows:
        cells = [label]
        for _, key in columns:
            value = row.get(key)
            cells.append("-" if value is None else f"{value:.0f}" if key in ("peak", "largest") else f"{value:.3f}")
        print(" | ".join(cells))


def print_growth(rows: list[tuple[str, dict[str, float | None]]], sizes: list[int]) -> None:
    """How cold time and summed peak memory grow between successive synthetic sizes."""
    by_size = {size: row for label, row in rows for size in sizes if label == f"{size} sections"}
    for smaller, larger in itertools.pairwise(sizes):
        a, b = by_size[smaller], by_size[larger]
        print(
            f"{smaller} → {larger} sections (×{larger / smaller:g}): cold time ×{b['cold'] / a['cold']:.2f}, "
            f"summed peak memory ×{b['peak'] / a['peak']:.2f}"
        )


if __name__ == "__main__":
    main()
