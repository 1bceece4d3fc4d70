"""The deck's frame and look, and the finishing of a plan: the theme and the template's facts in;
the frame, colours, fonts, furniture and every slide's placed parts out.

- `setup` reads the template's facts (briefkit.render.deck.template) before anything is planned
  and amends the theme with what the template says: title and body sizes, and fonts the deck can
  measure (Calibri, Arial or Courier New, through their metric twins). The theme fills in the
  rest. Colours are chosen against what lies behind the text: a template colour that does not
  stand out from its backdrop (WCAG contrast 3:1 for titles, 4.5:1 for body text) gives way to the
  theme's text colour or white, whichever stands out more (black where neither is enough); where
  the backdrop varies (a gradient, a picture), the colour must stand out from every colour of it.
- `fit_title_in` fits a title into a template's title area: the largest size at which its lines
  fit the area's height, down to TITLE_FLOOR (a title band stays a band).
- `finish` numbers the slides, draws the rules of the own design, scales and centres diagrams
  and pictures in their bodies, and decides the furniture: banners, footer and slide number, in
  the template's placeholders when it has them, but no number or date where the template's
  artwork already shows one through a field.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ...fonts import family_files, presented_name
from ...model import Meta
from ...read.images import natural_size
from ...stamp import Stamp
from ...theme import FontFamily, Theme
from .fit import MAX_TITLE_LINES, fit_heading, sizes
from .plan import (
    BANNER,
    FOOTER,
    FOOTER_GAP,
    FOOTER_SIZE,
    MARGIN,
    RULE_GAP,
    Box,
    DeckPlan,
    Face,
    Frame,
    Furniture,
    ImageSlide,
    Look,
    Placeholder,
    SectionSlide,
    Slide,
    TextBox,
    TitleSlide,
)
from .template import Backdrop, TemplateFacts, read_template
from .text import LINE_SPACING, Measure, Span

TITLE_FLOOR = 14.0  # a title shrinks this far to stay inside a template's title area
RULE = 1.5  # thickness of the accent rule under titles (own design)
COVER_RULE = Box(0, 14.0, 72.0, 3.0)  # the title slide's short rule: offset below the title and size
NUMBER_WIDTH = 80.0
BANNER_SIZE = 11.0
TITLE_CONTRAST, TEXT_CONTRAST = 3.0, 4.5
SECTION_LINES = 2  # a section-header layout's list area holds at least this many body lines
SHARED_COLORS = ("text", "muted", "accent", "accent_soft", "rule", "banner_fill", "banner_text")  # Look = Colors
DEFAULT_LAYOUTS = (0, 1)  # python-pptx's default template: "Title Slide", "Title and Content"

# Fonts a template may name that the deck can measure: the files of their metric twins.
_CARLITO = FontFamily("Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf", "Carlito-BoldItalic.ttf")
_LIBERATION_SANS = FontFamily(*(f"LiberationSans-{face}.ttf" for face in ("Regular", "Bold", "Italic", "BoldItalic")))
MEASURABLE = {"Calibri": _CARLITO, "Carlito": _CARLITO, "Arial": _LIBERATION_SANS, "Liberation Sans": _LIBERATION_SANS}


@dataclass(frozen=True)
class Setup:
    """What planning starts from: the amended theme, the frame, the look and the template's facts."""

    theme: Theme
    frame: Frame
    look: Look
    facts: TemplateFacts | None
    section_look: Look | None = None  # on the template's section-header layout, when it has one


