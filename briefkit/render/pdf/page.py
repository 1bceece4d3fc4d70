"""What every page carries around its text: banners, running header, footer, page numbers.

In: the page size and margin from the theme, the document's metadata, the build stamp and the
styles. Out: `Geometry` (where the text frame and the page furniture sit), three page templates
('cover' without a running header, 'body' with one, 'landscape': 'body' turned sideways for
tables too wide for the page and diagrams drawn larger that way) and a canvas class that
writes "Page N of M" once the total is known and stores the document information dictionary.

The margin is the outer edge of all text, header and footer included; classification banners
sit centred in the top and bottom margins, where print shops expect them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph

from ...diagram.readable import HEADER_GAP
from ...stamp import Stamp
from ...theme import Theme
from .styles import Styles

PRODUCER = "briefkit PDF report (ReportLab)"


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    margin: float
    header_gap: float  # space between the running header's rule and the text frame

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the text frame."""
        gap = self.header_gap
        return self.margin, self.margin + gap, self.width - 2 * self.margin, self.height - 2 * (self.margin + gap)

    def turned(self) -> Geometry:
        """The same page turned sideways (landscape), margins unchanged."""
        return Geometry(self.height, self.width, self.margin, self.header_gap)


def geometry(theme: Theme, styles: Styles) -> Geometry:
    width, height = theme.page_points
    return Geometry(width, height, theme.margin_mm * mm, styles.rhythm * HEADER_GAP)


def page_templates(header: str, banner: str | None, stamp: Stamp, styles: Styles, geo: Geometry) -> list[PageTemplate]:
    """The 'cover', 'body' and 'landscape' templates; all draw banners and the footer, 'body' and
    'landscape' also the header.

    `header` and `banner` are paragraph markup (escaped, with fallback fonts), so any title or
    classification prints as written; no banner when `banner` is None.
    """

    turned = geo.turned()
    lines = {}
    for shape in (geo, turned):
        text_width = shape.width - 2 * shape.margin
        header_line = _Line(header, styles.para["header"], text_width)
        banner_line = _Line(banner, styles.para["banner"], text_width) if banner else None
        lines[shape.width] = header_line, banner_line

    def furniture(canvas: Canvas, shape: Geometry, with_header: bool) -> None:
        header_line, banner_line = lines[shape.width]
        canvas.saveState()
        if banner_line:
            _banners(canvas, banner_line, styles, shape)
        if with_header:
            _header(canvas, header_line, styles, shape)
        _footer(canvas, stamp.text, styles, shape)
        canvas.restoreState()

    def frame(shape: Geometry) -> Frame:
        return Frame(*shape.frame, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")

    return [
        PageTemplate("cover", [frame(geo)], onPage=lambda canvas, doc: furniture(canvas, geo, False)),
        PageTemplate("body", [frame(geo)], onPage=lambda canvas, doc: furniture(canvas, geo, True)),
        PageTemplate(
            "landscape",
            [frame(turned)],
            onPage=lambda canvas, doc: furniture(canvas, turned, True),
            pagesize=(turned.width, turned.height),
        ),
    ]


class _Line:
    """Paragraph markup that every page repeats: parsed and wrapped once, drawn on each page
    with its first baseline at a given height (parsing it anew on every page cost as much as
    drawing it)."""

    def __init__(self, markup: str, style: ParagraphStyle, width: float) -> None:
        self._paragraph = Paragraph(markup, style)
        _, height = self._paragraph.wrap(width, style.leading)
        self._rise = style.fontSize - height  # from the first baseline to the paragraph's bottom
        self.font_size = style.fontSize

    def draw(self, canvas: Canvas, x: float, baseline: float) -> None:
        self._paragraph.drawOn(canvas, x, baseline + self._rise)


def _banners(canvas: Canvas, line: _Line, styles: Styles, geo: Geometry) -> None:
    band = line.font_size * 2
    for centre in (geo.height - geo.margin / 2, geo.margin / 2):
        canvas.setFillColor(styles.colors.banner_fill)
        canvas.rect(0, centre - band / 2, geo.width, band, stroke=0, fill=1)
        line.draw(canvas, geo.margin, centre - line.font_size * 0.35)


def _header(canvas: Canvas, line: _Line, styles: Styles, geo: Geometry) -> None:
    top = geo.height - geo.margin
    line.draw(canvas, geo.margin, top - styles.small)
    _rule(canvas, styles, geo, top - styles.small - 4)


def _footer(canvas: Canvas, stamp_text: str, styles: Styles, geo: Geometry) -> None:
    _rule(canvas, styles, geo, geo.margin + styles.small + 5)
    canvas.setFont(styles.heading_font["regular"], styles.small)
    canvas.setFillColor(styles.colors.muted)
    canvas.drawString(geo.margin, geo.margin, stamp_text)


def _rule(canvas: Canvas, styles: Styles, geo: Geometry, y: float) -> None:
    canvas.setStrokeColor(styles.colors.rule)
    canvas.setLineWidth(0.5)
    canvas.line(geo.margin, y, geo.width - geo.margin, y)


def canvas_class(
    styles: Styles, geo: Geometry, stamp: Stamp, finish: Callable[[Canvas, int], None] | None = None
) -> type[Canvas]:
    """A Canvas that holds pages back until the end to number them "Page N of M" and to let
    `finish(canvas, page number)` draw what only the whole layout knows (the contents' page
    numbers), and whose information dictionary carries the stamp's dates and fingerprint."""

    class ReportCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._doc.info = _Info(stamp)
            self._held: list[dict] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._doc.pageCounter += 1  # bookmarks and links on the next page must name that page
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            self._doc.pageCounter = 1
            for number, state in enumerate(self._held, start=1):
                count = self._annotationCount  # annotations drawn now need names of their own
                self.__dict__.update(state)
                self._annotationCount = count
                if finish is not None:
                    finish(self, number)
                self.setFont(styles.heading_font["bold"], styles.small)
                self.setFillColor(styles.colors.text)
                width = self._pagesize[0]  # landscape pages are wider
                self.drawRightString(width - geo.margin, geo.margin, f"Page {number} of {total}")
                super().showPage()
            super().save()

    return ReportCanvas


class _Info(PDFInfo):
    """The document information dictionary with fixed dates and the build fingerprint."""

    def __init__(self, stamp: Stamp) -> None:
        super().__init__()
        self._stamp = stamp

    def format(self, document) -> bytes:
        date = PDFDate(ts=document._timeStamp, dateFormatter=lambda *_: _pdf_date(self._stamp.timestamp))
        entries = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": date,
            "ModDate": date,
            "Trapped": PDFName("False"),
            "BriefkitFingerprint": PDFString(self._stamp.fingerprint),
        }
        return PDFDictionary(entries).format(document)


def _pdf_date(moment: datetime.datetime) -> str:
    """A PDF date string in UTC: D:YYYYMMDDHHmmSS+00'00'."""
    utc = moment.astimezone(datetime.timezone.utc)
    return utc.strftime("D:%Y%m%d%H%M%S+00'00'")
