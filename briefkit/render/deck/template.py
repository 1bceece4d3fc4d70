"""Template facts: a .pptx template (or python-pptx's default) in, what the deck plan must know
about it out, before any slide is planned.

Read from the template's slide masters and their layouts, in points:

- the slide size;
- the layouts the deck uses, of all masters' layouts (master by master) those with the
  placeholders each needs: a title layout (a title and a subtitle placeholder), the one whose
  title area its own and its master's artwork cover the least share of (give or take
  CLEAR_SLACK), and a content layout (a title and a body placeholder), the one whose body area
  that artwork leaves the most room in (the first of equals each time: a template's masters
  often differ only in how much decoration they put where the text goes); a template without
  them is a located ContentError; and its section-header layout (OOXML type "secHead", with a
  title placeholder), when it has one. Everything else about a layout's slides comes from that
  layout and its own master;
- the title and body areas: the content layout's title and body placeholders, or the master's
  own when those leave more room for content (LibreOffice writes the geometry of other pages
  into the layouts it exports, while its masters keep the design's real areas);
- the title slide's title and subtitle areas;
- what the template says about title and body text: colour, typeface and size, from the
  placeholders' own text, their list styles and the master's text styles, theme colours and
  fonts resolved;
- the colours behind the title area and behind the body area: the background (its own fill or
  the theme's background style it names) with the filled shapes and pictures of the master and
  layout under the area's centre laid over it, a translucent one blended over what lies beneath;
  a gradient gives every colour it runs through under the area, a picture the mean colours of a
  small grid over the part of it there;
- its artwork: the boxes of the master's and layout's own shapes, but for those covering most
  of the slide (a background picture), which the body must keep clear of;
- its footer, date and slide-number placeholders, and the boxes of the artwork (the master's
  shapes, unless the layout hides them, and the layout's own) that already shows the slide
  number or a date through a field.

Prompts are no artwork: a master's or layout's own text shape whose text is nothing but
placeholder prompts such as "<date/time>" or "<footer>" (LibreOffice writes such copies of a
master's placeholders into the masters it exports) would show that text on every slide, so the
deck leaves it out (`strip_prompts`) and nothing here counts it.
"""

from __future__ import annotations

import colorsys
import copy
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...errors import ContentError
from .plan import Box

EMU_PER_POINT = 12700
WHITE = "#FFFFFF"
Backdrop = tuple[str, ...]  # the colours behind an area, '#RRGGBB': one for a flat fill, more where it varies
# the colour-map names a text style may use, as the master's p:clrMap defaults them
_CLR_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}


@dataclass(frozen=True)
class TextLook:
    """What a template says about one kind of text; None where it says nothing."""

    color: str | None = None  # '#RRGGBB'
    typeface: str | None = None
    size: float | None = None  # points
    align: str | None = None  # 'l', 'ctr' or 'r'


@dataclass(frozen=True)
class SectionFacts:
    """A section-header layout: where a divider's title and its list of what follows go.

    `body` is the layout's body placeholder when it has one (`body_placeholder`), else the
    taller part of its master's body area above or below the title; `artwork` the layout's and its master's own shapes.
    """

    layout: int
    title: Box
    body: Box | None
    body_placeholder: bool
    title_text: TextLook
    body_text: TextLook
    title_backdrop: Backdrop
    body_backdrop: Backdrop
    artwork: tuple[Box, ...]


@dataclass(frozen=True)
class TemplateFacts:
    width: float
    height: float
    title_layout: int  # indices into all masters' layouts, master by master (`all_layouts`)
    content_layout: int
    section: SectionFacts | None  # its section-header layout, when it has one
    title: Box  # content slides' title area
    body: Box  # content slides' body area
    cover_title: Box  # the title slide's title and subtitle areas
    cover_subtitle: Box
    title_text: TextLook
    body_text: TextLook
    cover_text: TextLook  # the title slide's title
    title_backdrop: Backdrop  # the colours behind the title area
    body_backdrop: Backdrop
    cover_backdrop: Backdrop
    artwork: tuple[Box, ...]  # the content layout's and its master's own shapes, backgrounds aside
    footer: Box | None  # the content layout's footer, date and slide-number placeholders
    date: Box | None
    number: Box | None
    furniture_text: dict[str, TextLook]  # by placeholder kind: what the template says of their text
    furniture_backdrop: dict[str, Backdrop]  # by placeholder kind: the colours behind them
    artwork_fields: dict[str, Box]  # by placeholder kind ('sldNum', 'dt'): artwork showing it (`fields`)

    @property
    def section_layout(self) -> int | None:
        return self.section.layout if self.section else None


