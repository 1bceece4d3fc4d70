"""Plane geometry for the flow layout: rectangles, segments and where a line crosses a box.

In: points and rectangles in points, origin top-left, y down. Out: overlap and crossing tests
and the border point where a line leaves or enters a rectangle, with the side it crosses. Sides
are numbered like a rectangle's connection sites in a slide deck: 0 top, 1 left, 2 bottom,
3 right, so the deck drawer can glue connectors to the side the layout chose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

Point = tuple[float, float]

TOP, LEFT, BOTTOM, RIGHT = 0, 1, 2, 3
_EPS = 1e-9
_REACH = 1e-6  # in points: a segment further than this to one side of a box misses it, however rounded


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box: top-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> Point:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def site(self, side: int) -> Point:
        """The middle of a side, where a slide deck's rectangle has its connection site."""
        x, y = self.centre
        return {TOP: (x, self.y), LEFT: (self.x, y), BOTTOM: (x, self.bottom), RIGHT: (self.right, y)}[side]

    def moved(self, dx: float, dy: float) -> Rect:
        return replace(self, x=self.x + dx, y=self.y + dy)

    def inflated(self, by: float) -> Rect:
        return Rect(self.x - by, self.y - by, self.w + 2 * by, self.h + 2 * by)

    def overlaps(self, other: Rect) -> bool:
        """True when the interiors meet; boxes that only touch do not overlap."""
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def on_border(self, point: Point, tolerance: float = 1e-6) -> bool:
        """True when `point` lies on the rectangle's outline."""
        x, y = point
        inside = (
            self.x - tolerance <= x <= self.right + tolerance and self.y - tolerance <= y <= self.bottom + tolerance
        )
        near_edge = min(abs(x - self.x), abs(x - self.right), abs(y - self.y), abs(y - self.bottom)) <= tolerance
        return inside and near_edge

    def hits_segment(self, p: Point, q: Point) -> bool:
        """True when the segment p–q passes through the rectangle's interior or border."""
        if (
            min(p[0], q[0]) > self.right + _REACH
            or max(p[0], q[0]) < self.x - _REACH
            or min(p[1], q[1]) > self.bottom + _REACH
            or max(p[1], q[1]) < self.y - _REACH
        ):
            return False  # wholly to one side: the span below would lie beyond the segment's ends too
        span = line_span(p, q, self)
        return span is not None and span[0] <= 1 and span[2] >= 0


def bounds(rects: list[Rect]) -> Rect:
    """The smallest rectangle holding all of `rects`."""
    left = min(r.x for r in rects)
    top = min(r.y for r in rects)
    return Rect(left, top, max(r.right for r in rects) - left, max(r.bottom for r in rects) - top)


def line_span(p: Point, q: Point, rect: Rect) -> tuple[float, int, float, int] | None:
    """Where the infinite line through p and q (p + t·(q − p)) is inside `rect`.

    Returns (t_enter, side_entered, t_exit, side_left), or None when the line misses the box.
    """
    t_in, t_out = -math.inf, math.inf
    side_in = side_out = -1
    for delta, start, low, high, low_side, high_side in (
        (q[0] - p[0], p[0], rect.x, rect.right, LEFT, RIGHT),
        (q[1] - p[1], p[1], rect.y, rect.bottom, TOP, BOTTOM),
    ):
        if abs(delta) < _EPS:
            if not low <= start <= high:
                return None
            continue
        a, b, side_a, side_b = (low - start) / delta, (high - start) / delta, low_side, high_side
        if a > b:
            a, b, side_a, side_b = b, a, side_b, side_a
        if a > t_in:
            t_in, side_in = a, side_a
        if b < t_out:
            t_out, side_out = b, side_b
    if t_in > t_out:
        return None
    return t_in, side_in, t_out, side_out


def border_point(rect: Rect, point: Point) -> tuple[Point, int]:
    """The point of `rect`'s outline nearest `point`, and the side it lies on."""
    x = min(max(point[0], rect.x), rect.right)
    y = min(max(point[1], rect.y), rect.bottom)
    distances = {TOP: abs(y - rect.y), LEFT: abs(x - rect.x), BOTTOM: abs(rect.bottom - y), RIGHT: abs(rect.right - x)}
    side = min(distances, key=lambda s: (distances[s], s))
    snapped = {TOP: (x, rect.y), LEFT: (rect.x, y), BOTTOM: (x, rect.bottom), RIGHT: (rect.right, y)}[side]
    return snapped, side


def bezier_points(controls: tuple[Point, ...], steps: int = 12) -> list[Point]:
    """A polyline through the cubic Bézier curve given by 1 + 3k control points."""
    out = [controls[0]]
    for k in range(0, len(controls) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls[k : k + 4]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def segment_distance(p: Point, a: Point, b: Point) -> tuple[float, Point]:
    """The distance from p to the segment a–b, and the segment's point nearest p."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length < _EPS else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    near = (a[0] + t * dx, a[1] + t * dy)
    return math.dist(p, near), near
