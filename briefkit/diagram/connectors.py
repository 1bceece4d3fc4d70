"""Which slide connector follows an edge's route: a route in, a preset connector's frame out.

In: an `EdgePath` of a `DiagramLayout` (points, origin top-left, y down). Out: a `Connector`
naming the preset geometry a slide deck draws between the edge's two ends (straight, elbow or
curved), the frame it is drawn in (centre, size, rotation and flips, as a deck stores them) and
its adjust value, or None when no connector comes within FOLLOW font sizes of the route (a
route that bends back on itself, say) without crossing a node, where the deck
draws the route as a freeform. Straight routes take a straight connector, routes of level and
upright runs an elbow, all others a curved one, leaving and entering the boxes square to the
sides the route meets; the adjust value and the turn are those that bring the connector nearest
the route.

The preset paths are those of the Office Open XML drawing presets, in the connector's own frame
from its top-left (the begin) to its bottom-right (the end): a straight line; `bentConnector2`
along the top and down the right; `bentConnector3` across to adj1 of the width, down, and on;
`curvedConnector2` and `curvedConnector3` the same as Bézier curves. A curved route that
neither of those follows closely enough, or only across a node, may take one with more bends:
`curvedConnector4` (across to adj1 of the width, over to adj2 of the height, on, and down into
the end) or `curvedConnector5` (the same, then down again at adj3 of the width and across into
the end), their adjust values found by a coarse search and refined step by step. A viewer
flips the frame, then turns it clockwise about its centre. Nothing is drawn here; the deck
copies the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .geometry import BOTTOM, LEFT, RIGHT, TOP, Point, bezier_points

if TYPE_CHECKING:
    import numpy as np

    from .layout import DiagramLayout, EdgePath

STRAIGHT, ELBOW, CURVED = "straight", "elbow", "curved"
_CURVES = ("curvedConnector2", "curvedConnector3")
FOLLOW = 2.0  # in font sizes: how far a connector may stray from its route and still stand for it
AXIS = 1e-3  # in font sizes: a segment this close to level or upright runs along an axis
_COARSE = tuple(range(-100000, 200001, 20000))  # adj1 values tried first, in 1/100000 of the width
_FINE = tuple(range(-15000, 15001, 2500))  # then these around the best of them
_SAMPLES = 24
_BENDS = ("curvedConnector4", "curvedConnector5")  # tried in turn when the simpler curves fail
_GRID = {2: tuple(range(-100000, 200001, 37500)), 3: tuple(range(-100000, 200001, 75000))}  # per adjust
_COARSE_ROUTE = 24  # about as many points of the route as the search measures against
_STEPS = (20000, 8000, 3000)  # the refinement's steps, in 1/100000 of the frame
_OUT = {TOP: (0.0, -1.0), LEFT: (-1.0, 0.0), BOTTOM: (0.0, 1.0), RIGHT: (1.0, 0.0)}  # leaving a side
_IN = {side: (-x, -y) for side, (x, y) in _OUT.items()}  # entering it


@dataclass(frozen=True)
class Connector:
    """A preset connector from `begin` to `end`: its kind, the preset's name, its frame (centre,
    width and height before turning), the clockwise turn in degrees (0 or 90), the flips, the
    adj1 value (None for presets without one) and any further adjust values."""

    kind: str
    preset: str
    begin: Point
    end: Point
    centre: Point
    width: float
    height: float
    rotation: int
    flip_h: bool
    flip_v: bool
    adjust: int | None
    more: tuple[int, ...] = ()  # adj2 (and adj3) of the presets with more bends


def connector(edge: EdgePath, layout: DiagramLayout) -> Connector | None:
    """The connector that follows `edge` of `layout`, or None where none comes close enough to
    its route without crossing a node."""
    return fit(
        _route(edge),
        not edge.curve,
        layout.font_size,
        (edge.source_side, edge.target_side),
        lambda option: not _blocked(path(option), layout),
    )


def fit(route: list[Point], straight: bool, size: float, sides: tuple[int, int], allowed=None) -> Connector | None:
    """The connector nearest the polyline `route` (from its begin to its arrow tip) that leaves
    its source and enters its target square to their `sides` (0 top, 1 left, 2 bottom, 3
    right), or None when none comes within FOLLOW font sizes of it. The simplest presets are
    tried first; a curve with more bends only where they fail or where `allowed` (when given)
    refuses what they found."""
    option = _simple(route, straight, size, sides)
    if option is not None and (allowed is None or allowed(option)):
        return option
    if straight or (option is not None and option.kind == ELBOW) or _axis_aligned(route, size):
        return None
    for preset in _BENDS:
        for stray, found in _bends(preset, route, sides, FOLLOW * size):
            if stray <= FOLLOW * size and (allowed is None or allowed(found)):
                return found
    return None


def _simple(route: list[Point], straight: bool, size: float, sides: tuple[int, int]) -> Connector | None:
    """The straight, one-bend or two-bend connector nearest the route, as `fit` says."""
    begin, end = route[0], route[-1]
    if straight:
        return _frame(STRAIGHT, "straightConnector1", begin, end, 0, None)
    kind, pair = (ELBOW, ("bentConnector2", "bentConnector3")) if _axis_aligned(route, size) else (CURVED, _CURVES)
    best: tuple[float, Connector] | None = None
    for rotation in (0, 90):
        for preset, adjusts in ((pair[0], (None,)), (pair[1], _COARSE)):
            for adjust in adjusts:
                best = _better(best, _frame(kind, preset, begin, end, rotation, adjust), route, sides)
    if best is not None and best[1].adjust is not None:
        found = best[1]
        for step in _FINE:
            option = _frame(kind, found.preset, begin, end, found.rotation, found.adjust + step)
            best = _better(best, option, route, sides)
    return best[1] if best is not None and best[0] <= FOLLOW * size else None


def controls(option: Connector) -> tuple[Point, ...]:
    """A curved connector's cubic Bézier control points (1 + 3k) on the canvas."""
    local = _local(option.preset, option.width, option.height, (option.adjust, *option.more))
    return tuple(_placed(option, point) for point in local)


