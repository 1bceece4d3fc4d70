"""The build pipeline: one content file in, its PDF, deck and figure exports out.

read -> theme -> fingerprint -> (up to date? stop) -> check images -> lay out diagrams once ->
render PDF, deck and figures in memory -> replace all outputs together. Heavy libraries are
imported only by the stages that render, so a no-op rebuild stays instant. Raises ContentError
for anything the author can fix; returns a BuildResult otherwise.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import ContentError, Warnings
from .outputs import (
    Manifest,
    Targets,
    loaded_path,
    pdf_fingerprint,
    pptx_fingerprint,
    replace_all,
    stored_path,
    tidy,
)
from .stamp import FINGERPRINT_LENGTH, Stamp, fingerprint

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from .diagram.layout import DiagramLayout
    from .model import ChartSpec, Document
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
    """Read a brief and its theme and compute the fingerprint of everything that shapes it.

    The project's settings (briefkit.yaml) give the theme and classification a brief does not
    state itself; they and the project's default theme count as inputs even while missing.
    """
    from .project import load_settings, project_inputs
    from .read import read_document
    from .theme import load_theme, template_warnings

    settings = load_settings()
    doc, warnings = read_document(path)
    doc = settings.apply(doc)
    if doc.meta.theme or not settings.theme:
        theme = load_theme(doc.meta.theme, path, doc.meta.line_of("theme"))
    else:
        theme = load_theme(settings.theme, settings.path, settings.line_of("theme"))
    warnings.extend(template_warnings(theme))
    inputs = [path.resolve(), *theme.files, *(image.path for image in doc.images())]
    inputs += [extra for extra in (theme.logo, theme.pptx_template) if extra]
    inputs = list(dict.fromkeys([*inputs, *project_inputs()]))
    fonts = font_paths(theme)
    stamp = Stamp(fingerprint(inputs, fonts), doc.meta.date)
    stored = tuple(stored_path(p, path.parent) for p in inputs), tuple(stored_path(p, path.parent) for p in fonts)
    manifest = Manifest(stamp.fingerprint, *stored)
    targets = Targets(out_dir, path.stem, len(doc.flows()), len(doc.charts()))
    return Prepared(doc, theme, stamp, targets, warnings, manifest)


def font_paths(theme: Theme) -> list[Path]:
    """Every font file the theme names; a missing one is an error located at the theme."""
    from .fonts import family_files

    paths = []
    for family in vars(theme.fonts).values():  # the report's, figures' and slides' families
        try:
            paths += family_files(family).values()
        except FileNotFoundError as exc:
            raise ContentError.at(theme.files[-1], 0, str(exc), "put the font file into assets/fonts/") from None
    return paths


def incomplete(targets: Targets, current: str, formats: tuple[str, ...], manifest: Manifest | None) -> list[Path]:
    """The outputs a build of `formats` would write that are missing or not made from `current`.

    The report and the deck carry their fingerprint. Figure exports (written by a build of both
    formats) are current when the manifest, itself written with fingerprint `current`, records
    them as drawn (a key, not '') and both files of each flow exist. Build and --check use this
    same rule, so "up to date" and "in sync" never disagree about which files are there.
    """
    found = []
    if "pdf" in formats and pdf_fingerprint(targets.pdf) != current:
        found.append(targets.pdf)
    if "pptx" in formats and pptx_fingerprint(targets.pptx) != current:
        found.append(targets.pptx)
    if formats == FORMATS:
        found += outdated_figures(targets, current, manifest)
    return found


def outdated_figures(targets: Targets, current: str, manifest: Manifest | None) -> list[Path]:
    """The flow and chart exports of `targets` that are missing or not drawn from fingerprint `current`."""
    current_manifest = manifest is not None and manifest.fingerprint == current
    found = []
    for count, drawn, files_of in (
        (targets.flow_count, manifest.figures if current_manifest else (), _exports),
        (targets.chart_count, manifest.charts if current_manifest else (), _chart_exports),
    ):
        for number in range(1, count + 1):
            key = drawn[number - 1] if number <= len(drawn) else ""
            found += [path for path in files_of(targets, number) if not key or not path.is_file()]
    return found


def outputs_carry(targets: Targets, current: str, formats: tuple[str, ...], manifest: Manifest | None) -> bool:
    """True when every output a build of `formats` writes exists and carries the fingerprint `current`."""
    return not incomplete(targets, current, formats, manifest)


def quick_up_to_date(path: Path, out_dir: Path, formats: tuple[str, ...]) -> bool:
    """Up to date by the manifest alone: no parsing, no heavy imports (see outputs.Manifest).

    The manifest's inputs must include this project's files (see project.project_inputs): a
    manifest written while building in another project says nothing about this one's settings.
    """
    from .project import project_inputs

    targets = Targets(out_dir, path.stem, 0)
    manifest = Manifest.load(targets.manifest)
    folder = path.parent
    if manifest is None or not manifest.inputs or loaded_path(manifest.inputs[0], folder).resolve() != path.resolve():
        return False
    inputs = [loaded_path(p, folder) for p in manifest.inputs]
    if not {p.resolve() for p in project_inputs()} <= {p.resolve() for p in inputs}:
        return False
    current = fingerprint(inputs, [loaded_path(p, folder) for p in manifest.fonts])
    if current != manifest.fingerprint:
        return False
    return outputs_carry(
        Targets(out_dir, path.stem, len(manifest.figures), len(manifest.charts)), current, formats, manifest
    )


def build(
    path: Path,
    out_dir: Path,
    formats: tuple[str, ...] = FORMATS,
    force: bool = False,
    progress=None,
    read: Prepared | None = None,
) -> BuildResult:
    """Build one brief; figure exports come with a full build (both formats).

    `progress(stage, count)`, when given, is called as each stage ends: "read", "layout", then
    each renderer ("pdf" with its pages, "pptx" with its slides, "figures" with its figures).
    `read`: the brief as `prepare` read it already (see readahead), else it is read here.
    """
    progress = progress or _no_progress
    started = time.perf_counter()
    path = Path(path)
    result = BuildResult(source=path)
    try:
        tidy(out_dir)  # a killed build's leftovers go even when nothing needs rebuilding
    except OSError as exc:
        raise ContentError.at(
            out_dir, 0, f"cannot repair the outputs a killed build left: {exc.strerror or exc}"
        ) from None
    if not force and quick_up_to_date(path, out_dir, formats):
        result.up_to_date = True
        result.seconds = time.perf_counter() - started
        return result
    lanes = start_lanes(path, out_dir, formats, force)  # their imports overlap the reading
    try:
        stage = time.perf_counter()
        prepared = read or prepare(path, out_dir)
        result.warnings = prepared.warnings
        result.stages["read"] = time.perf_counter() - stage
        progress("read", None)
        previous = Manifest.load(prepared.targets.manifest)
        if not force and outputs_carry(prepared.targets, prepared.stamp.fingerprint, formats, previous):
            result.up_to_date = True
            result.seconds = time.perf_counter() - started
            return result
        files = render(prepared, formats, result, previous, force, progress, lanes)
    finally:
        for lane in lanes.values():
            lane.end()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        replace_all(files)
        if formats == FORMATS:
            for stale in prepared.targets.stale_figures():
                stale.unlink()
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out_dir  # name the very file when the system does
        raise ContentError.at(where, 0, f"cannot write outputs: {exc.strerror or exc}") from None
    result.written = [target for target in files if target != prepared.targets.manifest]
    result.seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class Job:
    """Everything one renderer needs; picklable, so a worker process can take it."""

    doc: Document
    theme: Theme
    stamp: Stamp
    targets: Targets
    layouts: dict  # {FlowSpec: DiagramLayout} for the deck and the figure export (wide)
    report_layouts: dict  # the same flows laid out to stay readable in the report's column
    figures: tuple[int, ...] = ()  # the flow blocks (counting from 1) whose exports need drawing
    charts: tuple[int, ...] = ()  # the same for chart blocks


@dataclass
class Rendered:
    """What one renderer made: files in memory, pages, slides or figures, its warnings and its time."""

    files: dict[Path, bytes]
    warnings: Warnings
    seconds: float
    count: int | None = None


PARALLEL_BLOCKS = 400  # from this many blocks on, rendering in workers pays off in any process
_rendered_before = False  # whether this process has rendered a brief already


def render(
    prepared: Prepared,
    formats: tuple[str, ...],
    result: BuildResult,
    previous: Manifest | None = None,
    force: bool = False,
    progress=None,
    lanes: dict[str, Lane] | None = None,
) -> dict[Path, bytes]:
    """Every output of a brief, rendered in memory, and its manifest: {target path: bytes}.

    Unless forced, figure exports are drawn only where `previous` (the manifest of the outputs in
    place) holds another key for them or a file is missing: an edit to the prose leaves the flows
    and charts as they were, and a chart's export needs matplotlib (0.5 s and more to import).
    Large briefs render the PDF, the deck and the figure export in worker processes (see
    `_in_lanes`), the deck and anything left in this process meanwhile.
    """
    from .read.images import check_image

    doc, theme, targets = prepared.doc, prepared.theme, prepared.targets
    problems = []  # every image that cannot be drawn, not just the first
    for image in doc.images():
        try:
            check_image(image, doc.path)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    stage = time.perf_counter()
    from .diagram.layout import layout_flows

    layouts = layout_flows(doc.flows(), theme, doc.path)
    report_layouts = {}  # only the report needs them: 0.08 s of a cold deck-only build
    if "pdf" in formats:
        report_layouts = layout_flows(doc.flows(), theme, doc.path, max_width=theme.column_width)
    result.stages["layout"] = time.perf_counter() - stage
    progress = progress or _no_progress
    progress("layout", None)
    previous_figures, previous_charts = (previous.figures, previous.charts) if previous else ((), ())
    figures, redraw = _exports_to_draw(
        tuple(figure_key(layouts[spec], theme) for spec in doc.flows()),
        previous_figures,
        lambda number: _exports(targets, number),
        formats,
        force,
    )
    charts, redraw_charts = _exports_to_draw(
        tuple(chart_key(spec, theme) for spec in doc.charts()),
        previous_charts,
        lambda number: _chart_exports(targets, number),
        formats,
        force,
    )
    job = Job(doc, theme, prepared.stamp, targets, layouts, report_layouts, redraw, redraw_charts)
    names = [name for name in formats if name in RENDERERS]
    if redraw or redraw_charts:
        names.append("figures")
    lanes = lanes or {}
    if _use_workers(names, doc) or lanes:
        outcomes = _in_lanes(names, job, progress, lanes)
    else:
        outcomes = {}
        for name in names:
            outcomes[name] = RENDERERS[name](job)
            progress(name, outcomes[name].count)
    files: dict[Path, bytes] = {}
    for name, rendered in outcomes.items():
        files.update(rendered.files)
        result.stages[name] = rendered.seconds
        result.warnings.extend(problem for problem in rendered.warnings if problem not in result.warnings)
    result.pages = outcomes["pdf"].count if "pdf" in outcomes else None
    result.slides = outcomes["pptx"].count if "pptx" in outcomes else None
    files[targets.manifest] = dataclasses.replace(prepared.manifest, figures=figures, charts=charts).to_bytes()
    return files


def _no_progress(stage: str, count: int | None) -> None:
    """The progress callback of a build nobody watches."""


def _exports_to_draw(
    keys: tuple[str, ...],
    drawn_keys: tuple[str, ...],
    files_of,
    formats: tuple[str, ...],
    force: bool,
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(the keys the manifest records, the blocks whose exports need drawing) for flows or charts.

    `keys` holds the current key of each block, `drawn_keys` those the outputs in place were
    drawn with, `files_of(number)` the export files of a block. A build of both formats draws the
    exports: all of them when forced, else those not fresh. Any other build leaves them as they
    are, and the manifest keeps the keys of those still fresh ('' for the others).
    """
    drawn = dict(enumerate(drawn_keys, start=1))
    fresh = [
        drawn.get(number) == key and all(path.is_file() for path in files_of(number))
        for number, key in enumerate(keys, start=1)
    ]
    if formats == FORMATS:
        return keys, tuple(number for number in range(1, len(keys) + 1) if force or not fresh[number - 1])
    return tuple(key if is_fresh else "" for key, is_fresh in zip(keys, fresh, strict=True)), ()


