"""A typesetter's page-breaking rules, applied to the report's list of flowables before layout.

In: the body's flowables in reading order, with headings made as `Title`, figures as `Float`
and tables and figures that need a page turned sideways as `Landscape`; the frame's width and height.
Out: the same content regrouped so that reportlab breaks pages as a typesetter would:

- a heading, or a run of headings, travels with the start of what follows it (`Lead`): at least
  two lines of a paragraph or list, a table's header and first row, a whole figure or short
  block. When that start does not fit, the heading moves to the next page with it;
- a quote, code block or table shorter than a third of the page is never split (`KeepTogether`);
  longer ones split, paragraphs never leaving a single line at either end (the body styles
  forbid widows and orphans);
- a section's closing block of at most three lines (a short list or paragraph) never stands
  alone at the top of a page (`Tail`): the last two lines of the paragraph before it come along,
  or the whole block before it when that block is short and cannot split;
- a landscape table gets pages of its own, the headings that introduce it on its first page;
- a landscape figure becomes a `Sideways` float, anchored where it is written: headings just
  before it lead into the text after it (the figure floats past them), and only a figure that
  nothing but a heading introduces in its section takes that heading to its landscape page.

Figures float: the report template (see `__init__`) sets the text after a figure that does not
fit the rest of the page first and the figure at the top of the next page; a `Sideways` one
always lets the text after it fill the page, then takes the landscape page that follows.
"""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    Indenter,
    KeepTogether,
    ListFlowable,
    NextPageTemplate,
    PageBreakIfNotEmpty,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import FrameBreak, NullActionFlowable
from reportlab.platypus.flowables import _listWrapOn

from .fragments import Paragraph as RLParagraph
from .notes import Cited
from .quote import QuoteBand

KEEP_SHARE = 1 / 3  # blocks up to this share of the frame height are never split
TAIL_LINES = 3  # a section's closing block this many lines high or less never starts a page alone


class Title(RLParagraph):
    """A heading of any level: it must never end a page."""


class Float(KeepTogether):
    """A figure and its caption: never split, moved to the next page's top when it does not fit."""

    def height(self, width: float) -> float:
        """The figure's height with its caption and the space between them."""
        return _listWrapOn(self._content, width, None)[1]


class Landscape(Flowable):
    """A table too wide for the page, or a figure whose text a wide page draws larger, set on
    pages turned sideways: `paginate` expands a table into its pages and makes a figure a
    `Sideways` float."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content


class Sideways(Flowable):
    """A landscape figure where it is written, with the headings that go to its page (none when
    they lead into the text after it). It takes no room where it is written: the report template
    holds it back while the text after it fills the page, and sets it on a landscape page."""

    def __init__(self, figure: Float, headings: list[Flowable]) -> None:
        super().__init__()
        self.figure, self.headings = figure, headings

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0


class Lead(KeepTogether):
    """Headings with the first part of what follows them, kept on one page.

    Like KeepTogether it never draws itself: `split` hands back its parts, or a frame break and
    itself again when even the smallest acceptable start of the follower does not fit below the
    headings (judged anew on the next page, below any figures that float to its top).
    `floats` are landscape figures written between the headings and the follower: they come back
    right after the headings, wherever those land, and take no room there.
    """

    def __init__(self, headings: list[Flowable], follower: Flowable, least: float, floats: list[Sideways]) -> None:
        super().__init__([*headings, follower])
        self._headings, self._follower, self._least, self.floats = headings, follower, least, floats

    @property
    def holds_float(self) -> bool:
        return isinstance(self._follower, Float)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = [*self._headings, self._follower]
        heads = [*self._headings, *self.floats]
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", 0):
            # a null action first, as KeepTogether does: headings taller than the page split there
            return [NullActionFlowable(), *heads, self._follower]
        canv = getattr(self, "canv", None)
        head = _listWrapOn(self._headings, aW, canv)[1]
        room = aH - head - self._headings[-1].getSpaceAfter() - self._follower.getSpaceBefore()
        if _body_paragraph(self._follower):
            # running text never splits before its second line (no orphans): room for two body
            # lines is room for its start, and the frame sets or splits it as it comes (a code
            # block's lines and padding differ, so it is split here like any other block)
            return [*heads, self._follower] if room >= self._least else self._on_next_page()
        if _listWrapOn(_unwrapped(content), aW, canv)[1] <= aH:
            return [*heads, self._follower]
        if _splittable(self._follower) and room >= self._least:
            self._follower.wrap(aW, room)
            parts = self._follower.split(aW, room)
            if _starts_within(parts, aW, room, self._least, canv):
                return [*heads, *parts]
        return self._on_next_page()

    def _on_next_page(self) -> list[Flowable]:
        """A frame break, then the same lead judged again there: figures floating to the next
        page's top may take its room first, and the headings must not be left above them alone."""
        return [FrameBreak(), Lead(self._headings, self._follower, self._least, self.floats)]


