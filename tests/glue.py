"""Reading a flow slide's node shapes and connectors back and judging their glue.

In: the root element of a slide part. Out: each node shape's connection sites on the slide (a
preset rectangle's four side middles, or a custom geometry's own cxnLst), each connector's two
end points as a viewer draws them (its frame's top-left and bottom-right corners, flipped and
then turned about the centre), and the problems found where a connector is not glued at both
ends to the site its end sits on. Everything in EMU.
"""

from __future__ import annotations

import math

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
TOLERANCE = 3  # EMU: a site and an end this close coincide (rounding to whole EMU on both sides)


def name(element) -> str:
    return element.find(f".//{P}cNvPr").get("name")


def frame(element) -> tuple[float, float, float, float]:
    xfrm = element.find(f"{P}spPr/{A}xfrm")
    off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
    return float(off.get("x")), float(off.get("y")), float(ext.get("cx")), float(ext.get("cy"))


def sites(shape) -> list[tuple[float, float]]:
    """The connection sites of a node shape on the slide."""
    x, y, w, h = frame(shape)
    geometry = shape.find(f"{P}spPr/{A}custGeom")
    if geometry is None:
        preset = shape.find(f"{P}spPr/{A}prstGeom").get("prst")
        assert preset in ("rect", "roundRect"), preset
        local = [(w / 2, 0.0), (0.0, h / 2), (w / 2, h), (w, h / 2)]
    else:
        local = [(float(pos.get("x")), float(pos.get("y"))) for pos in geometry.iterfind(f"{A}cxnLst/{A}cxn/{A}pos")]
    return [(x + u, y + v) for u, v in local]


def ends(connector) -> tuple[tuple[float, float], tuple[float, float]]:
    """A connector's begin and end on the slide."""
    x, y, w, h = frame(connector)
    xfrm = connector.find(f"{P}spPr/{A}xfrm")
    turn = math.radians(int(xfrm.get("rot", "0")) / 60000)
    cx, cy = x + w / 2, y + h / 2
    out = []
    for u, v in ((0.0, 0.0), (w, h)):
        u = w - u if xfrm.get("flipH") == "1" else u
        v = h - v if xfrm.get("flipV") == "1" else v
        du, dv = u - w / 2, v - h / 2
        out.append((cx + du * math.cos(turn) - dv * math.sin(turn), cy + du * math.sin(turn) + dv * math.cos(turn)))
    return out[0], out[1]


def glue_problems(root, sources: list[int], targets: list[int]) -> list[str]:
    """What is wrong with the glue of the slide's "Flow edge" connectors, which join node
    `sources[k]` to `targets[k]` (indices of the "Flow node" shapes); freeform edges (p:sp) are
    skipped. Every connector must name both boxes, a site index each box has, and a site that
    lies where the connector's end is drawn."""
    nodes = [el for el in root.iter(f"{P}sp") if name(el).startswith("Flow node ")]
    ids = {el.find(f".//{P}cNvPr").get("id"): el for el in nodes}
    edges = [el for el in root.iter(f"{P}sp", f"{P}cxnSp") if name(el).startswith("Flow edge ")]
    problems = []
    for k, element in enumerate(edges):
        if element.tag != f"{P}cxnSp":
            continue
        drawn = ends(element)
        for tag, node, point in (("stCxn", sources[k], drawn[0]), ("endCxn", targets[k], drawn[1])):
            link = element.find(f"{P}nvCxnSpPr/{P}cNvCxnSpPr/{A}{tag}")
            if link is None:
                problems.append(f"edge {k + 1}: no {tag}")
                continue
            shape = ids.get(link.get("id"))
            if shape is not nodes[node]:
                problems.append(f"edge {k + 1}: {tag} names shape {link.get('id')}, not node {node + 1}")
                continue
            found = sites(shape)
            index = int(link.get("idx"))
            if not 0 <= index < len(found):
                problems.append(f"edge {k + 1}: {tag} idx {index} of {len(found)} sites")
            elif math.dist(found[index], point) > TOLERANCE:
                problems.append(f"edge {k + 1}: {tag} site {found[index]} is not its end {point}")
    return problems


def connectors(root) -> list:
    """Every p:cxnSp of the slide."""
    return list(root.iter(f"{P}cxnSp"))


def odp_ends(content: str) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """Each connector's first and last point as LibreOffice drew it, by name, in EMU: read from
    the path of every draw:connector in the content.xml of the ODP it converted a deck into
    (its paths are absolute, in hundredths of a millimetre)."""
    import re

    found = {}
    for tag in re.findall(r"<draw:connector [^>]*>", content):
        label = re.search(r'draw:name="([^"]*)"', tag).group(1)
        tokens = re.findall(r"[A-Za-z]|-?[\d.]+", re.search(r'svg:d="([^"]*)"', tag).group(1))
        x = y = 0.0
        start, command, i = None, "", 0
        while i < len(tokens):
            if tokens[i].isalpha():
                command, i = tokens[i], i + 1
                continue
            size = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6}[command.lower()]
            values = [float(v) for v in tokens[i : i + size]]
            i += size
            relative = command.islower() and start is not None
            if command.lower() == "h":
                x = x + values[0] if relative else values[0]
            elif command.lower() == "v":
                y = y + values[0] if relative else values[0]
            else:
                x, y = (x + values[-2], y + values[-1]) if relative else (values[-2], values[-1])
            if start is None:
                start = (x, y)
        found[label] = ((start[0] * 360, start[1] * 360), (x * 360, y * 360))
    return found