def setup(theme: Theme, classified: bool) -> Setup:
    """The frame and look for a deck in `theme` (its template read first, when it names one)."""
    banner = BANNER if classified else 0.0
    if theme.pptx_template is None:
        return Setup(theme, Frame(banner), _look(theme, None), None)
    facts = read_template(theme.pptx_template)
    theme = _amended(theme, facts)
    furniture = tuple(b for b in (facts.footer, facts.date, facts.number) if b) + tuple(facts.artwork_fields.values())
    floor = facts.height
    if classified:  # the bottom banner sits above the template's footer, date and number
        floor = banner_floor(facts.height, furniture)
    foot = floor - (4.0 if facts.footer else FOOTER_GAP + FOOTER + 4.0)  # room for an own footer line
    body = clear_of(facts.body, facts.artwork + furniture)
    section = facts.section
    section_body = None
    if section is not None and section.body is not None:  # its own placeholder as it is, else clear of artwork
        own = section.body if section.body_placeholder else clear_of(section.body, section.artwork + furniture)
        own = _between(own, banner, foot)
        if own.height >= SECTION_LINES * theme.sizes.slide_body * LINE_SPACING:  # else dividers keep the content layout
            section_body = own
    frame = Frame(
        banner,
        facts.width,
        facts.height,
        title_area=_between(facts.title, banner, floor),
        body_area=_between(body, banner, foot),
        cover_title=_between(facts.cover_title, banner, floor),
        cover_subtitle=_between(facts.cover_subtitle, banner, floor),
        floor=floor if classified else None,
        section_title=_between(section.title, banner, floor) if section else None,
        section_body=section_body,
    )
    look = _look(theme, facts)
    return Setup(_diagram_colors(theme, facts), frame, look, facts, _section_look(theme, facts, look))


def banner_floor(height: float, furniture: tuple[Box, ...]) -> float:
    """The top of the bottom banner: at the slide's foot, moved up above each piece of the
    template's furniture it would lie over (furniture stacked up the slide moves it further)."""
    bottom = height
    while over := [box for box in furniture if box.bottom > bottom - BANNER and box.top < bottom]:
        bottom = min(box.top for box in over)
    return bottom - BANNER


def _between(box: Box, top: float, bottom: float) -> Box:
    """`box` cut to lie between `top` and `bottom` (the banners, an own footer line)."""
    upper, lower = max(box.top, top), min(box.bottom, bottom)
    return Box(box.left, upper, box.width, max(lower - upper, 0.0))


def clear_of(area: Box, obstacles: tuple[Box, ...]) -> Box:
    """The largest part of `area` above, below, left or right of each obstacle that overlaps it,
    obstacle by obstacle; an obstacle covering all of `area` leaves it as it is."""
    for obstacle in obstacles:
        if not _overlap(area, obstacle):
            continue
        candidates = (
            Box(area.left, area.top, area.width, obstacle.top - area.top),
            Box(area.left, obstacle.bottom, area.width, area.bottom - obstacle.bottom),
            Box(area.left, area.top, obstacle.left - area.left, area.height),
            Box(obstacle.right, area.top, area.right - obstacle.right, area.height),
        )
        fitting = [c for c in candidates if c.width > 0 and c.height > 0]
        area = max(fitting, key=lambda c: c.width * c.height, default=area)
    return area


def _overlap(one: Box, other: Box) -> bool:
    return one.left < other.right and other.left < one.right and one.top < other.bottom and other.top < one.bottom


def _diagram_colors(theme: Theme, facts: TemplateFacts) -> Theme:
    """Diagram lines that stand out from the body's backdrop (a node's own fill carries its text)."""
    c = theme.colors
    lines = readable(c.edge, facts.body_backdrop, TITLE_CONTRAST, c.text)
    border = readable(c.node_border, facts.body_backdrop, TITLE_CONTRAST, c.text)
    return dataclasses.replace(theme, colors=dataclasses.replace(c, edge=lines, node_border=border))


def _amended(theme: Theme, facts: TemplateFacts) -> Theme:
    """`theme` with the template's title and body sizes and the fonts it names that can be measured."""
    s = theme.sizes
    title = facts.title_text.size or s.slide_title
    body = facts.body_text.size or s.slide_body
    new_sizes = dataclasses.replace(
        s,
        slide_title=title,
        slide_title_min=min(s.slide_title_min, title),
        slide_body=body,
        slide_body_min=min(s.slide_body_min, body),
    )
    f = theme.fonts
    new_fonts = dataclasses.replace(
        f,
        slide_heading=MEASURABLE.get(facts.title_text.typeface or "", f.slide_heading),
        slide_body=MEASURABLE.get(facts.body_text.typeface or "", f.slide_body),
    )
    return dataclasses.replace(theme, sizes=new_sizes, fonts=new_fonts)


