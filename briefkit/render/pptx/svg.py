"""SVG pictures on slides, stored as PowerPoint stores them: the SVG itself, made safe, plus a
PNG rendering that clients without SVG support show.

In: a slide, the SVG file and the planned box. Out: a picture shape whose blip is the PNG and
whose `asvg:svgBlip` extension names the SVG part. The PNG is rendered from the same svglib
drawing the report uses (reportlab's renderPM), at twice the box's size in points.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.util import Pt

from ...read.svg import safe_svg, svg_drawing, svg_png
from ..deck.plan import Box

SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
PNG_SCALE = 2.0  # pixels per point of the picture's box


def svg_size(path: Path) -> tuple[float, float]:
    """The SVG's width and height in points."""
    drawing = svg_drawing(path)
    return drawing.width, drawing.height


def add_svg_picture(slide, path: Path, box: Box):
    """A picture of the SVG at `box`: PNG blip with the SVG as its extension."""
    png = svg_png(path, PNG_SCALE * box.width / svg_size(path)[0])
    picture = slide.shapes.add_picture(io.BytesIO(png), Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))
    package = slide.part.package
    part = Part(package.next_image_partname("svg"), "image/svg+xml", package, safe_svg(path))
    r_id = slide.part.relate_to(part, RT.IMAGE)
    blip = picture._element.find(".//" + qn("a:blip"))
    extensions = etree.SubElement(blip, qn("a:extLst"))
    extension = etree.SubElement(extensions, qn("a:ext"))
    extension.set("uri", SVG_EXTENSION)
    svg_blip = etree.SubElement(extension, f"{{{ASVG}}}svgBlip", nsmap={"asvg": ASVG})
    svg_blip.set(qn("r:embed"), r_id)
    return picture
