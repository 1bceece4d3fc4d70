"""The layered layout of large flows: a FlowSpec and measured text in, a DiagramLayout out.

In: a `FlowSpec` of more than 8 nodes or 16 edges, a way to measure text, the font size and the
flow's direction ("LR" on slides). Out: the same `DiagramLayout` the ring layout gives, so no
drawer knows which engine laid a flow out.

Node names and labels are measured and wrapped with our own fonts (as in layout.py); Graphviz
dot places the boxes of those sizes in layers and routes every edge as a Bézier curve around
them, with its label beside it (see dot.py). An edge whose both ends sit at side middles is
drawn straight between them where that line keeps clear of the other boxes, so that a deck
glues it to both boxes as one connector. The layout is run twice: the second time every
edge end that is alone on its side of a box is pinned to that side's middle, where a deck
glues it to the box without moving it; ends sharing a side stay apart so that no arrowheads
pile up. Routes that come out straight are kept as straight lines, and a curved one takes the
shape of the slide connector nearest it (connectors.py) where that crosses no box, so that the
deck's connector draws the very curve the other outputs draw. Asked for a `depth`, dot lays
the flow out with the edges that would carry a chain past that many layers let loose (they no
longer decide the layers), which folds a long chain back to the first layer. A label further from its
edge than a small gap gets a thin leader line to it. A label that dot set beyond the frame of
the boxes and routes (it keeps each label beside its edge, so the outermost edges' labels widen
the picture) moves inside that frame where there is room beside its edge, so the picture is no
larger than its boxes and routes need. The legend goes into a free corner, or below everything
when none is free. `legible` tells whether any label still covers a box or another label or
lies on an edge it does not name, for the choice among layouts. `draft` stops once dot has
placed the boxes: the choice ranks its candidates by the least room their boxes need and
finishes (fits the connectors, frees the labels) only those that may still be chosen.
"""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import dataclass, replace

from ..model import FlowSpec
from .dot import DotRequest, route
from .geometry import BOTTOM, LEFT, RIGHT, TOP, Point, Rect, bezier_points, border_point, bounds, segment_distance
from .text import Measure

NODE_GAP, RANK_GAP = 0.6, 0.8  # in font sizes: between boxes of one layer, and between layers
STRAIGHT = 0.05  # in font sizes: a route no further than this from its chord is a straight line
# a deck draws arrowheads in three sizes (draw_pptx.HEAD_SIZES), the nearest up to 1.3 times the
# layout's: labels keep clear of a head that large
HEAD_ROOM = 1.3
HEAD_SPACING = 1.5  # in arrowhead widths: the least distance between two tips on one side
FURTHER = (0.0, 1.0, 2.5, 5.0)  # in font sizes: how much further out a label may move to find room
PLACE_STEPS = 4  # pieces a curve of a route is cut into for the places of its label
INSIDE_NEAR = 3  # pieces of a route round its middle that a label moved inside may sit by
AROUND_RINGS = 24  # then rings one font size apart round the middle of its route
LEADER_FROM = 0.9  # in font sizes: a label further than this from its edge gets a leader line
_MEASURING = threading.Lock()  # drafts are made side by side (dot runs apart); text is measured in turn
_COMPASS = {TOP: "n", LEFT: "w", BOTTOM: "s", RIGHT: "e"}
INWARD = {TOP: (0.0, 1.0), LEFT: (1.0, 0.0), BOTTOM: (0.0, -1.0), RIGHT: (-1.0, 0.0)}  # into a box


def layered_layout(spec: FlowSpec, measure: Measure, size: float, direction: str, form, depth: int | None = None):
    """The flow laid out by dot in `direction`, in the text proportions of `form`, its chains
    folded back into at most `depth` layers (None: as many as the flow's longest chain)."""
    return draft(spec, measure, size, direction, form, depth).layout


