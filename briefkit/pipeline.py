"""The build pipeline: one content file in, its PDF, deck and figure exports out.

read -> theme -> fingerprint -> (up to date? stop) -> check images -> lay out diagrams once ->
render PDF, deck and figures in memory -> replace all outputs together. Heavy libraries are
imported only by the stages that render, so a no-op rebuild stays instant. Raises ContentError
for anything the author can fix; returns a BuildResult otherwise.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, Warnings
from .outputs import Manifest, Targets, clean_stale_temps, glob_escape, pdf_fingerprint, pptx_fingerprint, replace_all
from .stamp import Stamp, fingerprint

if TYPE_CHECKING:
    from .model import Document
    from .theme import Theme

FORMATS = ("pdf", "pptx")


@dataclass(frozen=True)
class Prepared:
    """A brief read and stamped, ready to render or to compare with its outputs."""

    doc: Document
    theme: Theme
    stamp: Stamp
    targets: Targets
    warnings: Warnings
    manifest: Manifest


@dataclass
class BuildResult:
    source: Path
    written: list[Path] = field(default_factory=list)
    pages: int | None = None
    slides: int | None = None
    seconds: float = 0.0
    up_to_date: bool = False
    warnings: Warnings = field(default_factory=Warnings)
    stages: dict[str, float] = field(default_factory=dict)


def prepare(path: Path, out_dir: Path) -> Prepared:
    """Read a brief and its theme and compute the fingerprint of everything that shapes it."""
    from .read import read_document
    from .theme import load_theme

    doc, warnings = read_document(path)
    theme = load_theme(doc.meta.theme, path, doc.meta.theme_line)
    inputs = [path.resolve(), *theme.files, *(image.path for image in doc.images())]
    inputs += [extra for extra in (theme.logo, theme.pptx_template) if extra]
    fonts = font_paths(theme)
    stamp = Stamp(fingerprint(inputs, fonts), doc.meta.date)
    manifest = Manifest(stamp.fingerprint, tuple(map(str, inputs)), tuple(map(str, fonts)))
    return Prepared(doc, theme, stamp, Targets(out_dir, path.stem, len(doc.flows())), warnings, manifest)


def font_paths(theme: Theme) -> list[Path]:
    """Every font file the theme names; a missing one is an error located at the theme."""
    from .fonts import family_files

    paths = []
    for family in (theme.fonts.body, theme.fonts.heading, theme.fonts.mono):
        try:
            paths += family_files(family).values()
        except FileNotFoundError as exc:
            raise ContentError.at(theme.files[-1], 0, str(exc), "put the font file into assets/fonts/") from None
    return paths


def outputs_carry(targets: Targets, current: str, formats: tuple[str, ...]) -> bool:
    """True when every output exists and carries the fingerprint `current`."""
    if "pdf" in formats and pdf_fingerprint(targets.pdf) != current:
        return False
    if "pptx" in formats and pptx_fingerprint(targets.pptx) != current:
        return False
    if formats == FORMATS and not all(path.is_file() for path in targets.figures()):
        return False
    return True


def quick_up_to_date(path: Path, out_dir: Path, formats: tuple[str, ...]) -> bool:
    """Up to date by the manifest alone: no parsing, no heavy imports (see outputs.Manifest)."""
    targets = Targets(out_dir, path.stem, 0)
    manifest = Manifest.load(targets.manifest)
    if manifest is None or not manifest.inputs or Path(manifest.inputs[0]) != path.resolve():
        return False
    current = fingerprint([Path(p) for p in manifest.inputs], [Path(p) for p in manifest.fonts])
    if current != manifest.fingerprint:
        return False
    flows = sum(1 for _ in out_dir.glob(f"{glob_escape(path.stem)}-flow-*.svg"))
    return outputs_carry(Targets(out_dir, path.stem, flows), current, formats)


def build(path: Path, out_dir: Path, formats: tuple[str, ...] = FORMATS, force: bool = False) -> BuildResult:
    """Build one brief; figure exports come with a full build (both formats)."""
    started = time.perf_counter()
    path = Path(path)
    result = BuildResult(source=path)
    if not force and quick_up_to_date(path, out_dir, formats):
        result.up_to_date = True
        result.seconds = time.perf_counter() - started
        return result
    stage = time.perf_counter()
    prepared = prepare(path, out_dir)
    result.warnings = prepared.warnings
    result.stages["read"] = time.perf_counter() - stage
    if not force and outputs_carry(prepared.targets, prepared.stamp.fingerprint, formats):
        result.up_to_date = True
        result.seconds = time.perf_counter() - started
        return result
    files = render(prepared, formats, result)
    files[prepared.targets.manifest] = prepared.manifest.to_bytes()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        clean_stale_temps(out_dir)
        replace_all(files)
        if formats == FORMATS:
            for stale in prepared.targets.stale_figures():
                stale.unlink()
    except OSError as exc:
        raise ContentError.at(out_dir, 0, f"cannot write outputs: {exc.strerror or exc}") from None
    result.written = [target for target in files if target != prepared.targets.manifest]
    result.seconds = time.perf_counter() - started
    return result


def render(prepared: Prepared, formats: tuple[str, ...], result: BuildResult) -> dict[Path, bytes]:
    """Every output of a brief, rendered in memory: {target path: bytes}."""
    from .read.images import check_image

    doc, theme, stamp, targets, warnings = (
        prepared.doc,
        prepared.theme,
        prepared.stamp,
        prepared.targets,
        prepared.warnings,
    )
    for image in doc.images():
        check_image(image, doc.path)
    stage = time.perf_counter()
    from .diagram.layout import layout_flow

    layouts = {spec: layout_flow(spec, theme) for spec in doc.flows()}
    result.stages["layout"] = time.perf_counter() - stage
    files: dict[Path, bytes] = {}
    if "pdf" in formats:
        stage = time.perf_counter()
        from .render.pdf import render_pdf

        files[targets.pdf], result.pages = render_pdf(doc, theme, layouts, stamp, warnings)
        result.stages["pdf"] = time.perf_counter() - stage
    if "pptx" in formats:
        stage = time.perf_counter()
        from .render.deck import plan_deck
        from .render.pptx import render_pptx

        plan = plan_deck(doc, theme, warnings)
        files[targets.pptx] = render_pptx(plan, theme, layouts, stamp)
        result.slides = len(plan.slides)
        result.stages["pptx"] = time.perf_counter() - stage
    if formats == FORMATS and layouts:
        stage = time.perf_counter()
        from .diagram.draw_mpl import export_figure

        for number, spec in enumerate(doc.flows(), start=1):
            for fmt in ("png", "svg"):
                files[targets.figure(number, fmt)] = export_figure(layouts[spec], theme, fmt)
        result.stages["figures"] = time.perf_counter() - stage
    return files
