"""Numbered figures: images and flow diagrams with their captions, kept together as floats.

In: an Image or Flow block and the width available. Out: flowables: the picture scaled to fit
the frame (width and height, aspect kept, never blown up past one point per pixel) or the flow
diagram drawn from its precomputed layout, followed by a centred "Figure N: caption", the two as
one `Float` (placed by the rules in `keep`). Figures share one counter in reading order. A flow
whose layout is missing is written out as a table instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Paragraph as RLParagraph

from ...errors import ContentError
from ...model import Flow, FlowSpec, Image
from ...theme import Theme
from . import table as pdf_table
from .keep import Float
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
    ) -> None:
        self._styles = styles
        self._markup = markup
        self._theme = theme
        self._layouts = layouts
        self._frame_height = frame_height
        self._max_height = frame_height * _MAX_HEIGHT_SHARE
        self._path = path
        self._count = 0

    def image(self, block: Image, width: float) -> list[Flowable]:
        try:
            reader = ImageReader(str(block.path))
            pixels_w, pixels_h = reader.getSize()
        except Exception as exc:  # reportlab/Pillow raise many kinds for unreadable files
            raise ContentError.at(self._path, block.line, f"cannot read image '{block.path.name}': {exc}") from None
        scale = min(width / pixels_w, self._max_height / pixels_h, 1.0)
        picture = RLImage(str(block.path), width=pixels_w * scale, height=pixels_h * scale)
        picture.hAlign = "CENTER"
        return [self._figure(picture, block.caption, block.line)]

    def flow(self, block: Flow, width: float) -> list[Flowable]:
        layout = self._layouts.get(block.spec)
        picture = self._drawing(layout, width) if layout is not None else None
        if picture is None:
            room = pdf_table.Room(width, self._frame_height)
            picture = pdf_table.flow_table(block.spec, room, self._styles, self._markup)
        return [self._figure(picture, block.spec.caption or "", block.line)]

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