@dataclass(frozen=True, eq=False)
class Draft:
    """A flow placed by dot, its routes not yet fitted to connectors nor its labels freed: what
    little it costs to know of the finished layout, which `layout` makes once when asked.

    `width` and `height` are the least the finished canvas can measure (the frame of the boxes,
    which nothing moves any more, and the margins round it), `font_size` its text size, `key`
    the measured names and labels it was laid out from: two drafts of one flow, direction and
    fold with equal keys are laid out alike."""

    spec: FlowSpec
    measure: Measure
    sizes: tuple
    labels: tuple
    nodes: tuple[Rect, ...]
    edges: tuple
    width: float
    height: float
    font_size: float

    @property
    def key(self) -> tuple:
        return self.sizes, self.labels

    @functools.cached_property
    def layout(self):
        """The finished layout: routes fitted to connectors, labels freed, legend placed."""
        nodes, labels, size = list(self.nodes), list(self.labels), self.font_size
        edges = _straighten(_spread_heads(list(self.edges), nodes, size), nodes, size)
        edges = _free_labels(_as_connectors(edges, nodes, size), labels, nodes, size)
        edges = _free_labels(edges, labels, nodes, size, inside=True)
        return _finish(self.spec, self.sizes, labels, nodes, edges, self.measure, size)


def draft(spec: FlowSpec, measure: Measure, size: float, direction: str, form, depth: int | None = None) -> Draft:
    """The flow placed by dot as `layered_layout` places it, not yet finished (see Draft)."""
    from . import layout as ring

    with _MEASURING:
        sizes = [ring._node_size(name, measure, size, form) for name in spec.nodes]
        labels = [ring._label_text(edge, measure, size, form) for edge in spec.edges]
    index = {name: i for i, name in enumerate(spec.nodes)}
    links = [(index[e.source], index[e.target]) for e in spec.edges]
    clear = ring.CLEARANCE * size
    request = DotRequest(
        tuple((b.w, b.h) for b in sizes),
        tuple(links),
        tuple((b.w + clear, b.h + clear) for b in labels),  # half a clearance round each
        direction,
        ring.ARROW_LENGTH * size,
        NODE_GAP * size,
        RANK_GAP * size,
        loose=_folded(len(spec.nodes), links, depth) if depth is not None else (),
    )
    first = _ends(route(request), sizes, links)
    routed = route(replace(request, ports=tuple(sorted(_lonely(first, links).items()))))
    nodes = [Rect(x - b.w / 2, y - b.h / 2, b.w, b.h) for (x, y), b in zip(routed.centres, sizes, strict=True)]
    edges = []
    for k, (s, t) in enumerate(links):
        controls = list(routed.routes[k])
        start, source_side = border_point(nodes[s], controls[0])
        tip, target_side = border_point(nodes[t], routed.tips[k])
        controls[1] = (controls[1][0] + start[0] - controls[0][0], controls[1][1] + start[1] - controls[0][1])
        controls[0] = start
        # the curve ends exactly one arrowhead's length before the tip, where dot aimed it
        (bx, by), length = controls[-1], ring.ARROW_LENGTH * size
        away = math.dist((bx, by), tip) or 1.0
        dx, dy = tip[0] + (bx - tip[0]) * length / away - bx, tip[1] + (by - tip[1]) * length / away - by
        controls[-2:] = [(x + dx, y + dy) for x, y in controls[-2:]]
        cx, cy = routed.labels[k]
        box = Rect(cx - labels[k].w / 2, cy - labels[k].h / 2, labels[k].w, labels[k].h)
        edges.append((s, t, tuple(controls), tip, source_side, target_side, box))
    frame = bounds(nodes).inflated(ring.MARGIN * size)
    return Draft(spec, measure, tuple(sizes), tuple(labels), tuple(nodes), tuple(edges), frame.w, frame.h, size)


def legible(layout) -> bool:
    """True when no label of `layout` covers a node or another label or lies on an edge it does
    not name (dot routes an edge close round a label's cell, and where no free place was found
    a label stays where dot put it)."""
    nodes = [node.box for node in layout.nodes]
    boxes = [edge.label.box for edge in layout.edges]
    size = layout.font_size
    lines = [
        bezier_points(edge.curve) + [edge.points[-1]] if edge.curve else list(edge.points) for edge in layout.edges
    ]
    filed = _Boxes(boxes + nodes, 4 * size)
    for k, box in enumerate(boxes):
        if filed.hit(box, k):
            return False
    pieces = [(k, seg) for k, line in enumerate(lines) for seg in zip(line, line[1:], strict=False)]
    every = _Segments([seg for _, seg in pieces], 4 * size, [k for k, _ in pieces])
    return not any(every.touch(box, skip=k) for k, box in enumerate(boxes))


