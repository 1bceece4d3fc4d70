"""Slide drawing: one planned slide and a new python-pptx slide in, the slide's shapes out.

Only draws what the plan decided: positions, sizes and line breaks come from the DeckPlan.
Titles and bodies go into the layout's title and body placeholders (so a template's styling and
a reader's outline view still apply); anything else is a native shape, table or picture. The
frame (banners, footer, slide number) is drawn by `draw_frame` on every slide.
"""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.parts.image import Image as PptxImage
from pptx.util import Pt

from .deck_fit import CELL_X, CELL_Y
from .deck_plan import (
    BANNER,
    FOOTER_SIZE,
    MARGIN,
    RULE_GAP,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    Box,
    BulletsSlide,
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
from .deck_text import Span
from .pptx_package import BODIES, TITLES, placeholder
from .pptx_text import ALIGN, Style, bullet_paragraph, no_bullet, paragraph, place, plain, prepare, spacing, write

RULE = 1.5  # thickness of the accent rule under titles
QUOTE_BAR = 6.0


def remove(shape) -> None:
    """Take an unused placeholder off the slide so no empty prompt shows."""
    shape._element.getparent().remove(shape._element)


def rectangle(slide, box: Box, fill):
    """A flat filled rectangle without outline, shadow or theme style."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    shape.fill.solid()
    shape.fill.fore_color.rgb = fill
    shape.line.fill.background()
    return shape


def text_box(slide, box: Box):
    shape = slide.shapes.add_textbox(Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))
    prepare(shape.text_frame)
    return shape


def draw_title_slide(slide, plan: TitleSlide, style: Style) -> None:
    title = placeholder(slide, TITLES)
    _heading_text(title, plan.title, style, size_bold=True)
    subtitle = placeholder(slide, {PP_PLACEHOLDER.SUBTITLE})
    if plan.subtitle:
        _heading_text(subtitle, plan.subtitle, style, size_bold=False, color=style.muted)
    else:
        remove(subtitle)
    rule_top = plan.title.box.bottom + 14.0
    rectangle(slide, Box(MARGIN, rule_top, 72.0, 3.0), style.accent)
    byline = text_box(slide, plan.byline.box)
    plain(byline.text_frame, plan.byline.text, plan.byline.size, style.heading, style, style.text)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.type not in TITLES | {PP_PLACEHOLDER.SUBTITLE}:
            remove(shape)


def _heading_text(shape, text: TextBox, style: Style, size_bold: bool, color=None) -> None:
    place(shape, text.box)
    plain(shape.text_frame, text.text, text.size, style.heading, style, color or style.accent, bold=size_bold)


def draw_heading(slide, plan: ContentSlide, style: Style) -> None:
    """The title placeholder at the planned box, and the accent rule under it."""
    _heading_text(placeholder(slide, TITLES), plan.heading, style, size_bold=True)
    rule_top = plan.heading.box.bottom + RULE_GAP
    rectangle(slide, Box(MARGIN, rule_top, SLIDE_WIDTH - 2 * MARGIN, RULE), style.accent)


def body_placeholder(slide, box: Box):
    shape = placeholder(slide, BODIES)
    place(shape, box)
    prepare(shape.text_frame)
    return shape


def draw_bullets(slide, plan: BulletsSlide, style: Style) -> None:
    frame = body_placeholder(slide, plan.body).text_frame
    for index, bullet in enumerate(plan.bullets):
        bullet_paragraph(frame, index == 0, bullet, style)


def draw_prose(slide, plan: ProseSlide, style: Style) -> None:
    frame = body_placeholder(slide, plan.body).text_frame
    for index, spans in enumerate(plan.paragraphs):
        para = paragraph(frame, index == 0)
        no_bullet(para)
        spacing(para, plan.size, plan.size * 0.6)
        write(para, spans, plan.size, style.body, style, style.text)


def draw_section(slide, plan: SectionSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    if plan.label:
        label = text_box(slide, Box(plan.body.left, plan.body.top, plan.body.width, 80))
        plain(label.text_frame, plan.label, 54, style.heading, style, style.rule, bold=True)


def draw_quote(slide, plan: QuoteSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    box = plan.callout
    rectangle(slide, box, style.accent_soft)
    rectangle(slide, Box(box.left, box.top, QUOTE_BAR, box.height), style.accent)
    pad = 18.0
    inner = Box(box.left + QUOTE_BAR + pad, box.top + pad, box.width - QUOTE_BAR - 2 * pad, box.height - 2 * pad)
    frame = text_box(slide, inner).text_frame
    para = paragraph(frame, True)
    no_bullet(para)
    spacing(para, plan.size)
    write(para, plan.spans, plan.size, style.body, style, style.text, italic=True)


def draw_code(slide, plan: CodeSlide, style: Style) -> None:
    frame = body_placeholder(slide, plan.body).text_frame
    for index, line in enumerate(plan.lines):
        para = paragraph(frame, index == 0)
        no_bullet(para)
        spacing(para, plan.size)
        write(para, (Span(line or " ", code=True),), plan.size, style.mono, style, style.text)


def draw_image(slide, plan: ImageSlide, style: Style) -> None:
    remove(placeholder(slide, BODIES))
    image = PptxImage.from_file(str(plan.path))
    width, height = image.size
    box = fit_image(width, height, plan.body)
    slide.shapes.add_picture(str(plan.path), Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height))


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
            para = cell.text_frame.paragraphs[0]
            align = table.aligns[col] if col < len(table.aligns) else None
            spacing(para, table.size, align=ALIGN[align])
            color = style.white if header else style.text
            write(para, spans, table.size, style.body, style, color, bold=header)


def draw_frame(slide, frame: Frame, style: Style, classification: str | None, footer: str, number: int | None) -> None:
    """Classification banners, the footer line and the slide number."""
    if classification:
        for top in (0.0, SLIDE_HEIGHT - BANNER):
            banner = rectangle(slide, Box(0, top, SLIDE_WIDTH, BANNER), style.banner_fill)
            banner_frame = banner.text_frame
            prepare(banner_frame, MSO_ANCHOR.MIDDLE)
            para = paragraph(banner_frame, True)
            spacing(para, 11, align=PP_ALIGN.CENTER)
            write(para, (Span(classification),), 11, style.heading, style, style.banner_text, bold=True)
    box = frame.footer
    left = text_box(slide, Box(box.left, box.top, box.width * 0.8, box.height))
    plain(left.text_frame, footer, FOOTER_SIZE, style.heading, style, style.muted)
    if number is not None:
        right = text_box(slide, Box(box.right - 80, box.top, 80, box.height))
        plain(right.text_frame, str(number), FOOTER_SIZE, style.heading, style, style.muted, align=PP_ALIGN.RIGHT)
