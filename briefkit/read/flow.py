"""The flow mini-language inside ```flow fences.

In: the fence's text and the file line of its first content line. Out: a `FlowSpec`.

    caption: Reported supply flows
    # a comment
    North Korea -> Russia: munitions, artillery shells, ballistic missiles?

Each edge line is `SOURCE -> TARGET: item, item, ...`; nodes are created by first mention; an
item ending in `?` is unconfirmed. One arrow per line; node names hold no ':' and no '->'. Limits
keep every diagram readable: 40 nodes, 80 edges. A flow of more than 8 nodes or 16 edges is laid
out by Graphviz's dot, so without it such a flow is an error at its fence naming the package.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagram.dot import PACKAGE, RING_EDGES, RING_NODES, dot_available, needs_dot
from ..errors import ContentError, Problem
from ..model import FlowEdge, FlowItem, FlowSpec

MAX_NODES = 40
MAX_EDGES = 80
_EDGE = re.compile(r"(?P<source>[^:]*?)\s*->\s*(?P<target>[^:]*?)\s*:(?P<items>.*)")
_CAPTION = re.compile(r"caption\s*:(?P<caption>.*)", re.IGNORECASE)
_SYNTAX = 'flow: expected "SOURCE -> TARGET: items"'


class _PastLimit(ContentError):
    """A flow block passes its node or edge limit: reported once, at the line that passes it."""


def parse_flow(text: str, path: Path, first_line: int, fence_line: int) -> FlowSpec:
    """Parse a flow block whose content starts on file line `first_line`.

    Every line is read; all the block's problems are raised together, in line order.
    """
    caption: list[str] = []
    nodes: list[str] = []
    edges: list[FlowEdge] = []
    seen: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    for offset, raw in enumerate(text.replace("→", "->").split("\n")):  # a written arrow reads as ->
        line_no = first_line + offset
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            edge = _line(line, path, line_no, caption, seen)
            if edge is not None:
                _add(edge, nodes, edges, path)
                seen[edge.source, edge.target] = line_no
        except _PastLimit as error:  # every later line would pass it too
            problems += error.problems
            break
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    if not edges:
        raise ContentError.at(path, fence_line, "flow: empty flow block", 'add lines like "A -> B: items"')
    if needs_dot(len(nodes), len(edges)) and not dot_available():
        raise ContentError.at(
            path,
            fence_line,
            f"flow: {len(nodes)} nodes and {len(edges)} flows need Graphviz's dot to lay out, and it is not installed",
            f"install the '{PACKAGE}' package, or split the block into flows of at most {RING_NODES} nodes"
            f" and {RING_EDGES} flows",
        )
    return FlowSpec(caption[0] if caption else None, tuple(nodes), tuple(edges), fence_line)


def _line(line: str, path: Path, line_no: int, caption: list[str], seen: dict[tuple[str, str], int]) -> FlowEdge | None:
    """The edge one line gives, or None for a caption line (appended to `caption`); errors raise."""
    caption_match = _CAPTION.fullmatch(line)
    if caption_match and "->" not in line:
        if caption:
            raise ContentError.at(path, line_no, "flow: a second caption", "give one caption per flow block")
        text = " ".join(caption_match["caption"].split())
        if not text:
            raise ContentError.at(
                path, line_no, "flow: empty caption", "write the caption after caption:, or drop the line"
            )
        caption.append(text)
        return None
    match = _EDGE.fullmatch(line)
    if not match:
        raise ContentError.at(path, line_no, _SYNTAX, "write e.g. North Korea -> Russia: munitions, shells?")
    source, target = " ".join(match["source"].split()), " ".join(match["target"].split())
    if "->" in target:  # `A -> B -> C: x` would otherwise make a node named "B -> C"
        raise ContentError.at(path, line_no, _SYNTAX, "one arrow per line: write A -> B and B -> C apart")
    if not source or not target:
        raise ContentError.at(path, line_no, "flow: a node name is empty", "name both ends of the arrow")
    if source == target:
        raise ContentError.at(
            path, line_no, f"flow: '{source}' cannot flow to itself", "name two different nodes, or drop the line"
        )
    if (source, target) in seen:
        raise ContentError.at(
            path,
            line_no,
            f"flow: {source} -> {target} is given twice (first on line {seen[source, target]})",
            "list all its items on one line",
        )
    return FlowEdge(source, target, _items(match["items"], path, line_no), line_no)


def _add(edge: FlowEdge, nodes: list[str], edges: list[FlowEdge], path: Path) -> None:
    """Add an edge and its new nodes, or raise _PastLimit where the block passes a limit."""
    for node in (edge.source, edge.target):
        if node not in nodes:
            if len(nodes) == MAX_NODES:
                raise _PastLimit.at(
                    path, edge.line, f"flow: more than {MAX_NODES} nodes", "split the diagram into two flow blocks"
                )
            nodes.append(node)
    if len(edges) == MAX_EDGES:
        raise _PastLimit.at(
            path, edge.line, f"flow: more than {MAX_EDGES} flows", "split the diagram into two flow blocks"
        )
    edges.append(edge)


def _items(text: str, path: Path, line_no: int) -> tuple[FlowItem, ...]:
    items = []
    for raw in text.split(","):
        item = " ".join(raw.split())
        confirmed = not item.endswith("?")
        item = item.rstrip("?").rstrip()
        if not item:
            raise ContentError.at(path, line_no, "flow: an item is empty", "separate items with single commas")
        items.append(FlowItem(item, confirmed))
    return tuple(items)