def layers(spec: FlowSpec) -> int:
    """How many layers the flow's longest chain takes when nothing is folded."""
    index = {name: i for i, name in enumerate(spec.nodes)}
    links = [(index[e.source], index[e.target]) for e in spec.edges]
    order, back = _order(len(spec.nodes), links)
    return 1 + max(_ranks(order, links, back, len(spec.nodes), None)[0])


def _order(count: int, links: list[tuple[int, int]]) -> tuple[list[int], set[int]]:
    """The nodes in an order where every edge but the returned back edges runs forward: depth
    first from each node in turn, edges in their listed order, as dot breaks cycles."""
    after: list[list[int]] = [[] for _ in range(count)]
    for k, (s, _) in enumerate(links):
        after[s].append(k)
    state, finished, back = [0] * count, [], set()
    for root in range(count):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(after[root]))]
        while stack:
            node, edges = stack[-1]
            k = next(edges, None)
            if k is None:
                state[node] = 2
                finished.append(node)
                stack.pop()
                continue
            target = links[k][1]
            if state[target] == 1:
                back.add(k)
            elif state[target] == 0:
                state[target] = 1
                stack.append((target, iter(after[target])))
    return finished[::-1], back


def _ranks(
    order: list[int], links: list[tuple[int, int]], back: set[int], count: int, depth: int | None
) -> tuple[list[int], set[int]]:
    """Each node's layer by its longest chain of forward edges, and the edges let loose so that
    no chain takes more than `depth` layers: a node that would fall beyond starts again at the
    first layer, its incoming edges no longer deciding the layers."""
    into: list[list[int]] = [[] for _ in range(count)]
    for k, (_, t) in enumerate(links):
        if k not in back:
            into[t].append(k)
    rank, loose = [0] * count, set()
    for node in order:
        rank[node] = max((rank[links[k][0]] + 1 for k in into[node]), default=0)
        if depth is not None and rank[node] >= depth:
            loose.update(into[node])
            rank[node] = 0
    return rank, loose


def _folded(count: int, links: list[tuple[int, int]], depth: int) -> tuple[int, ...]:
    """The edges dot lays out with constraint=false so that the flow takes at most `depth`
    layers: those that would carry a chain further, and the back edges of cycles."""
    order, back = _order(count, links)
    return tuple(sorted(_ranks(order, links, back, count, depth)[1] | back))


def _spread_heads(edges: list, nodes: list[Rect], size: float) -> list:
    """Arrowheads that dot brings to nearly the same point of a side moved apart along it.

    The heads of one side are spaced HEAD_SPACING arrow widths apart around their middle, kept
    clear of the rounded corners; each moved tip takes the end of its curve with it.
    """
    from . import layout as ring

    gap = HEAD_SPACING * ring.ARROW_WIDTH * size
    sides: dict[tuple[int, int], list[int]] = {}
    for k, edge in enumerate(edges):
        sides.setdefault((edge[1], edge[5]), []).append(k)
    out = list(edges)
    for (node, side), group in sorted(sides.items()):
        along = 0 if side in (TOP, BOTTOM) else 1
        group.sort(key=lambda k: (edges[k][3][along], k))
        coords = [edges[k][3][along] for k in group]
        if len(group) < 2 or min(b - a for a, b in zip(coords, coords[1:], strict=False)) >= gap:
            continue
        box = nodes[node]
        low, high = (box.x, box.right) if along == 0 else (box.y, box.bottom)
        low, high = low + ring.CORNER_RADIUS * size, high - ring.CORNER_RADIUS * size
        step = min(gap, (high - low) / max(1, len(group) - 1))
        first = min(max(sum(coords) / len(coords) - step * (len(group) - 1) / 2, low), high - step * (len(group) - 1))
        for rank, k in enumerate(group):
            s, t, controls, tip, source_side, target_side, label = out[k]
            shift = first + rank * step - tip[along]
            delta = (shift, 0.0) if along == 0 else (0.0, shift)
            moved = [(x + delta[0], y + delta[1]) for x, y in controls[-2:]]
            controls = (*controls[:-2], *moved) if len(controls) > 3 else controls
            out[k] = (s, t, controls, (tip[0] + delta[0], tip[1] + delta[1]), source_side, target_side, label)
    return out