class Tail(KeepTogether):
    """A section's short closing block with the block before it (`before`: a paragraph, a Lead,
    or a quote's flowables), so the closing block never starts a page by itself.

    When both fit the rest of the page, or the page is fresh, the parts are set as they come.
    When only the closing block does not fit, a paragraph before it (alone or under its
    headings) gives its last two lines to the next page, if it keeps two on this one; a block
    that cannot split that way moves along whole when it is short, and stays where it is when it
    is long.
    """

    def __init__(self, before: list[Flowable], closing: Flowable, height: float) -> None:
        super().__init__([*before, closing])
        self._before, self._closing, self._frame_height = before, closing, height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        # the parts go back on the story to be set one by one (a null action first, as
        # KeepTogether does, so that none is required to fit at once)
        content = [NullActionFlowable(), *self._before, self._closing]
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", 0):
            return content
        canv = getattr(self, "canv", None)
        inked = list(self._before)
        while isinstance(inked[-1], (Spacer, Indenter, QuoteBand)):  # a quote's closing space and band end
            inked.pop()
        before = _listWrapOn(_unwrapped(inked), aW, canv)[1]
        if before > aH or _listWrapOn(_unwrapped(content), aW, canv)[1] <= aH:
            return content  # the block before runs over anyway, or everything fits
        lead = self._before[0] if len(self._before) == 1 and isinstance(self._before[0], Lead) else None
        paragraph = lead._follower if lead is not None else self._before[0] if len(self._before) == 1 else None
        if _body_paragraph(paragraph):
            over = paragraph.wrap(aW, aH)[1] - 2 * paragraph.style.leading  # its last two lines go along
            parts = paragraph.split(aW, over + 1e-3)
            if len(parts) == 2:
                heads = lead._headings if lead is not None else []
                return [NullActionFlowable(), *heads, parts[0], FrameBreak(), parts[1], self._closing]
        if before <= self._frame_height * KEEP_SHARE:
            return [FrameBreak(), *content]
        return content


def _starts_within(parts: list[Flowable], width: float, room: float, least: float, canv) -> bool:
    """Whether the parts a split gave begin with at least `least` points of content that fit in
    `room`, and leave something for the next page. A table's first part is cut to the room; a
    list hands back every item's flowables, so its start is the first few of them."""
    for count in range(1, len(parts)):
        tall = _listWrapOn(parts[:count], width, canv)[1]
        if tall > room:
            return False
        if tall >= least:
            return True
    return False


def _body_paragraph(flowable: Flowable | None) -> bool:
    """A paragraph of running text (no heading, no code): one that splits between its lines."""
    return isinstance(flowable, RLParagraph) and not isinstance(flowable, Title) and flowable.style.name != "code"