def chart_key(spec: ChartSpec, theme: Theme) -> str:
    """A hash of everything a chart's exports are drawn from: its spec, the theme, briefkit."""
    text = f"briefkit {__version__}\n{spec!r}\n{theme!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT_LENGTH]


def figure_key(layout: DiagramLayout, theme: Theme) -> str:
    """A hash of everything a flow's figure exports are drawn from: its layout, the theme, briefkit."""
    text = f"briefkit {__version__}\n{layout!r}\n{theme!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT_LENGTH]


def _exports(targets: Targets, number: int) -> tuple[Path, Path]:
    return targets.figure(number, "png"), targets.figure(number, "svg")


def _chart_exports(targets: Targets, number: int) -> tuple[Path, Path]:
    return targets.chart(number, "png"), targets.chart(number, "svg")


def _use_workers(names: list[str], doc: Document) -> bool:
    """Whether to render in worker processes: with two renderers or more and two cores or more,
    always for a large brief, and for a small one only in a process's first build.

    In a new process the renderers' imports (reportlab, python-pptx: about 0.6 s of CPU)
    then run side by side: the default brief's cold build fell from 1.20 s to 0.84 s on two cores.
    A process that builds again (--watch) renders small briefs itself, so it loads the renderers
    once and keeps them: a rebuild after an edit takes 0.11 s, against 0.36 s in workers that
    import them afresh every time.
    """
    global _rendered_before
    first, _rendered_before = not _rendered_before, True
    if len(names) < 2 or (os.cpu_count() or 1) < 2:
        return False
    return first or sum(1 for _ in doc.all_blocks()) >= PARALLEL_BLOCKS


