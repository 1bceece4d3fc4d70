"""Large flows (9 to 40 nodes, up to 80 edges) laid out in layers by Graphviz dot: the same
promises as the ring layout on random networks, curves drawn natively in every output, and a
warning wherever the text comes out too small to read."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

try:  # tests/ as a package, or as a plain folder on sys.path
    from .glue import connectors, ends, glue_problems, odp_ends
    from .test_diagram_layout import ITEMS, NAMES, SIZE, check, measure
    from .xsd import schema_errors
except ImportError:
    from glue import connectors, ends, glue_problems, odp_ends
    from test_diagram_layout import ITEMS, NAMES, SIZE, check, measure
    from xsd import schema_errors

from briefkit.diagram.geometry import Rect, bezier_points, segment_distance
from briefkit.diagram.layout import LAYERED_FORMS, DiagramLayout, _theme_draft, _theme_layered, layout_flow, layout_spec
from briefkit.diagram.readable import slide_minimum, slide_text
from briefkit.model import FlowEdge, FlowItem, FlowSpec

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
BOX = (48.0, 107.6, 864.0, 374.4)  # a flow slide's body: left, top, width, height in points


SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)  # dot runs per example: shrinking takes minutes


@st.composite
def networks(draw) -> FlowSpec:
    """9 to 40 connected nodes and up to 80 edges, each ordered pair at most once."""
    nodes = draw(st.lists(NAMES, min_size=9, max_size=40, unique=True))
    pairs = []
    for i in range(1, len(nodes)):  # every node linked to an earlier one, either way
        j = draw(st.integers(0, i - 1))
        pairs.append((nodes[j], nodes[i]) if draw(st.booleans()) else (nodes[i], nodes[j]))
    others = [(a, b) for a in nodes for b in nodes if a != b and (a, b) not in pairs]
    pairs += draw(st.lists(st.sampled_from(others), max_size=80 - len(pairs), unique=True))
    edges = tuple(FlowEdge(a, b, draw(ITEMS), line) for line, (a, b) in enumerate(pairs, start=2))
    return FlowSpec(None, tuple(nodes), edges, 1)


def route(edge) -> list[tuple[float, float]]:
    """The edge as drawn, as a polyline from its start to its arrow tip."""
    return bezier_points(edge.curve) + [edge.points[-1]] if edge.curve else list(edge.points)


def distance(box: Rect, line: list[tuple[float, float]]) -> float:
    """How far the label's box is from the nearest point of the polyline."""
    pieces = list(zip(line, line[1:], strict=False))
    return min(segment_distance(corner, p, q)[0] for corner in corners(box) for p, q in pieces)


def corners(box: Rect) -> list[tuple[float, float]]:
    return [(box.x, box.y), (box.right, box.y), (box.x, box.bottom), (box.right, box.bottom), box.centre]


def inside(point: tuple[float, float], triangle) -> bool:
    """True when `point` lies strictly inside the triangle."""

    def turn(a, b) -> float:
        return (b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0])

    a, b, c = triangle
    signs = [turn(a, b), turn(b, c), turn(c, a)]
    return all(v > 1e-9 for v in signs) or all(v < -1e-9 for v in signs)


def crosses(box: Rect, line: list[tuple[float, float]]) -> bool:
    return any(box.hits_segment(p, q) for p, q in zip(line, line[1:], strict=False))


def check_layered(layout: DiagramLayout, spec: FlowSpec) -> None:
    """The ring layout's promises, and those only a routed layout has to keep."""
    check(layout, spec)
    canvas = Rect(0, 0, layout.width, layout.height)
    nodes = [node.box for node in layout.nodes]
    lines = [route(edge) for edge in layout.edges]
    for k, edge in enumerate(layout.edges):
        box = edge.label.box
        for j, line in enumerate(lines):
            if j != k:
                assert not crosses(box, line), "a label lies on an edge it does not name"
        back = (edge.target, edge.source)
        partner = next((j for j, e in enumerate(layout.edges) if (e.source, e.target) == back), None)
        if partner is not None:
            assert distance(box, lines[k]) < distance(box, lines[partner]), "a label sits nearer the other of its pair"
        for x, y in lines[k] + list(edge.head):
            assert -1e-6 <= x <= canvas.w + 1e-6 and -1e-6 <= y <= canvas.h + 1e-6, "an edge leaves the canvas"
        if edge.curve:
            assert len(edge.curve) % 3 == 1 and edge.curve[0] == edge.points[0]
            assert math.dist(edge.curve[-1], edge.points[-1]) == pytest.approx(0.8 * layout.font_size, rel=0.01)
        if edge.label.leader is not None:
            start, end = edge.label.leader
            assert box.on_border(start, 1e-6), "a leader does not start at its label"
            near = min(segment_distance(end, p, q)[0] for p, q in zip(lines[k], lines[k][1:], strict=False))
            assert near < 1e-6, "a leader misses its edge"
        tip = edge.points[-1]
        for other in nodes[: edge.target] + nodes[edge.target + 1 :] + [e.label.box for e in layout.edges]:
            assert not other.inflated(-1e-6).contains(Rect(*tip, 0, 0)), "an arrowhead is hidden under a box"
        for other in layout.edges:
            if other is not edge:
                assert not inside(tip, other.head), "an arrowhead is hidden under another"


