"""Slide drawing: one planned slide and a new python-pptx slide in, the slide's shapes out.

Only draws what the plan decided: positions, sizes, colours, fonts and line breaks come from
the DeckPlan. Titles and bodies go into the layout's title and body placeholders (so a template's
styling and a reader's outline view still apply); anything else is a native shape, table or
picture. The furniture (banners, footer, slide number, or the template's footer, date and
slide-number placeholders) is drawn by `draw_furniture` on every slide but the title slide.
"""

from __future__ import annotations

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Pt

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


def _new_sp(slide, kind: str, box: Box, c_nv_sp_pr: dict[str, str]):
    """A new `p:sp` at the end of the slide's shapes, id and name as python-pptx gives them."""
    tree = slide.shapes._spTree
    number = tree.max_shape_id + 1
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
    sp = _new_sp(slide, "Rectangle", box, {})
    sub(sub(sp.spPr, "a:solidFill"), "a:srgbClr", val=str(fill))
    sub(sub(sp.spPr, "a:ln"), "a:noFill")
    body = sub(sp, "p:txBody")
    sub(body, "a:bodyPr", **RECTANGLE_BODY)
    sub(body, "a:lstStyle")
    sub(sub(body, "a:p"), "a:pPr", algn="ctr")
    return sp


def text_box(slide, box: Box):
    """An empty text box (`p:sp`) without fill or outline."""
    sp = _new_sp(slide, "TextBox", box, {"txBox": "1"})
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
    """A native table: header row in the accent colour, light bands, planned widths and heights."""
    rows = (table.header, *table.rows)
    shape = slide.shapes.add_table(
        len(rows), len(table.col_widths), Pt(area.left), Pt(area.top), Pt(table.width), Pt(table.height)
    )
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = False
    for index, width in enumerate(table.col_widths):
        grid.columns[index].width = Pt(width)
    for row_index, (cells, height) in enumerate(zip(rows, table.row_heights, strict=True)):
        grid.rows[row_index].height = Pt(height)
        header = row_index == 0
        for col, spans in enumerate(cells):
            cell = grid.cell(row_index, col)
            cell.margin_left = cell.margin_right = Pt(CELL_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_Y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            cell.fill.solid()
            cell.fill.fore_color.rgb = (
                style.header if header else (style.accent_soft if row_index % 2 == 0 else style.white)
            )
            cell.text_frame.word_wrap = True
            body = cell._tc.txBody
            for empty in body.p_lst:
                body.remove(empty)
            align = table.aligns[col] if col < len(table.aligns) else None
            para = paragraph(body, table.size, algn=ALIGN[align])
            color, link = (style.white, style.white) if header else (style.on_tint, style.header)
            write(para, spans, table.size, style.body, style, color, slide.part, bold=header, link=link)


def draw_furniture(slide, furniture: Furniture, number: int | None, style: Style, layout) -> None:
    """Classification banners, then the footer and slide number: the template's placeholders
    where the plan uses them, else the own footer line and number box."""
    part = slide.part
    for box in furniture.banners:
        banner = rectangle(slide, box, style.banner_fill)
        plain(
            banner, furniture.banner_text, furniture.banner_size, style.heading, style, style.banner_text, part,
            bold=True, align="ctr", body_pr=RECTANGLE_BODY, anchor="ctr",
        )  # fmt: skip
    if furniture.footer:
        footer = furniture.footer
        plain(text_box(slide, footer.box), footer.text, footer.size, style.heading, style, style.muted, part)
    if furniture.number and number is not None:
        box = furniture.number
        plain(text_box(slide, box), str(number), FOOTER_SIZE, style.heading, style, style.muted, part, align="r")
    for held in furniture.placeholders:
        _template_placeholder(slide, held, number, style, layout)


def _template_placeholder(slide, held: Placeholder, number: int | None, style: Style, layout) -> None:
    """A copy of the layout's footer, date or slide-number placeholder at the planned box, holding
    the planned text (or the slide number as a field); the template styles it."""
    source = next((sp for sp in layout.shapes._spTree.iter_ph_elms() if sp.ph.get("type") == held.kind), None)
    if source is None or (held.kind == "sldNum" and number is None):  # the title slide shows no number
        return
    tree = slide.shapes._spTree
    shape_id = tree.max_shape_id + 1
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
    sub(run, "a:t").text = str(number) if held.kind == "sldNum" else held.text


def draw_sources(slide, sources: TextBox, style: Style) -> None:
    """The small line naming the footnotes a slide cites, just above its footer."""
    plain(text_box(slide, sources.box), sources.text, sources.size, style.body, style, style.muted, slide.part)