def all_layouts(presentation) -> list:
    """Every layout of every slide master of `presentation`, master by master: what the layout
    indices of TemplateFacts and DeckPlan count."""
    return [layout for master in presentation.slide_masters for layout in master.slide_layouts]


def read_template(path: Path | None) -> TemplateFacts:
    """The facts of the template at `path` (python-pptx's default when None); a file that is no
    readable .pptx, or lacks the layouts the deck needs, is a ContentError located at it."""
    if path is None:
        return _read(None, 0, 0)
    try:
        stat = path.stat()
    except OSError as exc:
        raise ContentError.at(path, 0, f"cannot read the slide template: {exc.strerror or exc}") from None
    return _read(path, stat.st_mtime_ns, stat.st_size)  # a changed file is read again (--watch)


@lru_cache(maxsize=8)
def _read(path: Path | None, modified: int, size: int) -> TemplateFacts:
    import io

    from pptx import Presentation

    from ...templates import template_bytes

    data = io.BytesIO(template_bytes(path)) if path else None  # only what a deck may carry on
    try:
        presentation = Presentation(data)
        layouts = all_layouts(presentation)
    except Exception as exc:  # python-pptx, zipfile and lxml raise many kinds for a broken package
        raise ContentError.at(
            path, 0, f"cannot read the slide template: {exc}", "save it again as a .pptx file (PowerPoint presentation)"
        ) from None
    area = presentation.slide_width * presentation.slide_height
    covers = _layouts_with(layouts, path, {"title", "ctrTitle"}, {"subTitle"}, "a title and a subtitle")
    title_at = _clearest(layouts, covers, area)
    contents = _layouts_with(layouts, path, {"title"}, {"body", "obj"}, "a title and a body")
    content_at = _roomiest(layouts, contents, area)
    cover, content = layouts[title_at], layouts[content_at]
    master, cover_master = content.slide_master, cover.slide_master
    scheme, cover_scheme = _Scheme(master), _Scheme(cover_master)
    title, body, title_source, body_source = _content_areas(content)
    cover_title_ph = _placeholder(cover, {"title", "ctrTitle"})
    cover_title = _box(cover_title_ph)
    cover_subtitle = _box(_placeholder(cover, {"subTitle"}))
    furniture = {kind: _placeholder(content, {kind}) for kind in ("ftr", "dt", "sldNum")}
    held = {kind: shape for kind, shape in furniture.items() if shape is not None}
    return TemplateFacts(
        width=presentation.slide_width / EMU_PER_POINT,
        height=presentation.slide_height / EMU_PER_POINT,
        title_layout=title_at,
        content_layout=content_at,
        section=_section(layouts, area),
        title=title,
        body=body,
        cover_title=cover_title,
        cover_subtitle=cover_subtitle,
        title_text=_text_look(scheme, master, title_source, "titleStyle"),
        body_text=_text_look(scheme, master, body_source, "bodyStyle"),
        cover_text=_text_look(
            cover_scheme, cover_master, (cover_title_ph, _placeholder(cover_master, {"title"})), "titleStyle"
        ),
        title_backdrop=_backdrop(scheme, (master, content), title),
        body_backdrop=_backdrop(scheme, (master, content), body),
        cover_backdrop=_backdrop(cover_scheme, (cover_master, cover), cover_title),
        artwork=_artwork((master, content), area),
        footer=_box(furniture["ftr"]) if furniture["ftr"] is not None else None,
        date=_box(furniture["dt"]) if furniture["dt"] is not None else None,
        number=_box(furniture["sldNum"]) if furniture["sldNum"] is not None else None,
        furniture_text={
            kind: _text_look(scheme, master, (shape, _placeholder(master, {kind})), "otherStyle")
            for kind, shape in held.items()
        },
        furniture_backdrop={kind: _backdrop(scheme, (master, content), _box(shape)) for kind, shape in held.items()},
        artwork_fields=fields(content),
    )