def _look(theme: Theme, facts: TemplateFacts | None) -> Look:
    """The own design's look, from the theme's colours and slide fonts; in a template, its title,
    text and accent colours and alignments where they stand out from what lies behind them."""
    c = theme.colors
    fonts = theme.fonts
    heading, body, mono = (_face(family) for family in (fonts.slide_heading, fonts.slide_body, fonts.slide_mono))
    own = Look(
        **{name: getattr(c, name) for name in SHARED_COLORS},
        title=c.accent, on_tint=c.text, header=c.accent, title_align="l", cover_align="l",
        cover_title=c.accent, cover_text=c.text, heading=heading, body=body, mono=mono,
    )  # fmt: skip
    if facts is None:
        return own
    backdrop, cover = facts.body_backdrop, facts.cover_backdrop
    text = readable(facts.body_text.color or own.text, backdrop, TEXT_CONTRAST, c.text)
    return dataclasses.replace(
        own,
        title=readable(facts.title_text.color or own.title, facts.title_backdrop, TITLE_CONTRAST, c.text),
        text=text,
        muted=readable(own.muted, backdrop, TITLE_CONTRAST, text),
        rule=readable(own.rule, backdrop, TITLE_CONTRAST, text),  # a divider's section number
        accent=readable(own.accent, backdrop, TITLE_CONTRAST, text),
        title_align=facts.title_text.align or own.title_align,
        cover_align=facts.cover_text.align or own.cover_align,
        cover_title=readable(facts.cover_text.color or own.cover_title, cover, TITLE_CONTRAST, c.text),
        cover_text=readable(facts.body_text.color or own.cover_text, cover, TEXT_CONTRAST, c.text),
    )


def _section_look(theme: Theme, facts: TemplateFacts, look: Look) -> Look | None:
    """`look` with the title, text and accent colours and the title alignment of the template's
    section-header layout, each checked against what lies behind it there."""
    section, c = facts.section, theme.colors
    if section is None:
        return None
    text = readable(section.body_text.color or c.text, section.body_backdrop, TEXT_CONTRAST, c.text)
    return dataclasses.replace(
        look,
        title=readable(section.title_text.color or c.accent, section.title_backdrop, TITLE_CONTRAST, c.text),
        text=text,
        accent=readable(c.accent, section.body_backdrop, TITLE_CONTRAST, text),
        title_align=section.title_text.align or "l",
    )


def _face(family: FontFamily) -> Face:
    files = family_files(family)
    return Face(presented_name(files["regular"]), tuple(files.items()))


def luminance(color: str) -> float:
    """The relative luminance of '#rrggbb' (WCAG 2)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(color: str, backdrop: Backdrop, minimum: float, dark: str) -> str:
    """`color` when it stands out from every colour of `backdrop`, else whichever of it, `dark`
    and white stands out most from the backdrop colour it stands out least from; where none of
    them stands out enough, black when it does better (a mid-tone band)."""
    if least_contrast(color, backdrop) >= minimum:
        return color
    best = max((color, dark, "#FFFFFF"), key=lambda candidate: least_contrast(candidate, backdrop))
    shown = least_contrast(best, backdrop)
    return "#000000" if shown < minimum and least_contrast("#000000", backdrop) > shown else best


def least_contrast(color: str, backdrop: Backdrop) -> float:
    """The contrast of `color` with the colour of `backdrop` it stands out least from."""
    return min(contrast(color, behind) for behind in backdrop)


def fit_title_in(
    measure: Measure, text: str, area: Box, largest: float, smallest: float, floor: float = TITLE_FLOOR
) -> TextBox:
    """`text` in bold at the largest size, from `largest` down to `floor` (or `smallest` when that
    is smaller), whose lines fit `area`'s height, centred in it; a title that fits at no size is
    set at the floor from the area's top down, by the rules of `fit_heading`."""
    spans, floor = (Span(text),), min(smallest, floor)
    for size in sizes(largest, floor):
        lines = measure.lines(spans, size, area.width, "heading", True)
        height = lines * size * LINE_SPACING
        if lines <= MAX_TITLE_LINES and height <= area.height:
            return TextBox(text, size, lines, Box(area.left, area.top + (area.height - height) / 2, area.width, height))
    return fit_heading(measure, text, Box(area.left, area.top, area.width, 0), floor, floor)


