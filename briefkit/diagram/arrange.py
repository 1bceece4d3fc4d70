"""Where each node of a flow sits: the order around the ring, and which node (if any) is its hub.

In: each node's box size (in first-mention order), the arrows as (source, target) index pairs
and the ellipse's width over height. Out: `Arrangement`s (the ring, and a star around a hub when
one links to three or more others), each the order with the fewest crossing arrows, then the
fewest crowded sides, then the shortest arrows; and `centres`, which puts an arrangement's
nodes on an ellipse of a given size.

Nodes sit at evenly spaced slots on an ellipse, a hub at its centre. Whether two straight
arrows between node centres cross depends only on the order of the slots (an ellipse is a
stretched circle, and stretching keeps crossings), so crossings are counted exactly from slot
numbers, and lengths are taken on a unit circle. A side is crowded when two of a node's two-way
pairs would leave it by the same side: only one pair per side can run between side midpoints,
where a deck glues it to both boxes. Which side an arrow leaves by depends on the direction
between two slots and the box's proportions, not on the ellipse's size, so it is known before
any spreading.

The search tries every order that keeps the first-mentioned node in the first slot, on the left
(turning a ring changes no crossing), skipping mirror images where they cost the same, and
abandons an order as soon as it costs as much as the best found. It starts from first-mention
order and keeps it unless another is strictly better, so the same flow always comes out the same
and a flow that needs no change gets none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from .geometry import BOTTOM, LEFT, RIGHT, TOP, Point

_HUB = -1  # the slot of a star's hub, at the centre of the ring
_TOLERANCE = 1e-9  # lengths closer than this are equal
_Cost = tuple[int, int, int, float]  # arrows through the hub, crossings, crowded sides, total length


@dataclass(frozen=True)
class Arrangement:
    """`ring` lists node indices in slot order around the ellipse; `hub` sits at its centre.
    `crossings` counts pairs of arrows between node centres that cross, `crowded` the two-way
    pairs leaving a node by a side another of its pairs already takes."""

    ring: tuple[int, ...]
    hub: int | None
    crossings: int
    crowded: int


def centres(arrangement: Arrangement, spread: float, ratio: float) -> list[Point]:
    """Node centres by node index: side by side `spread` apart for two, else on an ellipse
    `spread` wide each way from the middle and `ratio` times less high, the hub in the middle."""
    slots = len(arrangement.ring)
    points = [(0.0, 0.0)] * (slots + (arrangement.hub is not None))
    for slot, node in enumerate(arrangement.ring):
        x, y = _slot(slot, slots, ratio)
        points[node] = (spread * x, spread * y)
    return points


def _slot(slot: int, slots: int, ratio: float) -> Point:
    """Slot `slot` of `slots` for a spread of 1: the first on the left, then clockwise on screen."""
    if slots == 2:
        return (slot - 0.5, 0.0)
    turn = {3: math.pi / 6, 4: math.pi / 4}.get(slots, 0.0)
    angle = math.pi + turn + 2 * math.pi * slot / slots
    return (math.cos(angle), math.sin(angle) / ratio)


def arrangements(boxes: list[tuple[float, float]], links: set[tuple[int, int]], ratio: float) -> list[Arrangement]:
    """The best ring arrangement, then the best star one when a node links to three or more of
    at least four nodes and some order keeps every arrow clear of the hub.

    `boxes` are the nodes' (width, height). The hub is the node linked to most others; among
    equally linked ones each is tried, the first-mentioned first, and a later one is taken only
    when strictly better.
    """
    count = len(boxes)
    pairs = {_pair(a, b) for a, b in links}
    both = {pair for pair in pairs if pair in links and pair[::-1] in links}
    found = [_best(boxes, pairs, both, None, ratio)[0]]
    degree = [sum(i in pair for pair in pairs) for i in range(count)]
    hubs = [i for i in range(count) if degree[i] == max(degree) >= 3] if count >= 4 else []
    star: tuple[Arrangement, _Cost] | None = None
    for hub in hubs:
        option = _best(boxes, pairs, both, hub, ratio)
        if star is None or _better(option[1], star[1]):
            star = option
    if star is not None and star[1][0] == 0:
        found.append(star[0])
    return found


def _best(
    boxes: list[tuple[float, float]],
    pairs: set[tuple[int, int]],
    both: set[tuple[int, int]],
    hub: int | None,
    ratio: float,
) -> tuple[Arrangement, _Cost]:
    """The cheapest order of the nodes other than `hub` around the ring, and its cost.

    The first of them keeps the first slot, on the left; the others are placed busiest first, so
    costs show up early and most orders are abandoned before they are complete.
    """
    nodes = [i for i in range(len(boxes)) if i != hub]
    slots = len(nodes)
    table = _table(slots)
    where = {slot: _slot(slot, slots, ratio) for slot in range(slots)} | {_HUB: (0.0, 0.0)}

    def partners(n: int, among: set[tuple[int, int]]) -> list[int | None]:
        """The ring nodes (by position in `nodes`) that `among` pairs with node n, None for the hub."""
        hub_too = hub is not None and _pair(n, hub) in among
        return [j for j, m in enumerate(nodes) if _pair(n, m) in among] + [None] * hub_too

    linked = [partners(n, pairs) for n in nodes]
    two_way = [partners(n, both) for n in nodes]
    order = [0, *sorted(range(1, slots), key=lambda k: (-len(linked[k]), k))]
    # turned upside down (slot k to slot -k), a ring of five or more keeps every cost
    mirrors = slots >= 5

    def side(node: int, start: int, end: int) -> int:
        """The side of `node`'s box that an arrow from slot start to slot end leaves by."""
        (x0, y0), (x1, y1) = where[start], where[end]
        w, h = boxes[node]
        if abs(y1 - y0) * w > abs(x1 - x0) * h:
            return BOTTOM if y1 > y0 else TOP
        return RIGHT if x1 > x0 else LEFT

    def place(
        cost: _Cost, mask: int, sides: frozenset, k: int, slot_of: dict[int, int]
    ) -> tuple[_Cost, int, frozenset]:
        """`cost`, the `mask` of drawn segments and the `sides` each node's pairs take, after
        the k-th node takes slot_of[k]."""
        through, crossings, crowded, length = cost
        here = slot_of[k]
        for j in linked[k]:
            if j is not None and j not in slot_of:
                continue
            segment = table.index[_pair(here, _HUB if j is None else slot_of[j])]
            through += table.through[segment]
            length += table.length[segment]
            crossings += (table.cross[segment] & mask).bit_count()
            mask |= 1 << segment
        for j in two_way[k]:
            if j is not None and j not in slot_of:
                continue
            there, other = (_HUB, hub) if j is None else (slot_of[j], nodes[j])
            for node, start, end in ((nodes[k], here, there), (other, there, here)):
                taken = (node, side(node, start, end))
                crowded += taken in sides
                sides |= {taken}
        return (through, crossings, crowded, length), mask, sides

    def cost_of(slot_of: dict[int, int]) -> _Cost:
        cost, mask, sides, done = (0, 0, 0, 0.0), 0, frozenset(), {}
        for k in order:
            done[k] = slot_of[k]
            cost, mask, sides = place(cost, mask, sides, k, done)
        return cost

    best_slots = {k: k for k in range(slots)}
    best_cost = cost_of(best_slots)

    def search(slot_of: dict[int, int], cost: _Cost, mask: int, sides: frozenset) -> None:
        nonlocal best_slots, best_cost
        if len(slot_of) == slots:
            best_slots, best_cost = dict(slot_of), cost
            return
        k = order[len(slot_of)]
        taken = set(slot_of.values())
        for slot in range(slots):
            if slot in taken or (mirrors and len(slot_of) == 1 and 2 * slot > slots):
                continue
            slot_of[k] = slot
            trial = place(cost, mask, sides, k, slot_of)
            if _better(trial[0], best_cost):
                search(slot_of, *trial)
            del slot_of[k]

    search({0: 0}, *place((0, 0, 0, 0.0), 0, frozenset(), 0, {0: 0}))
    ring = [0] * slots
    for k, slot in best_slots.items():
        ring[slot] = nodes[k]
    return Arrangement(tuple(ring), hub, best_cost[1], best_cost[2]), best_cost


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _better(cost: _Cost, than: _Cost) -> bool:
    """True when `cost` is strictly lower: fewer arrows through the hub, then fewer crossings,
    then fewer crowded sides, then a shorter total length."""
    if cost[:3] != than[:3]:
        return cost[:3] < than[:3]
    return cost[3] < than[3] - _TOLERANCE


