"""The report's contents: measured before layout, filled in after it, in one layout pass.

In: the headings' outline levels, markup and link keys in reading order, the contents styles and
the frame's size. Out: `Contents`, whose `flowables` reserve the contents' pages and whose
`finish` draws a reserved page's entries once the layout has recorded (`record`) each heading's
page.

The contents' size depends only on their entries: an entry is its heading wrapped to the
column short of the page numbers, and its page number is drawn after its last line, changing
no line. So every entry is
measured once, the pages are reserved at their final size, the report is laid out once, and each
entry is drawn once on its reserved page before the file is written (the canvas holds pages back
until then). Each entry links to its heading.

The contents never leave a page with a line or two: when they spill over, their spacing is
tightened to fit one page fewer if it can be; when their last page is less than half full, the
body starts on it instead of on a new page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from reportlab.platypus.tableofcontents import drawPageNumbers

from .styles import Styles

LEAST_FILL = 0.5  # a last contents page fuller than this ends with a page break
_END = "contentsEntryEnd"  # the paragraph callback that draws an entry's page number


@dataclass(frozen=True)
class Entry:
    level: int  # 0 for a section, 1 for a subsection
    markup: str  # the heading's paragraph markup
    key: str  # the heading's bookmark name


@dataclass(frozen=True)
class _Row:
    entry: Entry
    paragraph: Paragraph  # wrapped once, at the column's width
    space: float  # space above it (none at the top of a page)
    height: float

    @property
    def level(self) -> int:
        return min(self.entry.level, 1)


def _numbered(style: ParagraphStyle) -> ParagraphStyle:
    """The entry style with its text kept clear of the page numbers' column (four digits and
    an em of space)."""
    room = stringWidth("0000", style.fontName, style.fontSize) + style.fontSize
    return ParagraphStyle(f"{style.name}-entry", parent=style, rightIndent=style.rightIndent + room)


def _shorter(row: _Row, normal: list[ParagraphStyle], tight: list[ParagraphStyle]) -> float:
    """The row's height with its lines set at the tight styles' leading."""
    return row.height * tight[row.level].leading / normal[row.level].leading


class Contents:
    """The contents of one report: its reserved pages and, after layout, their entries."""

    def __init__(self, styles: Styles, entries: list[Entry], width: float, height: float) -> None:
        self._title = Paragraph("Contents", styles.para["toc_title"])
        self._width, self._frame_height = width, height
        self._top = self._title.wrap(width, height)[1] + self._title.getSpaceAfter()
        self._pages: dict[str, int] = {}
        self._levels = {entry.key: entry.level for entry in entries}
        self._placed: dict[int, list[tuple[float, float, list[_Row]]]] = {}  # page -> (x, y, rows)
        level_styles = [_numbered(styles.para[name]) for name in ("toc1", "toc2")]
        rows = self._rows(entries, level_styles)
        pages = self._paged(rows)
        if len(pages) > 1:
            tight = [
                ParagraphStyle(
                    f"{style.name}-tight",
                    parent=style,
                    leading=style.fontSize * 1.2,
                    spaceBefore=style.spaceBefore * 0.4,
                )
                for style in level_styles
            ]
            # the leading changes no line break: the tight rows' heights follow from the lines
            # measured, so the entries are set again only when that saves a page
            guess = [
                _Row(row.entry, row.paragraph, tight[row.level].spaceBefore, _shorter(row, level_styles, tight))
                for row in rows
            ]
            if len(self._paged(guess)) < len(pages):
                tight_pages = self._paged(self._rows(entries, tight))
                if len(tight_pages) < len(pages):
                    pages, level_styles = tight_pages, tight
        self._rows_by_page = pages
        self._level_styles = level_styles

    def _rows(self, entries: list[Entry], level_styles: list[ParagraphStyle]) -> list[_Row]:
        """Each entry as a linked paragraph wrapped to the column, with its level's space above."""
        rows = []
        for entry in entries:
            style = level_styles[min(entry.level, 1)]
            text = f'<a href="#{entry.key}">{entry.markup}</a><onDraw name="{_END}" label="{entry.key}"/>'
            paragraph = Paragraph(text, style)
            rows.append(_Row(entry, paragraph, style.spaceBefore, paragraph.wrap(self._width, self._frame_height)[1]))
        return rows

    def _paged(self, rows: list[_Row]) -> list[list[_Row]]:
        """The rows page by page, a page breaking between rows; no space above a page's first."""
        pages: list[list[_Row]] = [[]]
        used = self._top
        for row in rows:
            space = row.space if pages[-1] else 0.0
            if pages[-1] and used + space + row.height > self._frame_height:
                pages.append([])
                used, space = 0.0, 0.0
            pages[-1].append(_Row(row.entry, row.paragraph, space, row.height))
            used += space + row.height
        return pages

    @property
    def fill(self) -> float:
        """How full the last contents page is, from 0 to 1."""
        rows = self._rows_by_page[-1]
        used = (self._top if len(self._rows_by_page) == 1 else 0.0) + sum(row.space + row.height for row in rows)
        return used / self._frame_height

    def flowables(self, gap: float) -> list[Flowable]:
        """The title and the reserved pages, then a page break, or `gap` when the body may follow
        on the last contents page."""
        out: list[Flowable] = [self._title]
        for number, rows in enumerate(self._rows_by_page):
            if number:
                out.append(PageBreak())
            out.append(_Reserved(self, rows))
        out.append(Spacer(1, gap) if self.fill < LEAST_FILL else PageBreak())
        return out

    def record(self, key: str, page: int) -> None:
        """The page the heading with bookmark `key` was laid out on."""
        self._pages[key] = page

    def place(self, page: int, x: float, y: float, rows: list[_Row]) -> None:
        """Where a reserved block landed: its page and the lower left corner of its box."""
        self._placed.setdefault(page, []).append((x, y, rows))

    def finish(self, canvas: Canvas, page: int) -> None:
        """Draw the entries reserved on `page`, each with its heading's page number."""
        blocks = self._placed.get(page)
        if not blocks:
            return
        canvas.setNamedCB(_END, self._page_number)
        for x, y, rows in blocks:
            top = y + sum(row.space + row.height for row in rows)
            for row in rows:
                top -= row.space + row.height
                row.paragraph.drawOn(canvas, x, top)

    def _page_number(self, canvas: Canvas, kind: str, key: str) -> None:
        """Dots (for subsections) and the page number after an entry's last line."""
        level = self._levels[key]
        style = self._level_styles[min(level, 1)]
        dots = " . " if level >= 1 else ""
        drawPageNumbers(canvas, style, [(self._pages.get(key, 0), key)], self._width, 0, dots)


class _Reserved(Flowable):
    """Room for a page's contents entries: it draws nothing during layout, only notes where it
    landed, so the entries can be drawn there once every page number is known."""

    def __init__(self, contents: Contents, rows: list[_Row]) -> None:
        super().__init__()
        self._contents, self._rows = contents, rows
        self._height = sum(row.space + row.height for row in rows)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self._contents._width, self._height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self._contents.place(canvas.getPageNumber(), x, y, self._rows)