def warm_up(path: Path, out_dir: Path, formats: tuple[str, ...]) -> None:
    """Load the renderers of `formats` into this process, as a first build here would, so the
    next build is as fast as any later one: `path` is rendered once and the result thrown away.

    For --watch, whose first builds render in lanes: the first rebuild after an edit loaded the
    renderers itself and took 0.64 s, later ones 0.21 s. A large brief renders in lanes anyway
    and is not rendered here; the figure export's imports are made even for a brief without
    figures, since an edit may add one. Nothing is written; a brief that fails to build warms
    what it reached (its own build reports the problem).
    """
    import importlib

    global _rendered_before
    _rendered_before = True
    if formats == FORMATS:
        for module in FLOW_EXPORT_IMPORTS + CHART_EXPORT_IMPORTS:
            importlib.import_module(module)
    try:
        prepared = prepare(path, out_dir)
        if sum(1 for _ in prepared.doc.all_blocks()) < PARALLEL_BLOCKS:
            render(prepared, formats, BuildResult(path), force=True)
    except Exception:  # reported by the brief's own build, which just ran
        pass


def keep_renders_in_process() -> None:
    """Render small briefs in this process from its first build on.

    For the worker processes of `build.py -j`, which already build briefs side by side: nested
    render workers would compete for the same cores (four default briefs with -j 2 took 2.11 s
    with them, 1.28 s without). Such a worker ends with the build that started it.
    """
    global _rendered_before
    _rendered_before = True
    end_with_parent(os.getppid())


