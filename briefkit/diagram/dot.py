"""Graphviz `dot` as the layered layout engine for large flows.

In: a `DotRequest`: node box sizes and label box sizes in points (measured with our own fonts),
the edges as (source, target) index pairs, the flow's direction ("LR" or "TB"), the arrowhead
length and the gaps.
Out: `Routed`, every node centre, every edge's Bézier route from the source box's border to the
base of its arrowhead and its arrowhead tip, and every label centre, in points with the origin
top-left and y down. Nothing is drawn here and no text is measured by Graphviz: nodes are
`fixedsize` boxes of our sizes and labels are empty fixed-size HTML cells, so dot only decides
where things go. The same input always gives the same output (dot is deterministic).
"""

from __future__ import annotations

import functools
import json
import math
import shutil
import subprocess
import threading
from dataclasses import dataclass

from .geometry import Point

# beyond these the ring layout stops and dot lays a flow out
RING_NODES, RING_EDGES = 8, 16
PACKAGE = "graphviz"
_TIMEOUT = 120  # seconds: dot lays out 40 nodes in well under one


class DotError(RuntimeError):
    """dot is missing or failed; the message says which and what to install."""


@dataclass(frozen=True)
class Routed:
    width: float
    height: float
    centres: tuple[Point, ...]
    routes: tuple[tuple[Point, ...], ...]  # cubic Bézier control points: 1 + 3k per edge
    tips: tuple[Point, ...]
    labels: tuple[Point, ...]


def needs_dot(nodes: int, edges: int) -> bool:
    """True when a flow of this size is laid out by dot rather than on a ring."""
    return nodes > RING_NODES or edges > RING_EDGES


def dot_available() -> bool:
    return shutil.which("dot") is not None


@dataclass(frozen=True)
class DotRequest:
    """What dot lays out: node box sizes, edges as (source, target) index pairs and label cell
    sizes, all in points; the direction ("LR" or "TB"), the arrowhead length, the gaps between
    boxes of one layer and between layers; and `ports`, edge ends (edge index, 0 tail or 1 head)
    pinned to the middle of one side of their box ("n", "w", "s" or "e"); `loose`, the edges
    that do not decide the layers (drawn all the same), which folds long chains back."""

    boxes: tuple[tuple[float, float], ...]
    edges: tuple[tuple[int, int], ...]
    labels: tuple[tuple[float, float], ...]
    direction: str
    arrow: float
    node_gap: float
    rank_gap: float
    ports: tuple[tuple[tuple[int, int], str], ...] = ()
    loose: tuple[int, ...] = ()


def route(request: DotRequest) -> Routed:
    """Lay the graph out with dot, once for each request made again (where two wrap widths
    measure a flow alike, and in each layout of one flow a build makes), also where the same
    request is made side by side; DotError where dot is missing or fails."""
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(request, threading.Lock())
    try:
        with lock:
            outcome = _routed(request)
    finally:
        with _LOCKS_LOCK:  # kept only while the request is being made: later ones find it made
            _LOCKS.pop(request, None)
    return outcome


_LOCKS: dict[DotRequest, threading.Lock] = {}  # the requests dot is running
_LOCKS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1024)
def _routed(request: DotRequest) -> Routed:
    """What dot makes of the request; a failure is not kept (the dot found may change)."""
    source = _source(request)
    if not dot_available():
        raise DotError(f"Graphviz's dot is not installed (install the '{PACKAGE}' package)")
    try:
        done = subprocess.run(
            ["dot", "-Tjson"], input=source, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DotError(f"Graphviz's dot did not run: {exc}") from None
    if done.returncode != 0:
        raise DotError(f"Graphviz's dot failed: {done.stderr.strip()[:200]}")
    return _read(json.loads(done.stdout), request.edges)


def _source(request: DotRequest) -> str:
    """The DOT text: sizes in inches for nodes, whole points for the label cells."""
    ports, loose = dict(request.ports), set(request.loose)
    lines = [
        "digraph flow {",
        f"graph [rankdir={request.direction}, splines=true, nodesep={request.node_gap / 72:.4f},"
        f' ranksep="{request.rank_gap / 72:.4f}", margin=0, pad=0, outputorder=edgesfirst];',
        'node [shape=box, fixedsize=true, label=""];',
        f"edge [arrowhead=normal, arrowsize={request.arrow / 10:.4f}];",
    ]
    for i, (w, h) in enumerate(request.boxes):
        lines.append(f"n{i} [width={w / 72:.5f}, height={h / 72:.5f}];")
    for k, ((s, t), (w, h)) in enumerate(zip(request.edges, request.labels, strict=True)):
        cell = (
            '<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0"><TR>'
            f'<TD FIXEDSIZE="TRUE" WIDTH="{math.ceil(w)}" HEIGHT="{math.ceil(h)}"></TD></TR></TABLE>>'
        )
        pinned = "".join(f", {end}port={ports[k, i]}" for i, end in enumerate(("tail", "head")) if (k, i) in ports)
        free = ", constraint=false" if k in loose else ""
        lines.append(f"n{s} -> n{t} [label={cell}{pinned}{free}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _read(data: dict, edges: tuple[tuple[int, int], ...]) -> Routed:
    """dot's JSON in points, y flipped to run down from the top; nodes found by name, edges by
    their two ends (a flow holds each ordered pair once)."""
    _, _, width, height = (float(v) for v in data["bb"].split(","))

    def point(text: str) -> Point:
        x, y = text.split(",")
        return (float(x), height - float(y))

    objects = data.get("objects", [])
    number = {obj["_gvid"]: int(obj["name"][1:]) for obj in objects}
    centres = [point(obj["pos"]) for obj in sorted(objects, key=lambda obj: number[obj["_gvid"]])]
    by_ends = {(number[e["tail"]], number[e["head"]]): e for e in data.get("edges", [])}
    if len(centres) != len(number) or any(pair not in by_ends for pair in edges):
        raise DotError("Graphviz's dot left part of the flow out")
    routes, tips, labels = [], [], []
    for edge in (by_ends[pair] for pair in edges):
        parts = edge["pos"].split()
        controls = tuple(point(p) for p in parts if not p.startswith(("e,", "s,")))
        ends = {p[:1]: point(p[2:]) for p in parts if p.startswith(("e,", "s,"))}
        if "e" not in ends and "s" in ends:  # a loose edge dot wrote from its head back to its tail
            controls, ends["e"] = controls[::-1], ends["s"]
        if "e" not in ends:
            raise DotError("Graphviz's dot left an arrowhead out")
        routes.append(controls)
        tips.append(ends["e"])
        labels.append(point(edge["lp"]))
    return Routed(width, height, tuple(centres), tuple(routes), tuple(tips), tuple(labels))