def _section(layouts: list, slide_area: int) -> SectionFacts | None:
    """The first section-header layout with a title placeholder, read with its own master."""
    at = next(
        (
            index
            for index, layout in enumerate(layouts)
            if layout._element.get("type") == "secHead" and _placeholder(layout, {"title", "ctrTitle"}) is not None
        ),
        None,
    )
    if at is None:
        return None
    layout = layouts[at]
    master = layout.slide_master
    scheme = _Scheme(master)
    title_ph, body_ph = _placeholder(layout, {"title", "ctrTitle"}), _placeholder(layout, {"body", "obj"})
    master_title, master_body = _placeholder(master, {"title"}), _placeholder(master, {"body", "obj"})
    title = _box(title_ph)
    body = None
    if body_ph is not None:
        body = _box(body_ph)
    elif master_body is not None:  # the taller part of the master's body area above or below the title
        area = _box(master_body)
        above = Box(area.left, area.top, area.width, min(area.bottom, title.top) - area.top)
        below = Box(area.left, max(area.top, title.bottom), area.width, area.bottom - max(area.top, title.bottom))
        body = max(above, below, key=lambda part: part.height)
        body = body if body.height > 0 else None
    parts = (master, layout)
    return SectionFacts(
        layout=at,
        title=title,
        body=body,
        body_placeholder=body_ph is not None,
        title_text=_text_look(scheme, master, (title_ph, master_title), "titleStyle"),
        body_text=_text_look(scheme, master, (body_ph, master_body), "bodyStyle"),
        title_backdrop=_backdrop(scheme, parts, title),
        body_backdrop=_backdrop(scheme, parts, body) if body else _backdrop(scheme, parts, title),
        artwork=_artwork(parts, slide_area),
    )


def _layouts_with(layouts: list, path: Path | None, first: set[str], second: set[str], what: str) -> list[int]:
    """The indices of the layouts holding a placeholder of each kind; none is a located ContentError."""
    found = [
        index
        for index, layout in enumerate(layouts)
        if _placeholder(layout, first) is not None and _placeholder(layout, second) is not None
    ]
    if found:
        return found
    raise ContentError.at(
        path or Path("python-pptx default template"),
        0,
        f"the slide template has no layout with {what} placeholder",
        "add such a layout to the template in PowerPoint (Slide Master view)",
    )


def _content_areas(content) -> tuple[Box, Box, tuple, tuple]:
    """A content layout's title and body areas, and the shapes (first the one whose text says most)
    their text looks come from: the layout's placeholders, or its master's when those leave more
    room for content."""
    master = content.slide_master
    title_ph, body_ph = _placeholder(content, {"title"}), _placeholder(content, {"body", "obj"})
    master_title, master_body = _placeholder(master, {"title"}), _placeholder(master, {"body", "obj"})
    title, body = _box(title_ph), _box(body_ph)
    if master_title is not None and master_body is not None:
        own_title, own_body = _box(master_title), _box(master_body)
        if own_body.width * own_body.height > body.width * body.height:
            return own_title, own_body, (master_title, title_ph), (master_body, body_ph)
    return title, body, (title_ph, master_title), (body_ph, master_body)


def _roomiest(layouts: list, found: list[int], slide_area: int) -> int:
    """Of the content layouts at `found`, the one whose body area its own and its master's
    artwork cover least (the first of equals)."""

    def free(index: int) -> float:
        body = _content_areas(layouts[index])[1]
        return max(body.width * body.height - _covered(layouts[index], body, slide_area), 0.0)

    return max(found, key=lambda index: (free(index), -index))