def _local(preset: str, w: float, h: float, adjusts: tuple) -> tuple[Point, ...]:
    """A curved preset's control points in its own frame, as the drawing presets define them."""
    if preset == "curvedConnector2":
        return ((0.0, 0.0), (w / 2, 0.0), (w, h / 2), (w, h))
    if preset == "curvedConnector3":
        x = w * adjusts[0] / 100000
        return ((0.0, 0.0), (x / 2, 0.0), (x, h / 4), (x, h / 2), (x, 3 * h / 4), ((w + x) / 2, h), (w, h))
    x2, y4 = w * adjusts[0] / 100000, h * adjusts[1] / 100000
    y1 = y4 / 2
    y2, y3, y5 = y1 / 2, (y1 + y4) / 2, (h + y4) / 2
    if preset == "curvedConnector4":
        x3 = (w + x2) / 2
        return (
            (0.0, 0.0), (x2 / 2, 0.0), (x2, y2), (x2, y1), (x2, y3), ((x2 + x3) / 2, y4), (x3, y4),
            ((x3 + w) / 2, y4), (w, y5), (w, h),
        )  # fmt: skip
    x3, x6 = x2, w * adjusts[2] / 100000
    x1 = (x3 + x6) / 2
    return (
        (0.0, 0.0), (x3 / 2, 0.0), (x3, y2), (x3, y1), (x3, y3), ((x3 + x1) / 2, y4), (x1, y4),
        ((x6 + x1) / 2, y4), (x6, (y5 + y4) / 2), (x6, y5), (x6, (y5 + h) / 2), ((x6 + w) / 2, h), (w, h),
    )  # fmt: skip


