"""The supply-flow layout: a FlowSpec in, every box, arrow and label in points out, no drawing.

In: a `FlowSpec` (2 to 40 nodes in first-mention order, directed edges carrying items) and a way
to measure text. Out: a `DiagramLayout` (origin top-left, y down) that the PDF, deck and figure
drawers copy without deciding any geometry of their own, so all three show the same picture.
Flows of more than 8 nodes or 16 edges are laid out in layers by Graphviz dot (layered.py) into
the same type; what follows describes the ring layout of the smaller ones.

Arrangement: two nodes sit side by side; three or more sit on a wide ellipse, or around the
busiest node in its middle, in the order with the fewest crossing arrows (see arrange.py); the
picture with fewer crossings wins, the smaller one among equals. Every edge is a straight arrow
from border to border; when A→B and B→A both exist the two arrows run in parallel, the
first-listed between the midpoints of two sides (where a deck glues it to both boxes, so it
follows a dragged box) and the other beside it, each with its label on its own outer side.
One-way arrows move to side midpoints where that crowds nothing. Labels are tried at several
places along their arrow and on either side, the places covering fewest other arrows first;
when one cannot be placed without touching a node or another label, the whole arrangement is
spread wider and tried again, so the result never overlaps, and while labels still cover
arrows it is spread a little wider still. The legend goes into a free corner, or below
everything when none is free.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..measure import FACES
from ..model import FlowEdge, FlowSpec
from .arrange import Arrangement, arrangements, centres
from .dot import needs_dot
from .geometry import BOTTOM, LEFT, RIGHT, TOP, Point, Rect, bounds, line_span
from .text import Measure, Token, tokenize, wrap

if TYPE_CHECKING:
    from pathlib import Path

    from ..theme import Theme
    from .layered import Draft

# Proportions of the font size, so the whole diagram scales with theme.sizes.diagram.
LINE_HEIGHT = 1.25
NODE_PAD_X, NODE_PAD_Y = 0.9, 0.55
NODE_MIN_WIDTH = 6.0
LABEL_PAD = 0.3
LABEL_GAP = 0.35  # between an arrow and its label
CLEARANCE = 0.35  # between a label and anything else
PARALLEL_OFFSET = 0.5  # half the distance between the two arrows of a two-way pair
MIN_ARROW = 3.5  # shortest visible arrow between two boxes
MARGIN = 0.8
ARROW_LENGTH, ARROW_WIDTH = 0.8, 0.6
LINE_WIDTH = 0.11
DASH = (4.0, 3.0)  # in line widths, like a slide deck's "dash" preset
CORNER_RADIUS = 0.4
LEGEND_SAMPLE = 3.0
READABLE_SIZE = 7.5  # points: the smallest drawn text a compact form is chosen to keep
GROWTH, MAX_TRIES = 1.08, 160
CLEAR_SPREAD = 1.25  # how much wider than its tightest a layout may grow to keep labels off arrows
HUB_BONUS = 0.75  # a star around the busiest node reads better than a ring, even somewhat larger
PLACES = tuple(0.5 + 0.04 * k for k in range(-7, 8))  # along an arrow, for its label's centre
LEGEND_TEXTS = (("reported", False), ("unconfirmed (?)", True))
_Segment = tuple[int, int, Point, Point, int, int]  # source, target, start, end, their sides
_Arrow = tuple[int, int, Point, Point, int, int, Rect]  # a segment and its label box
_INSET = 1e-6  # a box shrunk by this much tells touching its border from crossing it
# the font style of text set (bold, italic), as named in a theme's font family
STYLES = FACES  # (bold, italic) -> face of a font family


@dataclass(frozen=True)
class _Form:
    """The proportions a layout is drawn in: text widths (in font sizes) at which node names and
    labels wrap, the ellipse's width over height, and the canvas's range of width over height."""

    node_text: float
    label_text: float
    ellipse: float
    aspect_min: float
    aspect_max: float


# The slide's wide form first, then ever more compact ones for a narrow report column.
FORMS = (_Form(10.0, 13.0, 2.0, 16 / 9, 2.4), _Form(8.0, 8.0, 1.3, 4 / 3, 1.8), _Form(6.5, 7.5, 1.0, 4 / 3, 1.6))
# for dot, which only takes the wrap widths of names and labels: wide first, then narrower
WRAPS = ((10.0, 16.0), (8.0, 12.0), (6.0, 10.0), (6.0, 7.0), (6.0, 5.0))  # (names, labels) in font sizes
LAYERED_FORMS = tuple(_Form(node, label, 1.0, 1.0, 1.0) for node, label in WRAPS)
FOLDS = (2, 3)  # a flow is also laid out folded into half and a third of its layers
FOLD_FACTOR = 1 / 1.15  # a folded layout must draw the text 1.15 times larger to be taken
TB_FACTOR = 1 / 1.25  # on a slide, top to bottom must draw the text 1.25 times larger to be taken
PAGE_RATIO = 1.4  # a report page's text frame, height over width, near enough for choosing
SLIDE_RATIO = 2.3  # a flow slide's body, width over height, near enough for choosing


def fitted_scale(layout: DiagramLayout, width: float, height: float, turn: bool = False) -> float:
    """The largest scale (at most 1) at which `layout` fits `width` x `height`, or, with `turn`,
    the larger of that and the scale at which it fits turned a quarter round."""
    upright = min(1.0, width / layout.width, height / layout.height)
    turned = min(1.0, height / layout.width, width / layout.height) if turn else 0.0
    return max(upright, turned)


@dataclass(frozen=True)
class TextLine:
    """One line of a node's name; x and baseline are relative to the node box's top-left."""

    text: str
    x: float
    baseline: float


@dataclass(frozen=True)
class LabelRun:
    """Part of a label line showing (part of) one item; unconfirmed items are set in italic."""

    text: str
    x: float
    item: int
    confirmed: bool

    @property
    def italic(self) -> bool:
        return not self.confirmed


@dataclass(frozen=True)
class LabelLine:
    runs: tuple[LabelRun, ...]
    baseline: float  # relative to the label box's top


@dataclass(frozen=True)
class Label:
    """A label box and its lines; `leader` is a thin line from its border to its edge, for a
    label that had to sit away from the edge it names."""

    box: Rect
    lines: tuple[LabelLine, ...]
    leader: tuple[Point, Point] | None = None


@dataclass(frozen=True)
class NodeBox:
    name: str
    box: Rect
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class EdgePath:
    """An arrow from the source box's border to the target box's border.

    `points` is the polyline (its last point is the arrow tip); `head` the arrowhead triangle
    (tip, one barb, the other barb); sides use 0 top, 1 left, 2 bottom, 3 right. A curved route
    (from the layered engine) is `curve`: cubic Bézier control points (1 + 3k) from the start to
    the middle of the arrowhead's base; a straight one has no curve. An end is
    `glued` when it sits at the middle of its side, where a deck's connector can be glued to the
    box without moving (a viewer re-routes glued ends to that point).
    """

    source: int
    target: int
    points: tuple[Point, ...]
    head: tuple[Point, Point, Point]
    source_side: int
    target_side: int
    source_glued: bool
    target_glued: bool
    dashed: bool
    label: Label
    curve: tuple[Point, ...] = ()

    @property
    def shaft(self) -> tuple[Point, ...]:
        """The polyline up to the middle of the arrowhead's base, so no line pokes past its tip."""
        _, (ax, ay), (bx, by) = self.head
        return (*self.points[:-1], ((ax + bx) / 2, (ay + by) / 2))


