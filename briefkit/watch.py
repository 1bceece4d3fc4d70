"""Watch mode: build every brief once, then rebuild the briefs an edit affects, until stopped.

In: content files, the output folder, the formats, optionally an event that ends the watch
(people press Ctrl-C instead) and the cli.Printer to print with. Out: one line per build on
stdout, located problems on stderr, every line time-stamped (HH:MM:SS), and exit code 0.

What is watched are the files each brief's outputs are built from (the brief, its images, its
theme files and template, as `prepare()` lists them); a change to one rebuilds the briefs that use
it, in this process, whose renderers are loaded once the first builds are done
(`pipeline.warm_up`), so even the first rebuild is fast. A failed build keeps the last good
outputs (the pipeline replaces all or nothing) and the watch goes on; a brief whose build
failed is also rebuilt when a file appears beside its inputs, because the fix may be a file
that did not exist yet (an image just saved). The watched files are worked out again after
every build, so an image added to a brief is watched from then on, and a change made while no
watch was running is caught when the next one starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Event

from .cli import Printer, build_one
from .errors import ContentError, display_path
from .outputs import loaded_path
from .pipeline import prepare, warm_up

WAKE_MS = 1000  # how often the watch looks at its files even when no change was reported

Seen = tuple[int, int] | None  # a file's modification time (ns) and size; None while it is missing


@dataclass(frozen=True)
class Watched:
    """One brief under watch: each input file as its last build saw it, and whether it failed."""

    path: Path
    inputs: dict[Path, Seen]
    failed: bool = False

    @property
    def folders(self) -> frozenset[Path]:
        return frozenset(path.parent for path in self.inputs)

    def needs_build(self, added: set[Path]) -> bool:
        """True when an input changed since the last build, or a file appeared beside one after a failure.

        Only new files retry a failed build: a file that is merely written to (a log of this very
        watch, say) must not set off rebuild after rebuild.
        """
        if any(_seen(path) != seen for path, seen in self.inputs.items()):
            return True
        return self.failed and any(path.parent in self.folders for path in added)


def watch_briefs(
    files: list[Path],
    out_dir: Path,
    formats: tuple[str, ...],
    stop_event: Event | None = None,
    printer: Printer | None = None,
) -> int:
    """Build `files` into `out_dir`, then rebuild on every change until Ctrl-C or `stop_event`."""
    printer = printer or Printer(clock=True)
    try:
        briefs = [rebuild(Watched(Path(path), {}), out_dir, formats, printer) for path in files]
        built = next((brief.path for brief in briefs if not brief.failed), None)
        if built is not None:
            warm_up(built, out_dir, formats)
        while not (stop_event and stop_event.is_set()):
            briefs = watch_until_folders_change(briefs, out_dir, formats, stop_event, printer)
    except KeyboardInterrupt:
        printer.out("stopped watching")
    return 0


def watch_until_folders_change(
    briefs: list[Watched], out_dir: Path, formats: tuple[str, ...], stop_event: Event | None, printer: Printer
) -> list[Watched]:
    """Rebuild briefs whose inputs changed; return when other folders need watching.

    The watch covers the folders that hold the inputs, not the files themselves, because editors
    save by writing a new file and renaming it over the old one. Reported changes only wake it:
    what to rebuild is decided by comparing every input with what its last build saw, so a
    change made while no watch was running (before the first one started) is not lost either.
    """
    import watchfiles

    folders = _folders(briefs)
    outputs = out_dir.resolve()
    started = False
    for changes in watchfiles.watch(
        *sorted(folders), stop_event=stop_event, recursive=False, yield_on_timeout=True, rust_timeout=WAKE_MS
    ):
        if not started:
            count = len({path for brief in briefs for path in brief.inputs})
            printer.out(f"watching {count} files; press Ctrl-C to stop")
            started = True
        added = {Path(name).resolve() for change, name in changes if change == watchfiles.Change.added}
        added = {path for path in added if path.parent != outputs}
        briefs = [rebuild(brief, out_dir, formats, printer) if brief.needs_build(added) else brief for brief in briefs]
        if _folders(briefs) != folders:
            break
    return briefs


def rebuild(brief: Watched, out_dir: Path, formats: tuple[str, ...], printer: Printer) -> Watched:
    """Build one brief, print how it went, and return it with its inputs as the build saw them.

    The inputs are listed and looked at before the build reads them, so a save that lands while
    the build runs, or just after, always leads to another build.
    """
    try:
        inputs = prepare(brief.path, out_dir).manifest.inputs
        paths = {loaded_path(name, brief.path.parent).resolve() for name in inputs}
    except ContentError:
        paths = {*brief.inputs, brief.path.resolve()}
    seen = {path: _seen(path) for path in paths}
    outcome = build_one((brief.path, out_dir, formats, False))
    printer.outcome(outcome)
    if not outcome.built:
        printer.out(f"{display_path(brief.path)}: not built; the last good outputs stay")
    return Watched(brief.path, seen, failed=not outcome.built)


def _seen(path: Path) -> Seen:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _folders(briefs: list[Watched]) -> frozenset[Path]:
    """The existing folders that hold some brief's inputs."""
    return frozenset(folder for brief in briefs for folder in brief.folders if folder.is_dir())