def _straighten(edges: list, nodes: list[Rect], size: float) -> list:
    """Edges whose both ends sit at the middle of a side drawn straight from site to site, where
    that line keeps clear of every other box and passes close by its label: a deck glues such
    an edge to both boxes as one straight connector, which a viewer draws exactly where the
    layout put it."""
    from . import layout as ring

    clear = ring.CLEARANCE * size
    out = list(edges)
    for k, (s, t, controls, tip, source_side, target_side, label) in enumerate(edges):
        start = controls[0]
        if math.dist(start, nodes[s].site(source_side)) > 1e-6 or math.dist(tip, nodes[t].site(target_side)) > 1e-6:
            continue
        if any(box.inflated(-1e-6).hits_segment(start, tip) for box in (nodes[s], nodes[t])):
            continue
        if any(n.inflated(clear).hits_segment(start, tip) for j, n in enumerate(nodes) if j not in (s, t)):
            continue
        if math.dist(start, tip) <= 2 * ring.ARROW_LENGTH * size:
            continue
        if _distance(label, [(start, tip)]) > LEADER_FROM * size + clear:  # its label would be left behind
            continue
        base = _back(start, tip, ring.ARROW_LENGTH * size)
        thirds = [(start[0] + (base[0] - start[0]) * f, start[1] + (base[1] - start[1]) * f) for f in (1 / 3, 2 / 3)]
        out[k] = (s, t, (start, *thirds, base), tip, source_side, target_side, label)
    return out


def _as_connectors(edges: list, nodes: list[Rect], size: float) -> list:
    """Each curved route replaced by the slide connector nearest it (connectors.fit) where that
    crosses no node, so that the deck's glued connector and every other drawing show one curve:
    the connector's Bézier segments, ending one arrowhead's length before the tip."""
    from . import layout as ring
    from .connectors import controls as connector_controls
    from .connectors import crosses, fit

    out = list(edges)
    for k, (s, t, controls, tip, source_side, target_side, label) in enumerate(edges):
        if _straight((*controls, tip), size):
            continue
        option = fit(bezier_points(controls) + [tip], False, size, (source_side, target_side))
        if option is None or option.kind == "elbow":
            continue
        curve = list(connector_controls(option))
        if crosses(bezier_points(tuple(curve)), nodes, size):
            continue
        # the end moved back out of the side it enters square to, by an arrowhead's length
        ix, iy = INWARD[target_side]
        dx, dy = -ix * ring.ARROW_LENGTH * size, -iy * ring.ARROW_LENGTH * size
        curve[-2:] = [(x + dx, y + dy) for x, y in curve[-2:]]
        out[k] = (s, t, tuple(curve), tip, source_side, target_side, label)
    return out