CLEAR_SLACK = 0.05  # a title area covered by this much more of its area counts as clear as the clearest


def _clearest(layouts: list, found: list[int], slide_area: int) -> int:
    """Of the title layouts at `found`, the first whose title area its own and its master's
    artwork cover no more of (by CLEAR_SLACK) than that of the clearest one."""

    def covered(index: int) -> float:
        title = _box(_placeholder(layouts[index], {"title", "ctrTitle"}))
        return _covered(layouts[index], title, slide_area) / max(title.width * title.height, 1.0)

    shares = {index: covered(index) for index in found}
    least = min(shares.values())
    return next(index for index in found if shares[index] <= least + CLEAR_SLACK)


def _covered(layout, area: Box, slide_area: int) -> float:
    """How much of `area` the layout's own and its master's artwork cover, shape by shape (where
    shapes lie over each other, each counts)."""
    return sum(_overlap(area, box) for box in _artwork((layout.slide_master, layout), slide_area))


def _overlap(one: Box, other: Box) -> float:
    """The area two boxes share."""
    width = min(one.right, other.right) - max(one.left, other.left)
    height = min(one.bottom, other.bottom) - max(one.top, other.top)
    return max(width, 0.0) * max(height, 0.0)


def _placeholder(part, types: set[str]):
    """The first placeholder shape of `part` (a master or layout) of one of `types`, or None.

    A placeholder without a type is a content ("obj") placeholder, as OOXML defines it.
    """
    for shape in part.placeholders:
        ph = shape._element.ph
        if (ph.get("type") or "obj") in types:
            return shape
    return None


def _box(shape) -> Box:
    """A shape's position and size in points (a layout placeholder inherits its master's)."""
    return Box(*(value / EMU_PER_POINT for value in (shape.left, shape.top, shape.width, shape.height)))


class _Scheme:
    """The master's theme colours, fonts and background styles, by scheme name; `color` reads a
    colour with its tint, shade and luminance changes applied."""

    def __init__(self, master):
        from lxml import etree
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            part = master.part.part_related_by(RT.THEME)
            theme = etree.fromstring(part.blob)
            self.theme_related = part.related_part
        except (KeyError, etree.XMLSyntaxError):  # a master without a readable theme names no colours
            theme = etree.Element("theme")
            self.theme_related = _nothing_related
        self.colors: dict[str, str] = {}
        scheme = theme.find(".//a:clrScheme", _NS)
        for entry in scheme if scheme is not None else ():
            color = _literal(entry)
            if color:
                self.colors[etree.QName(entry).localname] = color
        mapping = master._element.find("p:clrMap", _NS)
        self.map = dict(mapping.attrib) if mapping is not None else dict(_CLR_MAP)
        major, minor = theme.find(".//a:majorFont/a:latin", _NS), theme.find(".//a:minorFont/a:latin", _NS)
        self.fonts = {
            "+mj-lt": major.get("typeface") if major is not None else None,
            "+mn-lt": minor.get("typeface") if minor is not None else None,
        }
        self.fills = {
            kind: [element for element in styles if isinstance(element.tag, str)] if styles is not None else []
            for kind in ("fillStyleLst", "bgFillStyleLst")
            for styles in [theme.find(f".//a:{kind}", _NS)]
        }

    def color(self, holder) -> str | None:
        """The colour an element holding one colour child (srgbClr, schemeClr, sysClr) names."""
        if holder is None:
            return None
        literal = _literal(holder)
        if literal:
            return literal
        scheme = holder.find("a:schemeClr", _NS)
        if scheme is None:
            return None
        name = scheme.get("val")
        found = self.colors.get(self.map.get(name, _CLR_MAP.get(name, name)), self.colors.get(name))
        return _changed(found, scheme) if found else None

    def paint(self, holder) -> Paint | None:
        """The colour an element holding one colour child names, with that colour's opacity
        (its `a:alpha`, else opaque)."""
        color = self.color(holder)
        if color is None:
            return None
        child = next((element for element in holder if isinstance(element.tag, str)), None)
        alpha = child.find("a:alpha", _NS) if child is not None else None
        return color, int(alpha.get("val", "100000")) / 100000 if alpha is not None else 1.0

    def holding(self, color: str | None) -> _Scheme:
        """This scheme with `color` as the placeholder colour (phClr) that theme styles use."""
        held = copy.copy(self)
        held.colors = {**self.colors, "phClr": color} if color else dict(self.colors)
        return held

    def background_style(self, reference):
        """The theme fill a `p:bgRef` names by its index (1 to 999 a shape fill style, from 1001 a
        background fill style), None for none."""
        from lxml import etree

        if reference is None:
            return None
        index = int(reference.get("idx", "0"))
        kind, at = ("bgFillStyleLst", index - 1001) if index > 1000 else ("fillStyleLst", index - 1)
        styles = self.fills[kind]
        if not 0 <= at < len(styles):
            return None
        holder = etree.Element("holder")
        holder.append(copy.deepcopy(styles[at]))
        return holder

    def font(self, typeface: str | None) -> str | None:
        return self.fonts.get(typeface, typeface) if typeface and typeface.startswith("+") else typeface


