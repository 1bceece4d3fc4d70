"""The command line: arguments in, builds run, one line per brief out, an exit code back.

The folder the command runs in is the project: `briefkit` builds ./content/*.md into
./output/ (or the folder its briefkit.yaml names), and `briefkit init [DIR]` makes a new
project. The only module that prints (with watch.py, which prints through `Printer`). Exit
codes: 0 success (or in sync), 1 outputs out of sync (--check), 2 a content, theme or output
problem, or a usage error; 130 interrupted. Problems print as `PATH:LINE: message`, never as a
traceback.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from . import __version__
from .errors import ContentError, Problem, display_path
from .progress import Event, Pages, Slides, listening

EXIT_OK, EXIT_OUT_OF_SYNC, EXIT_CONTENT, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BROKEN_PIPE = 141  # as a shell reports a command ended by SIGPIPE
SHELLS = ("bash", "zsh")
PROGRESS_AFTER = 2.0  # seconds a brief builds before a terminal shows how far it has got (0: at once)

DESCRIPTION = """\
Build a PDF report and a matching slide deck from each Markdown brief.

The current folder is the project: its content/*.md are the briefs, output/ receives what is
built, assets/ holds its own themes, fonts and images, and an optional briefkit.yaml sets the
project's default theme, output folder and classification. Writes DIR/<stem>.pdf,
DIR/<stem>.pptx and, for every flow block N, DIR/<stem>-flow-N.png and .svg. A brief whose
outputs all exist and carry its current fingerprint is skipped ("up to date").

  {prog} init [DIR]    make a new project in DIR (default: here) that builds at once
"""

EPILOG = """\
exit codes: 0 built, up to date or in sync; 1 out of sync (--check); 2 content, theme or
output problem (each printed as PATH:LINE: message) or a usage error; 130 interrupted.
examples:
  {prog}                          build content/*.md into output/
  {prog} content/brief.md --only pdf
  {prog} --check                  prove output/ matches the content
  {prog} --watch                  rebuild on every save
  {prog} content/*.md -j 2        build many briefs in parallel
  {prog} --print-completion bash > ~/.local/share/bash-completion/completions/briefkit
"""

# Options that contradict each other: each pair is a usage error (exit 2).
CONFLICTS = (
    ("check", "watch"),
    ("check", "force"),
    ("check", "jobs"),
    ("watch", "force"),
    ("watch", "jobs"),
    ("quiet", "verbose"),
)
FLAGS = {
    "check": "--check",
    "watch": "--watch",
    "force": "--force",
    "only": "--only",
    "jobs": "-j",
    "quiet": "-q",
    "verbose": "-v",
}


def make_parser(prog: str = "briefkit") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION.format(prog=prog),
        epilog=EPILOG.format(prog=prog),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="content files (default: content/*.md)")
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="output folder (default: output/, or briefkit.yaml's output)"
    )
    parser.add_argument("--only", choices=("pdf", "pptx"), help="build only the report or only the deck")
    parser.add_argument("--force", action="store_true", help="rebuild even when the outputs are up to date")
    parser.add_argument(
        "--check", action="store_true", help="do not build: check that the outputs match the content (exit 1 if not)"
    )
    parser.add_argument("--watch", action="store_true", help="rebuild affected briefs whenever an input changes")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="build N briefs in parallel (default 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print each brief's stage timings")
    parser.add_argument("--print-completion", choices=SHELLS, metavar="SHELL", help="print a bash or zsh completion")
    parser.add_argument("--version", action="version", version=f"briefkit {__version__}")
    return parser


def make_init_parser(prog: str = "briefkit") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} init",
        description="Make a new brief project: a sample brief showing every feature, assets/ with a copy of "
        "the default theme to edit, and briefkit.yaml. It builds at once.",
    )
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR", help="(default: here)")
    return parser


def parse_args(argv: list[str] | None, prog: str = "briefkit") -> argparse.Namespace:
    parser = make_parser(prog)
    args = parser.parse_args(argv)
    if args.print_completion:
        print(completion(parser, args.print_completion))
        parser.exit()
    given = {name for name in FLAGS if getattr(args, name) not in (None, False)}
    for first, second in CONFLICTS:
        if first in given and second in given:
            parser.error(f"{FLAGS[first]} and {FLAGS[second]} cannot be used together")
    if args.jobs is not None and args.jobs < 1:
        parser.error("-j needs a number of at least 1")
    return args


def completion(parser: argparse.ArgumentParser, shell: str) -> str:
    """A completion script for `shell`: options, their choices, Markdown files and folders."""
    import shtab

    for action in parser._actions:
        if action.dest == "files":
            action.complete = shtab.FILE
        elif action.dest == "out":
            action.complete = shtab.DIRECTORY
    return shtab.complete(parser, shell)


def entry(prog: str = "briefkit") -> NoReturn:
    """The command as it is run (the installed `briefkit`, `python -m briefkit`, `build.py`):
    `main` on the process's arguments, then the process ends with its exit code.

    Once the exit handlers have run and the standard streams are flushed, the process ends at
    once: the interpreter's own shutdown would free the loaded renderers' objects one by one,
    about 0.1 s of a cold build's 0.7 s, for memory the system takes back whole. While another
    thread still runs, the process ends the usual way, which waits for it.
    """
    code = main(prog=prog)
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, or a stream closed
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None, prog: str = "briefkit") -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv[:1] == ["init"]:
            return init_project(make_init_parser(prog).parse_args(argv[1:]).folder, prog)
        return run(parse_args(argv, prog))
    except KeyboardInterrupt:  # outputs are replaced all at once, so nothing is half-written
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `briefkit ... | head`: the reader has gone, so nothing more is said
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def init_project(folder: Path, prog: str) -> int:
    from .scaffold import make_project

    try:
        written = make_project(folder)
    except ContentError as error:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        return EXIT_CONTENT
    where = display_path(folder)
    for path in written:
        print(f"created {display_path(path)}")
    step = "" if folder.resolve() == Path.cwd().resolve() else f"cd {where} && "
    command = f"python {prog}" if prog.endswith(".py") else prog
    print(f"next: {step}{command}  (builds content/brief.md into output/)")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Carry out parsed arguments; returns the exit code."""
    printer = Printer(quiet=args.quiet, verbose=args.verbose)
    files = args.files or sorted(Path("content").glob("*.md"))
    if not files:
        printer.err("no content files: put a brief into content/ or name one (or run: briefkit init)")
        return EXIT_CONTENT
    out_dir = args.out
    if out_dir is None:
        from .project import load_settings

        try:
            out_dir = load_settings().out_dir
        except ContentError as error:
            for problem in error.problems:
                printer.err(problem.format())
            return EXIT_CONTENT
    formats = (args.only,) if args.only else ("pdf", "pptx")
    if args.check:
        from .sync import check_briefs

        return check_briefs(files, out_dir, formats, quiet=args.quiet)
    if args.watch:
        from .watch import watch_briefs

        return watch_briefs(files, out_dir, formats, printer=Printer(args.quiet, args.verbose, clock=True))
    return build_briefs(files, out_dir, formats, args.force, args.jobs or 1, printer)


# ---------------------------------------------------------------- one brief


@dataclass(frozen=True)
class Outcome:
    """How building one brief went, ready to print: its summary line (None when it failed),
    warning lines, error lines and the seconds of each stage. Picklable, for worker processes."""

    summary: str | None
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    stages: tuple[tuple[str, float], ...] = ()

    @property
    def built(self) -> bool:
        return self.summary is not None


def build_one(task: tuple[Path, Path, tuple[str, ...], bool], progress=None) -> Outcome:
    """Build one brief. Runs in worker processes too. `progress(stage, count)` hears each stage end."""
    from .pipeline import build

    path, out_dir, formats, force = task
    try:
        result = build(path, out_dir, formats, force, progress=progress, read=READ_AHEAD.pop((path, out_dir), None))
    except ContentError as error:
        return Outcome(None, errors=tuple(problem.format() for problem in error.problems))
    except Exception as exc:  # a defect of ours: say so in one located line, never a traceback
        if os.environ.get("BRIEFKIT_DEBUG"):
            traceback.print_exc()
        line = Problem(path, 0, f"internal error: {type(exc).__name__}: {exc}", "set BRIEFKIT_DEBUG=1").format()
        return Outcome(None, errors=(line,))
    warnings = tuple(problem.format("warning") for problem in result.warnings)
    return Outcome(summary(result), warnings, stages=tuple(result.stages.items()))


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


# ---------------------------------------------------------------- many briefs


def build_briefs(
    files: list[Path], out_dir: Path, formats: tuple[str, ...], force: bool, jobs: int, printer: Printer | None = None
) -> int:
    """Build every brief, print its lines as soon as it is done, and return the exit code."""
    printer = printer or Printer()
    tasks = [(path, out_dir, formats, force) for path in files]
    failed = False
    if len(tasks) > 1:
        printer.start_bar(len(tasks))
    try:
        for outcome in _outcomes(tasks, jobs, printer):
            printer.outcome(outcome)
            printer.advance_bar()
            failed = failed or not outcome.built  # warnings alone never fail a brief
    finally:
        printer.end_bar()
    return EXIT_CONTENT if failed else EXIT_OK


def _outcomes(tasks: list, jobs: int, printer: Printer):
    """Each brief's Outcome as soon as it is ready: in order one by one, as they finish in parallel."""
    if jobs > 1 and len(tasks) > 1:
        yield from _in_workers(tasks, jobs)
        return
    for task in tasks:
        with printer.stages_of(task[0]) as heard:
            outcome = build_one(task, heard)
        yield outcome


def _in_workers(tasks: list, jobs: int):
    """Build `tasks` in `jobs` worker processes; each Outcome as its brief finishes.

    Where processes fork, this process first loads the renderers (`load_renderers`) and the
    workers fork from it warm, sharing what it loaded: each worker importing them itself cost
    more than it saved, four default briefs took longer with -j 2 than with -j 1. The largest
    briefs are handed out first, so no worker is left with a large one at the end while the
    other has nothing to do. Elsewhere, or when every brief is up to date, the workers load
    only what they need. What this process holds is frozen for the collector meanwhile
    (gc.freeze), so the workers' collections do not touch, and so copy, the pages they share
    (a batch of 20 default briefs: 7 % less CPU).
    """
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .pipeline import CHART_FENCE, keep_renders_in_process, load_reader, load_renderers
    from .readahead import ReadAhead

    forks = "fork" in multiprocessing.get_all_start_methods()
    sizes = {task[0]: _size(task[0]) for task in tasks}
    to_build = [task for task in tasks if not (sizes[task[0]] and _up_to_date(task))]
    largest_first = sorted(tasks, key=lambda task: -sizes[task[0]])
    if forks and to_build:
        charts = any(CHART_FENCE.search(_bytes(task[0])) for task in to_build if sizes[task[0]])
        load_reader()
        pending = set(to_build)
        ahead = ReadAhead([task for task in largest_first if task in pending and sizes[task[0]]])
        try:
            load_renderers(tasks[0][2], charts)
            READ_AHEAD.update(ahead.taken())
        finally:
            ahead.stop()
    context = multiprocessing.get_context("fork" if forks else None)
    workers = min(jobs, len(tasks))
    gc.freeze()  # what is loaded by now is kept: collections in the workers pass it by, copying no page of it
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=keep_renders_in_process) as pool:
            futures = [pool.submit(build_one, task) for task in largest_first]
            yield from (future.result() for future in as_completed(futures))
    finally:
        gc.unfreeze()
        READ_AHEAD.clear()


# Briefs read ahead while the renderers loaded (see readahead), by (brief, output folder): the
# workers of -j inherit them and take each out as they build it.
READ_AHEAD: dict = {}


def _size(path: Path) -> int:
    """The bytes of the brief at `path` if it is a regular file, else 0 (a pipe is not read here)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _up_to_date(task: tuple[Path, Path, tuple[str, ...], bool]) -> bool:
    """Whether the task's brief will be found up to date without being read (see build)."""
    from .pipeline import quick_up_to_date

    path, out_dir, formats, force = task
    try:
        return not force and quick_up_to_date(path, out_dir, formats)
    except (OSError, ContentError):
        return False


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# ---------------------------------------------------------------- printing


@dataclass
class Printer:
    """Where every line goes: results on stdout, problems on stderr, each flushed at once.

    quiet: errors only. verbose: stage timings under each summary. clock: a time stamp on every
    line (watch mode). On a terminal (stderr) it keeps one status line below them: a progress bar
    while several briefs build, and how far a brief has got once its build takes longer than
    PROGRESS_AFTER seconds. Result lines print above it; it is cleared when the builds end.
    """

    quiet: bool = False
    verbose: bool = False
    clock: bool = False
    stream_tty: bool = field(default_factory=lambda: sys.stderr.isatty())
    _bar: tuple[int, int] | None = None  # (done, total)
    _detail: str = ""  # the brief being built, and how far it got
    _drawn: str = ""  # what the status line shows
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def out(self, line: str) -> None:
        if not self.quiet:
            self._print(line, sys.stdout)

    def err(self, line: str) -> None:
        self._print(line, sys.stderr)

    def outcome(self, outcome: Outcome) -> None:
        for line in outcome.errors:
            self.err(line)
        if self.quiet:
            return
        for line in outcome.warnings:
            self.err(line)
        if outcome.summary:
            self.out(outcome.summary)
            if self.verbose and outcome.stages:
                self.out("  stages: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in outcome.stages))

    def _print(self, line: str, stream) -> None:
        stamp = time.strftime("%H:%M:%S ") if self.clock else ""
        with self._lock:
            self._clear()
            print(f"{stamp}{line}", file=stream, flush=True)
            self._draw()

    # the status line on stderr, which result lines print above

    def _clear(self) -> None:
        if self._drawn:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self._drawn = ""

    def _status(self) -> str:
        """The status line as it fits the terminal; '' when none is shown."""
        if not self.stream_tty or self.quiet:
            return ""
        bar = _bar_text(*self._bar) if self._bar else ""
        return "  ".join(part for part in (bar, self._detail) if part)[: _columns() - 1]

    def _draw(self) -> None:
        status = self._status()
        if status:
            print(f"\r{status}", end="", file=sys.stderr, flush=True)
            self._drawn = status

    def _redraw(self) -> None:
        with self._lock:
            if self._status() != self._drawn:
                self._clear()
                self._draw()

    def start_bar(self, total: int) -> None:
        self._bar = (0, total)
        self._redraw()

    def advance_bar(self) -> None:
        if self._bar:
            self._bar = (self._bar[0] + 1, self._bar[1])
            self._redraw()

    def end_bar(self) -> None:
        self._bar = None
        self._redraw()

    def show_detail(self, detail: str) -> None:
        with self._lock:
            self._detail = detail
            self._redraw()

    def stages_of(self, path: Path) -> BriefProgress:
        """A context whose value hears the stages of `path`'s build end, and which hears its
        renderers' progress when a terminal may show it."""
        return BriefProgress(self, path, show=self.stream_tty and not self.quiet)


def _bar_text(done: int, total: int) -> str:
    filled = done * 30 // total
    return f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} briefs"


def _columns() -> int:
    """The width of the terminal the status line is drawn on (80 when it cannot be told)."""
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80  # a terminal that has not been given a size says 0


class BriefProgress:
    """How far one brief's build has got, on the status line once it has taken PROGRESS_AFTER
    seconds: `brief.md  report 12 pages · deck 31/48 slides · figures 1/2`.

    Called as the pipeline's progress callback, it hears each stage end; within the block it
    listens (progress.listening) to the renderers' pages, slides and figures as they are made.
    """

    def __init__(self, printer: Printer, path: Path, show: bool):
        self.printer, self.path, self.show = printer, path, show
        self.doing = "reading"
        self.parts: dict[str, str] = {}  # "report", "deck", "figures": how far each has got
        self.ended: set[str] = set()  # the parts whose renderer has finished
        self.shown = False
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.ticker = threading.Thread(target=self._wait, daemon=True)
        self.listening = contextlib.ExitStack()

    def __enter__(self):
        if self.show:
            self.listening.enter_context(listening(self.hear))
            if PROGRESS_AFTER > 0:
                self.ticker.start()
            else:
                self.shown = True
        return self

    def __call__(self, stage: str, count: int | None = None) -> None:
        part = STAGE_PARTS.get(stage)
        with self.lock:
            if part is None:
                self.doing = {"read": "laying out", "layout": "rendering"}.get(stage, self.doing)
            elif count is not None:
                self.parts[part] = _part_text(part, count, count)
                self.ended.add(part)
            self._show()

    def hear(self, event: Event) -> None:
        """A renderer's news (events that arrive after their renderer has finished are old news)."""
        if isinstance(event, Pages):
            part, done, total = "report", event.done, None
        else:
            part = "deck" if isinstance(event, Slides) else "figures"
            done, total = event.done, event.total
        with self.lock:
            if part not in self.ended:
                self.parts[part] = _part_text(part, done, total)
                self._show()

    def _show(self) -> None:
        if self.shown:
            made = " · ".join(f"{part} {self.parts[part]}" for part in STAGE_PARTS.values() if part in self.parts)
            self.printer.show_detail(f"{display_path(self.path)}  {made or self.doing}")

    def _wait(self) -> None:
        if not self.stop.wait(PROGRESS_AFTER):
            with self.lock:
                self.shown = True
                self._show()

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.ticker.is_alive():
            self.ticker.join()
        with self.lock:
            was_shown, self.shown = self.shown, False
        self.listening.close()  # every event the workers sent has been heard
        if was_shown:
            self.printer.show_detail("")


STAGE_PARTS = {"pdf": "report", "pptx": "deck", "figures": "figures"}  # in the order they are shown


def _part_text(part: str, done: int, total: int | None) -> str:
    """'12 pages' (a report's count so far, or its last), '31/48 slides', '1/2'."""
    unit = {"report": " pages", "deck": " slides", "figures": ""}[part]
    if total is None or part == "report":
        return f"{done}{unit.rstrip('s') if done == 1 else unit}"
    return f"{done}/{total}{unit}"