def load_reader() -> None:
    """Load into this process what reading a brief needs (SHARED_IMPORTS)."""
    import importlib

    for module in SHARED_IMPORTS:
        importlib.import_module(module)


def load_renderers(formats: tuple[str, ...], charts: bool) -> None:
    """Load into this process what rendering `formats` needs (the figure export with both
    formats, matplotlib only when `charts`), with the fonts of the project's theme registered,
    so processes forked from it afterwards share it all instead of each loading it again.

    For `-j`, before its workers fork: each worker importing the renderers itself took about
    0.55 s of CPU and registering the theme's fonts 0.15 s, per worker. A theme that cannot be
    loaded is left to the builds, which report it.
    """
    import importlib

    from PIL import Image

    from .fonts import register_family

    per_format = {
        "pdf": REPORT_IMPORTS + (REPORT_CHART_IMPORTS if charts else ()),
        "pptx": DECK_IMPORTS + (DECK_CHART_IMPORTS if charts else ()),
    }
    modules = SHARED_IMPORTS + tuple(module for name in formats for module in per_format[name])
    if formats == FORMATS:
        modules += FLOW_EXPORT_IMPORTS + (CHART_EXPORT_IMPORTS if charts else ())
    for module in modules:
        importlib.import_module(module)
    Image.preinit()  # the image formats PIL loads on first use
    if "pdf" not in formats:
        return
    from .project import load_settings
    from .theme import load_theme

    try:
        settings = load_settings()
        theme = load_theme(settings.theme, settings.path, settings.line_of("theme"))
        for family in vars(theme.fonts).values():
            register_family(family)
    except (ContentError, OSError):
        pass