@settings(max_examples=6, deadline=None, suppress_health_check=SLOW, phases=NO_SHRINK, derandomize=True)
@given(networks())
def test_random_networks_keep_every_promise(spec):
    check_layered(layout_spec(spec, measure, SIZE), spec)


@settings(max_examples=4, deadline=None, suppress_health_check=SLOW, phases=NO_SHRINK, derandomize=True)
@given(networks())
def test_random_networks_keep_every_promise_laid_out_for_a_slide_body(spec):
    from briefkit.diagram.layered import legible

    layout = layout_spec(spec, measure, SIZE, box=BOX[2:])
    check_layered(layout, spec)
    assert legible(layout)


@settings(max_examples=3, deadline=None, suppress_health_check=SLOW, phases=NO_SHRINK, derandomize=True)
@given(networks())
def test_random_networks_keep_every_promise_in_a_report_column(spec):
    check_layered(layout_spec(spec, measure, SIZE, max_width=480.0), spec)


# ---------------------------------------------------------------- the networks to look at

SANCTIONS = (
    ("EU", "Turkey", "machine tools, cars"),
    ("EU", "Kazakhstan", "electronics, drones, artillery parts?"),
    ("Turkey", "Russia", "machine tools, microchips?"),
    ("Kazakhstan", "Russia", "electronics, drones"),
    ("China", "Russia", "microchips, drones, ball bearings"),
    ("China", "Kazakhstan", "microchips"),
    ("UAE", "Russia", "finance, luxury cars?"),
    ("Russia", "UAE", "oil, gold"),
    ("Iran", "Russia", "drones, ammunition"),
    ("Russia", "Iran", "fighter jets?, air defence?"),
    ("North Korea", "Russia", "artillery shells, ballistic missiles?"),
    ("Russia", "North Korea", "oil, food aid?"),
    ("Belarus", "Russia", "troops transit?, trucks"),
    ("Russia", "Belarus", "gas, nuclear weapons?"),
)


def items(edge: FlowEdge) -> str:
    """An edge's items as a flow line writes them, unconfirmed ones marked '?'."""
    return ", ".join(item.text + ("" if item.confirmed else "?") for item in edge.items)


def flow(rows) -> FlowSpec:
    edges = []
    for line, (a, b, items) in enumerate(rows, start=2):
        parts = [part.strip() for part in items.split(",")]
        edges.append(FlowEdge(a, b, tuple(FlowItem(p.rstrip("?"), not p.endswith("?")) for p in parts), line))
    nodes = list(dict.fromkeys(name for a, b, _ in rows for name in (a, b)))
    return FlowSpec("Sanctions", tuple(nodes), tuple(edges), 1)


@pytest.fixture(scope="module")
def theme():
    from briefkit.theme import load_theme

    return load_theme(None, Path("brief.md"))


@pytest.fixture(scope="module")
def sanctions(theme) -> tuple[FlowSpec, DiagramLayout]:
    spec = flow(SANCTIONS)
    return spec, layout_flow(spec, theme)


def test_nine_economies_are_laid_out_left_to_right_the_same_way_every_time(sanctions, theme):
    spec, layout = sanctions
    assert len(spec.nodes) == 9
    assert layout == layout_flow(spec, theme)
    centre = {node.name: node.box.centre for node in layout.nodes}
    assert centre["EU"][0] < centre["Turkey"][0] < centre["Russia"][0]  # suppliers to the left
    assert any(edge.curve for edge in layout.edges)


def test_a_small_flow_keeps_the_ring_layout(theme):
    spec = flow(SANCTIONS[:6])
    layout = layout_flow(spec, theme)
    assert len(spec.nodes) <= 8 and not any(edge.curve for edge in layout.edges)


# ---------------------------------------------------------------- the deck


@pytest.fixture(scope="module")
def deck(sanctions, theme):
    from pptx import Presentation
    from pptx.util import Inches

    from briefkit.diagram.draw_pptx import draw_flow

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    draw_flow(slide, sanctions[1], theme, *BOX)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def slide_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("ppt/slides/slide1.xml"))


def shapes_named(root, prefix: str) -> list:
    return [el for el in root.iter(f"{P}sp", f"{P}cxnSp") if el.find(f".//{P}cNvPr").get("name").startswith(prefix)]


