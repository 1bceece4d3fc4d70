"""SVG images, made safe and turned into vector drawings.

In: the path of an SVG file. Out: the file's XML with everything active or outward removed
(scripts, event handlers, foreignObject, references to anything but the file's own elements,
CSS imports), and a reportlab Drawing of it through svglib, which the PDF draws as vectors and
from which a PNG can be rendered (`svg_png`). No script runs and no external reference is followed: svglib
runs none, and none is left for it to find. Entities are never resolved and the network is off.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from lxml import etree

_ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video"}
_HREF = ("href", "{http://www.w3.org/1999/xlink}href")
_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?(?!#)[^)]*\)", re.IGNORECASE)


def is_svg(path: Path) -> bool:
    """True when a file is SVG by its name or by its first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(512).lstrip()
    return path.suffix.lower() == ".svg" or head.startswith((b"<?xml", b"<svg"))


def safe_svg(path: Path) -> bytes:
    """The SVG's XML without scripts, event handlers or external references; raises ValueError
    when the file is not an SVG document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not valid SVG: {exc}") from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
        raise ValueError("not an SVG document")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments and processing instructions
            if element.getparent() is not None:
                element.getparent().remove(element)
            continue
        name = etree.QName(element).localname
        if name in _ACTIVE and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            value = element.attrib[attribute]
            local = etree.QName(attribute).localname
            if local.lower().startswith("on") or (attribute in _HREF and not value.startswith("#")):
                del element.attrib[attribute]
            elif local == "style":
                element.attrib[attribute] = _URL.sub("none", _IMPORT.sub("", value))
        if name == "style" and element.text:
            element.text = _URL.sub("none", _IMPORT.sub("", element.text))
    return etree.tostring(root)


def svg_drawing(path: Path):
    """The SVG as a reportlab Drawing (width and height in points); raises ValueError when it
    cannot be drawn."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(safe_svg(path)), external_reference_root=str(path.parent))
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        raise ValueError("the SVG has no size to draw")
    return drawing


def svg_png(path: Path, scale: float) -> bytes:
    """The SVG rendered as PNG bytes, `scale` pixels a point, on white: what clients that cannot
    draw SVG show, and how an SVG image stands in a line of the report's text."""
    from reportlab.graphics import renderPM

    drawing = svg_drawing(path)
    width, height = drawing.width, drawing.height
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width * scale, height * scale
    return renderPM.drawToString(drawing, fmt="PNG", bg=0xFFFFFF, configPIL={"transparent": None})
