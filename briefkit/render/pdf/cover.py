"""The cover page: document metadata in, the flowables of page one out.

A logo (when the theme names one) at the top left, the title a third of the way down under a
short accent bar, the subtitle, then a ruled block naming the authors, the date and the
classification. Nothing here depends on colour to be read.
"""

from __future__ import annotations

import datetime

from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from reportlab.platypus import Image as RLImage

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
    meta: Meta, theme: Theme, styles: Styles, markup: Markup, frame_width: float, frame_height: float
) -> list[Flowable]:
    """The cover's flowables; they fill less than one frame, so page one holds only the cover."""
    para = styles.para
    out: list[Flowable] = []
    used = 0.0
    if theme.logo is not None:
        logo = RLImage(str(theme.logo))
        scale = min(_LOGO_HEIGHT / logo.imageHeight, frame_width / 3 / logo.imageWidth)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        logo.hAlign = "LEFT"
        out.append(logo)
        used = logo.drawHeight
    out.append(Spacer(1, max(frame_height * 0.28 - used, 0)))
    bar = _AccentBar(styles.colors.accent)
    bar.spaceAfter = styles.rhythm
    out += [bar, RLParagraph(markup.text(meta.title, meta.line_of("title"), "heading"), para["cover_title"])]
    if meta.subtitle:
        out.append(RLParagraph(markup.text(meta.subtitle, meta.line_of("subtitle"), "heading"), para["cover_subtitle"]))
    else:
        out.append(Spacer(1, styles.rhythm))
    out.append(_facts(meta, styles, markup, frame_width))
    return out


def _facts(meta: Meta, styles: Styles, markup: Markup, width: float) -> Table:
    """Authors, date and classification as label/value rows between two rules."""
    label = styles.para["caption"]
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
