"""The PDF report: a Document in, PDF bytes and a page count out.

Page one is the cover; a table of contents follows when the theme asks for one and the brief has
four or more sections; then the preamble and the sections. Every section and subsection becomes a
(nested) bookmark and, with a contents page, a linked contents entry. The output depends only on
its inputs: reportlab runs in invariant mode and the dates come from the build stamp, so the same
inputs give the same bytes. Problems that do not stop the build are appended to `warnings`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.tableofcontents import TableOfContents

from ... import __version__
from ...errors import Warnings
from ...model import Document, FlowSpec, Section
from ...stamp import Stamp
from ...theme import Theme
from . import figures as pdf_figures
from .blocks import Blocks
from .cover import cover
from .notes import NoteArea, footnote_area
from .page import PRODUCER, canvas_class, geometry, page_templates
from .styles import Styles, build_styles
from .text import Markup, anchor_name

if TYPE_CHECKING:
    from ...diagram.layout import DiagramLayout

TOC_MIN_SECTIONS = 4


class Heading(RLParagraph):
    """A section or subsection title that knows its outline level, plain title, link key and the
    anchor that `#anchor` links name."""

    def __init__(self, markup: str, style, level: int, title: str, key: str, anchor: str = "") -> None:
        super().__init__(markup, style)
        self.outline_level, self.outline_title, self.key, self.anchor = level, title, key, anchor


class _Report(BaseDocTemplate):
    """Turns each Heading it lays out into a bookmark, an outline entry and a contents entry;
    draws each page's footnotes at its foot."""

    notes: NoteArea | None = None

    def beforeDocument(self) -> None:
        if self.notes is not None:
            self.notes.reset()

    def handle_pageEnd(self) -> None:
        if self.notes is not None:
            self.notes.finish_page(self.canv, self.frame)
        super().handle_pageEnd()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            top = self.frame._y + flowable.height + flowable.getSpaceAfter()
            self.canv.bookmarkHorizontal(flowable.key, 0, top + flowable.style.fontSize * 0.5)
            if flowable.anchor:
                self.canv.bookmarkHorizontal(anchor_name(flowable.anchor), 0, top + flowable.style.fontSize * 0.5)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.key, flowable.outline_level, closed=False)
            self.notify("TOCEntry", (flowable.outline_level, flowable.text, self.page, flowable.key))


def render_pdf(
    doc: Document, theme: Theme, layouts: dict[FlowSpec, DiagramLayout], stamp: Stamp, warnings: Warnings
) -> tuple[bytes, int]:
    """The report as PDF bytes and its number of pages; located warnings go to `warnings`."""
    styles = build_styles(theme)
    geo = geometry(theme, styles)
    markup = Markup(styles, doc.path)
    _, _, frame_width, frame_height = geo.frame
    figures = pdf_figures.Figures(styles, markup, theme, layouts, frame_height, doc.path, warnings)
    notes = footnote_area(doc, styles, markup, frame_width)
    blocks = Blocks(styles, markup, figures, notes)

    story: list[Flowable] = cover(doc.meta, theme, styles, markup, frame_width, frame_height)
    story += [NextPageTemplate("body"), PageBreak()]
    body = blocks.story(doc.preamble, frame_width)
    for number, section in enumerate(doc.sections, start=1):
        body += _section(section, str(number), theme.heading_numbers, styles, markup, blocks, frame_width)
    with_toc = theme.toc and len(doc.sections) >= TOC_MIN_SECTIONS
    if with_toc:
        story += _contents(styles, [flowable for flowable in body if isinstance(flowable, Heading)])
    story += body
    header = markup.text(doc.meta.short_title, doc.meta.line_of("title"), "heading")
    classification = doc.meta.classification
    banner = None
    if classification:
        banner = markup.text(classification.upper(), doc.meta.line_of("classification"), "heading")
    markup.report(warnings)

    buffer = io.BytesIO()
    report = _Report(
        buffer,
        pagesize=(geo.width, geo.height),
        pageTemplates=page_templates(header, banner, stamp, styles, geo),
        title=doc.meta.title,
        author=", ".join(doc.meta.authors),
        subject=doc.meta.subject or doc.meta.subtitle or "",
        lang=doc.meta.lang,
        keywords=doc.keywords,
        creator=f"briefkit {__version__}",
        producer=PRODUCER,
        invariant=1,
        initialFontName=styles.body_font["regular"],
        initialFontSize=theme.sizes.body,
        initialLeading=theme.sizes.leading,
    )
    report.notes = notes
    maker = canvas_class(styles, geo, stamp)
    if with_toc:
        report.multiBuild(story, canvasmaker=maker)
    else:
        report.build(story, canvasmaker=maker)
    return buffer.getvalue(), report.page


def _contents(styles: Styles, headings: list[Heading]) -> list[Flowable]:
    """The contents page(s): a title and one linked line per heading, its page number at the right.

    reportlab lays out and draws the whole report once per pass until the contents' page numbers
    settle. Left alone, the first pass lays out an empty contents, so every page after it moves
    on the second pass and only the third is right. Every line is known before layout (a page
    number is drawn after its line, so its value changes no line's size): the contents starts
    out at its final size with placeholder pages, and two passes suffice.
    """
    # the contents table's own style names the body font, or reportlab would reach for Helvetica
    table_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), styles.body_font["regular"]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    toc = TableOfContents(
        levelStyles=[styles.para["toc1"], styles.para["toc2"]], dotsMinLevel=1, tableStyle=table_style
    )
    toc.addEntries([(heading.outline_level, heading.text, 0, heading.key) for heading in headings])
    return [RLParagraph("Contents", styles.para["toc_title"]), toc, PageBreak()]


def _section(
    section: Section, number: str, numbered: bool, styles: Styles, markup: Markup, blocks: Blocks, width: float
) -> list[Flowable]:
    """The heading, blocks and subsections of one section, numbered 1, 1.1 when asked."""
    title = markup.text(section.title, section.line, "heading")
    label = f"{number}\u2002{title}" if numbered else title
    plain = f"{number} {section.title}" if numbered else section.title
    depth = number.count(".")  # the outline nests by position, whatever level the source used
    style = styles.para["h1" if depth == 0 else "h2"]
    out: list[Flowable] = [Heading(label, style, depth, plain, f"s{number}", section.anchor)]
    out += blocks.story(section.blocks, width)
    for sub_number, sub in enumerate(section.subsections, start=1):
        out += _section(sub, f"{number}.{sub_number}", numbered, styles, markup, blocks, width)
    return out
