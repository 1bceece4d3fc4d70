"""Figure export: a DiagramLayout in, PNG or SVG bytes out, drawn from the report's drawing.

Both formats draw the very reportlab Drawing the report draws (`draw_pdf.framed_drawing`: the
layout at its own size, one point to a point, on a white ground MARGIN points wider all round),
so the report and the export share one drawer and the same geometry. The PNG is rasterised by
reportlab's renderPM through its cairo backend (rlPyCairo) at PNG_DPI, glyphs filled from the
font files' outlines, unhinted, at the advance widths the layout measured. The SVG is written
here from the same shapes, text kept as text: each string names the family, weight and style
of the face it is set in (`fonts.face`) and a generic family after it. The bytes are
deterministic: no dates, no software tag, numbers rounded to a thousandth of a point.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING

from ..fonts import face
from .draw_pdf import framed_drawing

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Shape

    from ..theme import Theme
    from .layout import DiagramLayout

PNG_DPI = 200  # as the README promises; written into the PNG's pHYs chunk
MARGIN = 12.0  # points of white around the drawing
FORMATS = ("png", "svg")
# cairo's RGB24 pixels are 32-bit words in the machine's byte order, the top byte unused
_CAIRO_RGB24 = "BGRX" if sys.byteorder == "little" else "XRGB"


def export_figure(layout: DiagramLayout, theme: Theme, fmt: str) -> bytes:
    """The diagram as `fmt` ("png" at PNG_DPI dots per inch, or "svg" with text kept as text)."""
    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    drawing = framed_drawing(layout, theme, MARGIN)
    return _png(drawing) if fmt == "png" else _svg(drawing)


def _png(drawing: Drawing) -> bytes:
    """The drawing rasterised by cairo, its pixels taken from cairo's surface at once.

    rlPyCairo's own `pixBuf` reorders the pixels in a Python loop (0.11 s of CPU for the default
    brief's diagram, 0.36 s for an 11-node flow, growing with the area); Pillow reads the
    surface's words as they lie (the whole PNG export: 0.02 and 0.08 s).
    """
    from PIL import Image
    from reportlab.graphics import renderPM

    canvas = renderPM.drawToPMCanvas(drawing, dpi=PNG_DPI, bg=0xFFFFFF, backend="rlPyCairo")
    surface = canvas._gs.surface  # a cairo ImageSurface in RGB24 (pyproject pins rlPyCairo for it)
    size = surface.get_width(), surface.get_height()
    pixels = bytes(surface.get_data())
    image = Image.frombuffer("RGB", size, pixels, "raw", _CAIRO_RGB24, surface.get_stride(), 1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI))
    return buffer.getvalue()


def _svg(drawing: Drawing) -> bytes:
    """The drawing's shapes as SVG elements, y turned to run down, one user unit to a point."""
    width, height = _number(drawing.width), _number(drawing.height)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}pt" height="{height}pt"'
        f' viewBox="0 0 {width} {height}" xml:space="preserve">\n',
    ]
    _shapes(drawing.getContents(), (1.0, 0.0, 0.0), drawing.height, out)
    out.append("</svg>\n")
    return "".join(out).encode("utf-8")


