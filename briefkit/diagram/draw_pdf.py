"""The report's diagram: a DiagramLayout in, a reportlab Drawing (vector, real text) out.

The drawing copies the layout's geometry, flipping y (reportlab counts up from the bottom), and
sets every string in the theme's registered TrueType fonts, or in a fallback font for characters
they lack, so the PDF's text can be searched and copied. A layout wider than the column is
scaled down uniformly; it is never scaled up. A diagram given a page of its own may be turned a
quarter round, its top to the left, where that draws it larger. Lines lie below the boxes,
arrowheads above them (so that no box hides one) and below the labels. The figure export draws
this same drawing, at its own size with a white margin (`framed_drawing`), as PNG and SVG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fonts import family_files, register
from .scripts import pieces

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Group

    from ..theme import Theme
    from .geometry import Point
    from .layout import DiagramLayout


def flow_drawing(layout: DiagramLayout, theme: Theme, max_width: float) -> Drawing:
    """The diagram at its own size, or scaled down to `max_width` points when wider."""
    return _drawing(layout, theme, min(1.0, max_width / layout.width))


def page_drawing(layout: DiagramLayout, theme: Theme, width: float, height: float) -> tuple[Drawing, float]:
    """The diagram as large as fits `width` x `height` (never enlarged), and the text size it
    is drawn at."""
    scale = min(1.0, width / layout.width, height / layout.height)
    return _drawing(layout, theme, scale), layout.font_size * scale


def framed_drawing(layout: DiagramLayout, theme: Theme, margin: float) -> Drawing:
    """The diagram at its own size on a white ground `margin` points wider on every side: the
    picture the figure export writes as PNG and SVG."""
    from reportlab.graphics.shapes import Rect
    from reportlab.lib.colors import white

    drawing = _drawing(layout, theme, 1.0, margin)
    drawing.insert(0, Rect(0, 0, drawing.width, drawing.height, fillColor=white, strokeColor=None))
    return drawing


def _drawing(layout: DiagramLayout, theme: Theme, scale: float, margin: float = 0.0) -> Drawing:
    """The diagram drawn `scale` times its size, `margin` points in from every side."""
    from reportlab.graphics.shapes import Drawing, Group

    group = Group()
    group.transform = (scale, 0, 0, scale, margin, margin)
    _draw(group, layout, theme)
    drawing = Drawing(layout.width * scale + 2 * margin, layout.height * scale + 2 * margin)
    drawing.add(group)
    return drawing


def _draw(group: Group, layout: DiagramLayout, theme: Theme) -> None:
    from reportlab.graphics.shapes import Line, Path, Polygon, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor

    files = family_files(theme.fonts.heading)
    colors = theme.colors
    height, size, width = layout.height, layout.font_size, layout.line_width

    def flat(points: tuple[Point, ...]) -> list[float]:
        return [value for x, y in points for value in (x, height - y)]

    def text(x: float, baseline: float, value: str, style: str, color: str) -> None:
        for piece in pieces(value, files[style], size):
            group.add(
                String(
                    x + piece.x,
                    height - baseline,
                    piece.text,
                    fontName=register(piece.font),
                    fontSize=size,
                    fillColor=HexColor(color),
                )
            )

    def dashes(dashed: bool) -> list[float] | None:
        return list(layout.dash) if dashed else None

    def curve(controls: tuple[Point, ...], dashed: bool) -> Path:
        """Cubic Bézier segments through the control points, as one vector path."""
        path = Path(
            strokeColor=HexColor(colors.edge),
            strokeWidth=width,
            strokeDashArray=dashes(dashed),
            strokeLineCap=0,
            fillColor=None,
        )
        path.moveTo(controls[0][0], height - controls[0][1])
        for k in range(1, len(controls), 3):
            path.curveTo(*flat(controls[k : k + 3]))
        return path

    for edge in layout.edges:
        if edge.curve:
            group.add(curve(edge.curve, edge.dashed))
        else:
            group.add(
                PolyLine(
                    flat(edge.shaft),
                    strokeColor=HexColor(colors.edge),
                    strokeWidth=width,
                    strokeDashArray=dashes(edge.dashed),
                    strokeLineCap=0,
                )
            )
        if edge.label.leader is not None:
            group.add(PolyLine(flat(edge.label.leader), strokeColor=HexColor(colors.muted), strokeWidth=width / 2))

    for node in layout.nodes:
        box, radius = node.box, layout.corner_radius
        group.add(
            Rect(
                box.x,
                height - box.bottom,
                box.w,
                box.h,
                rx=radius,
                ry=radius,
                fillColor=HexColor(colors.node_fill),
                strokeColor=HexColor(colors.node_border),
                strokeWidth=width,
            )
        )
        for line in node.lines:
            text(box.x + line.x, box.y + line.baseline, line.text, "bold", colors.node_text)

    for edge in layout.edges:  # above the boxes, so that none hides an arrowhead
        group.add(Polygon(flat(edge.head), fillColor=HexColor(colors.edge), strokeColor=None))

    for edge in layout.edges:
        box = edge.label.box
        group.add(
            Rect(box.x, height - box.bottom, box.w, box.h, fillColor=HexColor(colors.label_fill), strokeColor=None)
        )
        for row in edge.label.lines:
            for run in row.runs:
                style = "italic" if run.italic else "regular"
                text(box.x + run.x, box.y + row.baseline, run.text, style, colors.text)

    legend = layout.legend.box
    for entry in layout.legend.entries:
        y = height - (legend.y + entry.y)
        group.add(
            Line(
                legend.x + entry.x0,
                y,
                legend.x + entry.x1,
                y,
                strokeColor=HexColor(colors.edge),
                strokeWidth=width,
                strokeDashArray=dashes(entry.dashed),
                strokeLineCap=0,
            )
        )
        text(legend.x + entry.text_x, legend.y + entry.baseline, entry.text, "regular", colors.muted)
