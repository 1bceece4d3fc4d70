"""The cover page: document metadata in, the flowables of page one out.

A logo (when the theme names one) at the top left, the title a third of the way down under a
short accent bar, the subtitle, then a ruled block naming the authors, the date and the
classification. Nothing here depends on colour to be read.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle
from reportlab.platypus import Image as RLImage
from reportlab.platypus.flowables import _listWrapOn

from ...errors import Warnings
from ...model import Meta
from ...theme import Theme
from .fragments import Paragraph as RLParagraph
from .styles import Styles
from .text import Markup

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LOGO_HEIGHT = 42.0
MIN_TITLE_SHARE = 0.6  # a long title shrinks to this share of the theme's cover title size


def format_date(date: datetime.date) -> str:
    """'24 November 2026', the same in every locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


class _AccentBar(Flowable):
    """A short thick bar that marks where the title starts."""

    def __init__(self, color, width: float = 48, height: float = 4) -> None:
        super().__init__()
        self._color, self.width, self.height = color, width, height

    def draw(self) -> None:
        self.canv.setFillColor(self._color)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


def cover(
    meta: Meta,
    theme: Theme,
    styles: Styles,
    markup: Markup,
    frame: tuple[float, float],
    path: Path,
    warnings: Warnings,
) -> list[Flowable]:
    """The cover's flowables for a frame of (width, height); they always fit that one frame.

    The title block starts a third of the way down. A block too tall for that first moves up,
    then the title is set smaller, a point at a time down to `MIN_TITLE_SHARE` of its size; when
    even that does not fit, the whole cover is scaled down to fit and a warning names the title.
    """
    width, height = frame
    out: list[Flowable] = []
    used = 0.0
    if theme.logo is not None:
        logo = RLImage(str(theme.logo))
        scale = min(_LOGO_HEIGHT / logo.imageHeight, width / 3 / logo.imageWidth)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        logo.hAlign = "LEFT"
        out.append(logo)
        used = logo.drawHeight + logo.getSpaceAfter()
    title_style = styles.para["cover_title"]
    least = title_style.fontSize * MIN_TITLE_SHARE
    size = title_style.fontSize
    while True:
        block = _block(meta, styles, markup, width, size)
        tall = _listWrapOn(block, width, None)[1]
        if used + tall <= height or size - 1 < least:
            break
        size -= 1
    room = height - used - tall
    out.append(Spacer(1, max(min(height * 0.28 - used, room), 0)))
    if room >= 0:
        return out + block
    warnings.add(
        path,
        meta.line_of("title"),
        f"the cover cannot hold this title even at {size:g} pt; the whole cover is set smaller to fit page 1",
        "shorten the title, or move part of it into subtitle:",
    )
    return [KeepInFrame(width, height, out + block, mode="shrink")]


def _block(meta: Meta, styles: Styles, markup: Markup, width: float, size: float) -> list[Flowable]:
    """The accent bar, the title set at `size`, the subtitle and the facts table."""
    para = styles.para
    title_style = para["cover_title"]
    if size != title_style.fontSize:
        title_style = ParagraphStyle(f"cover_title-{size:g}", parent=title_style, fontSize=size, leading=size * 1.25)
    bar = _AccentBar(styles.colors.accent)
    bar.spaceAfter = styles.rhythm
    out: list[Flowable] = [bar, RLParagraph(markup.text(meta.title, meta.line_of("title"), "heading"), title_style)]
    if meta.subtitle:
        out.append(RLParagraph(markup.text(meta.subtitle, meta.line_of("subtitle"), "heading"), para["cover_subtitle"]))
    else:
        out.append(Spacer(1, styles.rhythm))
    out.append(_facts(meta, styles, markup, width))
    return out


def _facts(meta: Meta, styles: Styles, markup: Markup, width: float) -> Table:
    """Authors, date and classification as label/value rows between two rules."""
    label = ParagraphStyle("cover_label", parent=styles.para["caption"], alignment=TA_LEFT)
    value = styles.para["cover_meta"]
    rows = []
    if meta.authors:
        names = "<br/>".join(markup.text(name, meta.line_of("author")) for name in meta.authors)
        rows.append(("Author" if len(meta.authors) == 1 else "Authors", names))
    rows.append(("Date", format_date(meta.date)))
    if meta.classification:
        classification = markup.text(meta.classification, meta.line_of("classification"))
        rows.append(("Classification", f"<b>{classification}</b>"))
    cells = [[RLParagraph(name.upper(), label), RLParagraph(text, value)] for name, text in rows]
    facts = Table(cells, colWidths=[width * 0.22, width * 0.78], hAlign="LEFT")
    facts.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.body_font["regular"]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.75, styles.colors.rule),
                ("LINEBELOW", (0, -1), (-1, -1), 0.75, styles.colors.rule),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), styles.rhythm * 0.35),
                ("BOTTOMPADDING", (0, 0), (-1, -1), styles.rhythm * 0.35),
                ("TOPPADDING", (0, 0), (-1, 0), styles.rhythm * 0.8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), styles.rhythm * 0.8),
            ]
        )
    )
    return facts
