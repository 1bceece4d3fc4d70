"""Text at the python-pptx edge: planned spans, sizes and boxes in, DrawingML paragraphs out.

Every text frame is set the same way: no autofit, word wrap on, zero insets, exact line spacing
(LINE_SPACING x size) and explicit space before, so what the planner measured is what a client
draws. Fonts are named by the family inside the theme's font files (e.g. "DejaVu Sans"), the
same files the planner measured with. Points are converted to EMU here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..fonts import family_files
from ..theme import Theme
from .deck_plan import Box, Bullet
from .deck_text import LINE_SPACING, Span, Spans, clean

ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT, None: PP_ALIGN.LEFT}


@cache
def family_name(path: Path) -> str:
    """The family name stored in a TrueType file, as presentation clients look fonts up."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    name = TTFontFile(str(path)).familyName
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


@dataclass(frozen=True)
class Style:
    """The theme's type and colour as python-pptx values."""

    heading: str
    body: str
    mono: str
    text: RGBColor
    muted: RGBColor
    accent: RGBColor
    accent_soft: RGBColor
    rule: RGBColor
    banner_fill: RGBColor
    banner_text: RGBColor
    white: RGBColor

    @classmethod
    def of(cls, theme: Theme) -> Style:
        c = theme.colors
        rgb = RGBColor.from_string
        return cls(
            heading=family_name(family_files(theme.fonts.heading)["regular"]),
            body=family_name(family_files(theme.fonts.body)["regular"]),
            mono=family_name(family_files(theme.fonts.mono)["regular"]),
            text=rgb(c.text[1:]),
            muted=rgb(c.muted[1:]),
            accent=rgb(c.accent[1:]),
            accent_soft=rgb(c.accent_soft[1:]),
            rule=rgb(c.rule[1:]),
            banner_fill=rgb(c.banner_fill[1:]),
            banner_text=rgb(c.banner_text[1:]),
            white=rgb("FFFFFF"),
        )


def place(shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)


def prepare(text_frame, anchor=MSO_ANCHOR.TOP) -> None:
    """No autofit, wrap on, no insets: the box is exactly the planned text area."""
    text_frame.clear()
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    text_frame.word_wrap = True
    text_frame.vertical_anchor = anchor
    text_frame.margin_left = text_frame.margin_right = 0
    text_frame.margin_top = text_frame.margin_bottom = 0


def paragraph(text_frame, first: bool):
    """The frame's first (emptied) paragraph, or a new one after it."""
    return text_frame.paragraphs[0] if first else text_frame.add_paragraph()


def spacing(para, size: float, before: float = 0.0, align=PP_ALIGN.LEFT) -> None:
    para.line_spacing = Pt(size * LINE_SPACING)
    para.space_before = Pt(before)
    para.space_after = Pt(0)
    para.alignment = align


def write(
    para,
    spans: Spans,
    size: float,
    family: str,
    style: Style,
    color: RGBColor,
    bold: bool = False,
    italic: bool = False,
) -> None:
    """Append `spans` to `para` as runs; code spans in the mono family, links underlined."""
    for span in spans:
        run = para.add_run()
        run.text = clean(span.text)
        font = run.font
        font.name = style.mono if span.code else family
        font.size = Pt(size)
        font.bold = bold or span.bold
        font.italic = italic or span.italic
        font.color.rgb = style.accent if span.url else color
        if span.url:
            run.hyperlink.address = span.url
            font.underline = True


def plain(
    text_frame,
    text: str,
    size: float,
    family: str,
    style: Style,
    color: RGBColor,
    bold: bool = False,
    align=PP_ALIGN.LEFT,
):
    """A frame holding one paragraph of plain text."""
    prepare(text_frame)
    para = paragraph(text_frame, True)
    spacing(para, size, align=align)
    write(para, (Span(text),), size, family, style, color, bold)


def bullet_paragraph(text_frame, first: bool, bullet: Bullet, style: Style) -> None:
    """One planned bullet: hanging indent, its marker (a bullet, a number, or none) and text."""
    para = paragraph(text_frame, first)
    para.level = min(bullet.level, 8)
    spacing(para, bullet.size, bullet.space_before)
    p_pr = para._p.get_or_add_pPr()
    p_pr.set("marL", str(Pt(bullet.indent)))
    p_pr.set("indent", str(-Pt(bullet.hang) if bullet.marker else 0))
    if bullet.marker and bullet.marker[0].isdigit():
        _sub(p_pr, "a:buClr").append(_srgb(style.accent))
        _sub(p_pr, "a:buFont").set("typeface", style.body)
        auto = _sub(p_pr, "a:buAutoNum")
        auto.set("type", "arabicPeriod")
        auto.set("startAt", bullet.marker.rstrip("."))
    elif bullet.marker:
        _sub(p_pr, "a:buClr").append(_srgb(style.accent))
        _sub(p_pr, "a:buFont").set("typeface", style.body)
        _sub(p_pr, "a:buChar").set("char", bullet.marker)
    else:
        _sub(p_pr, "a:buNone")
    color = style.accent if bullet.heading else style.text
    write(para, bullet.spans, bullet.size, style.body, style, color, bold=bullet.heading)


def no_bullet(para) -> None:
    """Paragraphs of prose, quotes and code: no marker and no indent, whatever the layout says."""
    p_pr = para._p.get_or_add_pPr()
    p_pr.set("marL", "0")
    p_pr.set("indent", "0")
    _sub(p_pr, "a:buNone")


def _sub(parent, tag: str):
    return etree.SubElement(parent, qn(tag))


def _srgb(color: RGBColor):
    element = etree.Element(qn("a:srgbClr"))
    element.set("val", str(color))
    return element