def _unwrapped(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with every KeepTogether replaced by its content, for measuring: a
    KeepTogether reports an endless height to force its own split."""
    out: list[Flowable] = []
    for flowable in flowables:
        out += _unwrapped(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return out


def _splittable(flowable: Flowable) -> bool:
    """Flowables whose start can stay under a heading while the rest moves on: text, tables and
    lists, and those citing footnotes (which split keeping room for their notes)."""
    flowable = flowable.inner if isinstance(flowable, Cited) else flowable
    return isinstance(flowable, (RLParagraph, Table, ListFlowable)) and not isinstance(flowable, Title)


def paginate(flowables: list[Flowable], width: float, height: float, least: float) -> list[Flowable]:
    """The body regrouped by the module's rules; `least` is the height of two body lines."""
    out: list[Flowable] = []
    headings: list[Flowable] = []
    floats: list[Sideways] = []  # landscape figures just after `headings`, before any text
    start = 0  # where the current section's blocks begin in `out`
    for flowable in flowables:
        if isinstance(flowable, Title):
            if floats:  # a section that only landscape figures open: its headings go with them
                out += _introduced(headings, floats)
                headings, floats = [], []
            if not headings:
                _close_section(out, start, width, height, least / 2)
            headings.append(flowable)
            continue
        if isinstance(flowable, Landscape) and isinstance(flowable.content, Float):
            if headings:
                floats.append(Sideways(flowable.content, []))
            else:
                out.append(Sideways(flowable.content, []))
            continue
        if isinstance(flowable, Landscape):
            if floats:  # the headings went with the figures before the table
                out += _introduced(headings, floats)
                headings, floats = [], []
            out += [PageBreakIfNotEmpty("landscape"), *headings, flowable.content]
            out += [NextPageTemplate("body"), PageBreakIfNotEmpty()]
            headings = []
            continue
        if headings and isinstance(flowable, (Spacer, Indenter, QuoteBand)):
            headings.append(flowable)  # spacing and a quote's band open what follows: kept with it
            continue
        flowable = _kept(flowable, width, height)
        if headings:
            start = len(out)
            out.append(Lead(headings, flowable, least, floats))
            headings, floats = [], []
        else:
            out.append(flowable)
    if not headings:
        _close_section(out, start, width, height, least / 2)
    return out + _introduced(headings, floats)


def _introduced(headings: list[Flowable], floats: list[Sideways]) -> list[Flowable]:
    """Headings that nothing but landscape figures follow: they go to the first figure's page;
    without figures they stay as they are."""
    if not floats:
        return headings
    first = Sideways(floats[0].figure, headings)
    return [first, *floats[1:]]


def _close_section(out: list[Flowable], start: int, width: float, height: float, line: float) -> None:
    """Joins a section's short closing block (a list or paragraph of at most TAIL_LINES lines)
    with the block before it in the same section, as a `Tail`."""
    if len(out) - start < 2:
        return
    closing = out[-1]
    if isinstance(closing, ListFlowable):
        if len(closing._flowables) > TAIL_LINES:  # every item takes a line at least
            return
    elif not _body_paragraph(closing) or len(closing.getPlainText()) * closing.style.fontSize * 0.2 > (
        TAIL_LINES * width
    ):  # no line holds more characters than a fifth of an em each allows
        return
    first = _block_start(out, start, len(out) - 1)
    if first is None or _listWrapOn([closing], width, None)[1] > (TAIL_LINES + 0.5) * line:
        return
    before = out[first:-1]
    if isinstance(before[0], Lead) and (before[0].holds_float or before[0].floats):
        return
    out[first:] = [Tail(before, closing, height)]


def _block_start(out: list[Flowable], start: int, end: int) -> int | None:
    """Where the block that ends just before `end` begins: a paragraph or Lead on its own, or a
    quote from the space before its band to the space after it; None for anything else."""
    last = out[end - 1]
    if _body_paragraph(last) or isinstance(last, Lead):
        return end - 1
    if not (isinstance(last, Spacer) and end - 2 >= start):
        return None
    depth = 0
    for index in range(end - 2, start - 1, -1):
        flowable = out[index]
        if isinstance(flowable, QuoteBand):
            depth += -1 if flowable.start else 1
            if depth == 0:
                return index - 1 if index - 1 >= start and isinstance(out[index - 1], Spacer) else None
        elif depth == 0:
            return None
    return None


def _kept(flowable: Flowable, width: float, height: float) -> Flowable:
    """A short table, quote or code block wrapped so it is never split; anything else as it is."""
    code = isinstance(flowable, RLParagraph) and flowable.style.name == "code"
    if not (isinstance(flowable, Table) or code):
        return flowable
    _, tall = flowable.wrap(width, height)
    if tall > height * KEEP_SHARE:
        return flowable
    return KeepTogether([flowable])