def template_cover(
    measure: Measure, frame: Frame, title: str, subtitle: str, byline: str, largest: float, smallest: float
) -> tuple[TextBox, TextBox | None, TextBox]:
    """The title slide's texts in a template's title and subtitle areas: the title fitted to its
    area (shrinking no further than `smallest`: below it the title grows down instead), the
    subtitle and then the byline below it, from the top of the subtitle area down."""
    title_box = fit_title_in(measure, title, frame.cover_title, largest, smallest, floor=smallest)
    area = frame.cover_subtitle
    top = max(area.top, title_box.box.bottom + 12.0)
    sub = None
    if subtitle:
        sub = fit_heading(measure, subtitle, Box(area.left, top, area.width, 0), 24, 18, bold=False)
        top = sub.box.bottom + 8.0
    by = fit_heading(measure, byline, Box(area.left, top, area.width, 0), 18, 14, bold=False)
    return title_box, sub, by


def finish(
    ready: Setup,
    meta: Meta,
    keywords: str,
    slides: list[Slide],
    measure: Measure,
    stamp: Stamp | None,
) -> DeckPlan:
    """The finished plan: slides numbered, rules and pictures placed, furniture decided."""
    frame, facts = ready.frame, ready.facts
    finished = [_placed(slide, number, ready) for number, slide in enumerate(slides, 1)]
    footer_text = f"{meta.short_title} · {stamp.text}" if stamp else meta.short_title
    banners = (Box(0, 0, frame.slide_width, BANNER), Box(0, frame.lower_banner, frame.slide_width, BANNER))
    own = frame.footer
    placeholders: list[Placeholder] = []
    footer: TextBox | None = _line(measure, footer_text, Box(own.left, own.top, own.width * 0.8, own.height))
    number: Box | None = Box(own.right - NUMBER_WIDTH, own.top, NUMBER_WIDTH, own.height)
    if facts is not None:
        shown = facts.artwork_fields  # what the template's artwork already shows: not shown again
        held = _apart(facts, shown)
        if "ftr" in held:
            line = _line(measure, footer_text, held["ftr"])
            placeholders.append(Placeholder("ftr", held["ftr"], line.text, line.size, _furniture_color(ready, "ftr")))
            footer = None
        if "dt" in held:
            date = f"{meta.date.day} {meta.date.strftime('%B')} {meta.date.year}"
            line = _line(measure, date, held["dt"])
            placeholders.append(Placeholder("dt", held["dt"], line.text, line.size, _furniture_color(ready, "dt")))
        if "sldNum" in held:
            placeholders.append(Placeholder("sldNum", held["sldNum"], color=_furniture_color(ready, "sldNum")))
        if facts.number or "sldNum" in shown:
            number = None
        if footer is not None:  # the own footer line keeps clear of the template's date and number
            drawn = [piece.box for piece in placeholders] + list(shown.values()) + ([number] if number else [])
            footer = _line(measure, footer_text, clear_of(footer.box, tuple(drawn)))
    furniture = Furniture(
        banners if meta.classification else (),
        meta.classification or "",
        BANNER_SIZE,
        footer,
        number,
        tuple(placeholders),
    )
    title_layout, content_layout = (facts.title_layout, facts.content_layout) if facts else DEFAULT_LAYOUTS
    theme = diagram_theme(ready)
    templated = any(isinstance(slide, SectionSlide) and slide.templated for slide in finished)
    return DeckPlan(
        meta, keywords, frame, tuple(finished), furniture, ready.look, theme,
        theme.pptx_template, title_layout, content_layout,
        section_layout=facts.section_layout if templated else None,
        section_look=ready.section_look if templated else None,
    )  # fmt: skip