def end_with_parent(parent: int) -> None:
    """Have the system end this process when its parent `parent` ends, however it ends.

    On Linux through prctl(PR_SET_PDEATHSIG) (other systems rely on the broken pipe instead);
    a parent already gone before the request took effect ends this process at once.
    """
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no C library to ask: the pipe check remains
            pass
    if os.getppid() != parent:
        os._exit(1)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _in_lanes(names: list[str], job: Job, progress, lanes: dict[str, Lane]) -> dict[str, Rendered]:
    """Render `names`: the report in a worker process, the figure export in the lane `lanes` may
    hold for it, everything else here meanwhile; a renderer's exception is raised here.

    The report is the longest renderer of a large brief, so it has a core of its own. The figure
    export has a lane of its own when chart exports are drawn, a lane that imported matplotlib
    (0.5 s and more) while the brief was read. Flow exports alone draw the report's drawings in
    reportlab, as the report does: they go with the report to a lane started before the brief
    was read, whose reportlab is loaded and which ends before the deck does (a cold default
    build: 1.41 -> 1.18 s against drawing them here after the deck); else they are drawn here.
    A worker started early gets the job through a pipe; one started now inherits it (copied
    pages, no pickling). Lanes not needed end unused; after an error or Ctrl-C the others' work
    is of no use.
    """
    placed: dict[str, list[str]] = {}  # lane kind: the renderers it runs
    for name in names:
        kind = name if name in lanes else "pdf" if name == "figures" and "pdf" in lanes else None
        if kind is not None:
            placed.setdefault(kind, []).append(name)
    working: dict[str, Lane] = {}
    try:
        data = pickle.dumps(job) if placed else b""
        for kind, together in placed.items():
            lanes[kind].hand(together, data)
            working[kind] = lanes[kind]
        if "pdf" in names and "pdf" not in working:
            working["pdf"] = Lane.start("pdf", list(lanes.values()), ["pdf"], job)
        for kind, lane in lanes.items():
            if kind not in working:
                lane.end()
        outcomes: dict[str, Rendered] = {}
        elsewhere = {name for together in placed.values() for name in together} | {"pdf"}
        for name in names:
            if name not in elsewhere:
                outcomes[name] = RENDERERS[name](job)
                progress(name, outcomes[name].count)
        for lane in working.values():
            answer = lane.answer()
            outcomes.update(answer)
            for name, rendered in answer.items():
                progress(name, rendered.count)
    finally:
        for lane in working.values():
            lane.end()
    return {name: outcomes[name] for name in names}