def _nothing_related(r_id: str):
    raise KeyError(r_id)


_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _literal(holder) -> str | None:
    rgb = holder.find("a:srgbClr", _NS)
    if rgb is not None:
        return _changed("#" + rgb.get("val").upper(), rgb)
    system = holder.find("a:sysClr", _NS)
    if system is not None and system.get("lastClr"):
        return _changed("#" + system.get("lastClr").upper(), system)
    return None


def _changed(color: str, element) -> str:
    """`color` with the tint, shade, lumMod and lumOff children of its colour `element` applied,
    in their order (the other changes, such as saturation, barely move its lightness)."""
    red, green, blue = (value / 255 for value in _channels(color))
    for change in element:
        if not isinstance(change.tag, str):
            continue
        kind, value = change.tag.rsplit("}", 1)[-1], int(change.get("val", "100000")) / 100000
        if kind == "shade":
            red, green, blue = (channel * value for channel in (red, green, blue))
        elif kind == "tint":
            red, green, blue = (channel + (1 - channel) * (1 - value) for channel in (red, green, blue))
        elif kind in ("lumMod", "lumOff"):
            hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
            lightness = lightness * value if kind == "lumMod" else lightness + value
            red, green, blue = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, lightness)), saturation)
    return "#" + "".join(f"{round(min(1.0, max(0.0, channel)) * 255):02X}" for channel in (red, green, blue))


def _text_look(scheme: _Scheme, master, shapes: tuple, style: str) -> TextLook:
    """Colour, typeface, size and alignment of a placeholder's first-level text: its own runs and list
    style first, then its master placeholder's, then the master's text style."""
    properties, paragraphs = [], []
    for shape in shapes:
        if shape is None:
            continue
        element = shape._element
        paragraphs += element.findall("p:txBody/a:lstStyle/a:lvl1pPr", _NS)
        paragraphs += element.findall("p:txBody/a:p/a:pPr", _NS)[:1]
        properties += element.findall("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", _NS)
        properties += element.findall("p:txBody/a:p/a:r/a:rPr", _NS)[:1]
        properties += element.findall("p:txBody/a:p/a:endParaRPr", _NS)[:1]
    properties += master._element.findall(f"p:txStyles/p:{style}/a:lvl1pPr/a:defRPr", _NS)
    paragraphs += master._element.findall(f"p:txStyles/p:{style}/a:lvl1pPr", _NS)
    align = next((p.get("algn") for p in paragraphs if p.get("algn") in ("l", "ctr", "r")), None)
    color = next((c for p in properties if (c := scheme.color(p.find("a:solidFill", _NS)))), None)
    fonts = (p.find("a:latin", _NS) for p in properties)
    latin = next((font.get("typeface") for font in fonts if font is not None), None)
    size = next((int(p.get("sz")) / 100 for p in properties if p.get("sz")), None)
    return TextLook(color, scheme.font(latin), size, align)