def _bends(preset: str, route: list[Point], sides: tuple[int, int], limit: float) -> list:
    """The `preset` (curvedConnector4 or 5) connectors nearest the route that leave and enter
    square to `sides`, one for each turn, nearest first, each with how far it strays: every
    adjust value of a coarse grid at once, then the best of them moved by ever smaller _STEPS
    while that brings it nearer. A turn whose coarse best strays more than twice `limit` is
    given up unrefined."""
    import numpy as np

    count = 2 if preset == "curvedConnector4" else 3
    if (sides[0] % 2 == sides[1] % 2) != (count == 3):  # 4 turns a quarter round, 5 does not
        return []
    begin, end = route[0], route[-1]
    line = np.asarray(route[:: max(1, len(route) // _COARSE_ROUTE)] + route[-1:], dtype=float)
    grid = np.array(np.meshgrid(*[_GRID[count]] * count, indexing="ij")).reshape(count, -1).T
    found: list[tuple[float, Connector]] = []
    for rotation in (0, 90):
        frame = _frame(CURVED, preset, begin, end, rotation, 0, (0,) * (count - 1))
        if frame is None:
            continue
        strays = _strays(frame, grid, line, sides, 3)
        k = int(np.argmin(strays))
        if not strays[k] <= 2 * limit:
            continue
        values = grid[k]
        score = float(_strays(frame, values[None], line, sides, _SAMPLES // 4)[0])
        for step in _STEPS:
            around = np.array(np.meshgrid(*[(-step, 0, step)] * count, indexing="ij")).reshape(count, -1).T
            while True:
                tried = values + around
                near = _strays(frame, tried, line, sides, _SAMPLES // 4)
                j = int(np.argmin(near))
                if not near[j] < score - 1e-9:
                    break
                values, score = tried[j], float(near[j])
        option = replace(frame, adjust=int(values[0]), more=tuple(int(v) for v in values[1:]))
        found.append((_stray(path(option), route), option))
    return sorted(found, key=lambda entry: entry[0])


def _strays(
    frame: Connector, adjusts: np.ndarray, line: np.ndarray, sides: tuple[int, int], samples: int
) -> np.ndarray:
    """For each row of adjust values, how far the connector of `frame`'s preset and frame with
    those values (each Bézier segment sampled at `samples` points) strays from the polyline
    `line`; infinite where it does not leave and enter its boxes square to their `sides`."""
    import numpy as np

    w, h = frame.width, frame.height
    local = _local(frame.preset, w, h, tuple(adjusts[:, k].astype(float) for k in range(adjusts.shape[1])))
    u = np.stack([np.broadcast_to(np.asarray(x, dtype=float), len(adjusts)) for x, _ in local], axis=1)
    v = np.stack([np.broadcast_to(np.asarray(y, dtype=float), len(adjusts)) for _, y in local], axis=1)
    u = (w - u if frame.flip_h else u) - w / 2
    v = (h - v if frame.flip_v else v) - h / 2
    if frame.rotation == 90:
        u, v = -v, u
    points = np.stack([frame.centre[0] + u, frame.centre[1] + v], axis=2)  # (rows, controls, 2)
    first, last = points[:, 1] - points[:, 0], points[:, -1] - points[:, -2]
    square = (_heading(first, _OUT[sides[0]]) > 0.7) & (_heading(last, _IN[sides[1]]) > 0.7)
    steps = np.linspace(0.0, 1.0, samples + 1)[1:, None]
    weights = np.hstack([(1 - steps) ** 3, 3 * steps * (1 - steps) ** 2, 3 * steps**2 * (1 - steps), steps**3])
    pieces = [points[:, :1]]
    for k in range(0, points.shape[1] - 3, 3):
        pieces.append(np.einsum("sj,rjd->rsd", weights, points[:, k : k + 4]))
    curves = np.concatenate(pieces, axis=1)
    stray = np.maximum(_nearest(curves, line).max(axis=1), _nearest_each(line, curves).max(axis=1))
    return np.where(square, stray, np.inf)


def _heading(runs: np.ndarray, direction: Point) -> np.ndarray:
    """How nearly each run (rows of dx, dy) heads along `direction`: the cosine between them."""
    import numpy as np

    length = np.sqrt((runs**2).sum(axis=1))
    along = runs[:, 0] * direction[0] + runs[:, 1] * direction[1]
    return np.where(length > 1e-9, along / np.maximum(length, 1e-12), -1.0)


def _nearest(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """The distance from each of `points` (rows, n, 2) to the polyline `line` (m, 2)."""
    import numpy as np

    start, delta = line[:-1], line[1:] - line[:-1]
    return np.sqrt(_to_segments(points[:, :, None, 0], points[:, :, None, 1], start, delta).min(axis=2))


def _nearest_each(line: np.ndarray, curves: np.ndarray) -> np.ndarray:
    """The distance from each point of `line` (m, 2) to each polyline of `curves` (rows, n, 2)."""
    import numpy as np

    start, delta = curves[:, None, :-1], curves[:, None, 1:] - curves[:, None, :-1]
    return np.sqrt(_to_segments(line[None, :, None, 0], line[None, :, None, 1], start, delta).min(axis=2))


def _to_segments(x: np.ndarray, y: np.ndarray, start: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """The squared distance from each point (x, y) to each segment from `start` along `delta`
    (arrays whose last axis holds x and y), broadcast together: the coordinates are kept apart
    so that no sum runs over an axis of two (as fast, and the very same floating-point sums)."""
    import numpy as np

    dx, dy = delta[..., 0], delta[..., 1]
    length = np.maximum(dx * dx + dy * dy, 1e-12)
    ox, oy = x - start[..., 0], y - start[..., 1]
    t = np.clip((ox * dx + oy * dy) / length, 0.0, 1.0)
    ox -= t * dx
    oy -= t * dy
    ox *= ox
    oy *= oy
    ox += oy
    return ox


def _better(best: tuple[float, Connector] | None, option: Connector | None, route: list[Point], sides):
    """`option` with how far it strays from `route`, where it strays less than `best` and
    leaves and enters its boxes square to their sides."""
    if option is None:
        return best
    ends = controls(option) if option.kind == CURVED else path(option)  # their first and last runs
    if not (_square(ends[0], ends[1], _OUT[sides[0]]) and _square(ends[-2], ends[-1], _IN[sides[1]])):
        return best
    stray = _stray(path(option), route)
    return (stray, option) if best is None or stray < best[0] - 1e-9 else best


def _square(p: Point, q: Point, direction: Point) -> bool:
    """True when the run from p to q heads along `direction`."""
    length = math.dist(p, q)
    return length > 1e-9 and ((q[0] - p[0]) * direction[0] + (q[1] - p[1]) * direction[1]) / length > 0.7


def path(option: Connector) -> list[Point]:
    """The connector as a viewer draws it, as a polyline on the canvas from begin to end."""
    w, h = option.width, option.height
    if option.preset == "straightConnector1":
        local = [(0.0, 0.0), (w, h)]
    elif option.preset == "bentConnector2":
        local = [(0.0, 0.0), (w, 0.0), (w, h)]
    elif option.preset == "bentConnector3":
        x = w * option.adjust / 100000
        local = [(0.0, 0.0), (x, 0.0), (x, h), (w, h)]
    else:
        return bezier_points(controls(option), _SAMPLES // 2)
    return [_placed(option, point) for point in local]


def _frame(
    kind: str, preset: str, begin: Point, end: Point, rotation: int, adjust: int | None, more: tuple[int, ...] = ()
) -> Connector | None:
    """The frame that puts the preset's begin at `begin` and its end at `end` when turned by
    `rotation`; None when it would have no width or height (a curve needs both)."""
    dx, dy = end[0] - begin[0], end[1] - begin[1]
    a, b = (dx, dy) if rotation == 0 else (dy, -dx)  # the begin-to-end vector turned back
    if kind != STRAIGHT and (abs(a) < 1e-9 or abs(b) < 1e-9):
        return None
    centre = ((begin[0] + end[0]) / 2, (begin[1] + end[1]) / 2)
    return Connector(kind, preset, begin, end, centre, abs(a), abs(b), rotation, a < 0, b < 0, adjust, more)


def _placed(option: Connector, point: Point) -> Point:
    """A point of the connector's own frame on the canvas: flipped, then turned clockwise."""
    u, v = point
    w, h = option.width, option.height
    u, v = (w - u if option.flip_h else u) - w / 2, (h - v if option.flip_v else v) - h / 2
    if option.rotation == 90:
        u, v = -v, u
    return (option.centre[0] + u, option.centre[1] + v)


def _route(edge: EdgePath) -> list[Point]:
    return bezier_points(edge.curve) + [edge.points[-1]] if edge.curve else list(edge.points)


def _axis_aligned(route: list[Point], size: float) -> bool:
    return all(min(abs(p[0] - q[0]), abs(p[1] - q[1])) <= AXIS * size for p, q in zip(route, route[1:], strict=False))


def _stray(line: list[Point], route: list[Point]) -> float:
    """How far apart two polylines come at worst, each measured from the other.

    numpy is imported where it measures, here and in the curve fitting, not with the module: a
    deck whose flows all take straight connectors never measures one, and numpy's import (0.08 s
    of CPU) cost as much as python-pptx's.
    """
    import numpy as np

    a, b = np.asarray(line, dtype=float), np.asarray(route, dtype=float)
    return max(_far(a, b), _far(b, a))


def _far(points: np.ndarray, other: np.ndarray) -> float:
    """The largest distance from one of `points` to the polyline `other`."""
    import numpy as np

    start, delta = other[:-1], other[1:] - other[:-1]
    sx, sy, dx, dy = start[:, 0], start[:, 1], delta[:, 0], delta[:, 1]
    x, y = points[:, None, 0], points[:, None, 1]
    t = np.clip(((x - sx) * dx + (y - sy) * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
    ex, ey = x - (sx + t * dx), y - (sy + t * dy)
    return float(np.sqrt((ex * ex + ey * ey).min(axis=1).max()))


def stray(option: Connector, edge: EdgePath) -> float:
    """How far the connector comes from the edge's route at worst, in points."""
    return _stray(path(option), _route(edge))


def _blocked(line: list[Point], layout: DiagramLayout) -> bool:
    """True when the line crosses the inside of a node. (Labels were placed beside the route,
    which for a layered flow is the connector's own curve wherever that crosses no node.)"""
    return crosses(line, [node.box for node in layout.nodes], layout.font_size)


def crosses(line: list[Point], boxes: list, size: float) -> bool:
    """True when the polyline passes through the inside of any of `boxes` (touching a border,
    as where an edge leaves its node, is not crossing)."""
    inner = [box.inflated(-1e-3 * size) for box in boxes]
    return any(box.hits_segment(p, q) for box in inner for p, q in zip(line, line[1:], strict=False))
