"""The deck's diagram: a DiagramLayout in, native slide shapes out (no pictures).

Each node becomes one rounded rectangle holding its name, each edge one connector with a real
arrowhead: the preset connector (straight, elbow or curved, turned, flipped and adjusted) that
connectors.py found nearest the route, which for a layered flow is the route itself. Only an
edge that no connector can follow without crossing a node is a freeform of the route's own
Bézier curve. Every connector is glued at both ends to a connection site of its boxes
(sites.py) that lies exactly where the layout put the end, so a viewer that re-routes a glued
connector keeps its ends where they are: a node whose arrows meet only the middles of its
sides is the preset rounded rectangle with its four sites; any other node is a rounded
rectangle of its own geometry that lists a site for every arrow end after those four, still
one shape with its text, fill and outline. The arrowheads take the preset sizes (a multiple of
the line width, and of no less than MIN_HEAD_BASE) nearest the layout's arrowhead at the
slide's scale; connectors lie above the boxes, so no box hides an arrowhead, and below the
labels, whose ground hides any stretch of line passing behind them. Unconfirmed edges are
dashed. A label the layout had to set away from its edge gets a thin leader line, a plain line
shape like the legend's samples, since it joins no boxes.
Labels and the legend are text boxes with explicit sizes, word wrap on and no autofit, so a
viewer draws what the layout measured; a piece of text the theme font lacks names the fallback
font that the layout measured it with. The layout is scaled uniformly to fit the given box,
never so far that its text passes MAX_TEXT_SIZE, and centred in it; points come in and are
converted to EMU only here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .connectors import CURVED, ELBOW, STRAIGHT

if TYPE_CHECKING:
    from pathlib import Path

    from pptx.shapes.autoshape import Shape
    from pptx.slide import Slide
    from pptx.text.text import TextFrame

    from ..theme import Theme
    from .connectors import Connector
    from .layout import DiagramLayout


MAX_TEXT_SIZE = 20.0  # points: a small diagram grows to this and no further, centred in calm space
HEAD_SIZES = {"sm": 2.0, "med": 3.0, "lg": 5.0}  # an arrowhead's width or length, in line widths
MIN_HEAD_BASE = 0.7 * 72 / 25.4  # points: viewers size the arrowheads of thinner lines as if this wide
KAPPA = 0.5523  # a quarter circle's cubic Bézier handles, in radii


def draw_flow(
    slide: Slide, layout: DiagramLayout, theme: Theme, left: float, top: float, width: float, height: float
) -> None:
    """Draw `layout` onto `slide`, scaled to fit the box (points) but its text no larger than
    MAX_TEXT_SIZE, and centred in the box."""
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    from ..fonts import family_files
    from .connectors import connector as connector_for
    from .sites import connection_sites

    _KINDS = {STRAIGHT: MSO_CONNECTOR.STRAIGHT, ELBOW: MSO_CONNECTOR.ELBOW, CURVED: MSO_CONNECTOR.CURVE}

    scale = slide_scale(layout, width, height)
    x0 = left + (width - layout.width * scale) / 2
    y0 = top + (height - layout.height * scale) / 2

    def at(x: float, y: float) -> tuple[int, int]:
        return Pt(x0 + x * scale), Pt(y0 + y * scale)

    def span(length: float) -> int:
        return Pt(length * scale)

    colors = theme.colors
    files = family_files(theme.fonts.heading)
    size = layout.font_size * scale
    line_width = layout.line_width * scale
    shapes = slide.shapes

    sites = connection_sites(layout)
    nodes = []
    for i, node in enumerate(layout.nodes):
        box = node.box
        shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, *at(box.x, box.y), span(box.w), span(box.h))
        shape.name = f"Flow node {i + 1}"
        shape.adjustments[0] = layout.corner_radius / min(box.w, box.h)
        if len(sites.nodes[i]) > 4:  # arrows meet it off its side middles: sites of its own there
            own = [(*at(*site.point), site.side) for site in sites.nodes[i]]
            _own_sites(shape, [(x - shape.left, y - shape.top, side) for x, y, side in own], span(layout.corner_radius))
        _plain(shape)
        _fill(shape, colors.node_fill)
        _outline(shape, colors.node_border, line_width)
        frame = _frame(shape.text_frame)
        rows = [[(line.text, False)] for line in node.lines]
        _paragraphs(frame, rows, files, size, layout.line_height * scale, colors.node_text, bold=True)
        nodes.append(shape)

    for i, edge in enumerate(layout.edges):  # above the nodes, so no box hides an arrowhead
        follower = connector_for(edge, layout)
        if follower is None:  # nothing a connector draws comes near the route: its own curve
            connector = shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, 1, 1)
            _route(connector, [at(x, y) for x, y in (*edge.curve, edge.points[-1])])
            connector.fill.background()
        else:
            connector = shapes.add_connector(_KINDS[follower.kind], *at(*follower.begin), *at(*follower.end))
            begin, end = sites.ends[i]
            _glue(connector, nodes[edge.source], begin, nodes[edge.target], end)
            _frame_connector(connector, follower, at, span)
        connector.name = f"Flow edge {i + 1}"
        _plain(connector)
        _stroke(connector, colors.edge, line_width, edge.dashed, head=_head(edge, scale, line_width))
        if edge.label.leader is not None:
            start, end = edge.label.leader
            leader = _line(shapes, at(*start), at(*end))
            leader.name = f"Flow leader {i + 1}"
            _stroke(leader, colors.muted, line_width / 2, False)

    for i, edge in enumerate(layout.edges):
        box = edge.label.box
        shape = shapes.add_textbox(*at(box.x, box.y), span(box.w), span(box.h))
        shape.name = f"Flow label {i + 1}"
        _fill(shape, colors.label_fill)
        rows = [[(run.text, run.italic) for run in line.runs] for line in edge.label.lines]
        _paragraphs(_frame(shape.text_frame), rows, files, size, layout.line_height * scale, colors.text)

    legend = layout.legend.box
    for i, entry in enumerate(layout.legend.entries):
        y = legend.y + entry.y
        sample = _line(shapes, at(legend.x + entry.x0, y), at(legend.x + entry.x1, y))
        sample.name = f"Flow legend line {i + 1}"
        _stroke(sample, colors.edge, line_width, entry.dashed)
        text_left = legend.x + entry.text_x
        row_top = y - layout.line_height / 2
        slack = layout.font_size / 2  # room for a viewer whose text runs a little wider
        shape = shapes.add_textbox(
            *at(text_left, row_top), span(legend.right - text_left + slack), span(layout.line_height)
        )
        shape.name = f"Flow legend text {i + 1}"
        frame = _frame(shape.text_frame)
        _paragraphs(frame, [[(entry.text, False)]], files, size, layout.line_height * scale, colors.muted)
        frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def slide_scale(layout: DiagramLayout, width: float, height: float) -> float:
    """The scale `layout` is drawn at in a box of `width` x `height` points."""
    return min(width / layout.width, height / layout.height, MAX_TEXT_SIZE / layout.font_size)


def _frame_connector(shape, follower: Connector, at, span) -> None:
    """Set the connector's frame, turn, flips, preset and adjust values to those the route
    asked for (python-pptx knows neither turns nor the one-bend presets)."""
    from pptx.oxml.ns import qn

    spPr = shape._element.spPr
    xfrm = spPr.get_or_add_xfrm()
    for name in ("flipH", "flipV", "rot"):
        xfrm.attrib.pop(name, None)
    if follower.rotation:
        xfrm.set("rot", str(follower.rotation * 60000))
    if follower.flip_h:
        xfrm.set("flipH", "1")
    if follower.flip_v:
        xfrm.set("flipV", "1")
    cx, cy = follower.centre
    left, top = at(cx - follower.width / 2, cy - follower.height / 2)
    xfrm.get_or_add_off().x, xfrm.off.y = left, top
    xfrm.get_or_add_ext().cx, xfrm.ext.cy = span(follower.width), span(follower.height)
    preset = spPr.find(qn("a:prstGeom"))
    preset.set("prst", follower.preset)
    values = preset.find(qn("a:avLst"))
    if values is None:
        values = preset.makeelement(qn("a:avLst"), {})
        preset.append(values)
    for old in list(values):
        values.remove(old)
    adjusts = () if follower.adjust is None else (follower.adjust, *follower.more)
    for k, value in enumerate(adjusts, start=1):
        values.append(values.makeelement(qn("a:gd"), {"name": f"adj{k}", "fmla": f"val {value}"}))


def _route(shape, points: list[tuple[int, int]]) -> None:
    """Give `shape` the route's own geometry: its cubic Bézier segments (control points in EMU,
    1 + 3k of them) and then a straight run to the arrow tip (the last point), in a frame around
    them all."""
    from pptx.oxml.ns import qn

    left, top = min(x for x, _ in points), min(y for _, y in points)
    width = max(1, max(x for x, _ in points) - left)
    height = max(1, max(y for _, y in points) - top)
    spPr = shape._element.spPr
    xfrm = spPr.get_or_add_xfrm()
    for flip in ("flipH", "flipV"):
        xfrm.attrib.pop(flip, None)
    xfrm.get_or_add_off().x, xfrm.off.y = left, top
    xfrm.get_or_add_ext().cx, xfrm.ext.cy = width, height
    preset = spPr.find(qn("a:prstGeom"))
    geometry = spPr.makeelement(qn("a:custGeom"), {})
    preset.addprevious(geometry)
    spPr.remove(preset)
    for tag in ("a:avLst", "a:gdLst", "a:ahLst", "a:cxnLst"):
        geometry.append(geometry.makeelement(qn(tag), {}))
    paths = geometry.makeelement(qn("a:pathLst"), {})
    geometry.append(paths)
    path = paths.makeelement(qn("a:path"), {"w": str(width), "h": str(height), "fill": "none"})
    paths.append(path)

    def step(tag: str, chunk: list[tuple[int, int]]) -> None:
        element = path.makeelement(qn(tag), {})
        for x, y in chunk:
            element.append(element.makeelement(qn("a:pt"), {"x": str(x - left), "y": str(y - top)}))
        path.append(element)

    step("a:moveTo", points[:1])
    for k in range(1, len(points) - 1, 3):
        step("a:cubicBezTo", points[k : k + 3])
    step("a:lnTo", points[-1:])


def _plain(shape) -> None:
    """Drop the theme style reference (its shadow, its white text): every look is set explicitly."""
    from pptx.oxml.ns import qn

    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _fill(shape: Shape, color: str) -> None:
    from pptx.dml.color import RGBColor

    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(color[1:])


def _outline(shape: Shape, color: str, width: float) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    shape.line.color.rgb = RGBColor.from_string(color[1:])
    shape.line.width = Pt(width)


def _stroke(connector, color: str, width: float, dashed: bool, head: tuple[str, str] | None = None) -> None:
    """Colour, width and dash of a line, plus a triangle arrowhead of `head` (width, length) at
    its end when given."""
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    connector.line.color.rgb = RGBColor.from_string(color[1:])
    connector.line.width = Pt(width)
    if dashed:
        connector.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    if head is not None:
        ln = connector.line._get_or_add_ln()
        tail = ln.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": head[0], "len": head[1]})
        ln.insert_element_before(tail, "a:extLst")


def _head(edge, scale: float, line_width: float) -> tuple[str, str]:
    """The preset arrowhead width and length nearest the layout's arrowhead drawn at `scale`
    on a line `line_width` points wide: viewers draw them as HEAD_SIZES times the line width,
    or times MIN_HEAD_BASE for a thinner line."""
    tip, one, other = edge.head
    base = ((one[0] + other[0]) / 2, (one[1] + other[1]) / 2)
    unit = max(line_width, MIN_HEAD_BASE)

    def nearest(length: float) -> str:
        return min(HEAD_SIZES, key=lambda name: abs(math.log(HEAD_SIZES[name] * unit / (length * scale))))

    return nearest(math.dist(one, other)), nearest(math.dist(tip, base))


def head_size(token: str, line_width: float) -> float:
    """How long (or wide) a viewer draws an arrowhead of preset size `token`, in points."""
    return HEAD_SIZES[token] * max(line_width, MIN_HEAD_BASE)


def _glue(connector, source, begin: int, target, end: int) -> None:
    """Glue the connector's begin to site `begin` of shape `source` and its end to site `end`
    of `target`, leaving its frame as it is (python-pptx would move it onto a preset's site)."""
    properties = connector._element.nvCxnSpPr.cNvCxnSpPr
    for link, shape, site in (
        (properties.get_or_add_stCxn(), source, begin),
        (properties.get_or_add_endCxn(), target, end),
    ):
        link.id, link.idx = shape.shape_id, site


def _own_sites(shape, sites: list[tuple[int, int, int]], radius: int) -> None:
    """Replace the shape's preset rounded rectangle with the same rounded rectangle of its own
    geometry, whose connection sites are `sites` (x, y in EMU from its top-left, side). The
    path is drawn in the shape's own EMU, so path and sites share one coordinate system; the
    text frame is the whole box (the layout's padding keeps the text off the rounded corners)."""
    from pptx.oxml.ns import qn

    from .sites import angle

    w, h = shape.width, shape.height
    r = min(radius, w // 2, h // 2)
    k = round(r * KAPPA)
    spPr = shape._element.spPr
    preset = spPr.find(qn("a:prstGeom"))
    geometry = spPr.makeelement(qn("a:custGeom"), {})
    preset.addprevious(geometry)
    spPr.remove(preset)

    def add(parent, tag: str, **attributes):
        element = parent.makeelement(qn(tag), {key: str(value) for key, value in attributes.items()})
        parent.append(element)
        return element

    for tag in ("a:avLst", "a:gdLst", "a:ahLst"):
        add(geometry, tag)
    listed = add(geometry, "a:cxnLst")
    for x, y, side in sites:
        add(add(listed, "a:cxn", ang=angle(side)), "a:pos", x=x, y=y)
    add(geometry, "a:rect", l=0, t=0, r="r", b="b")  # LibreOffice 7 drops text from a frame given in EMU
    path = add(add(geometry, "a:pathLst"), "a:path", w=w, h=h)

    def step(tag: str, *points: tuple[int, int]) -> None:
        element = add(path, tag)
        for x, y in points:
            add(element, "a:pt", x=x, y=y)

    step("a:moveTo", (r, 0))
    step("a:lnTo", (w - r, 0))
    step("a:cubicBezTo", (w - r + k, 0), (w, r - k), (w, r))
    step("a:lnTo", (w, h - r))
    step("a:cubicBezTo", (w, h - r + k), (w - r + k, h), (w - r, h))
    step("a:lnTo", (r, h))
    step("a:cubicBezTo", (r - k, h), (0, h - r + k), (0, h - r))
    step("a:lnTo", (0, r))
    step("a:cubicBezTo", (0, r - k), (r - k, 0), (r, 0))
    add(path, "a:close")


def _line(shapes, begin: tuple[int, int], end: tuple[int, int]):
    """A plain line shape (no connector: it joins no boxes) from `begin` to `end` in EMU."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.oxml.ns import qn

    (x0, y0), (x1, y1) = begin, end
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))
    _plain(shape)
    shape.fill.background()
    xfrm = shape._element.spPr.get_or_add_xfrm()
    if x1 < x0:
        xfrm.set("flipH", "1")
    if y1 < y0:
        xfrm.set("flipV", "1")
    shape._element.spPr.find(qn("a:prstGeom")).set("prst", "line")
    _frame(shape.text_frame)  # empty, but as explicit as every other frame
    return shape


def _frame(frame: TextFrame) -> TextFrame:
    """A text frame that wraps, never autofits, has no insets and centres its lines vertically.

    Every layout box is its text block plus equal padding above and below, so centring puts the
    lines where the layout measured them; zero side insets leave the padding as slack.
    """
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    return frame


def _paragraphs(
    frame: TextFrame,
    rows: list[list[tuple[str, bool]]],
    files: dict[str, Path],
    size: float,
    leading: float,
    color: str,
    bold: bool = False,
) -> None:
    """One centred paragraph per layout line, one run per (text, italic) piece and font.

    A piece a fallback font sets names that font for Latin, East Asian and complex scripts
    alike, so PowerPoint and LibreOffice both look it up whatever script they take it for.
    """
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    from ..fonts import presented_name
    from .layout import STYLES
    from .scripts import pieces

    for i, row in enumerate(rows):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.CENTER
        paragraph.line_spacing = Pt(leading)
        paragraph.space_before = paragraph.space_after = Pt(0)
        for text, italic in row:
            primary = files[STYLES[bold, italic]]
            for piece in pieces(text, primary, size):
                run = paragraph.add_run()
                run.text = piece.text
                run.font.name = presented_name(piece.font)  # Calibri for Carlito: what presenters have
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.italic = italic
                run.font.color.rgb = RGBColor.from_string(color[1:])
                if piece.font != primary:
                    latin = run.font._rPr.find(qn("a:latin"))
                    for tag in ("a:cs", "a:ea"):
                        latin.addnext(latin.makeelement(qn(tag), {"typeface": latin.get("typeface")}))