def test_the_deck_has_one_shape_per_node_and_one_per_edge_each_with_an_arrowhead(sanctions, deck):
    spec, layout = sanctions
    root = slide_xml(deck)
    assert len(shapes_named(root, "Flow node ")) == len(spec.nodes)
    edges = shapes_named(root, "Flow edge ")
    assert len(edges) == len(spec.edges)
    for element, edge in zip(edges, layout.edges, strict=True):
        tail = element.find(f".//{A}ln/{A}tailEnd")
        assert tail is not None and tail.get("type") == "triangle"
        dash = element.find(f".//{A}ln/{A}prstDash")
        assert (dash is not None and dash.get("val") == "dash") == edge.dashed


def drawn_connector(element, scale: float, x0: float, y0: float):
    """The connector as the slide stores it, back in layout points."""
    from briefkit.diagram.connectors import Connector

    xfrm = element.find(f"{P}spPr/{A}xfrm")
    off, ext = xfrm.find(f"{A}off"), xfrm.find(f"{A}ext")
    w, h = int(ext.get("cx")) / 12700 / scale, int(ext.get("cy")) / 12700 / scale
    left, top = (int(off.get("x")) / 12700 - x0) / scale, (int(off.get("y")) / 12700 - y0) / scale
    preset = element.find(f"{P}spPr/{A}prstGeom")
    values = [int(gd.get("fmla").split()[1]) for gd in preset.iterfind(f"{A}avLst/{A}gd")]
    assert [gd.get("name") for gd in preset.iterfind(f"{A}avLst/{A}gd")] == [f"adj{k + 1}" for k in range(len(values))]
    return Connector(
        "", preset.get("prst"), (0, 0), (0, 0), (left + w / 2, top + h / 2), w, h,
        int(xfrm.get("rot", "0")) // 60000, xfrm.get("flipH") == "1", xfrm.get("flipV") == "1",
        values[0] if values else None, tuple(values[1:]),
    )  # fmt: skip


