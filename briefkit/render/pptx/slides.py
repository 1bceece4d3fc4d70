"""Slide drawing: one planned slide and a new python-pptx slide in, the slide's shapes out.

Only draws what the plan decided: positions, sizes, colours, fonts and line breaks come from
the DeckPlan. Titles and bodies go into the layout's title and body placeholders (so a template's
styling and a reader's outline view still apply); anything else is a native shape, table or
picture. The furniture (banners, footer, slide number, or the template's footer, date and
slide-number placeholders) is built once per layout and copied onto every slide by `Furnisher`
(the title slide shows no number).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.table import _Cell
from pptx.util import Emu, Pt

from ..deck.fit import CELL_X, CELL_Y
from ..deck.plan import (
    FOOTER_SIZE,
    PROSE_GAP,
    Box,
    BulletsSlide,
    Callout,
    CodeSlide,
    ContentSlide,
    Furniture,
    ImageSlide,
    Passage,
    Placeholder,
    ProseSlide,
    QuoteSlide,
    SectionSlide,
    TableFit,
    TextBox,
    TitleSlide,
)
from ..deck.text import Span
from .package import BODIES, TITLES, placeholder
from .pictures import add_picture
from .text import (
    ALIGN,
    Style,
    bullet_paragraph,
    paragraph,
    plain,
    plain_paragraph,
    sub,
    text_body,
    write,
    xfrm,
)

SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # one fixed field id: same inputs, same bytes
RECTANGLE_BODY = {"rtlCol": "0", "anchor": "ctr"}  # python-pptx's autoshape text body


def remove(shape) -> None:
    """Take an unused placeholder (a `p:sp`) off the slide so no empty prompt shows."""
    shape.getparent().remove(shape)


_IDS = etree.XPath("//@id")


def max_shape_id(tree) -> int:
    """The largest numeric `id` in the document of `tree` (a `p:spTree`), as python-pptx's
    `max_shape_id` finds it, with one compiled XPath: python-pptx compiles its path anew on every
    call (a third of the time a slide's own shapes took)."""
    return max((int(value) for value in _IDS(tree) if value.isdigit()), default=0)


def _new_sp(tree, kind: str, box: Box, c_nv_sp_pr: dict[str, str]):
    """A new `p:sp` at the end of `tree`'s shapes, id and name as python-pptx gives them."""
    number = max_shape_id(tree) + 1
    sp = sub(tree, "p:sp")
    properties = sub(sp, "p:nvSpPr")
    sub(properties, "p:cNvPr", id=str(number), name=f"{kind} {number - 1}")
    sub(properties, "p:cNvSpPr", **c_nv_sp_pr)
    sub(properties, "p:nvPr")
    sub(sub(sub(sp, "p:spPr"), "a:prstGeom", prst="rect"), "a:avLst")
    xfrm(sp.spPr, box)
    return sp


def rectangle(slide, box: Box, fill):
    """A flat filled rectangle without outline, shadow or theme style; returns its `p:sp`."""
    return _rectangle(slide.shapes._spTree, box, fill)


def _rectangle(tree, box: Box, fill):
    sp = _new_sp(tree, "Rectangle", box, {})
    sub(sub(sp.spPr, "a:solidFill"), "a:srgbClr", val=str(fill))
    sub(sub(sp.spPr, "a:ln"), "a:noFill")
    body = sub(sp, "p:txBody")
    sub(body, "a:bodyPr", **RECTANGLE_BODY)
    sub(body, "a:lstStyle")
    sub(sub(body, "a:p"), "a:pPr", algn="ctr")
    return sp


def text_box(slide, box: Box):
    """An empty text box (`p:sp`) without fill or outline."""
    return _text_box(slide.shapes._spTree, box)


def _text_box(tree, box: Box):
    sp = _new_sp(tree, "TextBox", box, {"txBox": "1"})
    sub(sp.spPr, "a:noFill")
    return sp


def draw_title_slide(slide, plan: TitleSlide, style: Style) -> None:
    part = slide.part
    title = placeholder(slide, TITLES)
    align = style.cover_align
    _heading_text(title, plan.title, style, part, bold=True, color=style.cover_title, align=align)
    subtitle = placeholder(slide, {PP_PLACEHOLDER.SUBTITLE})
    if plan.subtitle:
        _heading_text(subtitle, plan.subtitle, style, part, bold=False, color=style.cover_text, align=align)
    else:
        remove(subtitle)
    if plan.rule:
        rectangle(slide, plan.rule, style.accent)
    byline = text_box(slide, plan.byline.box)
    plain(byline, plan.byline.text, plan.byline.size, style.heading, style, style.cover_text, part, align=align)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.type not in TITLES | {PP_PLACEHOLDER.SUBTITLE}:
            remove(shape._element)


def _heading_text(sp, text: TextBox, style: Style, part, bold: bool, color, align: str = "l") -> None:
    xfrm(sp.spPr, text.box)
    plain(sp, text.text, text.size, style.heading, style, color, part, bold=bold, align=align)


def draw_heading(slide, plan: ContentSlide, style: Style) -> None:
    """The title placeholder at the planned box, and the accent rule under it when planned."""
    title = placeholder(slide, TITLES)
    _heading_text(title, plan.heading, style, slide.part, bold=True, color=style.title, align=style.title_align)
    if plan.rule:
        rectangle(slide, plan.rule, style.accent)


def body_placeholder(slide, box: Box):
    """The body placeholder at `box`, its text area emptied; returns its `p:txBody`."""
    sp = placeholder(slide, BODIES)
    xfrm(sp.spPr, box)
    return text_body(sp)


def draw_bullets(slide, plan: BulletsSlide, style: Style) -> None:
    body = body_placeholder(slide, plan.bullets_area)
    for bullet in plan.bullets:
        bullet_paragraph(body, bullet, style, slide.part)
    if plan.callout:
        draw_callout(slide, plan.callout, style)


def draw_prose(slide, plan: ProseSlide, style: Style) -> None:
    body = body_placeholder(slide, plan.body)
    for spans in plan.paragraphs:
        para = plain_paragraph(body, plan.size, before=plan.size * PROSE_GAP)
        write(para, spans, plan.size, style.body, style, style.text, slide.part)


def draw_section(slide, plan: SectionSlide, style: Style) -> None:
    """The list of what follows, in the body placeholder or an own text box as planned; every
    other placeholder but the title comes off, so no empty prompt shows."""
    kept = [placeholder(slide, TITLES)]
    if plan.bullets:
        if plan.own_list:
            body = text_body(text_box(slide, plan.list_box))
        else:
            kept.append(placeholder(slide, BODIES))
            body = body_placeholder(slide, plan.list_box)
        for bullet in plan.bullets:
            bullet_paragraph(body, bullet, style, slide.part)
    for sp in list(slide.shapes._spTree.iter_ph_elms()):
        if not any(sp is held for held in kept):
            remove(sp)
    if plan.label:
        label = plan.label_box
        box = text_box(slide, label.box)
        plain(box, label.text, label.size, style.heading, style, style.rule, slide.part, bold=True)


def draw_passage(slide, passage: Passage, style: Style) -> None:
    """A figure's lead (left, in the text colour) or caption (centred, muted) in its planned box."""
    body = text_body(text_box(slide, passage.box))
    para = paragraph(body, passage.size, algn="ctr" if passage.caption else "l")
    color = style.muted if passage.caption else style.text
    write(para, passage.spans, passage.size, style.body, style, color, slide.part)


def draw_quote(slide, plan: QuoteSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    draw_callout(slide, Callout(plan.parts, plan.size, plan.callout), style)


def draw_callout(slide, callout: Callout, style: Style) -> None:
    """A quote: a tinted box with an accent bar at its left and the italic text inside."""
    rectangle(slide, callout.box, style.accent_soft)
    rectangle(slide, callout.bar, style.header)
    body, size = text_body(text_box(slide, callout.text)), callout.size
    for part in callout.parts:
        para = plain_paragraph(body, size, part.space_before(size), part.indent)
        write(para, part.spans, size, style.body, style, style.on_tint, slide.part, italic=True, link=style.header)


def draw_code(slide, plan: CodeSlide, style: Style) -> None:
    body = body_placeholder(slide, plan.body)
    for line in plan.lines:
        para = plain_paragraph(body, plan.size)
        write(para, (Span(line or " ", code=True),), plan.size, style.mono, style, style.text, slide.part)


def draw_image(slide, plan: ImageSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    add_picture(slide, plan.path, plan.picture)


def draw_table(slide, table: TableFit, area: Box, style: Style) -> None:
    """A native table: header row in the accent colour, light bands, planned widths and heights.

    Works on the table's elements: python-pptx's proxies find a cell by listing every row, total
    the frame's height over every row whenever one row's height is set, and rebuild a cell's
    properties attribute by attribute (1 ms a cell). Each kind of cell's properties are set
    through the proxies once and copied; the XML is the same.
    """
    rows = (table.header, *table.rows)
    shape = slide.shapes.add_table(
        len(rows), len(table.col_widths), Pt(area.left), Pt(area.top), Pt(table.width), Pt(table.height)
    )
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = False
    tbl = grid._tbl
    for column, width in zip(tbl.tblGrid.gridCol_lst, table.col_widths, strict=True):
        column.w = Pt(width)
    cell_properties: dict[RGBColor, object] = {}  # a cell's finished `a:tcPr` by fill
    for row_index, (tr, cells, height) in enumerate(zip(tbl.tr_lst, rows, table.row_heights, strict=True)):
        tr.h = Pt(height)
        header = row_index == 0
        fill = style.header if header else (style.accent_soft if row_index % 2 == 0 else style.white)
        for col, (tc, spans) in enumerate(zip(tr.tc_lst, cells, strict=False)):  # as python-pptx made the rest
            done = cell_properties.get(fill)
            if done is None:
                cell = _Cell(tc, grid)
                cell.margin_left = cell.margin_right = Pt(CELL_X)
                cell.margin_top = cell.margin_bottom = Pt(CELL_Y)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                cell.fill.solid()
                cell.fill.fore_color.rgb = fill
                cell_properties[fill] = copy.deepcopy(tc.tcPr)
            else:
                tc.replace(tc.tcPr, copy.deepcopy(done))
            body = tc.txBody
            body.bodyPr.set("wrap", "square")  # python-pptx's word_wrap = True
            for empty in body.p_lst:
                body.remove(empty)
            align = table.aligns[col] if col < len(table.aligns) else None
            para = paragraph(body, table.size, algn=ALIGN[align])
            color, link = (style.white, style.white) if header else (style.on_tint, style.header)
            write(para, spans, table.size, style.body, style, color, slide.part, bold=header, link=link)
    # the frame's size as python-pptx's notify_width_changed / notify_height_changed total it
    shape.width = Emu(sum(column.w for column in tbl.tblGrid.gridCol_lst))
    shape.height = Emu(sum(tr.h for tr in tbl.tr_lst))


@dataclass(frozen=True)
class _Stencil:
    """One piece of furniture as a finished `p:sp` outside any slide, copied onto each slide.

    `kind` begins its shape name (python-pptx's "Rectangle 4", "TextBox 5"); `number`, for the
    pieces that show the slide number, writes it into a copy (they are left off unnumbered
    slides)."""

    element: object
    kind: str
    number: Callable[[object, int, object], None] | None = None


class Furnisher:
    """Draws the furniture (banners, footer, slide number, or the template's footer, date and
    slide-number placeholders) on every slide.

    The furniture is the same on every slide but for its shape ids and the slide number, so it
    is built once per layout, through the same drawing code as any shape, and each slide gets
    deep copies of the finished elements with their ids set: building it anew took a quarter of
    the writer's time. The ids are the ones python-pptx would give shapes added one by one.
    """

    def __init__(self, furniture: Furniture, style: Style):
        self._furniture, self._style = furniture, style
        self._stencils: dict[object, tuple[_Stencil, ...]] = {}

    def draw(self, slide, number: int | None, layout) -> None:
        """The furniture on `slide`, numbered `number` (None: the title slide shows no number)."""
        stencils = self._stencils.get(layout.part)
        if stencils is None:
            stencils = self._stencils[layout.part] = self._build(layout)
        tree = slide.shapes._spTree
        shape_id = max_shape_id(tree)
        for stencil in stencils:
            if stencil.number is not None and number is None:
                continue
            shape_id += 1
            sp = copy.deepcopy(stencil.element)
            c_nv_pr = sp[0][0]
            c_nv_pr.set("id", str(shape_id))
            c_nv_pr.set("name", f"{stencil.kind} {shape_id - 1}")
            if stencil.number is not None:
                stencil.number(sp, number, slide.part)
            tree.append(sp)

    def _build(self, layout) -> tuple[_Stencil, ...]:
        """The furniture for slides on `layout`, drawn into a scratch shape tree."""
        furniture, style = self._furniture, self._style
        tree = parse_xml(f"<p:spTree {nsdecls('p', 'a')}/>")
        stencils = []
        for box in furniture.banners:
            banner = _rectangle(tree, box, style.banner_fill)
            plain(
                banner, furniture.banner_text, furniture.banner_size, style.heading, style, style.banner_text,
                None, bold=True, align="ctr", body_pr=RECTANGLE_BODY, anchor="ctr",
            )  # fmt: skip
            stencils.append(_Stencil(banner, "Rectangle"))
        if furniture.footer:
            footer = furniture.footer
            line = _text_box(tree, footer.box)
            plain(line, footer.text, footer.size, style.heading, style, style.muted, None)
            stencils.append(_Stencil(line, "TextBox"))
        if furniture.number:
            box = _text_box(tree, furniture.number)
            paragraph(text_body(box), FOOTER_SIZE, algn="r")
            stencils.append(_Stencil(box, "TextBox", self._write_number))
        for held in furniture.placeholders:
            source = _layout_placeholder(layout, held.kind)
            if source is not None:
                sp = _template_placeholder(tree, held, source, style)
                stencils.append(_Stencil(sp, held.kind, _number_field if held.kind == "sldNum" else None))
        return tuple(stencils)

    def _write_number(self, sp, number: int, part) -> None:
        """The own number box's text: the slide number, right-aligned in the footer's style."""
        style = self._style
        para = sp.find(qn("p:txBody")).find(qn("a:p"))
        write(para, (Span(str(number)),), FOOTER_SIZE, style.heading, style, style.muted, part)


def _number_field(sp, number: int, part) -> None:
    """A slide-number placeholder's field text: the slide number."""
    next(sp.iter(qn("a:t"))).text = str(number)


def _layout_placeholder(layout, kind: str):
    """The layout's placeholder element of `kind` ('ftr', 'dt', 'sldNum'), or None."""
    return next((sp for sp in layout.shapes._spTree.iter_ph_elms() if sp.ph.get("type") == kind), None)


def _template_placeholder(tree, held: Placeholder, source, style: Style):
    """A copy of the layout's footer, date or slide-number placeholder `source` at the planned box,
    holding the planned text (or a field for the slide number); the template styles it."""
    shape_id = max_shape_id(tree) + 1
    sp = sub(tree, "p:sp")
    properties = sub(sp, "p:nvSpPr")
    sub(properties, "p:cNvPr", id=str(shape_id), name=f"{held.kind} {shape_id - 1}")
    sub(sub(properties, "p:cNvSpPr"), "a:spLocks", noGrp="1")
    ph = {"type": held.kind}
    if source.ph.get("idx") is not None:
        ph["idx"] = source.ph.get("idx")
    sub(sub(properties, "p:nvPr"), "p:ph", **ph)
    xfrm(sub(sp, "p:spPr"), held.box)
    body = sub(sp, "p:txBody")
    sub(body, "a:bodyPr")
    sub(body, "a:lstStyle")
    para = sub(body, "a:p")
    run = sub(para, "a:fld", id=SLIDE_NUMBER_FIELD, type="slidenum") if held.kind == "sldNum" else sub(para, "a:r")
    r_pr = sub(run, "a:rPr", lang="en-US")
    if held.kind != "sldNum":
        r_pr.set("sz", str(Pt(held.size).centipoints))
    if held.color:
        sub(sub(r_pr, "a:solidFill"), "a:srgbClr", val=held.color[1:])
    if held.kind != "sldNum":
        sub(r_pr, "a:latin", typeface=style.heading)
    sub(run, "a:t").text = "" if held.kind == "sldNum" else held.text
    return sp


def draw_sources(slide, sources: TextBox, style: Style) -> None:
    """The small line naming the footnotes a slide cites, just above its footer."""
    plain(text_box(slide, sources.box), sources.text, sources.size, style.body, style, style.muted, slide.part)