def _shapes(shapes: list[Shape], at: tuple[float, float, float], height: float, out: list[str]) -> None:
    """Append the SVG of `shapes` to `out`; `at` is (scale, dx, dy) of the groups around them."""
    from reportlab.graphics.shapes import Group, Line, Path, Polygon, PolyLine, Rect, String

    scale, dx, dy = at

    def point(x: float, y: float) -> str:
        return f"{_number(scale * x + dx)} {_number(height - (scale * y + dy))}"

    def points(flat: list[float]) -> str:
        return " ".join(point(flat[k], flat[k + 1]) for k in range(0, len(flat), 2))

    for shape in shapes:
        if isinstance(shape, Group):
            a, b, c, d, e, f = shape.transform
            if b or c or a != d or a <= 0:
                raise ValueError("the figure export draws groups scaled alike both ways, never turned")
            _shapes(shape.getContents(), (scale * a, scale * e + dx, scale * f + dy), height, out)
        elif isinstance(shape, String):
            if shape.textAnchor != "start":
                raise ValueError("the figure export sets strings from their start")
            x, y = point(shape.x, shape.y).split()
            out.append(f'<text x="{x}" y="{y}" style="{_font(shape.fontName, scale * shape.fontSize)}')
            out.append(f'; fill: {_color(shape.fillColor)}">{_escape(shape.text)}</text>\n')
        elif isinstance(shape, Rect):
            x, y = point(shape.x, shape.y + shape.height).split()
            box = f'x="{x}" y="{y}" width="{_number(scale * shape.width)}" height="{_number(scale * shape.height)}"'
            if shape.rx or shape.ry:
                box += f' rx="{_number(scale * shape.rx)}" ry="{_number(scale * shape.ry)}"'
            out.append(f'<rect {box} style="{_paint(shape, scale)}"/>\n')
        elif isinstance(shape, Polygon):
            out.append(f'<polygon points="{points(shape.points)}" style="{_paint(shape, scale)}"/>\n')
        elif isinstance(shape, PolyLine):
            out.append(f'<polyline points="{points(shape.points)}" style="{_paint(shape, scale, filled=False)}"/>\n')
        elif isinstance(shape, Line):
            ends = f"M {point(shape.x1, shape.y1)} L {point(shape.x2, shape.y2)}"
            out.append(f'<path d="{ends}" style="{_paint(shape, scale, filled=False)}"/>\n')
        elif isinstance(shape, Path):
            out.append(f'<path d="{_path(shape, points)}" style="{_paint(shape, scale)}"/>\n')
        else:
            raise ValueError(f"the figure export cannot draw a {type(shape).__name__}")


_PATH_OPERATORS = {0: ("M", 2), 1: ("L", 2), 2: ("C", 6), 3: ("Z", 0)}  # reportlab's moveTo ... closePath


def _path(shape, points) -> str:
    """The SVG path data of a reportlab Path, its points placed by `points`."""
    parts, k = [], 0
    for operator in shape.operators:
        letter, count = _PATH_OPERATORS[operator]
        parts.append(f"{letter} {points(shape.points[k : k + count])}".rstrip())
        k += count
    return " ".join(parts)


_CAPS = ("butt", "round", "square")  # reportlab's (and PDF's) line caps 0, 1, 2
_JOINS = ("miter", "round", "bevel")


def _paint(shape, scale: float, filled: bool = True) -> str:
    """The fill and stroke of `shape` as an SVG style."""
    fill = shape.fillColor if filled else None
    parts = [f"fill: {_color(fill) if fill is not None else 'none'}"]
    if shape.strokeColor is None or not shape.strokeWidth:
        parts.append("stroke: none")
        return "; ".join(parts)
    parts += [f"stroke: {_color(shape.strokeColor)}", f"stroke-width: {_number(scale * shape.strokeWidth)}"]
    parts += [f"stroke-linecap: {_CAPS[shape.strokeLineCap]}", f"stroke-linejoin: {_JOINS[shape.strokeLineJoin]}"]
    if shape.strokeDashArray:
        parts.append("stroke-dasharray: " + ", ".join(_number(scale * dash) for dash in shape.strokeDashArray))
    return "; ".join(parts)


def _font(name: str, size: float) -> str:
    """The CSS font of the registered font `name`: its family and a generic one, weight, style, size."""
    found = face(name)
    family = found.family.replace("\\", "\\\\").replace("'", "\\'")
    style = f"font-family: '{_escape(family)}', {found.generic}"
    style += "; font-weight: bold" if found.bold else ""
    style += "; font-style: italic" if found.italic else ""
    return f"{style}; font-size: {_number(size)}px"


def _color(color) -> str:
    return "#" + color.hexval()[2:]


def _number(value: float) -> str:
    """`value` to a thousandth, without trailing zeros (and never '-0')."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _escape(text: str) -> str:
    """`text` as XML character data or a double-quoted attribute value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
