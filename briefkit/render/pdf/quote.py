"""The band behind a quote: a tinted area with an accent rule down its left edge.

In: how far the quote is indented from the frame's left edge and its colours. Out: two
zero-size flowables, the band's start and its end; every flowable the frame lays out between
them is painted over the band, page after page (reportlab's frame backgrounds, which paint one
rectangle per page and stretch it as flowables are added). A band started inside another
paints its parent too, so a quote in a quote shows both bands.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

_FUZZ = 1e-6


class _Band:
    """The frame background of one quote: what the frame calls to paint behind each flowable."""

    active = True
    right = 0.0  # what the frame reads of every background: no inset at the right
    start = None  # and no "fill to the frame's bottom"

    def __init__(self, left: float, fill, rule, rule_width: float, parent) -> None:
        self.left, self.fill, self.rule, self.rule_width, self.parent = left, fill, rule, rule_width, parent
        self._page = None  # (frame, canvas, page) the rectangles below were drawn for
        self._codes: list[int] = []  # positions of this page's rectangles in the canvas code

    def render(self, canv, frame, fbx, fby, fbw, fbh) -> None:
        if self.parent is not None:
            self.parent.render(canv, frame, fbx, fby, fbw, fbh)
        if abs(fbh) <= _FUZZ:
            return
        page = (id(frame), id(canv), id(canv._code))  # a page's code list is its own
        if self._page == page:  # stretch this page's rectangles down to the new flowable
            for position in self._codes:
                parts = canv._code[position].split()
                x, y, w, h = map(float, parts[1:5])
                parts[1:5] = [f"{x:.4f}", f"{fby:.4f}", f"{w:.4f}", f"{h + y - fby:.4f}"]
                canv._code[position] = " ".join(parts)
            return
        self._page, self._codes = page, []
        x = frame._x1 + self.left
        width = frame._width - self.left
        canv.saveState()
        for color, w in ((self.fill, width), (self.rule, self.rule_width)):
            canv.setFillColor(color)
            self._codes.append(len(canv._code))
            canv.rect(x, fby, w, fbh, stroke=0, fill=1)
        canv.restoreState()


class QuoteBand(Flowable):
    """Starts a quote's band where it stands; `end()` is the flowable that stops it."""

    _ZEROSIZE = 1

    def __init__(self, left: float, fill, rule, rule_width: float, start: bool = True) -> None:
        super().__init__()
        self.width = self.height = 0
        self.left, self.fill, self.rule, self.rule_width, self.start = left, fill, rule, rule_width, start

    def end(self) -> QuoteBand:
        return QuoteBand(self.left, self.fill, self.rule, self.rule_width, start=False)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        frame = getattr(self, "_frame", None)
        if frame is None:
            return
        bands = getattr(frame, "_frameBGs", None)
        if bands is None:
            return
        if self.start:
            parent = bands[-1] if bands and isinstance(bands[-1], _Band) else None
            bands.append(_Band(self.left, self.fill, self.rule, self.rule_width, parent))
        elif bands:
            bands.pop()


class BandPadding(Spacer):
    """Room at the foot of a quote's band; none at the top of a page, so a band whose text ended
    on the page before is not painted again as a sliver above the next block."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            return available_width, 0
        return super().wrap(available_width, available_height)