@dataclass(frozen=True)
class LegendEntry:
    """A line sample from (x0, y) to (x1, y) and its text starting at (text_x, baseline)."""

    dashed: bool
    text: str
    x0: float
    x1: float
    y: float
    text_x: float
    baseline: float


@dataclass(frozen=True)
class Legend:
    box: Rect
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class DiagramLayout:
    width: float
    height: float
    font_size: float
    line_height: float
    line_width: float
    dash: tuple[float, float]  # on and off lengths of a dashed line
    corner_radius: float
    nodes: tuple[NodeBox, ...]
    edges: tuple[EdgePath, ...]
    legend: Legend


def layout_flow(
    spec: FlowSpec, theme: Theme, max_width: float | None = None, box: tuple[float, float] | None = None
) -> DiagramLayout:
    """Lay `spec` out with the theme's heading font files at `theme.sizes.diagram` points.

    Without `max_width` the layout takes the slide's wide form, made for a slide body of `box`
    (width, height in points) when given, else of SLIDE_RATIO. With it (the width in points the
    diagram will be drawn at, such as a report column) the first form that keeps the drawn text
    at READABLE_SIZE or more is taken, or else the one drawn with the largest text.
    """
    from ..fonts import family_files
    from ..measure import face, width

    files = family_files(theme.fonts.heading)
    if needs_dot(len(spec.nodes), len(spec.edges)):
        fonts = tuple(sorted((style, str(path)) for style, path in files.items()))
        drafts = functools.partial(_theme_draft, spec, fonts, theme.sizes.diagram)
        make = functools.partial(_theme_layered, spec, fonts, theme.sizes.diagram)
        if max_width is None:
            return choose_layered(spec, make, None, box, drafts=drafts)
        from .readable import report_pages

        return choose_layered(spec, make, max_width, pages=report_pages(theme), drafts=drafts)

    def measure(text: str, size: float, bold: bool, italic: bool) -> float:
        return width(text, face(files, bold, italic), size)

    return layout_spec(spec, measure, theme.sizes.diagram, max_width)


@functools.lru_cache(maxsize=256)
def _theme_draft(
    spec: FlowSpec, fonts: tuple[tuple[str, str], ...], size: float, direction: str, form: _Form, depth: int | None
) -> Draft:
    """layered.draft with the font files of `fonts` (style, path), kept with its finished layout
    once made for the wide slide's, the report's and each slide body's choice alike."""
    from pathlib import Path

    from ..measure import face, width
    from .layered import draft

    files = {style: Path(path) for style, path in fonts}

    def measure(text: str, size: float, bold: bool, italic: bool) -> float:
        return width(text, face(files, bold, italic), size)

    return draft(spec, measure, size, direction, form, depth)


def _theme_layered(
    spec: FlowSpec, fonts: tuple[tuple[str, str], ...], size: float, direction: str, form: _Form, depth: int | None
) -> DiagramLayout:
    """layered_layout with the font files of `fonts` (style, path), made once (see _theme_draft)."""
    return _theme_draft(spec, fonts, size, direction, form, depth).layout


Layered = Callable[[str, _Form, "int | None"], "DiagramLayout"]
"""make(direction, form, depth) -> the flow laid out by dot that way (see layered_layout)."""
Drafts = Callable[[str, _Form, "int | None"], "Draft"]
"""drafts(direction, form, depth) -> the same layout not yet finished (see layered.Draft)."""


