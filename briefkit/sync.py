"""Sync check: the outputs on disk proven to be the ones the brief builds, byte for byte.

In: content files, the output folder and the formats to check. Out: one line per problem and
one summary line per brief on stdout (content errors on stderr, located), and an exit code: 0
when every output is byte for byte what a build makes now; 1 when any is missing, differs, or
was left by a build killed while replacing the outputs; 2 when a brief cannot be read.

Builds are reproducible, so the check renders the brief in memory, as a build would, and
compares. A differing output is called stale when the fingerprint it carries is not the
current one (the brief or an input changed since), and modified after the build when it
carries the current fingerprint (edited or forged); `differences.describe` then says which
page, slide, shape or text differs.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, display_path
from .outputs import Manifest, Targets, interrupted, pdf_fingerprint, pptx_fingerprint

EXIT_OK, EXIT_OUT_OF_SYNC, EXIT_CONTENT = 0, 1, 2
MAX_SHOWN = 10  # differences listed per output; the rest are counted
FORMATS = ("pdf", "pptx")


@dataclass(frozen=True)
class Outcome:
    """The check of one brief: problem lines, the outputs they concern, or located errors."""

    lines: list[str]
    differing: list[Path]
    checked: tuple[Path, ...] = ()
    content_error: bool = False


def check_brief(path: Path, out_dir: Path, formats: tuple[str, ...] = FORMATS) -> Outcome:
    """Compare one brief's outputs in `out_dir` with what building it now makes."""
    from .pipeline import BuildResult, prepare, render

    try:
        prepared = prepare(Path(path), out_dir)
        built = render(prepared, formats, BuildResult(source=Path(path)), force=True)
    except ContentError as error:
        return Outcome([problem.format() for problem in error.problems], [], content_error=True)
    targets, current = prepared.targets, prepared.stamp.fingerprint
    wanted = {target: data for target, data in built.items() if target != targets.manifest}
    lines: list[str] = []
    differing: list[Path] = []
    killed = sorted(set(interrupted(out_dir)) & {target.name for target in wanted})
    if killed:
        lines.append(
            f"{display_path(out_dir)}: a build was killed while replacing {', '.join(killed)}: they may not"
            " match each other (the next build restores the previous ones)"
        )
        differing += [out_dir / name for name in killed]
    stale = stale_exports(targets, Manifest.load(targets.manifest), built[targets.manifest])
    for target, data in wanted.items():
        found = compare(target, data, current, target in stale)
        lines += found
        differing += [target] if found and target not in differing else []
    checked = tuple(target for target in (targets.pdf, targets.pptx) if target in wanted)
    return Outcome(lines, differing, checked)


def stale_exports(targets: Targets, recorded: Manifest | None, built_manifest: bytes) -> set[Path]:
    """The flow and chart exports the manifest in place records as drawn from other inputs than
    the build's (or not at all)."""
    fresh = json.loads(built_manifest)
    stale = set()
    for kind, files_of in (("figures", targets.figure), ("charts", targets.chart)):
        drawn = getattr(recorded, kind, ())
        for number, key in enumerate(fresh.get(kind, ()), start=1):
            if number > len(drawn) or drawn[number - 1] != key:
                stale.update(files_of(number, fmt) for fmt in ("png", "svg"))
    return stale


def compare(target: Path, built: bytes, current: str, stale_export: bool = False) -> list[str]:
    """Problem lines for one output: missing, or how and why it differs from `built`.

    `stale_export` says that a figure export was drawn from older inputs, by the manifest."""
    from .differences import describe

    shown = display_path(target)
    try:
        found = target.read_bytes()
    except FileNotFoundError:
        return [f"{shown}: missing"]
    except OSError as exc:
        return [f"{shown}: cannot be read ({exc.strerror or exc})"]
    if found == built:
        return []
    stored = {".pdf": pdf_fingerprint, ".pptx": pptx_fingerprint}.get(target.suffix)
    fingerprint = stored(target) if stored else None
    if stored is None and stale_export:
        why = "stale: drawn from older inputs than the brief's"
    elif stored is None:
        why = "modified after the build (the manifest records it as drawn from the current inputs)"
    elif fingerprint == current:
        why = "modified after the build (it carries the current fingerprint, but not the build's content)"
    else:
        why = f"stale: the content changed since (built as {fingerprint or 'none'}, the inputs now give {current})"
    lines = [f"{shown}: {why}"]
    details = describe(target.suffix, built, found) if stored else []
    lines += [f"{shown}: {line}" for line in details[:MAX_SHOWN]]
    if len(details) > MAX_SHOWN:
        lines.append(f"{shown}: ... and {len(details) - MAX_SHOWN} more differences")
    return lines


def check_briefs(files: list[Path], out_dir: Path, formats: tuple[str, ...] = FORMATS, quiet: bool = False) -> int:
    """Check every brief, print its problems and a summary line, and return the exit code.

    `quiet` leaves out the lines of briefs in sync.
    """
    code = EXIT_OK
    for path in files:
        outcome = check_brief(path, out_dir, formats)
        source = display_path(path)
        if outcome.content_error:
            for line in outcome.lines:
                print(line, file=sys.stderr)
            print(f"{source}: not checked: the brief has errors")
            code = EXIT_CONTENT
            continue
        for line in outcome.lines:
            print(line)
        if outcome.differing:
            print(f"{source}: OUT OF SYNC: {', '.join(display_path(p) for p in outcome.differing)}")
            code = max(code, EXIT_OUT_OF_SYNC)
        elif not quiet:
            print(f"{source}: in sync with {', '.join(display_path(p) for p in outcome.checked)}")
    return code