def _apart(facts: TemplateFacts, shown: dict[str, Box]) -> dict[str, Box]:
    """The boxes of the template's number, date and footer placeholders the deck fills (not those
    whose kind its artwork shows), by kind, each cut (`clear_of`) to keep clear of the artwork's
    fields and of those before it: the number keeps its box, then the date, then the footer
    (a template may stack them over each other)."""
    held: dict[str, Box] = {}
    for kind, box in (("sldNum", facts.number), ("dt", facts.date), ("ftr", facts.footer)):
        if box is not None and kind not in shown:
            held[kind] = clear_of(box, (*shown.values(), *held.values()))
    return held


def _furniture_color(ready: Setup, kind: str) -> str | None:
    """None where the template's colour for a footer, date or number placeholder stands out from
    what lies behind it, else the most readable of it, the theme's muted colour and white."""
    facts = ready.facts
    own = facts.furniture_text[kind].color or "#000000"  # an unstyled placeholder's text is black
    backdrop = facts.furniture_backdrop[kind]
    chosen = readable(own, backdrop, TITLE_CONTRAST, ready.theme.colors.muted)
    return None if chosen == own and facts.furniture_text[kind].color else chosen


def diagram_theme(ready: Setup) -> Theme:
    """The theme diagrams on slides are laid out and drawn in: the slides' heading font, and the
    look's muted colour for the legend."""
    theme = ready.theme
    fonts = dataclasses.replace(theme.fonts, heading=theme.fonts.slide_heading)
    colors = dataclasses.replace(theme.colors, muted=ready.look.muted)
    return dataclasses.replace(theme, fonts=fonts, colors=colors)


def _line(measure: Measure, text: str, box: Box) -> TextBox:
    """`text` on one line of `box`: at FOOTER_SIZE, smaller down to 7 pt, else cut with "…"."""
    for size in sizes(FOOTER_SIZE, 7.0, 1.0):
        if measure.lines((Span(text),), size, box.width, "heading") == 1:
            return TextBox(text, size, 1, box)
    while len(text) > 1 and measure.lines((Span(text + "…"),), 7.0, box.width, "heading") > 1:
        text = text[:-1]
    return TextBox(text.rstrip() + "…", 7.0, 1, box)


def _placed(slide: Slide, number: int, ready: Setup) -> Slide:
    own = ready.facts is None
    if isinstance(slide, TitleSlide):
        if not own:
            return slide
        rule = Box(slide.title.box.left, slide.title.box.bottom + COVER_RULE.top, COVER_RULE.width, COVER_RULE.height)
        return dataclasses.replace(slide, rule=rule)
    changes: dict = {"number": number}
    if own:
        changes["rule"] = Box(MARGIN, slide.heading.box.bottom + RULE_GAP, ready.frame.slide_width - 2 * MARGIN, RULE)
    if isinstance(slide, ImageSlide) and slide.path is not None:
        changes["picture"] = picture_box(slide.path, slide.body)
    return dataclasses.replace(slide, **changes)


# A raster picture is drawn at most this many points a pixel: a projector shows a slide's 960
# points on some 1,920 pixels, so a picture is at most doubled there, never a 16-pixel icon
# blown up to fill the slide.
MOST_POINTS_PER_PIXEL = 2.0


def picture_box(path: Path, area: Box) -> Box:
    """Where the picture at `path` stands in `area`: as large as fits, centred; a raster picture
    no larger than MOST_POINTS_PER_PIXEL points a pixel (an SVG is vectors, drawn as large as fits)."""
    from ...read.svg import is_svg

    return fit_image(*natural_size(path), area, None if is_svg(path) else MOST_POINTS_PER_PIXEL)


def fit_image(width: float, height: float, area: Box, most: float | None = None) -> Box:
    """The largest box of the image's aspect ratio inside `area`, centred in it, at most `most`
    points per unit of the image's size when given."""
    scale = min(area.width / width, area.height / height, most or float("inf"))
    w, h = width * scale, height * scale
    return Box(area.left + (area.width - w) / 2, area.top + (area.height - h) / 2, w, h)