Paint = tuple[str, float]  # a colour, '#RRGGBB', and its opacity from 0 to 1


def _backdrop(scheme: _Scheme, parts: tuple, area: Box) -> Backdrop:
    """The colours a reader sees behind `area`: the layout's or else the master's background,
    with every filled shape or picture of the master (unless the layout hides its shapes) and
    then of the layout that covers the area's centre laid over it in order, a translucent one
    blended over what lies beneath; several colours where a gradient or a picture varies under
    the area."""
    presentation = parts[0].part.package.presentation_part.presentation
    slide = Box(0.0, 0.0, presentation.slide_width / EMU_PER_POINT, presentation.slide_height / EMU_PER_POINT)
    seen = _background(scheme, parts, slide, area)
    x, y = area.left + area.width / 2, area.top + area.height / 2
    hidden = parts[-1]._element.get("showMasterSp") == "0"
    for part in parts[-1:] if hidden else parts:
        related = part.part.related_part
        for shape in part.shapes:
            if shape.is_placeholder or shape.width is None or shape.left is None:
                continue
            box = _box(shape)
            if box.left <= x <= box.right and box.top <= y <= box.bottom:
                properties = shape._element.find("p:spPr", _NS)
                paints = _fill(scheme, related, properties, shape._element, box, area)
                seen = _over(paints, seen) if paints else seen
    return seen


def _background(scheme: _Scheme, parts: tuple, slide: Box, area: Box) -> Backdrop:
    """The colours of the layout's or else the master's background under `area` (white when
    neither has one): its own fill, or the theme's background style it names."""
    for part in reversed(parts):
        background = part._element.find("p:cSld/p:bg", _NS)
        if background is None:
            continue
        properties = background.find("p:bgPr", _NS)
        reference = background.find("p:bgRef", _NS)
        style = scheme.background_style(reference)
        if properties is not None:
            paints = _fill(scheme, part.part.related_part, properties, properties, slide, area)
        elif style is not None:  # a fill of the theme's styles, in the colour the reference holds
            paints = _fill(scheme.holding(scheme.color(reference)), scheme.theme_related, style, style, slide, area)
        else:
            paints = ((scheme.color(reference), 1.0),) if scheme.color(reference) else None
        return _over(paints, (WHITE,)) if paints else (WHITE,)
    return (WHITE,)


def _over(paints: tuple[Paint, ...], below: Backdrop) -> Backdrop:
    """What `paints` show laid over `below`: each opaque colour itself, each translucent one
    blended over every colour beneath."""
    shown = (_mix(under, color, alpha) for color, alpha in paints for under in below)
    return tuple(dict.fromkeys(shown))


def _fill(scheme: _Scheme, related, properties, element, span: Box, area: Box) -> tuple[Paint, ...] | None:
    """The colours a fill spanning `span` shows under `area`, each with its opacity: a solid
    fill's colour, a pattern's background, the colours a gradient runs through there
    (`gradient_paints`), the colours of the part of a picture that lies there
    (`picture_colors`); `related` finds a picture's part by its relationship id."""
    if properties is None:
        return None
    for path in ("a:solidFill", "a:pattFill/a:bgClr"):
        holder = properties.find(path, _NS)
        if holder is not None:
            paint = scheme.paint(holder)
            return (paint,) if paint else None
    gradient = properties.find("a:gradFill", _NS)
    if gradient is not None:
        return gradient_paints(scheme, gradient, span, area)
    blip = element.find(".//a:blip", _NS)
    if blip is not None and blip.get(f"{{{_NS['r']}}}embed"):
        try:
            data = related(blip.get(f"{{{_NS['r']}}}embed")).blob
        except KeyError:  # a dangling relationship shows nothing
            return None
        colors = picture_colors(data, span, area)
        return tuple((color, 1.0) for color in colors) if colors else None
    return None


SAMPLES = 5  # a path gradient is read at this many by this many points of an area