# What this process imports before it starts lanes: what reading and laying out a brief needs
# here anyway, what unpickling a job needs there, and what the libraries of the renderers on
# both sides import alike (python-pptx and reportlab: urllib.request, PIL), so the lanes share
# it instead of each importing it again (0.3 s of CPU in a cold default build, 0.03 s of it
# the last two).
SHARED_IMPORTS = (
    "briefkit.project",
    "briefkit.read",
    "briefkit.read.images",
    "briefkit.theme",
    "briefkit.diagram.layout",
    "urllib.request",
    "PIL.Image",
)
# What a lane imports before its job comes: its renderers.
PDF_IMPORTS = ("briefkit.render.pdf",)
FLOW_EXPORT_IMPORTS = ("briefkit.diagram.export", "reportlab.graphics.renderPM", "rlPyCairo", "PIL.PngImagePlugin")
CHART_EXPORT_IMPORTS = (
    "briefkit.chart.draw_mpl",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
)
# What rendering imports besides, loaded before the workers of -j fork (see load_renderers):
# the report's flow drawings, the deck, and both documents' charts.
REPORT_IMPORTS = PDF_IMPORTS + ("reportlab.graphics.renderPDF",)
# diagram.sites: imported where a flow slide's connectors are drawn (diagram/draw_pptx.py).
DECK_IMPORTS = ("briefkit.render.deck", "briefkit.render.pptx", "briefkit.diagram.readable", "briefkit.diagram.sites")
REPORT_CHART_IMPORTS = tuple(
    f"reportlab.graphics.charts.{name}" for name in ("barcharts", "linecharts", "piecharts", "legends")
) + ("briefkit.chart.draw_pdf",)
DECK_CHART_IMPORTS = ("briefkit.chart.draw_pptx", "pptx.chart.data", "pptx.enum.chart")
FLOW_FENCE = re.compile(rb"^[ ]{0,3}(?:```|~~~)[ \t]*flow\b", re.MULTILINE)
CHART_FENCE = re.compile(rb"^[ ]{0,3}(?:```|~~~)[ \t]*chart\b", re.MULTILINE)


def start_lanes(path: Path, out_dir: Path, formats: tuple[str, ...], force: bool) -> dict[str, Lane]:
    """Worker processes started before the brief is read, so their imports run meanwhile:
    {"pdf": lane} for the report (and the flow exports, when they will likely be drawn and
    no chart export will) and {"figures": lane} for the figure export when chart exports will
    likely be drawn. Only for a process's first build with both formats, on two cores or more,
    where processes fork (a later build renders small briefs here, see `_use_workers`).

    Which exports will be drawn is guessed from the brief's bytes and the outputs in place
    (the exact answer needs the brief read and its flows laid out): a guess that errs costs only
    time, an unneeded lane or import ending unused, a missing one drawing the figures here.
    """
    import importlib
    import multiprocessing

    if _rendered_before or formats != FORMATS or (os.cpu_count() or 1) < 2:
        return {}
    if "fork" not in multiprocessing.get_all_start_methods():
        return {}
    for module in SHARED_IMPORTS:
        importlib.import_module(module)
    flows, charts = _may_draw_exports(path, out_dir, force)
    flows_imports = FLOW_EXPORT_IMPORTS if flows else ()
    lanes: dict[str, Lane] = {}
    lanes["pdf"] = Lane.start("pdf", [], imports=PDF_IMPORTS + (flows_imports if not charts else ()))
    if charts:
        lanes["figures"] = Lane.start("figures", list(lanes.values()), imports=flows_imports + CHART_EXPORT_IMPORTS)
    return lanes


