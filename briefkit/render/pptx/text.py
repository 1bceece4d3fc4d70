"""Text at the pptx edge: planned spans, sizes and boxes in, DrawingML text bodies out.

Every text frame is set the same way: no autofit, word wrap on, zero insets, exact line spacing
(LINE_SPACING x size) and explicit space before, so what the planner measured is what a client
draws. Fonts are named as presenters' machines know them (Calibri for the Carlito files the
planner measured with, see `fonts.METRIC_TWINS`); a run the slide font lacks characters for
(Hangul, Chinese, Japanese) names the fallback font that the one measurer (briefkit.measure)
measured it with, as its Latin, East Asian and complex-script typeface alike.
Points are converted to EMU here and nowhere else.

The elements are built with lxml directly rather than through python-pptx's text proxies,
which look up or create every property element on each access: on a 1,115-slide deck those
proxies took 6 of the writer's 9 s. The XML is the same, attribute order included; python-pptx
still parses, holds and saves it, and its rules are reused where they matter (the length to
centipoint rounding of `Length`, the escaping of control characters in runs).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.util import Pt

from ... import measure
from ...fonts import family_name
from ..deck.plan import Box, Bullet, Look
from ..deck.text import LINE_SPACING, Span, Spans, clean
from .package import retarget

ALIGN = {"left": "l", "center": "ctr", "right": "r", None: "l"}

P, P_PR, R, R_PR, T = qn("a:p"), qn("a:pPr"), qn("a:r"), qn("a:rPr"), qn("a:t")
SPC_PTS, SRGB, SOLID, LATIN = qn("a:spcPts"), qn("a:srgbClr"), qn("a:solidFill"), qn("a:latin")
EA, CS = qn("a:ea"), qn("a:cs")
R_ID = qn("r:id")
_clark = functools.cache(qn)  # python-pptx parses the prefix anew on every call
SLIDE_JUMP = "ppaction://hlinksldjump"  # the click action of a link to another slide of the deck


class SlideJumps:
    """Links from slide text to slides of the deck: the plan's (anchor, slide index) pairs in,
    slide-to-slide relationships out.

    A link may lead to a slide not yet added, so `relate` first relates the linking slide to a
    stand-in part, one per target slide, and `resolve`, once every slide is added, points each
    such relationship at its real slide. The relationship ids are fixed when the link is drawn.
    """

    def __init__(self, anchors: tuple[tuple[str, int], ...]):
        self._targets = dict(anchors)
        self._stand_ins: dict[int, Part] = {}
        self._waiting: list[tuple[object, int]] = []

    def relate(self, part, anchor: str | None) -> str | None:
        """The id of `part`'s relationship to the slide `anchor` leads to; None when it leads nowhere."""
        index = self._targets.get(anchor) if anchor else None
        if index is None:
            return None
        stand_in = self._stand_ins.get(index)
        if stand_in is None:
            stand_in = Part(PackURI(f"/ppt/slides/slide{index + 1}.xml"), CT.PML_SLIDE, part.package)
            self._stand_ins[index] = stand_in
        r_id = part.relate_to(stand_in, RT.SLIDE)
        self._waiting.append((part.rels[r_id], index))
        return r_id

    def resolve(self, presentation) -> None:
        """Point every relationship made by `relate` at the slide it names."""
        rels, slide_ids = presentation.part.rels, presentation.slides._sldIdLst
        for rel, index in self._waiting:
            retarget(rel, rels[slide_ids[index].rId].target_part)
        self._waiting.clear()