def gradient_paints(scheme: _Scheme, gradient, span: Box, area: Box) -> tuple[Paint, ...] | None:
    """The colours a gradient fill spanning `span` runs through under `area`, in gradient order:
    its colours where the area begins and ends along the gradient and every stop between. A
    linear gradient runs along its angle; a path (radial) one from its focus (`a:fillToRect`,
    position 0) out to the fill's edge (position 1), read at a grid of points of the area."""
    stops = sorted(
        (int(stop.get("pos", "0")) / 100000, paint)
        for stop in gradient.findall("a:gsLst/a:gs", _NS)
        if (paint := scheme.paint(stop))
    )
    if not stops:
        return None
    linear, path = gradient.find("a:lin", _NS), gradient.find("a:path", _NS)
    if linear is not None:
        angle = math.radians(int(linear.get("ang", "0")) / 60000)
        dx, dy = math.cos(angle), math.sin(angle)  # clockwise on the page, y downward
        half = span.width / 2 * abs(dx) + span.height / 2 * abs(dy)
        middle_x, middle_y = span.left + span.width / 2, span.top + span.height / 2
        corners = [(x, y) for x in (area.left, area.right) for y in (area.top, area.bottom)]
        along = [0.5 + ((x - middle_x) * dx + (y - middle_y) * dy) / (2 * half) if half else 0.0 for x, y in corners]
    elif path is not None:
        along = _along_path(path, span, area)
    else:  # no direction given: every stop may show
        along = [0.0, 1.0]
    low, high = (min(1.0, max(0.0, value)) for value in (min(along), max(along)))
    inside = [paint for position, paint in stops if low < position < high]
    return tuple(dict.fromkeys([_paint_at(stops, low), *inside, _paint_at(stops, high)]))


def _along_path(path, span: Box, area: Box) -> list[float]:
    """Where points of `area` lie on a path gradient over `span`: 0 at its focus, 1 at the edge
    (a circle reaching the span's farthest corner, or the span's own outline)."""
    inset = path.find("a:fillToRect", _NS)
    share = {side: int(inset.get(side, "0")) / 100000 if inset is not None else 0.5 for side in "ltrb"}
    left, right = span.left + share["l"] * span.width, span.right - share["r"] * span.width
    top, bottom = span.top + share["t"] * span.height, span.bottom - share["b"] * span.height
    focus_x, focus_y = (left + right) / 2, (top + bottom) / 2
    steps = [index / (SAMPLES - 1) for index in range(SAMPLES)]
    points = [(area.left + a * area.width, area.top + b * area.height) for a in steps for b in steps]
    points.append((min(max(focus_x, area.left), area.right), min(max(focus_y, area.top), area.bottom)))
    if path.get("path") == "circle":
        reach = max(
            math.hypot(x - focus_x, y - focus_y) for x in (span.left, span.right) for y in (span.top, span.bottom)
        )
        return [math.hypot(x - focus_x, y - focus_y) / reach if reach else 0.0 for x, y in points]
    across = max(focus_x - span.left, span.right - focus_x) or 1.0
    down = max(focus_y - span.top, span.bottom - focus_y) or 1.0
    return [max(abs(x - focus_x) / across, abs(y - focus_y) / down) for x, y in points]


def _paint_at(stops: list[tuple[float, Paint]], position: float) -> Paint:
    """A gradient's colour and opacity at `position` (0 to 1) between its sorted stops."""
    if position <= stops[0][0]:
        return stops[0][1]
    for (start, (one, one_alpha)), (end, (other, other_alpha)) in zip(stops, stops[1:], strict=False):
        if position <= end:
            share = (position - start) / (end - start) if end > start else 1.0
            return _mix(one, other, share), round(one_alpha + (other_alpha - one_alpha) * share, 4)
    return stops[-1][1]


def _mix(one: str, other: str, share: float) -> str:
    """`one` moved `share` of the way towards `other`, channel by channel."""
    first, second = _channels(one), _channels(other)
    return "#" + "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(first, second, strict=True))


