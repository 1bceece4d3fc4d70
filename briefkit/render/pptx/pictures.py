"""Pictures on slides: an image file and its planned box in, a picture shape out.

Raster images are drawn upright (as `read.images.drawable` turns them); SVG images as PowerPoint
stores them, the SVG with a PNG rendering beside it (`svg.add_svg_picture`). The small pictures
inside slide text (badges) are drawn the same way, in the boxes the plan gave them, each
linked where its image was.
"""

from __future__ import annotations

from pathlib import Path

from pptx.util import Pt

from ...read.images import drawable
from ...read.svg import is_svg
from ..deck.plan import Box, InlinePicture
from .svg import add_svg_picture


def add_picture(slide, path: Path, box: Box):
    """A picture of the image at `path` filling `box`; returns the shape."""
    if is_svg(path):
        return add_svg_picture(slide, path, box)
    return slide.shapes.add_picture(drawable(path), Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))


def draw_inline_pictures(slide, pictures: tuple[InlinePicture, ...]) -> None:
    """The small pictures of a slide's text, each linked to its address when it has one."""
    for picture in pictures:
        shape = add_picture(slide, picture.path, picture.box)
        if picture.url:
            shape.click_action.hyperlink.address = picture.url