def choose_layered(
    spec: FlowSpec,
    make: Layered,
    max_width: float | None,
    box: tuple[float, float] | None = None,
    pages: tuple[tuple[float, float], tuple[float, float]] | None = None,
    drafts: Drafts | None = None,
) -> DiagramLayout:
    """The layout drawn with the largest text, among every LAYERED_FORMS wrap width in both
    directions and the flow folded into FOLDS of its depth in every form whose layers' length
    limits its scale (folding shortens them).

    On a slide (no `max_width`) the text is measured as the deck draws it in the body `box`
    (width, height in points), or else in a body of SLIDE_RATIO, top to bottom counting
    TB_FACTOR of its size; in a report column of `max_width`, on a page of its own, upright
    or turned, whose room is `pages` (upright and turned width and height in points), or else
    a page of that width and PAGE_RATIO turned either way. A folded layout counts FOLD_FACTOR
    of its size. A legible layout (see layered.legible) comes before one that is not; then, in
    a slide's `box`, one that draws the text at the least size its node count needs before one
    that does not, whatever its direction and fold: those factors only choose among layouts
    alike in both. The first among equals.

    Given `drafts`, the same layouts not yet finished, the choice is the same but only the
    layouts that may still win are finished (see _pruned).
    """
    from .dot import DotError
    from .layered import layers, legible

    if max_width is None:
        from .readable import slide_minimum, slide_text

        slide = box or (SLIDE_RATIO * 100, 100.0)
        least = slide_minimum(len(spec.nodes)) if box else 0.0

        def drawn(layout: DiagramLayout) -> float:
            return slide_text(layout, *slide) if box else fitted_scale(layout, *slide)

        frames = [slide]

    else:
        upright, turned = pages or ((max_width, max_width * PAGE_RATIO), (max_width * PAGE_RATIO, max_width))
        least = 0.0

        def drawn(layout: DiagramLayout) -> float:
            return max(fitted_scale(layout, *upright), fitted_scale(layout, *turned))

        frames = [upright, turned]

    def score(layout: DiagramLayout, direction: str, factor: float = 1.0, clear: bool | None = None) -> tuple:
        """How the layout ranks; with `clear`, taken for whether it is legible."""
        size = drawn(layout)
        factor *= TB_FACTOR if direction == "TB" and max_width is None else 1.0
        return legible(layout) if clear is None else clear, min(size, least), size * factor

    def along(layout: DiagramLayout, direction: str) -> bool:
        """True when the layers' direction is the one that limits the layout's scale in one of
        the frames it may be drawn in (a report's page upright or turned)."""
        limits = [(layout.width / width, layout.height / height) for width, height in frames]
        return any(across > down if direction == "LR" else down > across for across, down in limits)

    deep = layers(spec)
    depths = sorted({math.ceil(deep / parts) for parts in FOLDS} - {deep, 1}, reverse=True)
    if drafts is not None:
        return _pruned(make, drafts, depths, score, along)
    found: list[tuple[tuple[bool, float, float], DiagramLayout]] = []
    for direction in ("LR", "TB"):
        shapes = [make(direction, form, None) for form in LAYERED_FORMS]
        found += [(score(layout, direction), layout) for layout in shapes]
        # folded: each form whose layers limit it, but one laid out as an earlier form was
        folding = [k for k, layout in enumerate(shapes) if along(layout, direction) and layout not in shapes[:k]]
        for depth in depths:
            for k in folding:
                try:
                    layout = make(direction, LAYERED_FORMS[k], depth)
                except DotError:  # dot gives up on some folds ("trouble in init_rank"): not taken
                    continue
                found.append((score(layout, direction, FOLD_FACTOR), layout))
    return found[max(range(len(found)), key=lambda k: (found[k][0], -k))][1]