def _may_draw_exports(path: Path, out_dir: Path, force: bool) -> tuple[bool, bool]:
    """Whether a build of both formats will likely draw (flow exports, chart exports): the brief
    has such blocks and, unless forced, the outputs in place lack some of their exports."""
    try:
        text = path.read_bytes()
    except OSError:
        return False, False
    flows, charts = len(FLOW_FENCE.findall(text)), len(CHART_FENCE.findall(text))
    if force:
        return bool(flows), bool(charts)
    manifest = Manifest.load(Targets(out_dir, path.stem, 0).manifest)
    if manifest is None:
        return bool(flows), bool(charts)
    current = manifest.fingerprint
    drawn_flows = len(manifest.figures) == flows and not outdated_figures(
        Targets(out_dir, path.stem, flows, 0), current, manifest
    )
    drawn_charts = len(manifest.charts) == charts and not outdated_figures(
        Targets(out_dir, path.stem, 0, charts), current, manifest
    )
    return bool(flows) and not drawn_flows, bool(charts) and not drawn_charts


@dataclass
class Lane:
    """A forked worker process rendering some of one brief's outputs, sending them back once.

    Started with its job (`start(kind, others, names, job)`), it renders at once; started
    without, it imports the modules `imports` names and waits for `hand`. `answer()` is
    {name: Rendered}; a renderer's exception is raised there. `end()` stops it unless it has
    answered (a lane whose parent closed its pipe without a job also ends by itself).
    """

    kind: str
    process: BaseProcess
    jobs: Connection | None  # the sending end of its job pipe; None once the job is sent
    answers: Connection  # the receiving end of its answer pipe
    answered: bool = False

    @classmethod
    def start(
        cls,
        kind: str,
        others: list[Lane],
        names: list[str] | None = None,
        job: Job | None = None,
        imports: tuple[str, ...] = (),
    ) -> Lane:
        """Fork the lane; `others` are the lanes already running, whose pipe ends it closes."""
        import multiprocessing
        import warnings

        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        answers, answer_end = context.Pipe(duplex=False)
        job_end, jobs = context.Pipe(duplex=False) if job is None else (None, None)
        inherited = [answers, *([jobs] if jobs else [])]
        inherited += [end for lane in others for end in (lane.answers, lane.jobs) if end is not None]
        task = (names, job) if job is not None else None
        with warnings.catch_warnings(), _ctrl_c_held():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: ours hold no locks
            process = context.Process(
                target=_lane_main, args=(imports, task, job_end, answer_end, inherited, os.getpid()), daemon=True
            )
            process.start()
        answer_end.close()  # so a worker that dies without an answer reads as EOFError here
        if job_end is not None:
            job_end.close()
        return cls(kind, process, jobs, answers)

    def hand(self, names: list[str], job: bytes) -> None:
        """Send the waiting lane its job: render `names` of the pickled Job `job`."""
        self.jobs.send_bytes(pickle.dumps((names, job)))
        self.jobs.close()
        self.jobs = None

    def answer(self) -> dict[str, Rendered]:
        answer = pickle.loads(self.answers.recv_bytes())
        self.answered = True
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def end(self) -> None:
        if self.jobs is not None:
            self.jobs.close()
            self.jobs = None
        if not self.answered and self.process.is_alive():  # its work, or its imports, are of no use
            self.process.terminate()
        self.process.join()
        self.answers.close()


