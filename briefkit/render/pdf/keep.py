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
- a landscape table or figure gets pages of its own, the headings that introduce it on its
  first page.

Figures float: the report template (see `__init__`) sets the text after a figure that does not
fit the rest of the page first and the figure at the top of the next page.
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
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import _listWrapOn

from .fragments import Paragraph as RLParagraph
from .quote import QuoteBand

KEEP_SHARE = 1 / 3  # blocks up to this share of the frame height are never split


class Title(RLParagraph):
    """A heading of any level: it must never end a page."""


class Float(KeepTogether):
    """A figure and its caption: never split, moved to the next page's top when it does not fit."""

    def height(self, width: float) -> float:
        """The figure's height with its caption and the space between them."""
        return _listWrapOn(self._content, width, None)[1]


class Landscape(Flowable):
    """A table too wide for the page, or a figure whose text a wide page draws larger, set on
    pages turned sideways (expanded by `paginate`)."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content


class Lead(KeepTogether):
    """Headings with the first part of what follows them, kept on one page.

    Like KeepTogether it never draws itself: `split` hands back its parts, preceded by a frame
    break when even the smallest acceptable start of the follower does not fit below the headings.
    """

    def __init__(self, headings: list[Flowable], follower: Flowable, least: float) -> None:
        super().__init__([*headings, follower])
        self._headings, self._follower, self._least = headings, follower, least

    @property
    def holds_float(self) -> bool:
        return isinstance(self._follower, Float)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = [*self._headings, self._follower]
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", 0):
            return content
        canv = getattr(self, "canv", None)
        head = _listWrapOn(self._headings, aW, canv)[1]
        room = aH - head - self._headings[-1].getSpaceAfter() - self._follower.getSpaceBefore()
        if isinstance(self._follower, RLParagraph) and not isinstance(self._follower, Title):
            # a paragraph never splits before its second line (no orphans): room for two lines
            # is room for its start, and the frame sets or splits it as it comes
            return content if room >= self._least else [FrameBreak(), *content]
        if _listWrapOn(_unwrapped(content), aW, canv)[1] <= aH:
            return content
        if _splittable(self._follower) and room >= self._least:
            self._follower.wrap(aW, room)
            parts = self._follower.split(aW, room)
            if len(parts) >= 2 and parts[0].wrap(aW, room)[1] >= self._least:
                return [*self._headings, *parts]
        return [FrameBreak(), *content]


def _unwrapped(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with every KeepTogether replaced by its content, for measuring: a
    KeepTogether reports an endless height to force its own split."""
    out: list[Flowable] = []
    for flowable in flowables:
        out += _unwrapped(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return out


def _splittable(flowable: Flowable) -> bool:
    """Flowables whose start can stay under a heading while the rest moves on."""
    return isinstance(flowable, (RLParagraph, Table, ListFlowable)) and not isinstance(flowable, Title)


def paginate(flowables: list[Flowable], width: float, height: float, least: float) -> list[Flowable]:
    """The body regrouped by the module's rules; `least` is the height of two body lines."""
    out: list[Flowable] = []
    headings: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, Title):
            headings.append(flowable)
            continue
        if isinstance(flowable, Landscape):
            out += [NextPageTemplate("landscape"), PageBreakIfNotEmpty(), *headings, flowable.content]
            out += [NextPageTemplate("body"), PageBreakIfNotEmpty()]
            headings = []
            continue
        if headings and isinstance(flowable, (Spacer, Indenter, QuoteBand)):
            headings.append(flowable)  # spacing and a quote's band open what follows: kept with it
            continue
        flowable = _kept(flowable, width, height)
        if headings:
            out.append(Lead(headings, flowable, least))
            headings = []
        else:
            out.append(flowable)
    return out + headings


def _kept(flowable: Flowable, width: float, height: float) -> Flowable:
    """A short table, quote or code block wrapped so it is never split; anything else as it is."""
    code = isinstance(flowable, RLParagraph) and flowable.style.name == "code"
    if not (isinstance(flowable, Table) or code):
        return flowable
    _, tall = flowable.wrap(width, height)
    if tall > height * KEEP_SHARE:
        return flowable
    return KeepTogether([flowable])
