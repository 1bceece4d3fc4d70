"""Where a slide deck's connectors glue to their boxes: a DiagramLayout in, connection sites out.

In: a `DiagramLayout` (points, origin top-left, y down). Out: `Sites`, for every node the
connection sites a deck gives its shape, and for every edge the site index each of its ends is
glued to. The first four sites of every node are the middles of its sides in the order a
preset rectangle numbers them (0 top, 1 left, 2 bottom, 3 right), so an end that sits at a
side's middle keeps that index; every other end point gets a site of its own after them, on
the side it meets (ends at the same point share one). A node with only those four sites can
stay a preset shape; one with more needs a geometry of its own that lists them. Nothing is
drawn here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .geometry import BOTTOM, LEFT, RIGHT, TOP, Point

if TYPE_CHECKING:
    from .layout import DiagramLayout

SIDES = (TOP, LEFT, BOTTOM, RIGHT)  # the preset rectangle's site order
SAME = 1e-3  # in font sizes: ends this close share a site


@dataclass(frozen=True)
class Site:
    """A connection site on a node's border: its point on the canvas and the side it lies on."""

    point: Point
    side: int


@dataclass(frozen=True)
class Sites:
    """`nodes[i]`: node i's sites, its four side middles first; `ends[k]`: the site indices
    (in its source's sites, in its target's sites) that edge k's two ends are glued to."""

    nodes: tuple[tuple[Site, ...], ...]
    ends: tuple[tuple[int, int], ...]


def connection_sites(layout: DiagramLayout) -> Sites:
    """Every node's connection sites and the one each edge end is glued to."""
    found = [[Site(node.box.site(side), side) for side in SIDES] for node in layout.nodes]
    near = SAME * layout.font_size

    def index(node: int, point: Point, side: int) -> int:
        for k, site in enumerate(found[node]):
            if math.dist(site.point, point) < near:
                return k
        found[node].append(Site(point, side))
        return len(found[node]) - 1

    ends = tuple(
        (index(e.source, e.points[0], e.source_side), index(e.target, e.points[-1], e.target_side))
        for e in layout.edges
    )
    return Sites(tuple(tuple(sites) for sites in found), ends)


def angle(side: int) -> int:
    """The direction a connector comes in from at a site of `side`, in 60000ths of a degree
    clockwise from the x axis, as a deck's connection site states it (a top site faces up)."""
    return {TOP: 270, LEFT: 180, BOTTOM: 90, RIGHT: 0}[side] * 60000