@dataclass(frozen=True)
class Style:
    """The plan's look as python-pptx values: colours as RGBColor, fonts by the name slides use;
    and the slides its `#anchor` links jump to."""

    heading: str
    body: str
    mono: str
    title: RGBColor
    text: RGBColor
    muted: RGBColor
    accent: RGBColor
    accent_soft: RGBColor
    rule: RGBColor
    banner_fill: RGBColor
    banner_text: RGBColor
    on_tint: RGBColor
    header: RGBColor
    cover_title: RGBColor
    cover_text: RGBColor
    title_align: str
    cover_align: str
    white: RGBColor
    files: Mapping[str, Mapping[str, Path]]  # the files each named family was measured with
    jumps: SlideJumps  # where `#anchor` links lead

    @classmethod
    def of(cls, look: Look, anchors: tuple[tuple[str, int], ...] = ()) -> Style:
        colors = {
            name: RGBColor.from_string(getattr(look, name)[1:])
            for name in (
                "title", "text", "muted", "accent", "accent_soft", "rule", "banner_fill", "banner_text",
                "on_tint", "header", "cover_title", "cover_text",
            )
        }  # fmt: skip
        files: dict[str, Mapping[str, Path]] = {}
        for face in (look.heading, look.body, look.mono):
            files.setdefault(face.name, dict(face.files))
        return cls(
            heading=look.heading.name,
            body=look.body.name,
            mono=look.mono.name,
            white=RGBColor.from_string("FFFFFF"),
            title_align=look.title_align,
            cover_align=look.cover_align,
            files=files,
            jumps=SlideJumps(anchors),
            **colors,
        )


def sub(parent, tag: str, **attributes: str):
    """A new child `tag` (prefixed, e.g. "a:off") of `parent` with `attributes` in this order."""
    element = etree.SubElement(parent, _clark(tag))
    for name, value in attributes.items():
        element.set(name, value)
    return element


def emu(points: float) -> str:
    return str(Pt(points))


def xfrm(sp_pr, box: Box) -> None:
    """Position and size of a shape: `a:xfrm` as the first child of its `p:spPr`."""
    transform = etree.Element(qn("a:xfrm"))
    sub(transform, "a:off", x=emu(box.left), y=emu(box.top))
    sub(transform, "a:ext", cx=emu(box.width), cy=emu(box.height))
    sp_pr.insert(0, transform)


def text_body(sp, body_pr: dict[str, str] | None = None, anchor: str = "t"):
    """Replace `sp`'s text with an empty planned text area; returns the `p:txBody`.

    No autofit, wrap on, no insets: the box is exactly the planned text area. `body_pr` holds
    attributes a shape's template already sets on `a:bodyPr`, which keep their place first.
    """
    old = sp.find(qn("p:txBody"))
    if old is not None:
        sp.remove(old)
    body = sub(sp, "p:txBody")
    attributes = dict(body_pr or {})
    attributes.update(wrap="square", anchor=anchor, lIns="0", rIns="0", tIns="0", bIns="0")
    sub(sub(body, "a:bodyPr", **attributes), "a:noAutofit")
    sub(body, "a:lstStyle")
    return body


def paragraph(body, size: float, before: float = 0.0, **attributes: str):
    """A new `a:p` with exact line spacing and space before; `attributes` go on its `a:pPr`."""
    para = etree.SubElement(body, P)
    p_pr = etree.SubElement(para, P_PR)
    for name, value in attributes.items():
        p_pr.set(name, value)
    for tag, points in (("a:lnSpc", size * LINE_SPACING), ("a:spcBef", before), ("a:spcAft", 0.0)):
        etree.SubElement(sub(p_pr, tag), SPC_PTS).set("val", str(Pt(points).centipoints))
    return para


def plain_paragraph(body, size: float, before: float = 0.0, left: float = 0.0):
    """A paragraph of prose, quotes and code: no marker, whatever the layout says, and no indent
    but the planned `left` margin."""
    para = paragraph(body, size, before, marL=emu(left), indent="0", algn="l")
    sub(para[0], "a:buNone")
    return para


