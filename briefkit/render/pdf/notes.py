"""Footnotes at the foot of the page that cites them.

reportlab has no footnotes, so this module adds them in three parts:

- `Cited` wraps a flowable that cites notes. When laid out it asks for room for the notes that
  are not yet on the current page; when drawn it raises the bottom of the frame by their height,
  so the text after it stops above them. Split across pages, each part takes the notes it cites
  (found by the citations' links to `#note-N`).
- `NoteArea` remembers, per page, the notes placed there, and draws them at the bottom of the
  frame, under a short rule, when the page ends; then it gives the frame back its full height.
  A page's notes take at most `NOTE_SHARE` of the frame: the rest of a note that would pass it,
  and the notes after it, go on at the foot of the next page (and the next, for a note longer
  than that), ahead of that page's own notes.
- Each note is drawn once, on the page of its first citation, as its number and text; the
  citation links to it.

In: note numbers with their paragraph markup, the frame width and a paragraph style. Out:
flowables for the story and drawing on the canvas at each page end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from ...model import Document, NoteRef, document_notes

if TYPE_CHECKING:
    from .styles import Styles
    from .text import Markup

RULE_GAP = 6.0  # space between the text and the rule above the notes, and from the rule to the notes
RULE_WIDTH = 72.0
MAX_TRIES = 8  # attempts at cutting a split's first part short enough for its notes
NOTE_SHARE = 0.5  # of the frame height: the most one page's notes take


def note_name(number: int) -> str:
    """The PDF destination name of a note, which its citations link to."""
    return f"note-{number}"


def footnote_area(doc: Document, styles: Styles, markup: Markup, width: float, height: float) -> NoteArea | None:
    """The notes of `doc` as paragraph markup in a small style, for a frame of `width` and
    `height`; None when it cites none."""
    notes = document_notes(doc)
    if not notes:
        return None
    style = ParagraphStyle(
        "note",
        parent=styles.para["body"],
        fontSize=styles.small,
        leading=styles.small * 1.3,
        alignment=TA_LEFT,
        firstLineIndent=0,
        spaceBefore=0,
        spaceAfter=0,
    )
    texts = {
        number: f'<a name="{note_name(number)}"/>{markup.text(NoteRef(number, ()).mark, 0)}\u2002'
        + markup.inlines(note, 0)
        for number, note in notes.items()
    }
    return NoteArea(texts, style, width, styles.colors.rule, height * NOTE_SHARE)


class NoteArea:
    """The notes of one report: their markup, which page holds which, and their drawing."""

    def __init__(self, markup: dict[int, str], style: ParagraphStyle, width: float, rule_color, limit: float) -> None:
        """`limit` is the most height the notes of one page take."""
        self._markup = markup
        self._style = style
        self._width = width
        self._rule_color = rule_color
        self._limit = limit
        self._heights: dict[int, float] = {}
        self.reset()

    def reset(self) -> None:
        """Forget every placement: a new layout pass begins."""
        self._placed: set[int] = set()
        self._page: list[tuple[Paragraph, float]] = []  # what this page's foot draws, with heights
        self._used = 0.0  # their height
        self._carry: list[Paragraph] = []  # notes and rests of notes the next page's foot draws
        self._base: float | None = None

    @property
    def carrying(self) -> bool:
        """Whether notes wait for the foot of a page still to come."""
        return bool(self._carry)

    def height(self, number: int) -> float:
        if number not in self._heights:
            _, self._heights[number] = self._paragraph(number).wrap(self._width, 10_000)
        return self._heights[number]

    def reserve(self, numbers: tuple[int, ...]) -> float:
        """The height the notes `numbers` still need on the current page: what the page's note
        area has left at most, as the rest goes on at the next page's foot."""
        missing = [n for n in numbers if n not in self._placed and n in self._markup]
        if not missing or self._carry:  # the area is full: they all go on to the next page
            return 0.0
        needed = min(sum(self.height(n) for n in missing), max(self._limit - self._used, 0.0))
        return needed + (0.0 if self._page else 2 * RULE_GAP)

    def place(self, numbers: tuple[int, ...], frame) -> None:
        """Put the notes `numbers` on the current page, as far as its note area holds them, and
        shorten `frame` above them."""
        missing = [n for n in numbers if n not in self._placed and n in self._markup]
        if not missing:
            return
        if self._base is None:
            self._base = frame._y1p
        for number in missing:
            self._placed.add(number)
            self._add(self._paragraph(number))
        frame._y1p = self._base + self._area_height()

    def start_page(self, frame) -> None:
        """Put the notes carried over from the page before at the foot of this one."""
        carried, self._carry = self._carry, []
        if not carried:
            return
        self._base = frame._y1p
        for paragraph in carried:
            self._add(paragraph)
        frame._y1p = self._base + self._area_height()

    def _add(self, paragraph: Paragraph) -> None:
        """Adds a wrapped note (or the rest of one) to this page's foot, as much of it as fits;
        the rest waits for the next page."""
        if self._carry:
            self._carry.append(paragraph)
            return
        _, tall = paragraph.wrap(self._width, 10_000)
        room = self._limit - self._used
        if tall <= room:
            self._page.append((paragraph, tall))
            self._used += tall
            return
        parts = paragraph.split(self._width, room) if room > 0 else []
        if len(parts) == 2:
            first, rest = parts
            _, first_tall = first.wrap(self._width, room)
            self._page.append((first, first_tall))
            self._used += first_tall
            paragraph = rest
        self._carry.append(paragraph)

    def _area_height(self) -> float:
        """The height the notes of this page take, with the rule above them."""
        return self._used + 2 * RULE_GAP if self._page else 0.0

    def finish_page(self, canvas, frame) -> None:
        """Draw this page's notes at the bottom of the frame and give the frame its full height."""
        if self._page and self._base is not None:
            top = self._base + self._used + RULE_GAP
            canvas.saveState()
            canvas.setStrokeColor(self._rule_color)
            canvas.setLineWidth(0.5)
            canvas.line(frame._x1, top, frame._x1 + RULE_WIDTH, top)
            canvas.restoreState()
            y = top - RULE_GAP
            for paragraph, tall in self._page:
                y -= tall
                paragraph.drawOn(canvas, frame._x1, y)
        self._page = []
        self._used = 0.0
        self._base = None
        frame._geom()

    def _paragraph(self, number: int) -> Paragraph:
        paragraph = Paragraph(self._markup[number], self._style)
        paragraph.wrap(self._width, 10_000)
        return paragraph