def _pruned(make: Layered, drafts: Drafts, depths: list[int], score, along) -> DiagramLayout:
    """choose_layered's choice among the same candidates in the same order, finishing only the
    layouts that may still win.

    Every candidate is drafted (dot places it) and ranked by the best score it can reach: taken
    as legible, at the least canvas its boxes need (finishing never makes a canvas smaller, and
    a smaller canvas never draws its text smaller). They are then finished best bound first,
    until the best finished one scores above every bound left, or equal to one that comes later
    among equals. A folded candidate is one only where its unfolded form's layers limit that
    form's scale, which only the finished form tells: a fold is drafted for each form drafted
    unlike the earlier ones, and its form is finished when the fold may win.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    from .dot import DotError

    def drafted(job: tuple[str, int, int | None]) -> Draft | None:
        try:
            return drafts(job[0], LAYERED_FORMS[job[1]], job[2])
        except DotError:
            if job[2] is None:
                raise
            return None  # dot gives up on some folds ("trouble in init_rank"): not taken

    entries = []  # (place in choose_layered's order, direction, form index, depth, factor, draft)
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # dot's runs side by side, in order
        forms = range(len(LAYERED_FORMS))
        jobs = [((d, 0, 0, k), direction, k, None) for d, direction in enumerate(("LR", "TB")) for k in forms]
        shapes = list(pool.map(drafted, [job[1:] for job in jobs]))
        entries += [(*job, 1.0, shape) for job, shape in zip(jobs, shapes, strict=True)]
        jobs = []
        for d, direction in enumerate(("LR", "TB")):
            keys = [shape.key for shape in shapes[d * len(LAYERED_FORMS) : (d + 1) * len(LAYERED_FORMS)]]
            unlike = [k for k, key in enumerate(keys) if key not in keys[:k]]
            jobs += [((d, 1, j, k), direction, k, depth) for j, depth in enumerate(depths) for k in unlike]
        folded = list(pool.map(drafted, [job[1:] for job in jobs]))
        entries += [(*job, FOLD_FACTOR, fold) for job, fold in zip(jobs, folded, strict=True) if fold is not None]
    entries.sort(key=lambda entry: entry[0])
    bounds = [score(entry[5], entry[1], entry[4], True) for entry in entries]
    best: tuple[tuple, tuple, DiagramLayout] | None = None  # score, place, layout

    def offer(found: tuple, place: tuple, layout: DiagramLayout) -> None:
        nonlocal best
        if best is None or found > best[0] or (found == best[0] and place < best[1]):
            best = (found, place, layout)

    for n in sorted(range(len(entries)), key=lambda n: bounds[n], reverse=True):  # stable: in order among equals
        place, direction, k, depth, factor, _ = entries[n]
        if best is not None and (bounds[n] < best[0] or (bounds[n] == best[0] and place > best[1])):
            break
        if depth is not None:
            shape = make(direction, LAYERED_FORMS[k], None)
            offer(score(shape, direction), place[:1] + (0, 0, k), shape)
            if not along(shape, direction):
                continue
        layout = make(direction, LAYERED_FORMS[k], depth)
        offer(score(layout, direction, factor), place, layout)
    return best[2]


def layout_flows(
    specs: tuple[FlowSpec, ...], theme: Theme, path: Path, max_width: float | None = None
) -> dict[FlowSpec, DiagramLayout]:
    """layout_flow for every flow of the brief at `path`; a flow that Graphviz's dot fails to lay
    out is a ContentError at the flow's line."""
    from ..errors import ContentError
    from .dot import PACKAGE, DotError

    layouts = {}
    for spec in specs:
        try:
            layouts[spec] = layout_flow(spec, theme, max_width)
        except DotError as exc:
            raise ContentError.at(path, spec.line, f"flow: {exc}", f"check the '{PACKAGE}' package") from None
    return layouts


def layout_spec(
    spec: FlowSpec,
    measure: Measure,
    size: float,
    max_width: float | None = None,
    box: tuple[float, float] | None = None,
) -> DiagramLayout:
    """The pure layout: the same spec, measure, size, width and box always give the same layout.

    Flows beyond the ring's limits are laid out in layers by Graphviz dot for the slide body
    `box` (see choose_layered); the ring takes its wide form in any slide body.
    """
    if needs_dot(len(spec.nodes), len(spec.edges)):
        from .layered import draft

        made: dict[tuple, Draft] = {}

        def drafts(direction: str, form: _Form, depth: int | None) -> Draft:
            if (direction, form, depth) not in made:
                made[direction, form, depth] = draft(spec, measure, size, direction, form, depth)
            return made[direction, form, depth]

        def make(direction: str, form: _Form, depth: int | None) -> DiagramLayout:
            return drafts(direction, form, depth).layout

        return choose_layered(spec, make, max_width, box, drafts=drafts)
    widest = math.inf if max_width is None else max_width * size / READABLE_SIZE  # still readable
    best: tuple[float, DiagramLayout] | None = None
    for form in FORMS if max_width is not None else FORMS[:1]:
        layout = _layout_form(spec, measure, size, form, widest)
        drawn = size * min(1.0, max_width / layout.width) if max_width is not None else size
        if drawn >= READABLE_SIZE:
            return layout
        if best is None or drawn > best[0]:
            best = (drawn, layout)
    return best[1]


def _layout_form(spec: FlowSpec, measure: Measure, size: float, form: _Form, widest: float) -> DiagramLayout:
    """The best layout in one form of the best ring and star arrangements: the one with the
    fewest crossings, then crowded sides, then labels on other arrows, then the smallest, a star
    counting somewhat smaller. Spreading to keep labels off arrows stops at `widest`."""
    sizes = [_node_size(name, measure, size, form) for name in spec.nodes]
    labels = [_label_text(edge, measure, size, form) for edge in spec.edges]
    index = {name: i for i, name in enumerate(spec.nodes)}
    links = {(index[edge.source], index[edge.target]) for edge in spec.edges}
    found = []
    for option in arrangements([(block.w, block.h) for block in sizes], links, form.ellipse):
        weight = 1.0 if option.hub is None else HUB_BONUS
        for tight, (covered, nodes, arrows) in enumerate(_search(spec, index, sizes, labels, option, size, form)):
            layout = _finish(spec, sizes, labels, nodes, arrows, measure, size, form)
            if tight > 0 and layout.width > widest:
                break
            extent = max(layout.width, layout.height * form.aspect_max) * weight
            found.append((option.crossings, option.crowded, covered, extent, layout))
    if not found:
        raise ValueError(f"flow at line {spec.line}: no layout without overlaps was found")
    return min(found, key=lambda scored: scored[:4])[4]


