"""Figure export: a DiagramLayout in, PNG or SVG bytes out, drawn with matplotlib.

One axes unit is one point and the figure is the layout's size plus a margin all round, so the
export shows the same geometry as the report and the deck; as there, arrowheads lie above the
boxes and below the labels. Glyphs are drawn unhinted, at the
advance widths the layout measured. Text is set with the theme's own font files (a fallback
font where they lack a character) and stays text in SVG, which names a generic family after
every font family. The bytes are deterministic: no dates, no software tag, a fixed SVG id salt.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..fonts import family_files
from .scripts import pieces

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..theme import Theme
    from .layout import DiagramLayout

PNG_DPI = 200  # as the README promises; written into the PNG's pHYs chunk
MARGIN = 12.0  # points of white around the drawing
_FAMILY = re.compile(r"font-family: ('(?P<name>[^']*)')")
_LINES, _BOXES = 1, 2  # arrows below boxes and label grounds; text (zorder 3) above all
FORMATS = ("png", "svg")


def export_figure(layout: DiagramLayout, theme: Theme, fmt: str) -> bytes:
    """The diagram as `fmt` ("png" at PNG_DPI dots per inch, or "svg" with text kept as text)."""
    if fmt not in FORMATS:
        raise ValueError(f"figure format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    import matplotlib
    from matplotlib.figure import Figure

    settings = {
        "svg.fonttype": "none",
        "svg.hashsalt": "briefkit",
        "lines.scale_dashes": False,
        # unhinted glyphs keep the advance widths the layout measured, so runs keep their spaces
        "text.hinting": "none",
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=((layout.width + 2 * MARGIN) / 72, (layout.height + 2 * MARGIN) / 72))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(-MARGIN, layout.width + MARGIN)
        axes.set_ylim(layout.height + MARGIN, -MARGIN)
        axes.set_axis_off()
        _draw(axes, layout, theme)
        buffer = io.BytesIO()
        if fmt == "png":
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        else:
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
            return _generic_families(buffer.getvalue())
    return buffer.getvalue()


def _generic_families(svg: bytes) -> bytes:
    """Every font family named in the SVG followed by its generic family, so a viewer without
    the font still draws the text in the right kind of typeface."""

    def generic(match: re.Match) -> str:
        name = match["name"]
        kind = "monospace" if "Mono" in name else "serif" if "Serif" in name and "Sans" not in name else "sans-serif"
        return f"font-family: {match[1]}, {kind}"

    return _FAMILY.sub(generic, svg.decode("utf-8")).encode("utf-8")


def _draw(axes: Axes, layout: DiagramLayout, theme: Theme) -> None:
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon, Rectangle
    from matplotlib.path import Path as Curve

    from ..fonts import family_name

    files = family_files(theme.fonts.heading)
    size = layout.font_size
    fonts: dict[tuple[Path, str], FontProperties] = {}
    colors = theme.colors
    width = layout.line_width

    def text(x: float, baseline: float, value: str, style: str, color: str) -> None:
        for piece in pieces(value, files[style], size):
            font = fonts.get((piece.font, style))
            if font is None:  # drawn from the file; the SVG names its family, weight and slant
                font = fonts[piece.font, style] = FontProperties(
                    family=family_name(piece.font),
                    weight="bold" if "bold" in style else "normal",
                    style="italic" if "italic" in style else "normal",
                    fname=str(piece.font),
                    size=size,
                )
            axes.text(x + piece.x, baseline, piece.text, fontproperties=font, color=color, va="baseline", ha="left")

    def stroke(points: tuple[tuple[float, float], ...], dashed: bool) -> Line2D:
        xs, ys = zip(*points, strict=True)
        style = (0, layout.dash) if dashed else "solid"
        return Line2D(xs, ys, color=colors.edge, linewidth=width, linestyle=style, solid_capstyle="butt", zorder=_LINES)

    def curve(controls: tuple[tuple[float, float], ...], dashed: bool) -> PathPatch:
        codes = [Curve.MOVETO] + [Curve.CURVE4] * (len(controls) - 1)
        style = (0, layout.dash) if dashed else "solid"
        return PathPatch(
            Curve(controls, codes),
            facecolor="none",
            edgecolor=colors.edge,
            linewidth=width,
            linestyle=style,
            capstyle="butt",
            zorder=_LINES,
        )

    for edge in layout.edges:
        if edge.curve:
            axes.add_patch(curve(edge.curve, edge.dashed))
        else:
            axes.add_line(stroke(edge.shaft, edge.dashed))
        if edge.label.leader is not None:
            xs, ys = zip(*edge.label.leader, strict=True)
            axes.add_line(Line2D(xs, ys, color=colors.muted, linewidth=width / 2, zorder=_LINES))

    for node in layout.nodes:
        box = node.box
        axes.add_patch(
            FancyBboxPatch(
                (box.x, box.y),
                box.w,
                box.h,
                boxstyle=f"round,pad=0,rounding_size={layout.corner_radius}",
                facecolor=colors.node_fill,
                edgecolor=colors.node_border,
                linewidth=width,
                zorder=_BOXES,
            )
        )
        for line in node.lines:
            text(box.x + line.x, box.y + line.baseline, line.text, "bold", colors.node_text)

    for edge in layout.edges:  # above the boxes (drawn after them at their level), below the labels
        axes.add_patch(Polygon(edge.head, closed=True, facecolor=colors.edge, edgecolor="none", zorder=_BOXES))

    for edge in layout.edges:
        box = edge.label.box
        axes.add_patch(
            Rectangle((box.x, box.y), box.w, box.h, facecolor=colors.label_fill, edgecolor="none", zorder=_BOXES)
        )
        for row in edge.label.lines:
            for run in row.runs:
                text(box.x + run.x, box.y + row.baseline, run.text, "italic" if run.italic else "regular", colors.text)

    legend = layout.legend.box
    for entry in layout.legend.entries:
        y = legend.y + entry.y
        axes.add_line(stroke(((legend.x + entry.x0, y), (legend.x + entry.x1, y)), entry.dashed))
        text(legend.x + entry.text_x, legend.y + entry.baseline, entry.text, "regular", colors.muted)
