"""Slide drawing: one planned slide and a new python-pptx slide in, the slide's shapes out.

Only draws what the plan decided: positions, sizes and line breaks come from the DeckPlan.
Titles and bodies go into the layout's title and body placeholders (so a template's styling and
a reader's outline view still apply); anything else is a native shape, table or picture. The
frame (banners, footer, slide number) is drawn by `draw_frame` on every slide.
"""

from __future__ import annotations

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR
from pptx.parts.image import Image as PptxImage
from pptx.util import Pt

from ...read.images import drawable
from ..deck.fit import CELL_X, CELL_Y
from ..deck.plan import (
    BANNER,
    FOOTER_SIZE,
    MARGIN,
    QUOTE_BAR,
    QUOTE_GAP,
    QUOTE_PAD,
    RULE_GAP,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    Box,
    BulletsSlide,
    Callout,
    CodeSlide,
    ContentSlide,
    Frame,
    ImageSlide,
    ProseSlide,
    QuoteSlide,
    SectionSlide,
    TableFit,
    TextBox,
    TitleSlide,
    fit_image,
)
from ..deck.text import Span
from .package import BODIES, TITLES, placeholder
from .text import ALIGN, Style, bullet_paragraph, paragraph, plain, plain_paragraph, sub, text_body, write, xfrm

RULE = 1.5  # thickness of the accent rule under titles
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
    _heading_text(title, plan.title, style, part, bold=True)
    subtitle = placeholder(slide, {PP_PLACEHOLDER.SUBTITLE})
    if plan.subtitle:
        _heading_text(subtitle, plan.subtitle, style, part, bold=False, color=style.muted)
    else:
        remove(subtitle)
    rule_top = plan.title.box.bottom + 14.0
    rectangle(slide, Box(MARGIN, rule_top, 72.0, 3.0), style.accent)
    byline = text_box(slide, plan.byline.box)
    plain(byline, plan.byline.text, plan.byline.size, style.heading, style, style.text, part)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.type not in TITLES | {PP_PLACEHOLDER.SUBTITLE}:
            remove(shape._element)


def _heading_text(sp, text: TextBox, style: Style, part, bold: bool, color=None) -> None:
    xfrm(sp.spPr, text.box)
    plain(sp, text.text, text.size, style.heading, style, color or style.accent, part, bold=bold)


def draw_heading(slide, plan: ContentSlide, style: Style) -> None:
    """The title placeholder at the planned box, and the accent rule under it."""
    _heading_text(placeholder(slide, TITLES), plan.heading, style, slide.part, bold=True)
    rule_top = plan.heading.box.bottom + RULE_GAP
    rectangle(slide, Box(MARGIN, rule_top, SLIDE_WIDTH - 2 * MARGIN, RULE), style.accent)


def body_placeholder(slide, box: Box):
    """The body placeholder at `box`, its text area emptied; returns its `p:txBody`."""
    sp = placeholder(slide, BODIES)
    xfrm(sp.spPr, box)
    return text_body(sp)


def draw_bullets(slide, plan: BulletsSlide, style: Style) -> None:
    area = plan.body
    if plan.callout:  # the bullets' box ends where the quote's gap begins, so the two never overlap
        area = Box(area.left, area.top, area.width, plan.callout.box.top - QUOTE_GAP - area.top)
    body = body_placeholder(slide, area)
    for bullet in plan.bullets:
        bullet_paragraph(body, bullet, style, slide.part)
    if plan.callout:
        draw_callout(slide, plan.callout, style)


def draw_prose(slide, plan: ProseSlide, style: Style) -> None:
    body = body_placeholder(slide, plan.body)
    for spans in plan.paragraphs:
        para = plain_paragraph(body, plan.size, before=plan.size * 0.6)
        write(para, spans, plan.size, style.body, style, style.text, slide.part)


def draw_section(slide, plan: SectionSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    if plan.label:
        label = text_box(slide, Box(plan.body.left, plan.body.top, plan.body.width, 80))
        plain(label, plan.label, 54, style.heading, style, style.rule, slide.part, bold=True)


def draw_quote(slide, plan: QuoteSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    draw_callout(slide, Callout(plan.spans, plan.size, plan.callout), style)


def draw_callout(slide, callout: Callout, style: Style) -> None:
    """A quote: a tinted box with an accent bar at its left and the italic text inside."""
    box, pad = callout.box, QUOTE_PAD
    rectangle(slide, box, style.accent_soft)
    rectangle(slide, Box(box.left, box.top, QUOTE_BAR, box.height), style.accent)
    inner = Box(box.left + QUOTE_BAR + pad, box.top + pad, box.width - QUOTE_BAR - 2 * pad, box.height - 2 * pad)
    para = plain_paragraph(text_body(text_box(slide, inner)), callout.size)
    write(para, callout.spans, callout.size, style.body, style, style.text, slide.part, italic=True)


def draw_code(slide, plan: CodeSlide, style: Style) -> None:
    body = body_placeholder(slide, plan.body)
    for line in plan.lines:
        para = plain_paragraph(body, plan.size)
        write(para, (Span(line or " ", code=True),), plan.size, style.mono, style, style.text, slide.part)


def draw_image(slide, plan: ImageSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    image = PptxImage.from_file(drawable(plan.path))
    width, height = image.size
    box = fit_image(width, height, plan.body)
    slide.shapes.add_picture(drawable(plan.path), Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))


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
                style.accent if header else (style.accent_soft if row_index % 2 == 0 else style.white)
            )
            cell.text_frame.word_wrap = True
            body = cell._tc.txBody
            for empty in body.p_lst:
                body.remove(empty)
            align = table.aligns[col] if col < len(table.aligns) else None
            para = paragraph(body, table.size, algn=ALIGN[align])
            color = style.white if header else style.text
            write(para, spans, table.size, style.body, style, color, slide.part, bold=header)


def draw_frame(slide, frame: Frame, style: Style, classification: str | None, footer: str, number: int | None) -> None:
    """Classification banners, the footer line and the slide number."""
    part = slide.part
    if classification:
        for top in (0.0, SLIDE_HEIGHT - BANNER):
            banner = rectangle(slide, Box(0, top, SLIDE_WIDTH, BANNER), style.banner_fill)
            plain(
                banner, classification, 11, style.heading, style, style.banner_text, part,
                bold=True, align="ctr", body_pr=RECTANGLE_BODY, anchor="ctr",
            )  # fmt: skip
    box = frame.footer
    left = text_box(slide, Box(box.left, box.top, box.width * 0.8, box.height))
    plain(left, footer, FOOTER_SIZE, style.heading, style, style.muted, part)
    if number is not None:
        right = text_box(slide, Box(box.right - 80, box.top, 80, box.height))
        plain(right, str(number), FOOTER_SIZE, style.heading, style, style.muted, part, align="r")
