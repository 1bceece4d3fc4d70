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

import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, display_path
from .outputs import interrupted, pdf_fingerprint, pptx_fingerprint

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
    for target, data in wanted.items():
        found = compare(target, data, current)
        lines += found
        differing += [target] if found and target not in differing else []
    checked = tuple(target for target in (targets.pdf, targets.pptx) if target in wanted)
    return Outcome(lines, differing, checked)


def compare(target: Path, built: bytes, current: str) -> list[str]:
    """Problem lines for one output: missing, or how and why it differs from `built`."""
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
    if stored is None:
        why = "differs from what the brief builds"
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