def write(
    para,
    spans: Spans,
    size: float,
    family: str,
    style: Style,
    color: RGBColor,
    part,
    bold: bool = False,
    italic: bool = False,
    link: RGBColor | None = None,
) -> None:
    """Append `spans` to `para` as runs; code spans in the mono family, links underlined and in
    `link` (the accent unless told).

    Links are related from `part`, the slide part, one relationship per distinct address or
    target slide; a link to a heading jumps to the slide the plan gave its anchor. A line-break
    span is an `a:br`. A picture is drawn apart (`pictures.draw_inline_pictures`) over the room
    the plan kept for it in the line: a no-break space spaced out to the room's width, neither
    linked nor underlined (the picture carries the link).
    """
    for span in spans:
        if span.line_break:
            sub(sub(para, "a:br"), "a:rPr", sz=str(Pt(size).centipoints))
            continue
        if span.picture is not None:
            if span.room:
                _room(para, span, size, family, style, color, bold, italic)
            continue
        jump = style.jumps.relate(part, span.anchor)
        linked = bool(span.url or jump)
        name = style.mono if span.code else family
        primary = measure.face(style.files[name], bold or span.bold, italic or span.italic)
        for text, font in measure.runs(clean(span.text), primary):
            run = etree.SubElement(para, R)
            r_pr = etree.SubElement(run, R_PR)
            r_pr.set("sz", str(Pt(size).centipoints))
            r_pr.set("b", "1" if bold or span.bold else "0")
            r_pr.set("i", "1" if italic or span.italic else "0")
            fill = etree.SubElement(r_pr, SOLID)
            etree.SubElement(fill, SRGB).set("val", str((link or style.accent) if linked else color))
            if font == primary:
                etree.SubElement(r_pr, LATIN).set("typeface", name)
            else:  # the fallback the text was measured with, whichever script a client takes it for
                for tag in (LATIN, EA, CS):
                    etree.SubElement(r_pr, tag).set("typeface", family_name(font))
            if span.strike:
                r_pr.set("strike", "sngStrike")
            if span.baseline:
                r_pr.set("baseline", str(span.baseline * 1000))
            if span.underline or linked:
                r_pr.set("u", "sng")
            if span.url:
                sub(r_pr, "a:hlinkClick").set(R_ID, part.relate_to(span.url, RT.HYPERLINK, is_external=True))
            elif jump:
                sub(r_pr, "a:hlinkClick", action=SLIDE_JUMP).set(R_ID, jump)
            etree.SubElement(run, T).text = CT_RegularTextRun._escape_ctrl_chars(text)


ROOM = "\u00a0"  # the character that keeps a picture's room in a line: no break before or after it


def _room(para, span: Span, size: float, family: str, style: Style, color: RGBColor, bold: bool, italic: bool) -> None:
    """The run keeping a picture's room: ROOM, its spacing widening it to `span.room` points."""
    primary = measure.face(style.files[family], bold or span.bold, italic or span.italic)
    [(text, font)] = measure.runs(ROOM, primary)
    run = etree.SubElement(para, R)
    r_pr = etree.SubElement(run, R_PR)
    r_pr.set("sz", str(Pt(size).centipoints))
    r_pr.set("b", "1" if bold or span.bold else "0")
    r_pr.set("i", "1" if italic or span.italic else "0")
    r_pr.set("spc", str(round((span.room - measure.width(text, font, size)) * 100)))
    etree.SubElement(etree.SubElement(r_pr, SOLID), SRGB).set("val", str(color))
    etree.SubElement(r_pr, LATIN).set("typeface", family if font == primary else family_name(font))
    etree.SubElement(run, T).text = text


def plain(
    sp,
    text: str,
    size: float,
    family: str,
    style: Style,
    color: RGBColor,
    part,
    bold: bool = False,
    align: str = "l",
    body_pr: dict[str, str] | None = None,
    anchor: str = "t",
) -> None:
    """`sp`'s text: one paragraph of plain text."""
    para = paragraph(text_body(sp, body_pr, anchor), size, algn=align)
    write(para, (Span(text),), size, family, style, color, part, bold)


def bullet_paragraph(body, bullet: Bullet, style: Style, part) -> None:
    """One planned bullet: hanging indent, its marker (a bullet, a number, or none) and text."""
    level = {"lvl": str(min(bullet.level, 8))} if bullet.level else {}
    indent = str(-Pt(bullet.hang) if bullet.marker else 0)
    para = paragraph(body, bullet.size, bullet.space_before, **level, algn="l", marL=emu(bullet.indent), indent=indent)
    p_pr = para[0]
    if bullet.marker:
        sub(sub(p_pr, "a:buClr"), "a:srgbClr", val=str(style.accent))
        sub(p_pr, "a:buFont", typeface=style.body)
        if bullet.marker[0].isdigit():
            sub(p_pr, "a:buAutoNum", type="arabicPeriod", startAt=bullet.marker.rstrip("."))
        else:
            sub(p_pr, "a:buChar", char=bullet.marker)
    else:
        sub(p_pr, "a:buNone")
    color = style.accent if bullet.heading else style.text
    write(para, bullet.spans, bullet.size, style.body, style, color, part, bold=bullet.heading)