def _channels(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


PICTURE_GRID = 3  # a picture's part under an area is read as this many by this many mean colours


def picture_colors(data: bytes, span: Box, area: Box) -> Backdrop | None:
    """The mean colours of a grid over the part of a picture, stretched over `span`, that lies
    under `area`; None when the picture cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    width, height = picture.size

    def share(value: float, start: float, length: float) -> float:
        return min(1.0, max(0.0, (value - start) / length)) if length > 0 else 0.0

    left, right = (share(x, span.left, span.width) * width for x in (area.left, area.right))
    top, bottom = (share(y, span.top, span.height) * height for y in (area.top, area.bottom))
    if right - left < 1 or bottom - top < 1:
        left, top, right, bottom = 0, 0, width, height  # the area lies off the picture: all of it
    grid = picture.resize((PICTURE_GRID, PICTURE_GRID), Image.Resampling.BOX, box=(left, top, right, bottom))
    cells = (grid.getpixel((x, y)) for y in range(PICTURE_GRID) for x in range(PICTURE_GRID))
    return tuple(dict.fromkeys(f"#{red:02X}{green:02X}{blue:02X}" for red, green, blue in cells))


FIELD_KINDS = {"slidenum": "sldNum", "datetime": "dt"}  # a field type (its start) and what it shows
_PROMPT = re.compile(r"\s*(<[^<>]+>\s*)+")


def shown_parts(layout) -> tuple:
    """The master and the layout whose own shapes a slide on `layout` shows: the layout alone when
    it hides its master's shapes (showMasterSp="0")."""
    return (layout,) if layout._element.get("showMasterSp") == "0" else (layout.slide_master, layout)


def fields(layout) -> dict[str, Box]:
    """What the artwork of a slide on `layout` shows through fields, by placeholder kind ('sldNum'
    for the slide number, 'dt' for a date): the box of the first of the master's (unless hidden)
    and the layout's own shapes, not placeholders, holding such a field."""
    found: dict[str, Box] = {}
    for part in shown_parts(layout):
        for shape in part.shapes:
            if shape.is_placeholder or shape.width is None or shape.left is None:
                continue
            for field in shape._element.iterfind(".//a:fld", _NS):
                kind = next((k for start, k in FIELD_KINDS.items() if field.get("type", "").startswith(start)), None)
                if kind is not None:
                    found.setdefault(kind, _box(shape))
    return found


def is_prompt(element) -> bool:
    """Whether a master's or layout's shape element (`p:sp`) is a bare prompt: no placeholder and
    no field, its text nothing but prompts in angle brackets ("<date/time>", "<footer>")."""
    if element.tag != f"{{{_NS['p']}}}sp" or element.find("p:nvSpPr/p:nvPr/p:ph", _NS) is not None:
        return False
    if element.find(".//a:fld", _NS) is not None:
        return False
    text = "".join(t.text or "" for t in element.iterfind(".//a:t", _NS))
    return _PROMPT.fullmatch(text) is not None


def strip_prompts(presentation) -> None:
    """Take every bare prompt (`is_prompt`) off the masters and layouts of `presentation`."""
    for master in presentation.slide_masters:
        for part in (master, *master.slide_layouts):
            tree = part.shapes._spTree
            for element in [child for child in tree if is_prompt(child)]:
                tree.remove(element)


BACKGROUND_SHARE = 0.8  # a shape covering this much of the slide is its background, not artwork


def _artwork(parts: tuple, slide_area: int) -> tuple[Box, ...]:
    """The boxes of the parts' own shapes, less those covering most of the slide and bare prompts."""
    boxes = []
    for part in parts:
        if part is not parts[0] and part._element.get("showMasterSp") == "0":
            boxes.clear()  # this layout hides its master's shapes
        for shape in part.shapes:
            if shape.is_placeholder or shape.width is None or shape.left is None or is_prompt(shape._element):
                continue
            if shape.width * shape.height < BACKGROUND_SHARE * slide_area:
                boxes.append(_box(shape))
    return tuple(boxes)