def _search(
    spec: FlowSpec,
    index: dict[str, int],
    sizes: list[_Block],
    labels: list[_Block],
    arrangement: Arrangement,
    size: float,
    form: _Form,
) -> Iterator[tuple[int, list[Rect], list[_Arrow]]]:
    """Placings found by spreading the nodes further apart step by step, each with the number of
    labels covering another arrow: the tightest without overlaps first, then, spreading on up to
    CLEAR_SPREAD times wider, each one whose labels cover fewer arrows than the last."""
    spread = _first_spread(sizes, size)
    covered, limit = math.inf, math.inf
    for _ in range(MAX_TRIES):
        if spread > limit or covered == 0:
            return
        attempt = _attempt(spec, index, sizes, labels, centres(arrangement, spread, form.ellipse), size)
        if attempt is not None and attempt[0] < covered:
            limit = min(limit, spread * CLEAR_SPREAD)
            covered = attempt[0]
            yield attempt
        spread *= GROWTH


# ---------------------------------------------------------------- text blocks


@dataclass(frozen=True)
class _Block:
    """Text measured and broken into lines, not yet placed: its box size and its lines."""

    w: float
    h: float
    lines: tuple


def _node_size(name: str, measure: Measure, size: float, form: _Form) -> _Block:
    """A node's box size and its name broken into centred lines."""

    def width(text: str) -> float:
        return measure(text, size, True, False)

    # a compact form wraps names narrower, but never breaks a word the wide form keeps whole
    wide = FORMS[0].node_text * size
    limit = max(form.node_text * size, *(min(width(word), wide) for word in name.split()))
    tokens = tokenize(name, 0, True, lambda text: width(text) <= limit)
    rows = [_join(row) for row in wrap(tokens, limit, lambda t: width(t.text), width(" "))]
    w = max(NODE_MIN_WIDTH * size, max(width(row) for row in rows) + 2 * NODE_PAD_X * size)
    h = len(rows) * LINE_HEIGHT * size + 2 * NODE_PAD_Y * size
    top = (h - len(rows) * LINE_HEIGHT * size) / 2
    lines = tuple(TextLine(row, (w - width(row)) / 2, _baseline(top, i, size)) for i, row in enumerate(rows))
    return _Block(w, h, lines)


def _label_text(edge: FlowEdge, measure: Measure, size: float, form: _Form) -> _Block:
    """An edge's items joined with commas, wrapped; each run knows its item and whether confirmed."""

    def width(text: str, confirmed: bool) -> float:
        return measure(text, size, False, not confirmed)

    last = len(edge.items) - 1
    texts = [
        (item.text if item.confirmed or item.text.endswith("?") else item.text + "?") + ("," if i < last else "")
        for i, item in enumerate(edge.items)
    ]
    # like a name, a label wraps narrower in a compact form but never breaks a word the wide
    # form keeps whole
    wide = FORMS[0].label_text * size
    pairs = list(zip(texts, edge.items, strict=True))
    limit = max(form.label_text * size, *(min(width(w, i.confirmed), wide) for text, i in pairs for w in text.split()))
    tokens: list[Token] = []
    for i, (text, item) in enumerate(pairs):
        tokens += tokenize(text, i, item.confirmed, lambda t, c=item.confirmed: width(t, c) <= limit)
    rows = wrap(tokens, limit, lambda t: width(t.text, t.confirmed), width(" ", True))
    runs = [_runs(row) for row in rows]
    row_widths = [sum(width(text, confirmed) for text, _, confirmed in row) for row in runs]
    w = max(row_widths) + 2 * LABEL_PAD * size
    h = len(rows) * LINE_HEIGHT * size + 2 * LABEL_PAD * size
    lines = []
    for i, (row, row_width) in enumerate(zip(runs, row_widths, strict=True)):
        x = (w - row_width) / 2
        placed = []
        for text, item, confirmed in row:
            placed.append(LabelRun(text, x, item, confirmed))
            x += width(text, confirmed)
        lines.append(LabelLine(tuple(placed), _baseline(LABEL_PAD * size, i, size)))
    return _Block(w, h, tuple(lines))


def _join(tokens: list[Token]) -> str:
    return "".join(("" if token.joined or i == 0 else " ") + token.text for i, token in enumerate(tokens))