@dataclass(frozen=True)
class _Table:
    """For a ring of `slots`, every segment between two slots or a slot and the hub: its number
    by slot pair, and by number its length on a unit circle, whether it runs through the hub and
    the set of segments it crosses (as bits)."""

    index: dict[tuple[int, int], int]
    length: tuple[float, ...]
    through: tuple[int, ...]
    cross: tuple[int, ...]


@cache
def _table(slots: int) -> _Table:
    segments = [(_HUB, a) for a in range(slots)] + [(a, b) for a in range(slots) for b in range(a + 1, slots)]
    return _Table(
        {segment: i for i, segment in enumerate(segments)},
        tuple(1.0 if a == _HUB else 2 * math.sin(math.pi * (b - a) / slots) for a, b in segments),
        tuple(int(a != _HUB and 2 * (b - a) == slots) for a, b in segments),
        tuple(sum(1 << i for i, f in enumerate(segments) if _crosses(e, f, slots)) for e in segments),
    )


def _crosses(e: tuple[int, int], f: tuple[int, int], slots: int) -> bool:
    """True when the segments between slot pairs e and f cross (sharing an end is no crossing).

    Two chords cross when exactly one end of one lies on each side of the other; a chord
    crosses the hub's segment to slot x when x lies inside the chord's shorter arc.
    """
    if set(e) & set(f):
        return False
    if e[0] == _HUB:
        e, f = f, e
    a, b = e

    def inside(x: int, start: int, end: int) -> bool:
        """x strictly on the arc going up from slot start to slot end."""
        return 0 < (x - start) % slots < (end - start) % slots

    if f[0] == _HUB:
        x = f[1]
        return inside(x, a, b) if 2 * (b - a) < slots else 2 * (b - a) > slots and inside(x, b, a)
    return inside(f[0], a, b) != inside(f[1], a, b)
