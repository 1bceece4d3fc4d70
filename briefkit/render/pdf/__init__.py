"""The PDF report: a Document in, PDF bytes and a page count out.

Page one is the cover; a table of contents follows when the theme asks for one and the brief has
four or more sections; then the preamble and the sections. Every section and subsection becomes a
(nested) bookmark and, with a contents page, a linked contents entry. Pages break by the rules in
`keep` (headings stay with what follows, short blocks stay whole, figures float to the next page's
top when they do not fit). The output depends only on its inputs: reportlab runs in invariant
mode and the dates come from the build stamp, so the same inputs give the same bytes. Problems
that do not stop the build are appended to `warnings`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, PageBreakIfNotEmpty
from reportlab.platypus.doctemplate import NullActionFlowable, PageBegin

from ... import __version__, progress
from ...errors import Warnings
from ...model import Document, FlowSpec, Section
from ...stamp import Stamp
from ...theme import Theme
from . import figures as pdf_figures
from .blocks import Blocks
from .contents import Contents, Entry
from .cover import cover
from .keep import Float, Lead, Sideways, Title, paginate
from .notes import NoteArea, footnote_area
from .page import PRODUCER, canvas_class, geometry, page_templates
from .styles import Styles, build_styles
from .text import Markup, anchor_name

if TYPE_CHECKING:
    from ...diagram.layout import DiagramLayout

TOC_MIN_SECTIONS = 4
LANDSCAPE = "landscape"  # the page template turned sideways (see `page`)


class Heading(Title):
    """A section or subsection title that knows its outline level, plain title, link key and the
    anchor that `#anchor` links name.

    A heading taller than the page is split like running text: its first part carries the
    bookmark and contents entry (`key`), the parts after it none. `parts` are reportlab's own
    arguments, given when it makes those parts.
    """

    def __init__(
        self, markup: str | None, style, level: int = 0, title: str = "", key: str = "", anchor: str = "", **parts
    ) -> None:
        super().__init__(markup, style, **parts)
        self.outline_level, self.outline_title, self.key, self.anchor = level, title, key, anchor

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts = super().split(aW, aH)
        if parts:
            first = parts[0]
            first.outline_level, first.outline_title, first.key, first.anchor = (
                self.outline_level,
                self.outline_title,
                self.key,
                self.anchor,
            )
        return parts


class _StoryEnd(NullActionFlowable):
    """Marks the end of the story, where figures still waiting are set."""


class _Report(BaseDocTemplate):
    """Turns each Heading it lays out into a bookmark, an outline entry and a contents entry, and
    places figures as floats; it draws each page's footnotes at its foot, and the rest of notes
    too long for one page's foot at the foot of the next (on pages of their own after the story).

    A figure (`Float`) that does not fit the rest of the page waits while the text after it fills
    the page, and is set at the top of the next one; later figures wait behind it, so figures keep
    their order; a figure that could not share the next page's top with those already waiting
    sends them on at once and waits alone. Waiting figures are set at the top of the next page, or
    earlier before a page break, before a heading that leads into a figure, or at the end of the
    story. A figure waits at most once: one page from where it is written.

    A landscape figure (`Sideways`) waits the same way behind the text after it, which fills the
    page: the next page is turned sideways for it (and for any written right after it, one page
    each), and the text goes on upright after them, led by the upright figures that wait behind
    them. Where a page would begin with it anyway, that page is turned at once; one that brings
    its headings along, and those still waiting when a page break, a heading leading into a
    figure or the end comes, are set at once, on the pages that follow.
    """

    notes: NoteArea | None = None
    contents: Contents | None = None

    def build(self, flowables: list[Flowable], **kwargs) -> None:
        self._story = flowables  # read at each page's start: a landscape figure there turns it
        super().build(flowables, **kwargs)

    def beforeDocument(self) -> None:
        if self.notes is not None:
            self.notes.reset()

    def clean_hanging(self) -> None:
        begins = bool(self._hanging) and self._hanging[-1] is PageBegin
        story = getattr(self, "_story", None)
        if begins and story and isinstance(story[0], Sideways) and not (self._waiting or self._turning):
            self.handle_nextPageTemplate(LANDSCAPE)  # the page begins with it: turn this one
            self._setPageTemplate()
        super().clean_hanging()

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        if self.notes is not None:
            self.notes.start_page(self.frame)

    def _endBuild(self) -> None:
        # notes still carried when the story ends get pages of their own before the file is saved
        if self.notes is not None and not (self._hanging and self._hanging[-1] is PageBegin):
            self.clean_hanging()
            self.handle_pageBreak()
            while self.notes.carrying:
                self.clean_hanging()  # a page begins and takes the notes carried
                self.handle_pageBreak()
        super()._endBuild()

    def handle_pageEnd(self) -> None:
        if self.notes is not None:
            self.notes.finish_page(self.canv, self.frame)
        if self._turning:  # the text after them has filled this page: the next is theirs
            self.handle_nextPageTemplate(LANDSCAPE)
        super().handle_pageEnd()

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self._waiting: list[Float] = []
        self._turning: list[Sideways] = []
        self._moved: set[int] = set()  # figures that waited once

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables is self._hanging:  # reportlab's own page-start actions, before any frame exists
            super().handle_flowable(flowables)
            return
        first = flowables[0]
        held = self._waiting or self._turning or isinstance(first, Sideways)
        if held and len(flowables) == 1 and not isinstance(first, _StoryEnd):
            flowables.append(_StoryEnd())
        turned = self.frame._atTop and self.pageTemplate.id == LANDSCAPE
        if self._turning and (turned or _ends_waiting(first) or (isinstance(first, Sideways) and first.headings)):
            if hasattr(first, "_postponed"):  # it moved for lack of room: the figures may take more
                del first._postponed
            if isinstance(first, _StoryEnd):  # nothing follows: no upright page after them
                flowables.pop(0)
            flowables[0:0] = [*self._turn(self._turning, turned), *self._waiting]
            self._turning, self._waiting = [], []
        elif self._waiting and not self._turning and (self.frame._atTop or _ends_waiting(first)):
            if hasattr(first, "_postponed"):
                del first._postponed
            flowables[0:0] = self._waiting
            self._waiting = []
        first = flowables[0]
        if isinstance(first, Sideways):
            self._sideways(flowables)
            return
        if isinstance(first, Float) and id(first) not in self._moved and not self.frame._atTop and len(flowables) > 1:
            width = self.frame._aW
            if self._waiting and sum(f.height(width) for f in [*self._waiting, first]) > self.frame._aH:
                # they cannot share the next page's top: the waiting ones go now, this one after them
                flowables[0:0] = self._waiting
                self._waiting = []
                super().handle_flowable(flowables)
                return
            room = self.frame._y - self.frame._y1p - first.getSpaceBefore()
            if self._turning or self._waiting or first.height(width) > room:
                self._moved.add(id(first))
                self._waiting.append(flowables.pop(0))
                return
        super().handle_flowable(flowables)

    def _sideways(self, flowables: list[Flowable]) -> None:
        """Sets the landscape figure at the front of `flowables` now, or holds it back."""
        figure = flowables.pop(0)
        turned = self.frame._atTop and self.pageTemplate.id == LANDSCAPE  # a page turned for it
        # headings that came along may not wait: they would come after the text they close
        if turned or figure.headings:
            if flowables and isinstance(flowables[0], _StoryEnd):  # nothing follows: no page after it
                flowables.pop(0)
            flowables[0:0] = self._turn([figure], turned)
        elif self._waiting:  # upright figures waiting before it go first
            flowables[0:0] = [*self._waiting, figure]
            self._waiting = []
        else:
            self._turning.append(figure)

    def _turn(self, figures: list[Sideways], turned: bool) -> list[Flowable]:
        """The landscape figures one to a page turned sideways (this one when `turned`), then a
        break to an upright page."""
        out: list[Flowable] = []
        for sideways in figures:
            if out or not turned:
                out.append(PageBreak(LANDSCAPE))
            self._moved.add(id(sideways.figure))  # set where it comes, under its headings too
            out += [*sideways.headings, sideways.figure]
        return [*out, PageBreakIfNotEmpty("body")]

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading) and flowable.key:
            top = self.frame._y + flowable.height + flowable.getSpaceAfter()
            self.canv.bookmarkHorizontal(flowable.key, 0, top + flowable.style.fontSize * 0.5)
            if flowable.anchor:
                self.canv.bookmarkHorizontal(anchor_name(flowable.anchor), 0, top + flowable.style.fontSize * 0.5)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.key, flowable.outline_level, closed=False)
            if self.contents is not None:
                self.contents.record(flowable.key, self.page)


def _ends_waiting(flowable: Flowable) -> bool:
    """Whether waiting figures are set before `flowable`: a page break, the end of the story or a
    heading that leads into a figure of its own."""
    return isinstance(flowable, (PageBreak, NextPageTemplate, _StoryEnd)) or (
        isinstance(flowable, Lead) and flowable.holds_float
    )


def render_pdf(
    doc: Document, theme: Theme, layouts: dict[FlowSpec, DiagramLayout], stamp: Stamp, warnings: Warnings
) -> tuple[bytes, int]:
    """The report as PDF bytes and its number of pages; located warnings go to `warnings`."""
    styles = build_styles(theme)
    geo = geometry(theme, styles)
    markup = Markup(styles, doc.path)
    _, _, frame_width, frame_height = geo.frame
    figures = pdf_figures.Figures(
        styles, markup, theme, layouts, frame_height, doc.path, warnings, geo.turned().frame[2:]
    )
    notes = footnote_area(doc, styles, markup, frame_width, frame_height)
    blocks = Blocks(styles, markup, figures, frame_height, geo.turned().frame[2], notes)

    story: list[Flowable] = cover(doc.meta, theme, styles, markup, (frame_width, frame_height), doc.path, warnings)
    story += [NextPageTemplate("body"), PageBreak()]
    body = blocks.story(doc.preamble, frame_width)
    for number, section in enumerate(doc.sections, start=1):
        body += _section(section, str(number), theme.heading_numbers, styles, markup, blocks, frame_width)
    contents = None
    if theme.toc and len(doc.sections) >= TOC_MIN_SECTIONS:
        entries = [Entry(f.outline_level, f.text, f.key) for f in body if isinstance(f, Heading)]
        contents = Contents(styles, entries, frame_width, frame_height)
        story += contents.flowables(styles.rhythm)
    story += paginate(body, frame_width, frame_height, 2 * styles.rhythm)
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
    report.notes, report.contents = notes, contents
    report.setProgressCallBack(progress.page_counter())
    report.build(story, canvasmaker=canvas_class(styles, geo, stamp, contents.finish if contents else None))
    return buffer.getvalue(), report.page


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