def check_connectors(data: bytes, layout: DiagramLayout, box=BOX) -> int:
    """Every edge one shape: a connector of its route's kind drawn along the route and glued at
    both ends to a connection site of its boxes that lies where the end is drawn, or a freeform
    where no connector can follow the route; returns how many are freeforms. Lines that join no
    boxes (leaders, legend samples) are no connectors."""
    from briefkit.diagram.connectors import FOLLOW, connector, path
    from briefkit.diagram.draw_pptx import slide_scale

    root = slide_xml(data)
    assert glue_problems(root, [e.source for e in layout.edges], [e.target for e in layout.edges]) == []
    assert all(el.find(f".//{P}cNvPr").get("name").startswith("Flow edge ") for el in connectors(root))
    scale = slide_scale(layout, *box[2:])
    x0 = box[0] + (box[2] - layout.width * scale) / 2
    y0 = box[1] + (box[3] - layout.height * scale) / 2
    freeforms = 0
    for element, edge in zip(shapes_named(root, "Flow edge "), layout.edges, strict=True):
        if element.tag == f"{P}sp":  # a freeform only where no connector follows the route
            assert connector(edge, layout) is None and edge.curve
            freeforms += 1
            continue
        assert element.tag == f"{P}cxnSp"
        drawn = drawn_connector(element, scale, x0, y0)
        kind = "straightConnector1" if not edge.curve else "curvedConnector"
        assert drawn.preset.startswith(kind)
        line = path(drawn)
        assert math.dist(line[0], edge.points[0]) < 0.01 and math.dist(line[-1], edge.points[-1]) < 0.01
        assert distance(Rect(*line[len(line) // 2], 0, 0), route(edge)) <= FOLLOW * layout.font_size + 0.01
    return freeforms


def check_heads(data: bytes, layout: DiagramLayout, box=BOX) -> None:
    """Every edge's arrowhead as a viewer draws it on the slide (its preset width and length in
    line widths, no less than the floor viewers keep for thin lines) is within 1.35 times the
    layout's arrowhead at the slide's scale (or the nearest size a viewer can draw); every edge
    lies above every node, so no box hides its arrowhead, and an arrowhead drawn at the layout's
    size lies under no label."""
    from briefkit.diagram.draw_pptx import head_size, slide_scale

    root = slide_xml(data)
    order = [el.find(f".//{P}cNvPr").get("name") for el in root.iter(f"{P}sp", f"{P}cxnSp")]
    nodes = [k for k, name in enumerate(order) if name.startswith("Flow node ")]
    labels = [k for k, name in enumerate(order) if name.startswith("Flow label ")]
    edges = [k for k, name in enumerate(order) if name.startswith("Flow edge ")]
    assert max(nodes) < min(edges) and max(edges) < min(labels)
    scale = slide_scale(layout, *box[2:])
    line = layout.line_width * scale
    for element, edge in zip(shapes_named(root, "Flow edge "), layout.edges, strict=True):
        tail = element.find(f".//{A}ln/{A}tailEnd")
        tip, one, other = edge.head
        base = ((one[0] + other[0]) / 2, (one[1] + other[1]) / 2)
        width, length = head_size(tail.get("w"), line) / scale, head_size(tail.get("len"), line) / scale
        least, most = head_size("sm", line) / scale, head_size("lg", line) / scale  # what a viewer can draw
        for drawn, meant in ((width, math.dist(one, other)), (length, math.dist(tip, base))):
            assert 1 / 1.35 <= drawn / min(max(meant, least), most) <= 1.35, "an arrowhead is out of proportion"
        if width > 1.35 * math.dist(one, other) or length > 1.35 * math.dist(tip, base):
            continue  # drawn larger than the layout's, where the viewer's floor for thin lines rules
        ux, uy = (tip[0] - base[0]) / math.dist(tip, base), (tip[1] - base[1]) / math.dist(tip, base)
        back = (tip[0] - ux * length, tip[1] - uy * length)
        barbs = [(back[0] - uy * width / 2 * s, back[1] + ux * width / 2 * s) for s in (1, -1)]
        points = [*barbs, back, ((tip[0] + back[0]) / 2, (tip[1] + back[1]) / 2)]
        for k, label in enumerate(e.label.box.inflated(-1e-6) for e in layout.edges):
            hidden = [q for q in points if label.x < q[0] < label.right and label.y < q[1] < label.bottom]
            assert not hidden, f"the arrowhead of {edge.source}->{edge.target} lies under label {k}"


def test_every_edge_is_a_glued_connector_drawn_along_its_route(sanctions, deck):
    _, layout = sanctions
    assert any(edge.curve for edge in layout.edges)
    assert any(edge.source_glued and edge.target_glued for edge in layout.edges)
    freeforms = check_connectors(deck, layout)
    check_heads(deck, layout)
    assert freeforms == 0  # every route here leaves and enters its boxes along a preset curve


def traders() -> FlowSpec:
    """25 actors: five hubs of three traders each paying their bank, banks in a chain,
    refineries supplying every hub and depots fed by traders."""
    hubs = ["Dubai", "Istanbul", "Almaty", "Hong Kong", "Baku"]
    rows = [(f"Trader {h} {k}", f"Bank {h}", "payments, letters of credit?") for h in hubs for k in (1, 2, 3)]
    rows += [(f"Bank {a}", f"Bank {b}", "transfers") for a, b in zip(hubs, hubs[1:], strict=False)]
    rows += [(f"Refinery {k}", f"Trader {h} 1", "diesel, jet fuel") for k in (1, 2) for h in hubs]
    rows += [(f"Trader {h} 2", f"Depot {d}", "fuel?") for h, d in zip(hubs, "NSENS", strict=True)]
    rows += [("Depot N", "Depot E", "spares")]
    return flow(rows)


def test_a_network_of_trader_clusters_draws_every_edge_as_one_shape_mostly_connectors(theme):
    from pptx import Presentation
    from pptx.util import Inches

    from briefkit.diagram.draw_pptx import draw_flow

    spec = traders()
    assert len(spec.nodes) == 25
    layout = layout_flow(spec, theme)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    draw_flow(slide, layout, theme, *BOX)
    buffer = io.BytesIO()
    presentation.save(buffer)
    # 8 of 35 stay freeforms: routes squeezed past the column of traders, where every preset
    # curve near them (up to four bends) cuts through a box
    assert check_connectors(buffer.getvalue(), layout) <= 8
    with zipfile.ZipFile(buffer) as package:
        assert schema_errors(package.read("ppt/slides/slide1.xml")) == []


CASPIAN = (  # the stress brief's network: fuel, parts and payments around the Caspian
    ("Refinery A", "Trader Baku", "diesel, jet fuel"),
    ("Trader Baku", "Shipping Co Aktau", "diesel"),
    ("Shipping Co Aktau", "Port Makhachkala", "diesel, lubricants?"),
    ("Port Makhachkala", "Army Depot South", "diesel"),
    ("Parts Maker Shenzhen", "Forwarder Almaty", "bearings, microchips?"),
    ("Forwarder Almaty", "Trader Baku", "bearings"),
    ("Forwarder Almaty", "Army Depot South", "microchips?"),
    ("Bank Dubai", "Trader Baku", "letters of credit?"),
    ("Trader Baku", "Bank Dubai", "commissions?"),
    ("Army Depot South", "Repair Yard Rostov", "damaged engines"),
    ("Repair Yard Rostov", "Army Depot South", "rebuilt engines"),
    ("Bank Yerevan", "Forwarder Almaty", "payments?"),
    ("Shell Firm Tbilisi", "Bank Yerevan", "invoices?, deposits?"),
    ("Refinery A", "Shell Firm Tbilisi", "fuel receipts?"),
    ("Port Makhachkala", "Repair Yard Rostov", "spare parts?"),
)


def forty() -> FlowSpec:
    """40 nodes and 80 edges: a random tree (fixed seed) and 41 more links, some unconfirmed."""
    import random

    pick = random.Random(4)
    names = [f"Node {k}" for k in range(40)]
    pairs: list[tuple[str, str]] = []
    for k in range(1, 40):
        j = pick.randrange(k)
        pairs.append((names[j], names[k]) if pick.random() < 0.5 else (names[k], names[j]))
    while len(pairs) < 80:
        a, b = pick.sample(names, 2)
        if (a, b) not in pairs:
            pairs.append((a, b))
    return flow([(a, b, "parts?" if k % 3 == 0 else "cash") for k, (a, b) in enumerate(pairs)])


def drawn(layout: DiagramLayout, theme) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    from briefkit.diagram.draw_pptx import draw_flow

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    draw_flow(slide, layout, theme, *BOX)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "freeforms"),
    # the Caspian network's three are routes winding back round a row of boxes, more than two
    # font sizes from any preset curve; of the forty-node network's 80 edges most of its 36
    # wind past several layers the same way, the rest pass so near boxes that a curve cuts one
    [("caspian", 3), ("forty", 36)],
)
def test_larger_networks_glue_every_connector_and_stay_valid(name, freeforms, theme):
    spec = flow(CASPIAN) if name == "caspian" else forty()
    layout = layout_flow(spec, theme)
    data = drawn(layout, theme)
    assert check_connectors(data, layout) <= freeforms
    check_heads(data, layout)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert schema_errors(package.read("ppt/slides/slide1.xml")) == []


def test_libreoffice_opens_the_deck_and_draws_every_connector_from_site_to_site(theme, tmp_path):
    """LibreOffice shows every box's name, and re-routes glued connectors itself (its own
    curves) with their ends kept at the sites, where the deck drew them."""
    try:
        from .conftest import require_tool
    except ImportError:
        from conftest import require_tool

    soffice = require_tool("soffice")
    layout = layout_flow(traders(), theme)
    deck = tmp_path / "traders.pptx"
    deck.write_bytes(drawn(layout, theme))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odp", "--outdir", str(tmp_path),
         str(deck)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(deck)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = " ".join(
        subprocess.run(["pdftotext", str(tmp_path / "traders.pdf"), "-"], capture_output=True, text=True).stdout.split()
    )
    assert all(node.name in text for node in layout.nodes)  # boxes of their own geometry keep their text
    with zipfile.ZipFile(tmp_path / "traders.odp") as package:
        theirs = odp_ends(package.read("content.xml").decode())
    root = slide_xml(deck.read_bytes())
    mine = {el.find(f".//{P}cNvPr").get("name"): ends(el) for el in connectors(root)}
    assert mine and set(mine) <= set(theirs)
    for name, (begin, end) in mine.items():
        (b, e) = theirs[name]
        assert math.dist(begin, b) < 12700 and math.dist(end, e) < 12700, name  # within a point


@settings(max_examples=4, deadline=None, suppress_health_check=SLOW, phases=NO_SHRINK, derandomize=True)
@given(networks())
def test_random_networks_are_drawn_at_the_minimum_size_or_warned(spec):
    from pptx import Presentation
    from pptx.util import Inches

    from briefkit.diagram.draw_pptx import draw_flow
    from briefkit.diagram.readable import check_slide
    from briefkit.errors import Warnings
    from briefkit.theme import load_theme

    theme = load_theme(None, Path("brief.md"))
    layout = layout_spec(spec, measure, SIZE)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    draw_flow(slide, layout, theme, *BOX)
    buffer = io.BytesIO()
    presentation.save(buffer)
    sizes = [int(rpr.get("sz")) / 100 for rpr in slide_xml(buffer.getvalue()).iter(f"{A}rPr") if rpr.get("sz")]
    check_connectors(buffer.getvalue(), layout)
    check_heads(buffer.getvalue(), layout)
    warnings = Warnings()
    check_slide(Path("brief.md"), spec, layout, BOX[2], BOX[3], warnings)
    warned = [w for w in warnings if "on its slide" in w.message]
    assert (min(sizes) >= slide_minimum(len(spec.nodes)) - 0.01) != bool(warned)


def test_a_route_of_level_and_upright_runs_takes_an_elbow_connector():
    from briefkit.diagram.connectors import fit, path
    from briefkit.diagram.geometry import LEFT, RIGHT, TOP

    option = fit([(0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (100.0, 30.0)], False, 10.0, (RIGHT, LEFT))
    assert (option.kind, option.preset, option.adjust) == ("elbow", "bentConnector3", 40000)
    assert path(option) == pytest.approx([(0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (100.0, 30.0)])
    turned = fit([(0.0, 0.0), (0.0, 40.0), (60.0, 40.0), (60.0, 100.0)], False, 10.0, (2, TOP))
    assert turned.preset == "bentConnector3" and turned.rotation == 90
    assert path(turned) == pytest.approx([(0.0, 0.0), (0.0, 40.0), (60.0, 40.0), (60.0, 100.0)])


def test_the_curves_with_more_bends_follow_the_drawing_presets():
    from briefkit.diagram.connectors import Connector, controls

    four = Connector(
        "curved", "curvedConnector4", (0, 0), (100, 100), (50, 50), 100, 100, 0, False, False, 50000, (50000,)
    )
    assert controls(four) == pytest.approx(
        [(0, 0), (25, 0), (50, 12.5), (50, 25), (50, 37.5), (62.5, 50), (75, 50), (87.5, 50), (100, 75), (100, 100)]
    )
    five = Connector(
        "curved", "curvedConnector5", (0, 0), (100, 100), (50, 50), 100, 100, 0, False, False, 20000, (50000, 80000)
    )
    assert controls(five)[::3] == pytest.approx([(0, 0), (20, 25), (50, 50), (80, 75), (100, 100)])


def test_a_route_that_rises_before_it_drops_into_a_top_takes_a_curve_with_more_bends():
    """Right side to a top side a little higher up: one bend cannot come down into the top,
    curvedConnector4 rises above it and comes down (its adj2 below the frame's top)."""
    from briefkit.diagram.connectors import Connector, _stray, controls, fit, path
    from briefkit.diagram.geometry import RIGHT, TOP

    meant = Connector(
        "curved", "curvedConnector4", (0, 0), (100, -10), (50, -5), 100, 10, 0, False, True, 60000, (300000,)
    )
    route = bezier_points(controls(meant))
    option = fit(route, False, 10.0, (RIGHT, TOP))
    assert option.preset == "curvedConnector4"
    assert _stray(path(option), route) < 2.0
    assert path(option)[0] == pytest.approx((0, 0)) and path(option)[-1] == pytest.approx((100, -10))


def test_labels_are_text_boxes_and_leaders_thin_lines(sanctions, deck):
    _, layout = sanctions
    root = slide_xml(deck)
    labels = shapes_named(root, "Flow label ")
    assert len(labels) == len(layout.edges)
    assert all(el.find(f".//{P}nvSpPr/{P}cNvSpPr").get("txBox") == "1" for el in labels)
    assert len(shapes_named(root, "Flow leader ")) == sum(e.label.leader is not None for e in layout.edges)


def test_the_slide_is_valid_against_the_schemas(deck):
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        assert schema_errors(package.read("ppt/slides/slide1.xml")) == []


# ---------------------------------------------------------------- the report and the export


def test_the_report_draws_curves_as_vector_paths_with_text_to_select(sanctions, theme, tmp_path):
    from reportlab.graphics import renderPDF

    from briefkit.diagram.draw_pdf import flow_drawing

    spec, layout = sanctions
    path = tmp_path / "flow.pdf"
    renderPDF.drawToFile(flow_drawing(layout, theme, 480.0), str(path))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert all(name in text for name in spec.nodes)
    assert "ballistic" in text
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), "-"], capture_output=True).stdout
    beziers = re.findall(rb"\n[-\d. ]+ c\n", raw)
    assert len(beziers) >= sum(len(edge.curve) // 3 for edge in layout.edges)


def test_the_export_draws_the_same_curves(sanctions, theme):
    from briefkit.diagram.export import export_figure

    _, layout = sanctions
    svg = export_figure(layout, theme, "svg").decode()
    assert svg.count(" C ") + svg.count("\nC ") >= 1 or re.search(r"d=\"M[^\"]* C ", svg)
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert "troops" in texts and "Belarus" in texts


# ---------------------------------------------------------------- readable, or told


def test_slide_minimums_follow_the_node_count():
    assert (slide_minimum(9), slide_minimum(20), slide_minimum(21), slide_minimum(40)) == (12.0, 12.0, 10.0, 10.0)


def flow_slide_size(path: Path) -> float:
    """The smallest text size in points of the flow diagram's shapes in the deck at `path`."""
    from pptx import Presentation

    (slide,) = [s for s in Presentation(path).slides if any(x.name.startswith("Flow") for x in s.shapes)]
    drawn = b"".join(etree.tostring(s._element) for s in slide.shapes if s.name.startswith("Flow"))
    return min(int(sz) / 100 for sz in re.findall(rb'<a:rPr[^>]*\bsz="(\d+)"', drawn))


@pytest.mark.parametrize("rows", [SANCTIONS, "traders"], ids=["9 economies", "25 traders"])
def test_a_build_warns_at_the_flow_line_exactly_when_its_text_is_too_small(tmp_path, monkeypatch, rows):
    from briefkit import pipeline

    monkeypatch.chdir(tmp_path)
    spec = flow(SANCTIONS) if rows == SANCTIONS else traders()
    lines = "\n".join(f"{e.source} -> {e.target}: {items(e)}" for e in spec.edges)
    brief = tmp_path / "brief.md"
    brief.write_text(f"---\ntitle: T\n---\n\n# Routes\n\nText.\n\n```flow\n{lines}\n```\n")
    result = pipeline.build(brief, tmp_path / "out", force=True)
    drawn = flow_slide_size(tmp_path / "out" / "brief.pptx")
    on_slide = [w for w in result.warnings if "on its slide" in w.message]
    assert bool(on_slide) == (drawn < slide_minimum(len(spec.nodes)) - 0.01)
    assert all(w.line == 9 and "split" in (w.hint or "") for w in result.warnings)
    assert all(f"{drawn:.1f} pt" in w.message for w in on_slide)


def test_a_large_report_diagram_takes_a_page_of_its_own(tmp_path, monkeypatch):
    from briefkit import pipeline

    monkeypatch.chdir(tmp_path)
    hubs = ["Dubai", "Istanbul", "Almaty", "Hong Kong"]
    rows = [f"Trader {h} {k} -> Bank {h}: payments, letters of credit?" for h in hubs for k in (1, 2, 3)]
    rows += [f"Bank {a} -> Bank {b}: transfers" for a, b in zip(hubs, hubs[1:], strict=False)]
    rows += [f"Refinery {k} -> Trader {h} 1: diesel, jet fuel" for k in (1, 2) for h in hubs]
    brief = tmp_path / "brief.md"
    lines = "\n".join(rows)
    brief.write_text(f"---\ntitle: T\n---\n\n# Routes\n\nBefore the map.\n\n```flow\n{lines}\n```\n\nAfter the map.\n")
    result = pipeline.build(brief, tmp_path / "out", force=True)
    pdf = tmp_path / "out" / "brief.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    (page,) = [" ".join(text.split()) for text in pages if "Figure 1" in text]
    assert "Before the map" not in page and "After the map" not in page
    assert "Bank Dubai" in page
    small = [w for w in result.warnings if "in the report" in w.message]
    assert all(w.line == 9 for w in small)


def test_the_text_after_a_page_high_diagram_fills_the_page_it_is_written_on(tmp_path, monkeypatch):
    from briefkit import pipeline

    monkeypatch.chdir(tmp_path)
    chain = [f"Mine Norilsk {k}" if k == 0 else f"Stage {k} Handler" for k in range(12)]
    rows = [f"{a} -> {b}: ore, concentrate?" for a, b in zip(chain, chain[1:], strict=False)]
    rows += [f"Bank {k} -> {chain[k]}: loans?" for k in range(0, 12, 3)]
    rows += [f"{chain[k]} -> Bank {k}: fees" for k in range(0, 12, 3)]
    rows += [f"Insurer Oslo -> {node}: cover?" for node in chain[2:9:3]]
    lines = "\n".join(rows)
    brief = tmp_path / "brief.md"
    body = f"# Routes\n\nBefore the map.\n\n```flow\n{lines}\n```\n\n- After the map.\n"
    brief.write_text(f"---\ntitle: T\n---\n\n{body}")
    pipeline.build(brief, tmp_path / "out", force=True)
    pdf = tmp_path / "out" / "brief.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    (figure,) = [n for n, text in enumerate(pages) if "Figure 1" in text]
    assert "Mine" in pages[figure] and "Before the map" not in pages[figure]
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert reader.pages[figure].mediabox.width < reader.pages[figure].mediabox.height  # an upright page
    # the figure floats to the next page's top; the closing line does not wait for it alone
    assert "Before the map" in pages[figure - 1] and "After the map" in pages[figure - 1]


def test_a_failing_dot_is_an_error_at_the_flow_line(tmp_path, monkeypatch):
    from briefkit import pipeline
    from briefkit.errors import ContentError

    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "dot"
    fake.write_text("#!/bin/sh\necho 'syntax error in line 1' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    monkeypatch.chdir(tmp_path)
    lines = "\n".join(f"{a} -> {b}: {items}" for a, b, items in SANCTIONS)
    brief = tmp_path / "brief.md"
    brief.write_text(f"---\ntitle: T\n---\n\n# Routes\n\n```flow\n{lines}\n```\n")
    from briefkit.diagram.dot import _routed

    _theme_draft.cache_clear()  # the same flow laid out by an earlier test would not run dot
    _routed.cache_clear()
    with pytest.raises(ContentError) as caught:
        pipeline.build(brief, tmp_path / "out", force=True)
    assert str(caught.value).startswith("brief.md:7: flow: Graphviz's dot failed: syntax error in line 1")


def test_a_wide_diagram_gets_a_landscape_page_of_its_own_after_the_text_that_follows_it(tmp_path, monkeypatch):
    from pypdf import PdfReader

    from briefkit import pipeline
    from briefkit.diagram import layout as flows
    from briefkit.fonts import family_files

    made = flows.layout_flows

    def wide(specs, theme, path, max_width=None):  # the report given the widest form, left to right
        if max_width is None:
            return made(specs, theme, path)
        fonts = tuple(sorted((style, str(file)) for style, file in family_files(theme.fonts.heading).items()))
        return {spec: _theme_layered(spec, fonts, theme.sizes.diagram, "LR", LAYERED_FORMS[0], None) for spec in specs}

    monkeypatch.setattr(flows, "layout_flows", wide)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wide.yaml").write_text("margin_mm: 40\n")  # a narrow column
    lines = "\n".join(f"{a} -> {b}: {items}" for a, b, items in SANCTIONS)
    brief = tmp_path / "brief.md"
    head = "---\ntitle: T\ntheme: wide.yaml\n---\n\n# Routes\n\nBefore the map.\n\n"
    brief.write_text(f"{head}```flow\n{lines}\n```\n\nAfter the map.\n")
    pipeline.build(Path("brief.md"), Path("out"), force=True)
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    (at,) = [n for n, text in enumerate(texts) if "Figure 1" in text]
    page, before = reader.pages[at], reader.pages[at - 1]
    assert page.rotation % 180 == 0 and page.mediabox.width > page.mediabox.height
    assert "North Korea" in texts[at] and "ballistic" in texts[at]  # text to select
    assert before.rotation % 180 == 0 and before.mediabox.width < before.mediabox.height
    # the figure floats: the text after it fills the upright page, and the report ends on it
    assert "Before the map" in texts[at - 1] and "After the map" in texts[at - 1]
    assert at == len(reader.pages) - 1


def test_a_long_chain_is_folded_into_the_layers_asked_for():
    from briefkit.diagram.layered import layered_layout, layers

    names = [f"Stage {k}" for k in range(12)]
    spec = flow([(a, b, "goods") for a, b in zip(names, names[1:], strict=False)])
    assert layers(spec) == 12
    whole = layered_layout(spec, measure, SIZE, "LR", LAYERED_FORMS[0])
    folded = layered_layout(spec, measure, SIZE, "LR", LAYERED_FORMS[0], depth=6)
    columns = {round(node.box.centre[0]) for node in folded.nodes}
    assert len({round(node.box.centre[0]) for node in whole.nodes}) == 12 and len(columns) == 6
    assert folded.width < whole.width / 1.5
    check_layered(folded, spec)


def test_a_long_chain_on_a_slide_is_folded_when_that_draws_its_text_larger():
    names = [f"Stage {k}" for k in range(12)]
    spec = flow([(a, b, "goods") for a, b in zip(names, names[1:], strict=False)])
    layout = layout_spec(spec, measure, SIZE)
    rows = {round(node.box.centre[1]) for node in layout.nodes}
    assert len(rows) > 1 and slide_text(layout, *BOX[2:]) >= slide_minimum(len(spec.nodes))


def test_a_narrow_label_wrap_never_breaks_a_word_the_wide_one_keeps_whole():
    from briefkit.diagram.layered import layered_layout

    names = [f"Depot {k}" for k in range(10)]
    rows = [(a, b, "ammunition, letters of credit?") for a, b in zip(names, names[1:], strict=False)]
    narrowest = min(LAYERED_FORMS, key=lambda form: form.label_text)
    assert measure("ammunition,", SIZE, False, False) > narrowest.label_text * SIZE  # wider than the wrap
    layout = layered_layout(flow(rows), measure, SIZE, "LR", narrowest)
    for edge in layout.edges:
        lines = ["".join(run.text for run in line.runs).strip() for line in edge.label.lines]
        assert lines[0] == "ammunition," and all(not line.startswith(",") for line in lines)


def report_text_sizes(path: Path, words: set[str]) -> list[float]:
    """The drawn sizes in points of the pieces of text in `words` in the PDF at `path`."""
    from pypdf import PdfReader

    sizes = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() in words:
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_the_report_chooses_its_diagram_for_the_room_a_page_of_its_own_gives(tmp_path, monkeypatch):
    from briefkit import pipeline

    monkeypatch.chdir(tmp_path)
    spec = traders()
    lines = "\n".join(f"{e.source} -> {e.target}: {items(e)}" for e in spec.edges)
    (tmp_path / "brief.md").write_text(f"---\ntitle: T\n---\n\n# Routes\n\n```flow\n{lines}\n```\n")
    result = pipeline.build(Path("brief.md"), Path("out"), formats=("pdf",), force=True)
    sizes = report_text_sizes(tmp_path / "out" / "brief.pdf", {"Bank Dubai", "Refinery 1", "transfers"})
    assert len(sizes) >= 3 and min(sizes) >= 7.0 - 0.01
    assert not [w for w in result.warnings if "in the report" in w.message]