class Cited(Flowable):
    """A flowable citing notes: it keeps room for them at the foot of the page it lands on."""

    def __init__(self, inner: Flowable, numbers: tuple[int, ...], area: NoteArea) -> None:
        super().__init__()
        self.inner = inner
        self.numbers = numbers
        self.area = area

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)  # lists and tables measure with the canvas
        if canv is not None:
            self.width, self.height = self.inner.wrapOn(canv, available_width, available_height)
        else:
            self.width, self.height = self.inner.wrap(available_width, available_height)
        needed = self.height + self.area.reserve(self.numbers)
        at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
        if needed > available_height and not at_top:
            return self.width, needed  # too tall with its notes: the frame splits it or moves on
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The inner flowable's parts, each with the notes it cites; the first part is cut short
        until it fits together with its own notes."""
        room = available_height - self.area.reserve(self.numbers)
        room = max(room, available_height / 2)  # start optimistic: only the first part's notes count
        for _ in range(MAX_TRIES):
            parts = self._split_inner(available_width, room)
            if not parts:
                return []
            shares = [tuple(n for n in self.numbers if cites(part, n)) for part in parts]
            found = {n for share in shares for n in share}
            shares[0] += tuple(n for n in self.numbers if n not in found)  # where no citation was seen
            height = self._measure(parts[0], available_width, room)
            overflow = height + self.area.reserve(shares[0]) - available_height
            if overflow <= 0:
                return [Cited(p, share, self.area) if share else p for p, share in zip(parts, shares, strict=True)]
            room -= overflow + 1.0
            if room <= 0:
                return []
        return []

    def _split_inner(self, available_width: float, room: float) -> list[Flowable]:
        canv = getattr(self, "canv", None)
        if canv is not None:
            return self.inner.splitOn(canv, available_width, room)
        return self.inner.split(available_width, room)

    def _measure(self, flowable: Flowable, available_width: float, room: float) -> float:
        canv = getattr(self, "canv", None)
        if canv is not None:
            return flowable.wrapOn(canv, available_width, room)[1]
        return flowable.wrap(available_width, room)[1]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab's name
        self.inner.drawOn(canvas, x, y, _sW)
        frame = getattr(self, "_frame", None)
        if frame is not None:
            self.area.place(self.numbers, frame)


def cites(flowable, number: int) -> bool:
    """True when `flowable` (or anything inside it) holds a link to note `number`."""
    target = "#" + note_name(number)
    for paragraph in _paragraphs(flowable):
        frags = getattr(paragraph, "frags", None) or []
        lines = getattr(getattr(paragraph, "blPara", None), "lines", None) or []
        words = [word for line in lines for word in getattr(line, "words", ())]
        for frag in (*frags, *words):
            if any(href == target for _, href in getattr(frag, "link", None) or ()):
                return True
    return False


def _paragraphs(flowable, depth: int = 0):
    """The paragraphs inside a flowable: itself, or those of its content, cells or items."""
    if depth > 12:
        return
    if isinstance(flowable, Paragraph):
        yield flowable
        return
    if isinstance(flowable, Cited):
        yield from _paragraphs(flowable.inner, depth + 1)
        return
    if isinstance(flowable, (list, tuple)):
        for item in flowable:
            yield from _paragraphs(item, depth + 1)
        return
    for name in ("_content", "_flowables", "_flowable", "_cellvalues"):
        inner = getattr(flowable, name, None)
        if inner is not None:
            yield from _paragraphs(inner, depth + 1)
