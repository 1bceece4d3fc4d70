"""Numbered figures: images, flow diagrams and charts with their captions, kept together as floats.

In: an Image, ImagePlaceholder, Flow or Chart block and the width available. Out: flowables:
the picture scaled to fit the frame (width and height, aspect kept, never blown up past one point
per pixel), an SVG drawn as vectors (made safe first, see read.svg), a framed box naming an
image that is not drawn and its address, the flow diagram drawn from its precomputed layout, or
the chart, followed by a centred "Figure N: caption", the two as one `Float` (placed by the
rules in `keep`). Figures share one counter in reading order. A flow whose layout is missing is
written out as a table instead; one whose text would be drawn below 7 pt takes a page of its own
(a landscape one where that is larger), and a warning says so when even that is too small.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus import Image as RLImage

from ...diagram.readable import CAPTION_ROOM, REPORT_MINIMUM, check_report
from ...errors import ContentError, Warnings
from ...model import Chart, Flow, FlowSpec, Image, ImagePlaceholder
from ...read.images import drawable
from ...read.svg import is_svg, svg_drawing
from ...theme import Theme
from . import table as pdf_table
from .fragments import Paragraph as RLParagraph
from .keep import Float, Landscape
from .styles import Styles
from .text import Markup

if TYPE_CHECKING:
    from ...diagram.layout import DiagramLayout

_MAX_HEIGHT_SHARE = 0.6  # of the frame height: a figure leaves room for its caption and some text


class Figures:
    """Turns Image and Flow blocks into captioned figures for one document, numbering them."""

    def __init__(
        self,
        styles: Styles,
        markup: Markup,
        theme: Theme,
        layouts: dict[FlowSpec, DiagramLayout],
        frame_height: float,
        path: Path,
        warnings: Warnings | None = None,
        turned: tuple[float, float] | None = None,
    ) -> None:
        """`turned` is the width and height of a landscape page's frame, where a diagram too
        small to read in the text may go when that draws it larger."""
        self._styles = styles
        self._markup = markup
        self._theme = theme
        self._layouts = layouts
        self._frame_height = frame_height
        self._max_height = frame_height * _MAX_HEIGHT_SHARE
        self._path = path
        self._warnings = warnings if warnings is not None else Warnings()
        self._turned = turned
        self._count = 0

    def image(self, block: Image, width: float) -> list[Flowable]:
        if is_svg(block.path):
            return [self._figure(self._svg(block, width), block.caption, block.line)]
        try:
            reader = ImageReader(drawable(block.path))
            pixels_w, pixels_h = reader.getSize()
        except Exception as exc:  # reportlab/Pillow raise many kinds for unreadable files
            raise ContentError.at(self._path, block.line, f"cannot read image '{block.path.name}': {exc}") from None
        scale = min(width / pixels_w, self._max_height / pixels_h, 1.0)
        picture = RLImage(drawable(block.path), width=pixels_w * scale, height=pixels_h * scale)
        picture.hAlign = "CENTER"
        return [self._figure(picture, block.caption, block.line)]

    def _svg(self, block: Image, width: float) -> Flowable:
        try:
            drawing = svg_drawing(block.path)
        except Exception as exc:  # lxml and svglib raise many kinds for broken files
            raise ContentError.at(self._path, block.line, f"cannot draw SVG image '{block.path.name}': {exc}") from None
        scale = min(width / drawing.width, self._max_height / drawing.height, 1.0)
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        drawing.hAlign = "CENTER"
        return drawing

    def placeholder(self, block: ImagePlaceholder, width: float) -> list[Flowable]:
        """A framed box where an image that is not drawn would stand: what it is and its address."""
        styles = self._styles
        lines = [
            RLParagraph("<b>Image not included</b>", styles.para["cell_head"]),
            RLParagraph(self._markup.text(block.source, block.line, "mono"), styles.para["cell"]),
        ]
        box = Table([[lines]], colWidths=[width * 0.8], rowHeights=[None], hAlign="CENTER")
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), styles.body_font["regular"]),
                    ("BOX", (0, 0), (-1, -1), 0.75, styles.colors.rule),
                    ("BACKGROUND", (0, 0), (-1, -1), styles.colors.accent_soft),
                    ("TOPPADDING", (0, 0), (-1, -1), styles.rhythm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), styles.rhythm),
                    ("LEFTPADDING", (0, 0), (-1, -1), styles.rhythm),
                ]
            )
        )
        return [self._figure(box, block.caption, block.line)]

    def flow(self, block: Flow, width: float, turnable: bool = True) -> list[Flowable]:
        """The flow diagram as a figure; a page of its own when its text would be too small,
        turned sideways where that draws it larger and the place allows (`turnable`)."""
        layout = self._layouts.get(block.spec)
        picture = self._drawing(layout, width) if layout is not None else None
        if picture is None:
            room = pdf_table.Room(width, self._frame_height)
            picture = pdf_table.flow_table(block.spec, room, self._styles, self._markup)
        elif picture.height / layout.height * layout.font_size < REPORT_MINIMUM:
            return self._own_page(block, layout, width, turnable)
        return [self._figure(picture, block.spec.caption or "", block.line)]

    def chart(self, block: Chart, width: float) -> list[Flowable]:
        """A chart drawn as vector graphics with real text, numbered like every figure."""
        from ...chart.draw_pdf import chart_drawing
        from ...chart.style import chart_look

        look = chart_look(block.spec, self._theme)
        drawing = chart_drawing(block.spec, look, self._theme, width, self._max_height)
        drawing.initialFontName = self._styles.heading_font["regular"]
        drawing.initialFontSize = self._theme.sizes.diagram
        drawing.hAlign = "CENTER"
        return [self._figure(drawing, block.spec.caption or "", block.line)]

    def _own_page(self, block: Flow, layout: DiagramLayout, width: float, turnable: bool) -> list[Flowable]:
        """A diagram too small to read in the text: a page of its own, a landscape one when that
        draws its text larger, with a warning when even that stays below the minimum."""
        from ...diagram.draw_pdf import page_drawing
        from ...diagram.layout import fitted_scale

        room = (width, self._frame_height - CAPTION_ROOM)
        wide = (self._turned[0], self._turned[1] - CAPTION_ROOM) if self._turned and turnable else None
        if wide is not None and fitted_scale(layout, *wide) > fitted_scale(layout, *room):
            room = wide
        else:
            wide = None
        drawing, drawn = page_drawing(layout, self._theme, *room)
        drawing.initialFontName = self._styles.heading_font["regular"]
        drawing.initialFontSize = self._theme.sizes.diagram
        drawing.hAlign = "CENTER"
        check_report(self._path, block.spec, drawn, self._warnings)
        figure = self._figure(drawing, block.spec.caption or "", block.line)
        # a page-high figure floats like any other: the text after it fills the page it is written
        # on, and it takes the top of the next page, where nothing else fits beside it
        return [Landscape(figure)] if wide is not None else [figure]

    def _drawing(self, layout: DiagramLayout, width: float) -> Flowable | None:
        """The diagram drawn natively, shrunk to the height limit; None when no drawer exists."""
        try:
            from ...diagram.draw_pdf import flow_drawing
        except ImportError:
            return None
        drawing = flow_drawing(layout, self._theme, width)
        # the renderer's starting font, which would otherwise be an unembedded Helvetica
        drawing.initialFontName = self._styles.heading_font["regular"]
        drawing.initialFontSize = self._theme.sizes.diagram
        if drawing.height > self._max_height:
            factor = self._max_height / drawing.height
            drawing.scale(factor, factor)
            drawing.width, drawing.height = drawing.width * factor, drawing.height * factor
        drawing.hAlign = "CENTER"
        return drawing

    def _figure(self, picture: Flowable, caption: str, line: int) -> Float:
        self._count += 1
        text = f"<b>Figure {self._count}</b>"
        if caption:
            text += ": " + self._markup.text(caption, line, "heading")
        return Float([picture, RLParagraph(text, self._styles.para["caption"])])