def _runs(tokens: list[Token]) -> list[tuple[str, int, bool]]:
    """Consecutive tokens of one item merged into a run; the space between items ends a run."""
    runs: list[tuple[str, int, bool]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or tokens[i].item != tokens[start].item:
            text = _join(tokens[start:i]) + (" " if i < len(tokens) else "")
            runs.append((text, tokens[start].item, tokens[start].confirmed))
            start = i
    return runs


def _baseline(top: float, row: int, size: float) -> float:
    """Baseline of row `row` of a block starting at `top`: capitals centred in the line."""
    return top + (row + 0.5) * LINE_HEIGHT * size + 0.36 * size


# ---------------------------------------------------------------- arrangement


def _first_spread(sizes: list[_Block], size: float) -> float:
    """A spread too small to be right, from which the search grows."""
    if len(sizes) == 2:
        return (sizes[0].w + sizes[1].w) / 2 + MIN_ARROW * size
    return max(block.w for block in sizes)


def _attempt(
    spec: FlowSpec, index: dict[str, int], sizes: list[_Block], labels: list[_Block], centres: list[Point], size: float
) -> tuple[int, list[Rect], list[_Arrow]] | None:
    """Nodes, arrows and label boxes around `centres` with the number of labels covering another
    arrow, or None when something would overlap."""
    nodes = [Rect(x - b.w / 2, y - b.h / 2, b.w, b.h) for (x, y), b in zip(centres, sizes, strict=True)]
    gap = CLEARANCE * size
    room = MIN_ARROW * size / 2
    if any(a.inflated(room).overlaps(b.inflated(room)) for i, a in enumerate(nodes) for b in nodes[i + 1 :]):
        return None
    pairs = {(index[e.source], index[e.target]) for e in spec.edges}
    arrows = []
    for edge in spec.edges:
        s, t = index[edge.source], index[edge.target]
        arrow = _arrow(nodes[s], nodes[t], PARALLEL_OFFSET * size if (t, s) in pairs else 0.0)
        if arrow is None:
            return None
        arrows.append((s, t, *arrow))
    arrows = _to_sites(_glue_pairs(arrows, nodes, size), nodes, pairs)
    for s, t, p, q, *_ in arrows:
        if any(n.inflated(gap).hits_segment(p, q) for k, n in enumerate(nodes) if k not in (s, t)):
            return None
    placed = _place_labels(arrows, labels, nodes, size)
    if placed is None:
        return None
    covered, boxes = placed
    return covered, nodes, [(*arrow, box) for arrow, box in zip(arrows, boxes, strict=True)]


def _arrow(a: Rect, b: Rect, offset: float) -> tuple[Point, Point, int, int] | None:
    """The border-to-border segment from a to b, shifted `offset` to its left, with its sides."""
    (ax, ay), (bx, by) = a.centre, b.centre
    length = math.hypot(bx - ax, by - ay)
    nx, ny = (by - ay) / length, -(bx - ax) / length
    return _clip((ax + nx * offset, ay + ny * offset), (bx + nx * offset, by + ny * offset), a, b)


def _clip(p: Point, q: Point, a: Rect, b: Rect) -> tuple[Point, Point, int, int] | None:
    """The part of the line p→q between leaving box a and entering box b, with the sides crossed;
    None when the line misses a box or the boxes do not lie in that order between p and q."""
    leave, enter = line_span(p, q, a), line_span(p, q, b)
    if leave is None or enter is None or not 0 < leave[2] < enter[0] < 1:
        return None
    start = (p[0] + leave[2] * (q[0] - p[0]), p[1] + leave[2] * (q[1] - p[1]))
    end = (p[0] + enter[0] * (q[0] - p[0]), p[1] + enter[0] * (q[1] - p[1]))
    return start, end, leave[3], enter[1]


def _glue_pairs(arrows: list[_Segment], nodes: list[Rect], size: float) -> list[_Segment]:
    """Each two-way pair with its first-listed arrow moved between side midpoints, where a deck
    glues it to both boxes, and the return arrow running beside it.

    A deck viewer draws a glued end at its site, so only one arrow of a pair can be glued; the
    other keeps the pair's spacing beside it. One-way arrow ends in the way slide along their side.
    When the first-listed arrow's ends would crowd another pair's, the return arrow is glued
    instead; when both would, the pair stays as it was.
    """
    gap = 2 * PARALLEL_OFFSET * size
    partner = {i: j for i, a in enumerate(arrows) for j, b in enumerate(arrows) if a[:2] == b[1::-1]}
    arrows = list(arrows)
    for i, j in sorted(partner.items()):
        if j < i:
            continue
        for glue, beside in ((i, j), (j, i)):
            s, t = arrows[glue][:2]
            glued = _glued_pair(nodes[s], nodes[t], gap)
            if glued is None:
                continue
            trial = list(arrows)
            trial[glue], trial[beside] = (s, t, *glued[0]), (t, s, *glued[1])
            trial = _make_room(trial, (glue, beside), set(partner), nodes, gap)
            if trial is not None:
                arrows = trial
                break
    return arrows


def _make_room(
    arrows: list[_Segment], pair: tuple[int, int], paired: set[int], nodes: list[Rect], gap: float
) -> list[_Segment] | None:
    """`arrows` with every one-way end closer than `gap` to an end of `pair` slid along its side;
    None when an end of another pair is that close or a one-way end has no room to move."""
    ends = [(node, point) for k in pair for node, point in ((arrows[k][0], arrows[k][2]), (arrows[k][1], arrows[k][3]))]
    out = list(arrows)
    for k, (s, t, p, q, source_side, target_side) in enumerate(arrows):
        if k in pair:
            continue
        moved = []
        for node, point, side in ((s, p, source_side), (t, q, target_side)):
            taken = [end for n, end in ends if n == node]
            if all(math.dist(point, end) >= gap for end in taken):
                moved.append(point)
                continue
            slid = None if k in paired else _slide(nodes[node], side, point, taken, gap)
            if slid is None:
                return None
            moved.append(slid)
        if moved != [p, q]:
            if any(box.inflated(-_INSET).hits_segment(*moved) for box in (nodes[s], nodes[t])):
                return None
            out[k] = (s, t, *moved, source_side, target_side)
    return out


def _slide(box: Rect, side: int, point: Point, taken: list[Point], gap: float) -> Point | None:
    """The point of `side` of `box` nearest `point` that keeps `gap` from every point in `taken`
    and half that from the side's (rounded) ends; None when the side has no such point."""
    along = 0 if side in (TOP, BOTTOM) else 1
    low, high = (box.x, box.right) if along == 0 else (box.y, box.bottom)

    def at(c: float) -> Point:
        return (c, point[1]) if along == 0 else (point[0], c)

    options = [end[along] + d for end in taken for d in (gap, -gap)]
    fits = [
        c
        for c in options
        if low + gap / 2 <= c <= high - gap / 2 and all(math.dist(at(c), end) >= gap - _INSET for end in taken)
    ]
    return at(min(fits, key=lambda c: abs(c - point[along]))) if fits else None


def _glued_pair(a: Rect, b: Rect, gap: float) -> tuple[tuple[Point, Point, int, int], ...] | None:
    """a→b from site to site, and b→a `gap` beside it, or None when no choice of sides fits both.

    Sides tried: those the centre line crosses, then facing sides across the horizontal gap, then
    across the vertical one; the return arrow goes to its own left unless that line misses a box.
    """
    centre = _arrow(a, b, 0.0)
    choices = [centre[2:]] if centre is not None else []
    if a.right < b.x or b.right < a.x:
        choices.append((RIGHT, LEFT) if a.right < b.x else (LEFT, RIGHT))
    if a.bottom < b.y or b.bottom < a.y:
        choices.append((BOTTOM, TOP) if a.bottom < b.y else (TOP, BOTTOM))
    for leave, enter in dict.fromkeys(choices):
        start, end = a.site(leave), b.site(enter)
        if any(box.inflated(-_INSET).hits_segment(start, end) for box in (a, b)):
            continue
        length = math.dist(start, end)
        ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
        reach = a.w + a.h + b.w + b.h  # far enough behind and beyond both boxes
        for side in (gap, -gap):
            nx, ny = -uy * side, ux * side  # the left of b→a for a positive side
            back = _clip(
                (end[0] + nx + ux * reach, end[1] + ny + uy * reach),
                (start[0] + nx - ux * reach, start[1] + ny - uy * reach),
                b,
                a,
            )
            if back is not None:
                return (start, end, leave, enter), back
    return None


def _to_sites(arrows: list[_Segment], nodes: list[Rect], pairs: set[tuple[int, int]]) -> list[_Segment]:
    """One-way arrows moved to the middle of their sides, where a deck can glue them.

    An end moves only when it is the sole arrow end on that side of its box (so arrowheads never
    pile up) and the moved arrow still leaves and enters its boxes cleanly.
    """
    uses: dict[tuple[int, int], int] = {}
    for s, t, _, _, source_side, target_side in arrows:
        for key in ((s, source_side), (t, target_side)):
            uses[key] = uses.get(key, 0) + 1
    moved = []
    for arrow in arrows:
        s, t, p, q, source_side, target_side = arrow
        if (t, s) not in pairs:
            start = nodes[s].site(source_side) if uses[s, source_side] == 1 else p
            end = nodes[t].site(target_side) if uses[t, target_side] == 1 else q
            for a, b in ((start, end), (start, q), (p, end)):
                if not any(box.inflated(-_INSET).hits_segment(a, b) for box in (nodes[s], nodes[t])):
                    arrow = (s, t, a, b, source_side, target_side)
                    break
        moved.append(arrow)
    return moved


def _place_labels(
    arrows: list[_Segment],
    labels: list[_Block],
    nodes: list[Rect],
    size: float,
) -> tuple[int, list[Rect]] | None:
    """A box beside each arrow touching no node and no other label, biggest labels first, and
    how many of them cover another arrow; None when one has no free place.

    Of the free places, the one covering the fewest other arrows wins, the nearest to the
    middle of its own arrow among equals.
    """
    gap = CLEARANCE * size
    centre = bounds(nodes).centre
    blocked = [node.inflated(gap) for node in nodes]
    placed: dict[int, Rect] = {}
    covering = 0
    for e in sorted(range(len(arrows)), key=lambda k: -labels[k].w * labels[k].h):
        s, t, p, q, _, _ = arrows[e]
        others = [(a[2], a[3]) for k, a in enumerate(arrows) if k != e]
        partner = next((a for a in arrows if a[:2] == (t, s)), None)
        box, fewest = None, len(others) + 1
        for option in _candidates(p, q, labels[e], _away(p, q, partner), centre, size):
            if any(option.overlaps(other) for other in blocked):
                continue
            covered = sum(option.hits_segment(a, b) for a, b in others)
            if covered < fewest:
                box, fewest = option, covered
                if covered == 0:
                    break
        if box is None:
            return None
        covering += fewest > 0
        placed[e] = box
        blocked.append(box.inflated(gap))
    return covering, [placed[e] for e in range(len(arrows))]


def _away(p: Point, q: Point, partner: _Segment | None) -> float | None:
    """The side of p→q (1 left, -1 right) facing away from the other arrow of its pair, if any."""
    if partner is None:
        return None
    mx, my = (partner[2][0] + partner[3][0]) / 2 - p[0], (partner[2][1] + partner[3][1]) / 2 - p[1]
    return -1.0 if mx * (q[1] - p[1]) - my * (q[0] - p[0]) > 0 else 1.0


def _candidates(p: Point, q: Point, block: _Block, side: float | None, centre: Point, size: float) -> list[Rect]:
    """Label boxes beside segment p–q, nearest to its midpoint first: on `side` only when given
    (two-way pairs), else on either side, the outer one first among equally near places."""
    length = math.hypot(q[0] - p[0], q[1] - p[1])
    nx, ny = (q[1] - p[1]) / length, -(q[0] - p[0]) / length
    mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
    outward = (mid[0] - centre[0]) * nx + (mid[1] - centre[1]) * ny >= 0
    sides = [side] if side is not None else ([1.0, -1.0] if outward else [-1.0, 1.0])
    reach = LABEL_GAP * size + abs(nx) * block.w / 2 + abs(ny) * block.h / 2
    scored = []
    for t in PLACES:
        for rank, sign in enumerate(sides):
            cx = p[0] + t * (q[0] - p[0]) + sign * nx * reach
            cy = p[1] + t * (q[1] - p[1]) + sign * ny * reach
            box = Rect(cx - block.w / 2, cy - block.h / 2, block.w, block.h)
            scored.append((round(math.dist((cx, cy), mid), 6), rank, box))
    return [box for *_, box in sorted(scored, key=lambda entry: entry[:2])]


def _free(box: Rect, blocked: list[Rect], segments: list[tuple[Point, Point]]) -> bool:
    return not any(box.overlaps(other) for other in blocked) and not any(box.hits_segment(p, q) for p, q in segments)


# ---------------------------------------------------------------- canvas and legend


def _finish(
    spec: FlowSpec,
    sizes: list[_Block],
    labels: list[_Block],
    nodes: list[Rect],
    arrows: list[_Arrow],
    measure: Measure,
    size: float,
    form: _Form,
) -> DiagramLayout:
    """Frame the content, widen it to the form's aspect, add the legend, move to the origin."""
    margin = MARGIN * size
    boxes = nodes + [arrow[6] for arrow in arrows]
    canvas = _widen(bounds(boxes).inflated(margin), form)
    legend = _legend(measure, size)
    inner = canvas.inflated(-margin)
    blocked = [box.inflated(CLEARANCE * size) for box in boxes]
    segments = [(arrow[2], arrow[3]) for arrow in arrows]
    corners = [
        Rect(inner.right - legend.w, inner.bottom - legend.h, legend.w, legend.h),
        Rect(inner.x, inner.bottom - legend.h, legend.w, legend.h),
        Rect(inner.right - legend.w, inner.y, legend.w, legend.h),
        Rect(inner.x, inner.y, legend.w, legend.h),
    ]
    spot = next((corner for corner in corners if _free(corner, blocked, segments)), None)
    if spot is None:  # below the drawing, in a canvas widened again to the form's proportions
        canvas = _widen(Rect(canvas.x, canvas.y, canvas.w, canvas.h + legend.h + margin), form)
        spot = Rect(canvas.right - margin - legend.w, canvas.bottom - margin - legend.h, legend.w, legend.h)
    dx, dy = -canvas.x, -canvas.y
    return DiagramLayout(
        width=canvas.w,
        height=canvas.h,
        font_size=size,
        line_height=LINE_HEIGHT * size,
        line_width=LINE_WIDTH * size,
        dash=(DASH[0] * LINE_WIDTH * size, DASH[1] * LINE_WIDTH * size),
        corner_radius=CORNER_RADIUS * size,
        nodes=tuple(
            NodeBox(name, box.moved(dx, dy), block.lines)
            for name, box, block in zip(spec.nodes, nodes, sizes, strict=True)
        ),
        edges=tuple(
            _edge(arrow, block, nodes, not edge.confirmed, size, dx, dy)
            for arrow, block, edge in zip(arrows, labels, spec.edges, strict=True)
        ),
        legend=Legend(spot.moved(dx, dy), legend.lines),
    )


def _widen(frame: Rect, form: _Form) -> Rect:
    """`frame` grown about its centre until its width over height lies within the form's range."""
    w = max(frame.w, frame.h * form.aspect_min)
    h = max(frame.h, w / form.aspect_max)
    return Rect(frame.x - (w - frame.w) / 2, frame.y - (h - frame.h) / 2, w, h)


def _legend(measure: Measure, size: float) -> _Block:
    """Two rows, a solid and a dashed line sample each followed by what it means."""
    text_x = (LEGEND_SAMPLE + 0.6) * size
    entries = tuple(
        LegendEntry(
            dashed, text, 0.0, LEGEND_SAMPLE * size, (row + 0.5) * LINE_HEIGHT * size, text_x, _baseline(0.0, row, size)
        )
        for row, (text, dashed) in enumerate(LEGEND_TEXTS)
    )
    w = text_x + max(measure(text, size, False, False) for text, _ in LEGEND_TEXTS)
    return _Block(w, len(entries) * LINE_HEIGHT * size, entries)


def _edge(arrow: _Arrow, block: _Block, nodes: list[Rect], dashed: bool, size: float, dx: float, dy: float) -> EdgePath:
    """The arrow and its label moved onto the canvas, with its arrowhead triangle."""
    source, target, p, q, source_side, target_side, box = arrow
    p, q = (p[0] + dx, p[1] + dy), (q[0] + dx, q[1] + dy)
    length = math.hypot(q[0] - p[0], q[1] - p[1])
    ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
    bx, by = q[0] - ux * ARROW_LENGTH * size, q[1] - uy * ARROW_LENGTH * size
    half = ARROW_WIDTH * size / 2
    head = (q, (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half))
    label = Label(box.moved(dx, dy), block.lines)
    glued = (
        _at(p, nodes[source].moved(dx, dy).site(source_side), size),
        _at(q, nodes[target].moved(dx, dy).site(target_side), size),
    )
    return EdgePath(source, target, (p, q), head, source_side, target_side, *glued, dashed, label)


def _at(point: Point, site: Point, size: float) -> bool:
    return math.dist(point, site) < 1e-3 * size
