"""The deck plan: which slides a deck has and exactly what goes where on each, in points.

In: nothing but the model (this module only defines values). Out: `DeckPlan`, the contract
between the planner (briefkit.render.deck, which measures and splits) and the pptx writer
(briefkit.render.pptx, which only draws). Every text in a plan has already been measured to fit
the box it is given, so the writer never shrinks, wraps or guesses.

The slide is 960 x 540 points (13.333 x 7.5 inches, 16:9). Content slides share one frame:
classification banners at the very top and bottom when the brief is classified, the title in the
upper band with a thin accent rule under it, the body below, a footer line above the bottom
banner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...model import ChartSpec, FlowSpec, Meta
from .text import LINE_SPACING, Spans

SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
MARGIN = 48.0  # left and right margin of every slide
BANNER = 20.0  # height of each classification banner
QUOTE_BAR = 6.0  # width of the accent bar at the left of a quote callout
QUOTE_PAD = 18.0  # padding between a quote callout's edges and its text
QUOTE_GAP = 24.0  # space between bullets and a quote callout placed below them
FOOTER = 16.0  # height of the footer line
FOOTER_SIZE = 10.0
SOURCES_SIZE = 9.0  # the footnote line above the footer
RULE_GAP = 10.0  # from the title's last line to the accent rule
BODY_GAP = 18.0  # from the accent rule to the body


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Frame:
    """The fixed parts of every slide: banners, title band, footer; `banner` is 0 when unclassified."""

    banner: float

    @property
    def width(self) -> float:
        return SLIDE_WIDTH - 2 * MARGIN

    @property
    def title_top(self) -> float:
        return self.banner + 26.0

    @property
    def footer(self) -> Box:
        return Box(MARGIN, SLIDE_HEIGHT - self.banner - 10.0 - FOOTER, self.width, FOOTER)

    def body(self, heading: Box) -> Box:
        """The body area under a title box."""
        top = heading.bottom + RULE_GAP + BODY_GAP
        return Box(MARGIN, top, self.width, self.footer.top - 12.0 - top)


@dataclass(frozen=True)
class TextBox:
    """Plain text measured to fit `box` in `lines` lines at `size` points."""

    text: str
    size: float
    lines: int
    box: Box


@dataclass(frozen=True)
class Bullet:
    """One paragraph of a bulleted body; `indent` is where its text starts, from the body's left.

    `marker` is the bullet character or list number drawn in the `hang` points before the text;
    it is empty for a minor heading (shown bold) and for the continuation of an item split
    across slides.
    """

    level: int
    spans: Spans
    marker: str
    size: float
    indent: float
    hang: float = 0.0
    heading: bool = False

    @property
    def space_before(self) -> float:
        return self.size * (0.5 if self.level == 0 else 0.25)

    def height(self, lines: int) -> float:
        return self.space_before + lines * self.size * LINE_SPACING


@dataclass(frozen=True)
class TableFit:
    """A table page: widths and heights measured, header repeated on every page."""

    header: tuple[Spans, ...]
    rows: tuple[tuple[Spans, ...], ...]
    aligns: tuple[str | None, ...]
    col_widths: tuple[float, ...]
    row_heights: tuple[float, ...]  # header first
    size: float

    @property
    def width(self) -> float:
        return sum(self.col_widths)

    @property
    def height(self) -> float:
        return sum(self.row_heights)


@dataclass(frozen=True)
class TitleSlide:
    kind: ClassVar[str] = "title"
    title: TextBox
    subtitle: TextBox | None
    byline: TextBox
    notes: str
    line: int = 0


@dataclass(frozen=True)
class Passage:
    """Styled text measured to fit `box` at `size`: a figure's lead sentence or its caption.

    A caption is drawn centred in the muted colour; a lead left-aligned in the text colour.
    """

    spans: Spans
    size: float
    box: Box
    caption: bool = False


@dataclass(frozen=True)
class ContentSlide:
    """What every slide but the title slide has: a heading, a body area, notes, a source line.

    `sources` is the small line of the footnotes it cites, drawn just above the footer; `lead` a
    short sentence shown above a figure or table (the body starts below it); `caption` a
    figure's caption shown beneath it (the body ends above it).
    """

    heading: TextBox
    body: Box
    notes: str
    line: int
    sources: TextBox | None = field(default=None, kw_only=True)  # keyword-only: subclasses keep their order
    lead: Passage | None = field(default=None, kw_only=True)
    caption: Passage | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Callout:
    """A block quote drawn as a shaded box with an accent bar; the text sits inside its padding."""

    spans: Spans
    size: float
    box: Box


@dataclass(frozen=True)
class BulletsSlide(ContentSlide):
    kind: ClassVar[str] = "bullets"
    bullets: tuple[Bullet, ...] = ()
    continued: bool = False
    callout: Callout | None = None  # a quote of the section that fits below the bullets


@dataclass(frozen=True)
class AgendaSlide(BulletsSlide):
    kind: ClassVar[str] = "agenda"


@dataclass(frozen=True)
class SectionSlide(ContentSlide):
    """A divider for a section whose content is all in its subsections: its number as `label`
    and the titles of the subsections that follow as `bullets`, drawn in `list_box`.

    A template's section-header layout, where it has one, is the layout for this kind.
    """

    kind: ClassVar[str] = "section"
    label: str = ""
    bullets: tuple[Bullet, ...] = ()
    list_box: Box | None = None


@dataclass(frozen=True)
class ProseSlide(ContentSlide):
    kind: ClassVar[str] = "prose"
    paragraphs: tuple[Spans, ...] = ()
    size: float = 0.0
    cut: bool = False  # True when only the first sentences fitted


@dataclass(frozen=True)
class QuoteSlide(ContentSlide):
    kind: ClassVar[str] = "quote"
    spans: Spans = ()
    size: float = 0.0
    callout: Box = Box(0, 0, 0, 0)  # the shaded callout; the text sits inside its padding


@dataclass(frozen=True)
class CodeSlide(ContentSlide):
    kind: ClassVar[str] = "code"
    lines: tuple[str, ...] = ()
    size: float = 0.0
    continued: bool = False


@dataclass(frozen=True)
class TableSlide(ContentSlide):
    kind: ClassVar[str] = "table"
    table: TableFit | None = None
    continued: bool = False


@dataclass(frozen=True)
class FlowSlide(ContentSlide):
    """A flow diagram; `fallback` is the table of flows drawn when no diagram layout is given."""

    kind: ClassVar[str] = "flow"
    spec: FlowSpec | None = None
    fallback: TableFit | None = None


@dataclass(frozen=True)
class ImageSlide(ContentSlide):
    kind: ClassVar[str] = "image"
    path: Path | None = None


@dataclass(frozen=True)
class ChartSlide(ContentSlide):
    """A native chart drawn in `chart`. `title_caption` shows the chart's caption above it when the
    slide's heading is the section's title; `source` is the source line under it, and `key` the
    hatched swatch explaining estimates, left of `key_text`."""

    kind: ClassVar[str] = "chart"
    spec: ChartSpec | None = None
    chart: Box = Box(0, 0, 0, 0)
    title_caption: TextBox | None = None
    source: TextBox | None = None
    key: Box | None = None
    key_text: TextBox | None = None


Slide = (
    TitleSlide
    | BulletsSlide
    | AgendaSlide
    | SectionSlide
    | ProseSlide
    | QuoteSlide
    | CodeSlide
    | TableSlide
    | FlowSlide
    | ImageSlide
    | ChartSlide
)


@dataclass(frozen=True)
class DeckPlan:
    """Everything the pptx writer needs: metadata, the shared frame and the slides in order."""

    meta: Meta
    keywords: str
    frame: Frame
    slides: tuple[Slide, ...]
    anchors: tuple[tuple[str, int], ...] = ()  # (heading anchor, index of its first slide) for `#anchor` links


def fit_image(width: float, height: float, area: Box) -> Box:
    """The largest box of the image's aspect ratio inside `area`, centred in it."""
    scale = min(area.width / width, area.height / height)
    w, h = width * scale, height * scale
    return Box(area.left + (area.width - w) / 2, area.top + (area.height - h) / 2, w, h)