@contextlib.contextmanager
def _ctrl_c_held():
    """Hold Ctrl-C back while workers are forked, and deliver it after.

    Landing inside one of fork's own handlers (logging registers some), a KeyboardInterrupt can
    only be printed as an ignored exception, traceback and all, and the build goes on; held
    back, it interrupts the build where it always does. The workers ignore Ctrl-C anyway.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _lane_main(imports: tuple[str, ...], task, jobs, sender, inherited: list, parent: int) -> None:
    """In a worker: render `task` (names, job) or, without one, import the modules `imports`,
    then wait for it on `jobs`; send {name: Rendered}, or the exception raised.

    The worker ends with its parent (`end_with_parent`), killed or not. The pipe ends inherited
    from the parent are closed first: should the parent die where that cannot be arranged, a
    send then fails at once instead of waiting for a reader that never comes, and a lane left
    without a job sees its pipe close. Ctrl-C is the parent's to handle: workers stay quiet.
    """
    import importlib

    end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for end in inherited:
        end.close()
    try:
        if task is None:
            for module in imports:
                importlib.import_module(module)
            try:
                names, data = pickle.loads(jobs.recv_bytes())
            except EOFError:  # not needed after all
                return
            task = names, pickle.loads(data)
        names, job = task
        answer: object = {name: RENDERERS[name](job) for name in names}
    except BaseException as exc:  # handed to the parent, which raises it
        answer = exc
    try:
        data = pickle.dumps(answer)
    except Exception:  # an exception that will not pickle: its text still tells what happened
        data = pickle.dumps(RuntimeError(f"{type(answer).__name__}: {answer}"))
    try:
        sender.send_bytes(data)
    except OSError:  # the parent has gone: nobody waits for the answer
        pass


def render_pdf_job(job: Job) -> Rendered:
    from .render.pdf import render_pdf

    started, warnings = time.perf_counter(), Warnings()
    data, pages = render_pdf(job.doc, job.theme, job.report_layouts, job.stamp, warnings)
    return Rendered({job.targets.pdf: data}, warnings, time.perf_counter() - started, pages)


def render_pptx_job(job: Job) -> Rendered:
    from .render.deck import plan_deck
    from .render.pptx import render_pptx

    started, warnings = time.perf_counter(), Warnings()
    plan = plan_deck(job.doc, job.theme, warnings, job.layouts, job.stamp)
    check_slides(job.doc.path, plan, warnings)
    data = render_pptx(plan, job.stamp)
    return Rendered({job.targets.pptx: data}, warnings, time.perf_counter() - started, len(plan.slides))


def check_slides(path: Path, plan, warnings: Warnings) -> None:
    """A warning for every flow slide whose diagram text comes out too small to read."""
    from .diagram.readable import check_slide
    from .render.deck.plan import FlowSlide

    for slide in plan.slides:
        if isinstance(slide, FlowSlide) and slide.placed is not None:
            check_slide(path, slide.spec, slide.placed.layout, slide.body.width, slide.body.height, warnings)


def render_figures_job(job: Job) -> Rendered:
    """The flows' exports (drawn from the report's drawings, see diagram/export.py) and the
    charts' (drawn by matplotlib, imported only when there are charts to draw)."""
    from .progress import Figures, Tally

    started, files = time.perf_counter(), {}
    flows, tally = job.doc.flows(), Tally(Figures, len(job.figures) + len(job.charts))
    if job.figures:
        from .diagram.export import export_figure
    for number in job.figures:
        for path in _exports(job.targets, number):
            files[path] = export_figure(job.layouts[flows[number - 1]], job.theme, path.suffix[1:])
        tally.add()
    if job.charts:
        from .chart.draw_mpl import export_chart
        from .chart.style import chart_look

        charts = job.doc.charts()
        for number in job.charts:
            spec = charts[number - 1]
            for fmt in ("png", "svg"):
                files[job.targets.chart(number, fmt)] = export_chart(spec, chart_look(spec, job.theme), fmt)
            tally.add()
    return Rendered(files, Warnings(), time.perf_counter() - started, tally.total)


RENDERERS = {"pdf": render_pdf_job, "pptx": render_pptx_job, "figures": render_figures_job}
