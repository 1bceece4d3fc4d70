"""Benchmark: the PDF report alone at the input limits, and how its time grows to get there.

Generates briefs at half and at the whole of each limit in briefkit/read/limits.py that shapes
the report's layout (headings, list items, the rows of one table, and a table of the most
columns) plus the synthetic briefs of `run.py` at 1,000 and 5,000 sections (past the heading
limit: the limits are lifted for them), renders each one's PDF in this process and prints a
table: CPU seconds of `render_pdf` (median), pages, and the growth from the half-size brief to
the whole (twice the size: 2.0 is linear).

It prints; it asserts nothing. Run: python bench/report_limits.py [--repeat 1] [--only heads,rows]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

HEAD = "---\ntitle: Report at the limits\nauthor: Benchmark\ndate: 2026-01-01\n---\n\n"


def _headings(count: int) -> str:
    return "".join(f"# Heading {n}\n\nSome words of text in section {n}.\n\n" for n in range(count))


def _items(count: int) -> str:
    from briefkit.read import limits

    per_list = min(count, limits.MAX_LIST)
    return "".join(
        f"# List {n}\n\n" + "".join(f"- item {n}.{i} with a few words\n" for i in range(per_list)) + "\n"
        for n in range(count // per_list)
    )


def _rows(count: int, columns: int = 4) -> str:
    head = "|" + "|".join(f" c{c} " for c in range(columns)) + "|\n|" + "---|" * columns + "\n"
    cell = "a remark about row {n} that runs on" if columns < 10 else "{n}.{c}"
    body = "".join("|" + "|".join(f" {cell.format(n=n, c=c)} " for c in range(columns)) + "|\n" for n in range(count))
    return "# Table\n\n" + head + body


def cases(folder: Path) -> dict[str, list[tuple[int, Path]]]:
    """Per kind of brief, (size, path) at half and at the whole limit."""
    import run

    from briefkit.read import limits

    made: dict[str, list[tuple[int, Path]]] = {}
    kinds = {
        "heads": (limits.MAX_HEADINGS, _headings),
        "items": (limits.MAX_ITEMS, _items),
        "rows": (limits.MAX_ROWS - 2, _rows),  # the header and its rule count as rows too
        "wide": (limits.MAX_ROWS // 2, lambda n: _rows(n, limits.MAX_COLUMNS)),
    }
    for kind, (most, text) in kinds.items():
        for size in (most // 2, most):
            path = folder / f"{kind}{size}.md"
            path.write_text(HEAD + text(size), encoding="utf-8")
            made.setdefault(kind, []).append((size, path))
    made["sections"] = [(size, run.synthetic_brief(size, folder)) for size in (1000, 5000)]
    return made


def render_seconds(path: Path, repeat: int) -> tuple[float, int]:
    """Median CPU seconds of rendering the brief's PDF, and its pages."""
    from briefkit.diagram.layout import layout_flows
    from briefkit.errors import Warnings
    from briefkit.pipeline import prepare
    from briefkit.render.pdf import render_pdf

    prepared = prepare(path, path.parent / "out")
    doc, theme = prepared.doc, prepared.theme
    layouts = layout_flows(doc.flows(), theme, doc.path, max_width=theme.column_width)
    times, pages = [], 0
    for _ in range(repeat):
        started = time.process_time()
        _, pages = render_pdf(doc, theme, layouts, prepared.stamp, Warnings())
        times.append(time.process_time() - started)
    return statistics.median(times), pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="renders per median")
    parser.add_argument("--only", default="", help="comma-separated kinds: heads, items, rows, wide, sections")
    args = parser.parse_args(argv)
    from briefkit.read import limits

    wanted = {kind for kind in args.only.split(",") if kind}
    with tempfile.TemporaryDirectory() as temp:
        made = cases(Path(temp))
        for name in ("MAX_HEADINGS", "MAX_ITEMS", "MAX_BLOCKS"):  # the 5,000-section brief passes them
            setattr(limits, name, 10**7)
        print("brief | size | pdf cpu s | pages | growth (size x2 or x5)")
        print("--- | --- | --- | --- | ---")
        for kind, sized in made.items():
            if wanted and kind not in wanted:
                continue
            previous = None
            for size, path in sized:
                seconds, pages = render_seconds(path, args.repeat)
                growth = f"×{seconds / previous:.2f}" if previous else ""
                print(f"{kind} | {size:,} | {seconds:.2f} | {pages} | {growth}", flush=True)
                previous = seconds


if __name__ == "__main__":
    main()
