"""The command line: arguments in, builds run, one line per brief out, an exit code back.

The only module that prints. Exit codes: 0 success (or in sync), 1 outputs out of sync
(--check), 2 a content, theme or output problem. Problems print as `PATH:LINE: message`,
never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .errors import ContentError, Problem, display_path

EXIT_OK, EXIT_OUT_OF_SYNC, EXIT_CONTENT, EXIT_INTERRUPTED = 0, 1, 2, 130
PROJECT_DIR = Path(__file__).resolve().parent.parent

DESCRIPTION = """\
Build a PDF report and a matching slide deck from each Markdown brief.

Writes DIR/<stem>.pdf, DIR/<stem>.pptx and, for every flow block N, DIR/<stem>-flow-N.png and
.svg. A brief whose outputs already carry its current fingerprint is skipped ("up to date").
"""

EPILOG = """\
exit codes: 0 built, up to date or in sync; 1 out of sync (--check); 2 content, theme or
output problem (each printed as PATH:LINE: message).
examples:
  python build.py                       build content/*.md into output/
  python build.py content/brief.md --only pdf
  python build.py --check               prove output/ matches the content
  python build.py --watch               rebuild on every save
  python build.py content/*.md -j 2     build many briefs in parallel
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build.py", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="content files (default: content/*.md)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: output/)")
    parser.add_argument("--only", choices=("pdf", "pptx"), help="build only the report or only the deck")
    parser.add_argument("--force", action="store_true", help="rebuild even when the outputs are up to date")
    parser.add_argument(
        "--check", action="store_true", help="do not build: check that the outputs match the content (exit 1 if not)"
    )
    parser.add_argument("--watch", action="store_true", help="rebuild affected briefs whenever an input changes")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="build N briefs in parallel")
    parser.add_argument("--version", action="version", version=f"briefkit {__version__}")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("-j needs a number of at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except KeyboardInterrupt:  # outputs are replaced all at once, so nothing is half-written
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run(args: argparse.Namespace) -> int:
    """Carry out parsed arguments; returns the exit code."""
    files = args.files or sorted((PROJECT_DIR / "content").glob("*.md"))
    out_dir = args.out or PROJECT_DIR / "output"
    formats = (args.only,) if args.only else ("pdf", "pptx")
    if not files:
        print("no content files: put a brief into content/ or name one", file=sys.stderr)
        return EXIT_CONTENT
    if args.check:
        from .sync import check_briefs

        return check_briefs(files, out_dir, formats)
    if args.watch:
        from .watch import watch_briefs

        return watch_briefs(files, out_dir, formats)
    return build_briefs(files, out_dir, formats, args.force, args.jobs)


def build_briefs(files: list[Path], out_dir: Path, formats: tuple[str, ...], force: bool, jobs: int) -> int:
    """Build every brief, print a line for each, and return the exit code."""
    tasks = [(path, out_dir, formats, force) for path in files]
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        from .pipeline import keep_renders_in_process

        workers = min(jobs, len(files))
        with ProcessPoolExecutor(max_workers=workers, initializer=keep_renders_in_process) as pool:
            outcomes = list(_progress(pool.map(build_one, tasks), len(tasks)))
    else:
        outcomes = [build_one(task) for task in tasks]
    failed = False
    for lines, errors in outcomes:
        for line in lines:
            print(line)
        for line in errors:
            print(line, file=sys.stderr)
        failed = failed or not lines  # a brief that built prints its summary; warnings alone never fail it
    return EXIT_CONTENT if failed else EXIT_OK


def build_one(task: tuple[Path, Path, tuple[str, ...], bool]) -> tuple[list[str], list[str]]:
    """Build one brief; returns (stdout lines, stderr lines). Runs in worker processes too."""
    from .pipeline import build

    path, out_dir, formats, force = task
    try:
        result = build(path, out_dir, formats, force)
    except ContentError as error:
        return [], [problem.format() for problem in error.problems]
    except Exception as exc:  # a defect of ours: say so in one located line, never a traceback
        if os.environ.get("BRIEFKIT_DEBUG"):
            traceback.print_exc()
        return [], [Problem(path, 0, f"internal error: {type(exc).__name__}: {exc}", "set BRIEFKIT_DEBUG=1").format()]
    warnings = [problem.format("warning") for problem in result.warnings]
    return [summary(result)], warnings


def summary(result) -> str:
    """One line a person can read at a glance."""
    source = display_path(result.source)
    if result.up_to_date:
        return f"{source}: up to date"
    parts = []
    for path in result.written:
        shown = display_path(path)
        if path.suffix == ".pdf":
            parts.append(f"{shown} ({result.pages} pages)")
        elif path.suffix == ".pptx":
            parts.append(f"{shown} ({result.slides} slides)")
    figures = sum(1 for path in result.written if path.suffix in (".png", ".svg"))
    if figures:
        parts.append(f"{figures} figure files")
    return f"{source} -> {', '.join(parts)} in {result.seconds:.2f} s"


def _progress(outcomes, total: int):
    """Pass results through, drawing a progress bar on a terminal when there are many."""
    show = sys.stderr.isatty() and total >= 4
    for done, outcome in enumerate(outcomes, start=1):
        if show:
            filled = done * 30 // total
            print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="", file=sys.stderr, flush=True)
        yield outcome
    if show:
        print(file=sys.stderr)