def _free_labels(edges: list, labels: list, nodes: list[Rect], size: float, inside: bool = False) -> list:
    """Each label that dot laid across an edge, away from its own edge, or nearer the other edge
    of its pair than its own, moved beside its own edge: to the place nearest the middle of its
    route that touches no node, no other label and no edge, and lies nearer its own edge than
    its partner's. Places right beside the edge come first, then ones further out, then rings
    round the middle of the route (those away from the edge get a leader line); where there is
    none the label stays where dot put it.

    With `inside`, the labels moved are instead those reaching beyond the frame of the boxes
    and routes (dot sets a label beside its edge, so the outermost edges' labels widen the
    picture), each to such a place within that frame right beside the INSIDE_NEAR pieces of its
    route nearest its middle, or one font size further out, where there is one."""
    from . import layout as ring

    lines = [bezier_points(edge[2]) + [edge[3]] for edge in edges]
    segments = [list(zip(line, line[1:], strict=False)) for line in lines]
    every = _Segments([segment for line in segments for segment in line], 4 * size)
    # the pieces a label is tried beside: a curve in PLACE_STEPS, as the label's places spread along each
    coarse = [bezier_points(edge[2], PLACE_STEPS) + [edge[3]] for edge in edges]
    places = [list(zip(line, line[1:], strict=False)) for line in coarse]
    gap = ring.CLEARANCE * size
    boxes = [edge[6] for edge in edges]
    centre = bounds(nodes).centre
    frame = bounds(nodes + [Rect(x, y, 0, 0) for line in lines for x, y in line])
    partner = {k: j for k, a in enumerate(edges) for j, b in enumerate(edges) if a[:2] == b[1::-1]}
    out = list(edges)

    def theirs(k: int, box: Rect) -> bool:
        j = partner.get(k)
        return j is None or _distance(box, segments[k]) < _distance(box, segments[j])

    # the labels first, numbered as their edges, then the nodes, each with its clearance, then
    # the arrowheads, which lie below the labels and must show
    heads = [_head_box(edge[2][-1], edge[3], size) for edge in edges]
    blocked = _Boxes([b.inflated(gap) for b in boxes] + [n.inflated(gap) for n in nodes] + heads, 4 * size)
    for k in range(len(edges)):
        if inside:
            if frame.contains(boxes[k]):
                continue
        elif _distance(boxes[k], segments[k]) <= LEADER_FROM * size + gap:
            clear = not any(boxes[k].overlaps(head) for head in heads)
            if clear and not every.touch(boxes[k]) and theirs(k, boxes[k]):
                continue

        def free(box: Rect, k: int = k) -> bool:
            if inside and not frame.contains(box):
                return False
            return not blocked.hit(box, k) and not every.touch(box) and theirs(k, box)

        middle = len(places[k]) / 2
        own = [seg for _, seg in sorted(enumerate(places[k]), key=lambda entry: abs(entry[0] - middle))]
        beside = (
            box
            for extra in (FURTHER[:2] if inside else FURTHER)
            for p, q in (own[:INSIDE_NEAR] if inside else own)
            if math.dist(p, q) >= 1e-6
            for box in _beside(p, q, labels[k], centre, size, extra * size)
        )
        spot = next((box for box in beside if free(box)), None)
        if spot is None and not inside:  # further round the middle of its route, with a leader line
            spot = next((box for box in _around(lines[k][len(lines[k]) // 2], labels[k], size) if free(box)), None)
        if spot is not None:
            boxes[k] = spot
            blocked.move(k, spot.inflated(gap))
            out[k] = (*edges[k][:6], spot)
    return out


def _head_box(base: Point, tip: Point, size: float) -> Rect:
    """The box round the arrowhead from `base` (where its route ends) to `tip`, HEAD_ROOM times
    as long and as wide as the layout draws it, as the deck may draw it."""
    corners = _head(base, tip, size, HEAD_ROOM)
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _head(base: Point, tip: Point, size: float, room: float = 1.0) -> tuple[Point, Point, Point]:
    """The arrowhead triangle (tip, then its two barbs) of a route ending at `base`, pointing
    to `tip`, `room` times as long and as wide as the layout draws it."""
    from . import layout as ring

    ux, uy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(ux, uy) or 1.0
    ux, uy = ux / length, uy / length
    back = base if room == 1.0 else (tip[0] - ux * length * room, tip[1] - uy * length * room)
    half = ring.ARROW_WIDTH * size / 2 * room
    return (tip, (back[0] - uy * half, back[1] + ux * half), (back[0] + uy * half, back[1] - ux * half))


def _around(point: Point, block, size: float) -> list[Rect]:
    """Label boxes centred on rings ever further round `point`, 16 places a ring."""
    out = []
    for ring in range(1, AROUND_RINGS + 1):
        reach = ring * size + max(block.w, block.h) / 2
        for step in range(16):
            angle = math.pi * step / 8
            x, y = point[0] + reach * math.cos(angle), point[1] + reach * math.sin(angle)
            out.append(Rect(x - block.w / 2, y - block.h / 2, block.w, block.h))
    return out


def _beside(p: Point, q: Point, block, centre: Point, size: float, extra: float) -> list[Rect]:
    """The ring layout's label places beside segment p–q, moved `extra` further from it."""
    from . import layout as ring

    length = math.dist(p, q)
    nx, ny = (q[1] - p[1]) / length, -(q[0] - p[0]) / length
    out = []
    for box in ring._candidates(p, q, block, None, centre, size):
        sign = 1.0 if (box.centre[0] - p[0]) * nx + (box.centre[1] - p[1]) * ny >= 0 else -1.0
        out.append(box.moved(sign * nx * extra, sign * ny * extra))
    return out


def _distance(box: Rect, segments: list[tuple[Point, Point]]) -> float:
    corners = [(box.x, box.y), (box.right, box.y), (box.x, box.bottom), (box.right, box.bottom), box.centre]
    return min(segment_distance(c, p, q)[0] for c in corners for p, q in segments)


class _Boxes:
    """Numbered boxes filed in a grid of square cells like _Segments, so that finding one that
    overlaps a box looks only at those in the cells it covers; a box can be moved."""

    def __init__(self, boxes: list[Rect], cell: float) -> None:
        self._cell = cell
        self._boxes = list(boxes)
        self._grid: dict[tuple[int, int], set[int]] = {}
        for k, box in enumerate(boxes):
            self._file(k, box, True)

    def _file(self, k: int, box: Rect, add: bool) -> None:
        c = self._cell
        for i in range(math.floor(box.x / c), math.floor(box.right / c) + 1):
            for j in range(math.floor(box.y / c), math.floor(box.bottom / c) + 1):
                cell = self._grid.setdefault((i, j), set())
                cell.add(k) if add else cell.discard(k)

    def move(self, k: int, box: Rect) -> None:
        self._file(k, self._boxes[k], False)
        self._boxes[k] = box
        self._file(k, box, True)

    def hit(self, box: Rect, skip: int) -> bool:
        """True when a box other than number `skip` overlaps `box`."""
        c = self._cell
        for i in range(math.floor(box.x / c), math.floor(box.right / c) + 1):
            for j in range(math.floor(box.y / c), math.floor(box.bottom / c) + 1):
                if any(k != skip and box.overlaps(self._boxes[k]) for k in self._grid.get((i, j), ())):
                    return True
        return False


class _Segments:
    """Segments filed in a grid of square cells, so that finding those touching a box looks only
    at the few in the cells the box covers; each may carry the number of the edge it belongs to."""

    def __init__(self, segments: list[tuple[Point, Point]], cell: float, owners: list[int] | None = None) -> None:
        self._cell = cell
        self._grid: dict[tuple[int, int], list[tuple[Point, Point, int]]] = {}
        for (p, q), owner in zip(segments, owners or [-1] * len(segments), strict=True):
            for key in self._keys(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])):
                self._grid.setdefault(key, []).append((p, q, owner))

    def _keys(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
        c = self._cell
        return [
            (i, j)
            for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1)
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1)
        ]

    def touch(self, box: Rect, skip: int | None = None) -> bool:
        """True when any segment (but those of edge number `skip`) touches `box`."""
        for key in self._keys(box.x, box.y, box.right, box.bottom):
            for p, q, owner in self._grid.get(key, ()):
                if owner != skip and box.hits_segment(p, q):
                    return True
        return False


def _ends(routed, sizes, links) -> list[tuple[int, int]]:
    """The side of its box each edge end lies on: (tail side, head side) per edge."""
    out = []
    for k, (s, t) in enumerate(links):
        boxes = [
            Rect(x - b.w / 2, y - b.h / 2, b.w, b.h)
            for (x, y), b in ((routed.centres[s], sizes[s]), (routed.centres[t], sizes[t]))
        ]
        out.append((border_point(boxes[0], routed.routes[k][0])[1], border_point(boxes[1], routed.tips[k])[1]))
    return out


def _lonely(sides: list[tuple[int, int]], links: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Edge ends alone on their side of their box, pinned to its middle (by dot compass point)."""
    count: dict[tuple[int, int], int] = {}
    for (s, t), (a, b) in zip(links, sides, strict=True):
        for key in ((s, a), (t, b)):
            count[key] = count.get(key, 0) + 1
    ports = {}
    for k, ((s, t), (a, b)) in enumerate(zip(links, sides, strict=True)):
        if count[s, a] == 1:
            ports[k, 0] = _COMPASS[a]
        if count[t, b] == 1:
            ports[k, 1] = _COMPASS[b]
    return ports


def _finish(spec, sizes, labels, nodes, edges, measure, size):
    from . import layout as ring

    margin = ring.MARGIN * size
    polylines = [bezier_points((*controls, tip)[:-1]) + [tip] for _, _, controls, tip, *_ in edges]
    label_boxes = [edge[6] for edge in edges]
    frame = bounds(nodes + label_boxes + [Rect(x, y, 0, 0) for line in polylines for x, y in line])
    canvas = frame.inflated(margin)
    legend = ring._legend(measure, size)
    inner = canvas.inflated(-margin)
    blocked = [box.inflated(ring.CLEARANCE * size) for box in nodes + label_boxes]
    segments = [(a, b) for line in polylines for a, b in zip(line, line[1:], strict=False)]
    corners = [
        Rect(inner.right - legend.w, inner.bottom - legend.h, legend.w, legend.h),
        Rect(inner.x, inner.bottom - legend.h, legend.w, legend.h),
        Rect(inner.right - legend.w, inner.y, legend.w, legend.h),
        Rect(inner.x, inner.y, legend.w, legend.h),
    ]
    spot = next((c for c in corners if inner.contains(c) and ring._free(c, blocked, segments)), None)
    if spot is None:
        canvas = Rect(canvas.x, canvas.y, max(canvas.w, legend.w + 2 * margin), canvas.h + legend.h + margin)
        spot = Rect(canvas.right - margin - legend.w, canvas.bottom - margin - legend.h, legend.w, legend.h)
    dx, dy = -canvas.x, -canvas.y
    moved = [box.moved(dx, dy) for box in nodes]
    return ring.DiagramLayout(
        width=canvas.w,
        height=canvas.h,
        font_size=size,
        line_height=ring.LINE_HEIGHT * size,
        line_width=ring.LINE_WIDTH * size,
        dash=(ring.DASH[0] * ring.LINE_WIDTH * size, ring.DASH[1] * ring.LINE_WIDTH * size),
        corner_radius=ring.CORNER_RADIUS * size,
        nodes=tuple(
            ring.NodeBox(name, box, block.lines) for name, box, block in zip(spec.nodes, moved, sizes, strict=True)
        ),
        edges=tuple(
            _edge(edge, block, moved, not flow.confirmed, size, dx, dy)
            for edge, block, flow in zip(edges, labels, spec.edges, strict=True)
        ),
        legend=ring.Legend(spot.moved(dx, dy), legend.lines),
    )


def _edge(edge, block, nodes: list[Rect], dashed: bool, size: float, dx: float, dy: float):
    """One routed edge on the canvas: its curve (or a straight line), arrowhead, label, leader."""
    from . import layout as ring

    s, t, controls, tip, source_side, target_side, box = edge
    controls = tuple((x + dx, y + dy) for x, y in controls)
    tip = (tip[0] + dx, tip[1] + dy)
    box = box.moved(dx, dy)
    start, base = controls[0], controls[-1]
    if _straight((*controls, tip), size):
        controls, base = (), _back(start, tip, ring.ARROW_LENGTH * size)
    head = _head(base, tip, size)
    line = bezier_points(controls) + [tip] if controls else [start, tip]
    label = ring.Label(box, block.lines, _leader(box, line, size))
    glued = (_at_site(start, nodes[s], source_side, size), _at_site(tip, nodes[t], target_side, size))
    return ring.EdgePath(s, t, (start, tip), head, source_side, target_side, *glued, dashed, label, controls)


def _straight(points: tuple[Point, ...], size: float) -> bool:
    a, b = points[0], points[-1]
    return all(segment_distance(p, a, b)[0] <= STRAIGHT * size for p in points[1:-1])


def _back(start: Point, tip: Point, length: float) -> Point:
    """The point `length` back from `tip` towards `start`: the middle of the arrowhead's base."""
    d = math.dist(start, tip) or 1.0
    return (tip[0] - (tip[0] - start[0]) * length / d, tip[1] - (tip[1] - start[1]) * length / d)


def _at_site(point: Point, box: Rect, side: int, size: float) -> bool:
    return math.dist(point, box.site(side)) < 1e-3 * size


def _leader(box: Rect, line: list[Point], size: float) -> tuple[Point, Point] | None:
    """A thin line from the label's border to the nearest point of its edge, when it is far."""
    best = None
    corners = [(box.x, box.y), (box.right, box.y), (box.x, box.bottom), (box.right, box.bottom), box.centre]
    for a, b in zip(line, line[1:], strict=False):
        for corner in corners:
            distance, near = segment_distance(corner, a, b)
            if best is None or distance < best[0]:
                best = (distance, near)
    if best is None:
        return None
    near = best[1]
    from_box, _ = border_point(box, near)
    inside = box.x < near[0] < box.right and box.y < near[1] < box.bottom
    if inside or math.dist(from_box, near) <= LEADER_FROM * size:
        return None
    return from_box, near
