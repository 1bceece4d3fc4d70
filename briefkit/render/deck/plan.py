"""The deck plan: which slides a deck has and exactly what goes where on each, in points.

In: nothing but the model (this module only defines values). Out: `DeckPlan`, the contract
between the planner (briefkit.render.deck, which measures and splits) and the pptx writer
(briefkit.render.pptx, which only draws). Every text in a plan has already been measured to fit
the box it is given, every picture and diagram is already scaled and placed, and every colour
and font is chosen, so the writer never shrinks, wraps, centres or guesses.

Without a template the slide is 960 x 540 points (13.333 x 7.5 inches, 16:9) and content slides
share one frame: classification banners at the very top and bottom when the brief is classified,
the title in the upper band with a thin accent rule under it, the body below, a footer line above
the bottom banner. With a template the slide has the template's size, titles sit in its title
area and bodies in its body area (`Frame.title_area`, `Frame.body_area`), and its footer, date
and slide-number placeholders carry the footer, the date and the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ...model import ChartSpec, FlowSpec, Meta
from .text import LINE_SPACING, Spans

if TYPE_CHECKING:
    from ...diagram.layout import DiagramLayout
    from ...theme import Theme

SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0
MARGIN = 48.0  # left and right margin of every slide
BANNER = 20.0  # height of each classification banner
QUOTE_BAR = 6.0  # width of the accent bar at the left of a quote callout
QUOTE_PAD = 18.0  # padding between a quote callout's edges and its text
QUOTE_GAP = 24.0  # space between bullets and a quote callout placed below them
QUOTE_INDENT = 20.0  # a quote part's indent per level (nested quote or list)
QUOTE_PART_GAP = 0.4  # space between a quote's paragraphs, as a share of the text size
PROSE_GAP = 0.6  # the space before each paragraph of a prose slide, as a share of its size
FOOTER = 16.0  # height of the footer line
FOOTER_SIZE = 10.0
SOURCES_SIZE = 9.0  # the footnote line above the footer
RULE_GAP = 10.0  # from the title's last line to the accent rule
BODY_GAP = 18.0  # from the accent rule to the body
LABEL_SIZE = 54.0  # a section divider's number
FOOTER_GAP = 4.0  # between a template's body area and an own footer line under it


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
    """The fixed parts of every content slide; `banner` is 0 when unclassified.

    Own design: the slide's margins, the title band and the footer line above. With a template,
    `title_area` and `body_area` are its title and body placeholders (less the banners),
    `cover_title` and `cover_subtitle` its title slide's, and `section_title` and `section_body`
    its section-header layout's title and list areas, when it has that layout.
    """

    banner: float
    slide_width: float = SLIDE_WIDTH
    slide_height: float = SLIDE_HEIGHT
    title_area: Box | None = None
    body_area: Box | None = None
    cover_title: Box | None = None
    cover_subtitle: Box | None = None
    floor: float | None = None  # with a template: where the bottom banner starts (or the slide ends)
    section_title: Box | None = None
    section_body: Box | None = None

    @property
    def lower_banner(self) -> float:
        """The top of the bottom banner: the slide's foot, or above a template's footer placeholders."""
        return self.floor if self.floor is not None else self.slide_height - self.banner

    @property
    def width(self) -> float:
        """The width titles are set in."""
        return self.title_area.width if self.title_area else self.slide_width - 2 * MARGIN

    @property
    def title_top(self) -> float:
        return self.title_area.top if self.title_area else self.banner + 26.0

    @property
    def footer(self) -> Box:
        """The own footer line: above the bottom banner, or with a template right under its body
        area (which is kept clear of the template's artwork)."""
        top = self.lower_banner - 10.0 - FOOTER
        if self.body_area:
            return Box(self.body_area.left, self.body_area.bottom + FOOTER_GAP, self.body_area.width, FOOTER)
        return Box(MARGIN, top, self.slide_width - 2 * MARGIN, FOOTER)

    def body(self, heading: Box) -> Box:
        """The body area under a title box: the template's body area, below the title when a
        long title outgrew its area; else the slide between the title's rule and the footer."""
        if self.body_area:
            area = self.body_area
            if self.title_area is None or heading.bottom <= self.title_area.bottom + 0.01:
                return area
            top = max(area.top, heading.bottom + BODY_GAP)
            return Box(area.left, top, area.width, area.bottom - top)
        top = heading.bottom + RULE_GAP + BODY_GAP
        return Box(MARGIN, top, self.width, self.footer.top - 12.0 - top)


@dataclass(frozen=True)
class Face:
    """A font as a slide names it and the files (by face: 'regular', 'bold', ...) it was measured with."""

    name: str
    files: tuple[tuple[str, Path], ...]


@dataclass(frozen=True)
class Look:
    """The slides' colours ('#rrggbb') and fonts, already checked against what lies behind them.

    `title` and `text` are for titles and body text on the slide's background; `on_tint` for
    text on the deck's own light fills (table rows, quote callouts); `accent` marks bullets,
    rules and links on the background; `header` fills table headers and marks quote callouts
    and links on the deck's own fills.
    """

    title: str
    text: str
    muted: str
    accent: str
    accent_soft: str
    rule: str
    banner_fill: str
    banner_text: str
    on_tint: str
    header: str
    title_align: str  # 'l', 'ctr' or 'r', as the template aligns its titles
    cover_align: str  # and the title slide's texts
    cover_title: str  # the title slide's title, and its other text, on the title slide's backdrop
    cover_text: str
    heading: Face
    body: Face
    mono: Face


@dataclass(frozen=True)
class Placeholder:
    """A template's footer ('ftr'), date ('dt') or slide-number ('sldNum') placeholder, used
    on every content slide instead of an own footer or number; a number's text is the slide's."""

    kind: str
    box: Box
    text: str = ""
    size: float = FOOTER_SIZE
    color: str | None = None  # set only where the template's own colour would not stand out


@dataclass(frozen=True)
class Furniture:
    """What every slide but the title slide carries besides its content."""

    banners: tuple[Box, ...]  # the classification banners, none when unclassified
    banner_text: str
    banner_size: float
    footer: TextBox | None  # the own footer line, None when a template placeholder holds it
    number: Box | None  # the own slide-number box (text right-aligned), None when the template numbers
    placeholders: tuple[Placeholder, ...]


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
    across slides. `anchor` is a minor heading's anchor, which `#anchor` links lead to.
    """

    level: int
    spans: Spans
    marker: str
    size: float
    indent: float
    hang: float = 0.0
    heading: bool = False
    anchor: str = ""

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
    rule: Box | None = None  # the short accent rule under the title (own design)
    number: int | None = None  # the title slide shows no number


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
class InlinePicture:
    """A small image from a line of text (a badge), drawn in `box`; `url` is where it links."""

    path: Path
    box: Box
    url: str | None = None


@dataclass(frozen=True)
class ContentSlide:
    """What every slide but the title slide has: a heading, a body area, notes, a source line.

    `sources` is the small line of the footnotes it cites, drawn just above the footer; `lead` a
    short sentence shown above a figure or table (the body starts below it); `caption` a
    figure's caption shown beneath it (the body ends above it); `pictures` the small images
    inside its text, each in the row after its paragraph's text.
    """

    heading: TextBox
    body: Box
    notes: str
    line: int
    sources: TextBox | None = field(default=None, kw_only=True)  # keyword-only: subclasses keep their order
    lead: Passage | None = field(default=None, kw_only=True)
    caption: Passage | None = field(default=None, kw_only=True)
    pictures: tuple[InlinePicture, ...] = field(default=(), kw_only=True)
    # set when the plan is finished; keyword-only, so subclasses' fields keep their positions
    rule: Box | None = field(default=None, kw_only=True)  # the accent rule under the title (own design)
    number: int | None = field(default=None, kw_only=True)  # shown in the own number box or the template's


@dataclass(frozen=True)
class QuotePart:
    """One paragraph of a quote's callout, indented `level` steps (one per nested quote or list).

    `gap` is False for a paragraph that continues the one before it without space between (the
    further lines of a code block) and for the callout's first paragraph.
    """

    spans: Spans
    level: int = 0
    gap: bool = True

    @property
    def indent(self) -> float:
        return self.level * QUOTE_INDENT

    def space_before(self, size: float) -> float:
        return size * QUOTE_PART_GAP if self.gap else 0.0


def quote_spans(parts: tuple[QuotePart, ...]) -> Spans:
    """Every span of a quote's parts, in order."""
    return tuple(span for part in parts for span in part.spans)


@dataclass(frozen=True)
class Callout:
    """A block quote drawn as a shaded box with an accent bar; the text sits inside its padding."""

    parts: tuple[QuotePart, ...]
    size: float
    box: Box

    @property
    def spans(self) -> Spans:
        return quote_spans(self.parts)

    @property
    def bar(self) -> Box:
        """The accent bar along the box's left edge."""
        return Box(self.box.left, self.box.top, QUOTE_BAR, self.box.height)

    @property
    def text(self) -> Box:
        """The text area: the box less the bar and the padding."""
        box, pad = self.box, QUOTE_PAD
        return Box(box.left + QUOTE_BAR + pad, box.top + pad, box.width - QUOTE_BAR - 2 * pad, box.height - 2 * pad)


@dataclass(frozen=True)
class BulletsSlide(ContentSlide):
    kind: ClassVar[str] = "bullets"
    bullets: tuple[Bullet, ...] = ()
    continued: bool = False
    callout: Callout | None = None  # a quote of the section that fits below the bullets

    @property
    def bullets_area(self) -> Box:
        """Where the bullets are set: the body, ending where the quote's gap begins when there is one."""
        area = self.body
        if self.callout is None:
            return area
        return Box(area.left, area.top, area.width, self.callout.box.top - QUOTE_GAP - area.top)


@dataclass(frozen=True)
class AgendaSlide(BulletsSlide):
    kind: ClassVar[str] = "agenda"


@dataclass(frozen=True)
class SectionSlide(ContentSlide):
    """A divider for a section whose content is all in its subsections: its number as `label`
    and the titles of the subsections that follow as `bullets`, drawn in `list_box`.

    `templated`: drawn on the template's section-header layout (`DeckPlan.section_layout`) in its
    colours (`DeckPlan.section_look`), without a label: the title in the layout's title
    placeholder, the list in its body placeholder, or in an own text box when `own_list`.
    """

    kind: ClassVar[str] = "section"
    label: str = ""
    bullets: tuple[Bullet, ...] = ()
    list_box: Box | None = None
    templated: bool = False
    own_list: bool = False

    @property
    def label_box(self) -> TextBox:
        """The section's number, large, at the top of the body."""
        return TextBox(self.label, LABEL_SIZE, 1, Box(self.body.left, self.body.top, self.body.width, LABEL_SIZE * 1.5))


@dataclass(frozen=True)
class ProseSlide(ContentSlide):
    kind: ClassVar[str] = "prose"
    paragraphs: tuple[Spans, ...] = ()
    size: float = 0.0
    cut: bool = False  # True when only the first sentences fitted


@dataclass(frozen=True)
class QuoteSlide(ContentSlide):
    kind: ClassVar[str] = "quote"
    parts: tuple[QuotePart, ...] = ()
    size: float = 0.0
    callout: Box = Box(0, 0, 0, 0)  # the shaded callout; the text sits inside its padding

    @property
    def spans(self) -> Spans:
        return quote_spans(self.parts)


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
class PlacedFlow:
    """A diagram layout drawn `scale` times its size with its top-left corner at `box`'s."""

    layout: DiagramLayout
    box: Box
    scale: float


@dataclass(frozen=True)
class FlowSlide(ContentSlide):
    """A flow diagram, laid out and placed in the body (`placed`: laid out for the body and scaled to fit it)."""

    kind: ClassVar[str] = "flow"
    spec: FlowSpec | None = None
    placed: PlacedFlow | None = None


@dataclass(frozen=True)
class ImageSlide(ContentSlide):
    """An image; `picture` is the box it is drawn in: its aspect ratio, fitted and centred in the body."""

    kind: ClassVar[str] = "image"
    path: Path | None = None
    picture: Box | None = None


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
    """Everything the pptx writer needs: metadata, the frame, the slides in order, what every
    slide carries, the look, and the template and its two layouts the slides are made on.

    `theme` is the brief's theme as the template amends it; the diagram drawer takes its colours.
    """

    meta: Meta
    keywords: str
    frame: Frame
    slides: tuple[Slide, ...]
    furniture: Furniture
    look: Look
    theme: Theme
    template: Path | None = None
    title_layout: int = 0  # indices into all the template's layouts, master by master
    content_layout: int = 1
    anchors: tuple[tuple[str, int], ...] = ()  # (heading anchor, index of its first slide) for `#anchor` links
    section_layout: int | None = None  # the template's section-header layout, which templated dividers use
    section_look: Look | None = None  # the colours and alignment on it
