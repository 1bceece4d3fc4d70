"""The report's chart: a ChartSpec and its ChartLook in, a reportlab Drawing (vector, real text) out.

Drawn with reportlab.graphics.charts (bar, line and pie charts) in the theme's heading font, so
every label, tick and legend entry is selectable text. The shared look gives the colours and
cues (a series' pattern of lines over its fill, a line's marker shape), the value axis and which
data labels show; estimated bars and slices are filled with the lighter tint, hatched and
outlined; a line's estimated points are hollow and the segments to them dashed. White lines part
a stack's segments and a pie's slices. Under the plot: a legend (series, and "Estimate" when the
chart has estimates) and the source line. Bar charts list the table's rows from the top, as they read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..fonts import register
from .palette import ink
from .style import ESTIMATE_LABEL, ChartLook, hatch_color, tint

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Group

    from ..model import ChartSpec
    from ..theme import Theme

HATCH_SPACING = 3.0
HATCH_ANGLE = 45
CUE_ANGLES = {1: (0,), 2: (90,), 3: (0, 90)}  # a series' pattern: horizontal, vertical, grid lines
DIVIDER = 0.75  # points: the white line between a stack's segments and between slices
SWATCH = 8.0
ROTATE_AT = 0.9  # rotate category labels when they need more than this share of their slot
DASH = [4, 2.5]
MIN_SIZE = 4.5  # points: the smallest category label


class _Text:
    """The font and sizes a drawing uses, with string widths measured in that font."""

    def __init__(self, look: ChartLook, size: float):
        self.font = register(look.font)
        self.size = size

    def width(self, text: str, size: float | None = None) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, self.font, size or self.size)


def chart_drawing(spec: ChartSpec, look: ChartLook, theme: Theme, width: float, max_height: float) -> Drawing:
    """The chart `width` points wide and at most `max_height` high, legend and source included."""
    from reportlab.graphics.shapes import Group

    text = _Text(look, max(theme.sizes.small, theme.sizes.diagram - 1))
    group = Group()
    bottom = _notes(group, spec, look, text, width)
    rows = len(spec.categories)
    if spec.kind.endswith("bar"):
        plot_height = min(max(rows * 26.0, 90.0), max_height - bottom)
    else:
        plot_height = min(width * 0.5, max_height - bottom)
    top = bottom + plot_height
    draw = _pie if spec.kind == "pie" else _line if spec.kind == "line" else _bars
    chart = draw(group, spec, look, text, width, bottom, top)
    drawing = _ChartDrawing(width, top + 4)
    drawing.add(group)
    drawing.chart = chart  # kept alive: the labels reportlab drew refer to its styles only weakly
    return drawing


def _ChartDrawing(width: float, height: float) -> Drawing:
    """A Drawing that may hold the chart widget it was drawn from."""
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.attrmap import AttrMap, AttrMapValue

    class ChartDrawing(Drawing):
        _attrMap = AttrMap(BASE=Drawing, chart=AttrMapValue(None, desc="the chart widget drawn"))

    return ChartDrawing(width, height)


def _color(value: str):
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def _notes(group: Group, spec: ChartSpec, look: ChartLook, text: _Text, width: float) -> float:
    """The legend and the source line at the bottom; returns the height they take."""
    from reportlab.graphics.shapes import String

    y = 2.0
    if spec.source:
        group.add(
            String(
                0,
                y,
                f"Source: {spec.source}",
                fontName=text.font,
                fontSize=text.size - 0.5,
                fillColor=_color(look.muted),
            )
        )
        y += text.size + 6
    entries = []
    if look.legend:
        names = spec.categories if spec.kind == "pie" else tuple(series.name for series in spec.series)
        estimated = [False] * len(names) if spec.kind == "pie" else [series.estimated for series in spec.series]
        entries = [(name, look.colors[i], estimated[i], look.cues[i]) for i, name in enumerate(names)]
    if spec.has_estimates:
        entries.append((ESTIMATE_LABEL, look.muted, True, 0))
    if not entries:
        return y + 4
    rows: list[list[tuple[str, str, bool, int, float]]] = [[]]
    used = 0.0
    for name, color, estimate, cue in entries:
        size = SWATCH + 4 + text.width(name) + 14
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0.0
        rows[-1].append((name, color, estimate, cue, size))
        used += size
    y += 4
    for row in reversed(rows):
        x = (width - sum(entry[4] for entry in row) + 14) / 2
        for name, color, estimate, cue, size in row:
            if spec.kind == "line":
                _line_key(group, x, y + SWATCH / 2, SWATCH, color, estimate, cue)
            else:
                _swatch(group, x, y, SWATCH, SWATCH, color, estimate, cue)
            group.add(
                String(
                    x + SWATCH + 4, y + 0.5, name, fontName=text.font, fontSize=text.size, fillColor=_color(look.text)
                )
            )
            x += size
        y += text.size + 5
    return y + 6


def _line_key(group: Group, x: float, y: float, width: float, color: str, estimate: bool, cue: int) -> None:
    """A line chart's legend key: a short stroke with the series' marker, dashed and hollow for an
    estimate."""
    from reportlab.graphics.shapes import Line

    stroke = _color(color)
    group.add(
        Line(
            x - 3,
            y,
            x + width + 3,
            y,
            strokeColor=stroke,
            strokeWidth=1.6,
            strokeDashArray=[2.5, 1.5] if estimate else None,
        )
    )
    fill = _color("#ffffff") if estimate else stroke
    group.add(_marker(cue, x + width / 2, y, 2.4, fill, stroke))


def _marker(cue: int, x: float, y: float, radius: float, fill, stroke):
    """A line's marker around (x, y): a dot, or by the series' cue a square, triangle or diamond."""
    from reportlab.graphics.shapes import Circle, Polygon

    r = radius
    if cue == 0:
        return Circle(x, y, r, fillColor=fill, strokeColor=stroke, strokeWidth=1)
    points = {
        1: [x - r * 0.9, y - r * 0.9, x + r * 0.9, y - r * 0.9, x + r * 0.9, y + r * 0.9, x - r * 0.9, y + r * 0.9],
        2: [x - r * 1.15, y - r * 0.8, x + r * 1.15, y - r * 0.8, x, y + r * 1.2],
        3: [x, y - r * 1.25, x + r * 1.25, y, x, y + r * 1.25, x - r * 1.25, y],
    }[cue]
    return Polygon(points, fillColor=fill, strokeColor=stroke, strokeWidth=1)


def _swatch(group: Group, x: float, y: float, w: float, h: float, color: str, estimate: bool, cue: int) -> None:
    points = [x, y, x + w, y, x + w, y + h, x, y + h]
    group.add(_hatched(points, color) if estimate else _filled(points, color, cue))


def _filled(points: list[float], color: str, cue: int, outline=None) -> Group:
    """A polygon filled with `color` and, by the series' cue, lined in its pattern; `outline` a
    colour to stroke it in."""
    from reportlab.graphics.shapes import Group, Hatching, Polygon

    shape = Group()
    shape.add(Polygon(points, fillColor=_color(color), strokeColor=None))
    if cue:
        angles = CUE_ANGLES[cue]
        shape.add(
            Hatching(
                spacings=HATCH_SPACING, angles=angles, xyLists=[points], strokeColor=_color(ink(color)), strokeWidth=0.6
            )
        )
    if outline is not None:
        shape.add(Polygon(points, fillColor=None, strokeColor=outline, strokeWidth=DIVIDER))
    return shape


def _hatched(points: list[float], color: str) -> Group:
    """A polygon filled with the tint of `color`, hatched and outlined in `color` (see hatch_color)."""
    from reportlab.graphics.shapes import Group, Hatching, Polygon

    shape = Group()
    edge = hatch_color(color)
    shape.add(Polygon(points, fillColor=_color(tint(color)), strokeColor=None))
    shape.add(
        Hatching(
            spacings=HATCH_SPACING, angles=HATCH_ANGLE, xyLists=[points], strokeColor=_color(edge), strokeWidth=0.6
        )
    )
    shape.add(Polygon(points, fillColor=None, strokeColor=_color(edge), strokeWidth=0.8))
    return shape


def _bar_symbol(draw):
    """A bar widget for reportlab's bar charts: `draw(points)` of the bar's corners in place of a
    plain bar (a hatched estimate, a patterned series)."""
    from reportlab.graphics.widgetbase import Widget

    class Bar(Widget):
        _attrMap = None  # positions are set by the chart

        def __init__(self):
            self.x = self.y = self.width = self.height = 0

        def draw(self):
            x, y, w, h = self.x, self.y, self.width, self.height
            return draw([x, y, x + w, y, x + w, y + h, x, y + h])

    return Bar()


def _value_axis(axis, look: ChartLook, text: _Text) -> None:
    axis.valueMin, axis.valueMax, axis.valueStep = look.axis.low, look.axis.high, look.axis.step
    axis.labelTextFormat = look.tick
    axis.labels.fontName, axis.labels.fontSize = text.font, text.size
    axis.labels.fillColor = _color(look.muted)
    axis.visibleAxis = 0
    axis.visibleTicks = 0
    axis.visibleGrid = 1
    axis.gridStrokeColor = _color(look.grid)
    axis.gridStrokeWidth = 0.5


def _category_axis(axis, names, look: ChartLook, text: _Text, slot: float, vertical: bool) -> float:
    """Category labels, rotated when crowded; returns the room they take across the axis."""
    axis.categoryNames = list(names)
    axis.labels.fontName, axis.labels.fontSize = text.font, text.size
    axis.labels.fillColor = _color(look.text)
    axis.strokeColor = _color(look.muted)
    axis.visibleTicks = 0
    axis.labelAxisMode = "low"  # at the plot's edge, clear of bars below zero
    widest = max(text.width(name) for name in names)
    if vertical:  # wrapped at `slot` points, right-aligned against the axis
        axis.labels.maxWidth = slot
        axis.labels.textAnchor = "end"
        return min(widest, slot) + 6
    if widest > slot * ROTATE_AT:  # upright, and smaller when even upright labels would touch
        size = max(MIN_SIZE, min(text.size, slot / 1.3))
        axis.labels.fontSize = size
        axis.labels.angle = 90
        axis.labels.boxAnchor = "e"
        axis.labels.dy = -4
        return widest * size / text.size + 8
    axis.labels.boxAnchor = "n"
    return text.size + 8


def _axis_title(group: Group, spec: ChartSpec, look: ChartLook, text: _Text, x: float, y: float, vertical: bool):
    from reportlab.graphics.shapes import Group as G
    from reportlab.graphics.shapes import String

    if not spec.unit:
        return
    label = String(
        0, 0, spec.unit, fontName=text.font, fontSize=text.size, fillColor=_color(look.muted), textAnchor="middle"
    )
    holder = G(label)
    holder.transform = (0, 1, -1, 0, x, y) if vertical else (1, 0, 0, 1, x, y)
    group.add(holder)


def _bars(group: Group, spec: ChartSpec, look: ChartLook, text: _Text, width: float, bottom: float, top: float):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart

    horizontal = spec.kind.endswith("bar")
    order = list(range(len(spec.categories)))
    if horizontal:
        order.reverse()  # reportlab puts the first category at the bottom
    names = [spec.categories[i] for i in order]
    ticks = max(text.width(look.tick(v)) for v in look.axis.ticks)
    title_room = text.size + 6 if spec.unit else 0
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    if horizontal:
        left = _category_axis(chart.categoryAxis, names, look, text, width * 0.3, True)
        chart.x, chart.y = left, bottom + title_room + text.size + 6
        chart.width, chart.height = width - left - ticks / 2 - 4, top - chart.y
        row = chart.height / len(names)  # many rows: smaller labels, so neighbours never touch
        chart.categoryAxis.labels.fontSize = max(MIN_SIZE, min(text.size, row / 1.25))
        _axis_title(group, spec, look, text, chart.x + chart.width / 2, bottom + 2, False)
    else:
        left = ticks + 6 + title_room
        slot = (width - left) / len(names)
        below = _category_axis(chart.categoryAxis, names, look, text, slot, False)
        chart.x, chart.y = left, bottom + below
        chart.width, chart.height = width - left - 2, top - chart.y
        _axis_title(group, spec, look, text, text.size, chart.y + chart.height / 2, True)
    _value_axis(chart.valueAxis, look, text)
    if spec.kind.startswith("stacked"):
        chart.categoryAxis.style = "stacked"
    # reportlab fills a group bottom up too: reversed, a bar chart's first series tops it, as in the deck
    lanes = list(range(len(spec.series)))
    if horizontal and not spec.kind.startswith("stacked"):
        lanes.reverse()
    chart.data = [tuple(spec.series[index].values[i] for i in order) for index in lanes]
    chart.barWidth, chart.barSpacing = 10, 1  # relative: a gap between groups of 60 % of a group
    chart.groupSpacing = 6 * (1 if spec.kind.startswith("stacked") else len(spec.series))
    stacked = spec.kind.startswith("stacked")
    divider = _color("#ffffff") if stacked else None  # a white line between a stack's segments
    chart.bars.strokeColor = None
    for lane, index in enumerate(lanes):
        color, cue = look.colors[index], look.cues[index]
        chart.bars[lane].fillColor = _color(color)
        chart.bars[lane].strokeColor = divider
        chart.bars[lane].strokeWidth = DIVIDER
        for column, source in enumerate(order):
            if spec.series[index].estimates[source]:
                chart.bars[(lane, column)].symbol = _bar_symbol(lambda points, c=color: _hatched(points, c))
            elif cue:
                chart.bars[(lane, column)].symbol = _bar_symbol(
                    lambda points, c=color, n=cue: _filled(points, c, n, divider)
                )
    chart.barLabelArray = [
        [look.label_texts[index][source] if look.labels[index][source] else "" for source in order] for index in lanes
    ]
    chart.barLabelFormat = "values"
    labels = chart.barLabels
    labels.fontName, labels.fontSize, labels.fillColor = text.font, text.size, _color(look.text)
    if spec.kind.startswith("stacked"):
        labels.boxTarget = "mid"
        labels.boxAnchor = "c"
    elif horizontal:
        labels.boxAnchor, labels.dx = "w", 3
    else:
        labels.boxAnchor, labels.dy = "s", 2
    for lane, index in enumerate(lanes):
        for column, source in enumerate(order):
            if look.label_colors[index][source] != look.text:  # white inside a dark segment
                chart.barLabels[(lane, column)].fillColor = _color(look.label_colors[index][source])
    group.add(chart.draw())
    return chart


def _line(group: Group, spec: ChartSpec, look: ChartLook, text: _Text, width: float, bottom: float, top: float):
    """reportlab's line chart draws the axes and grid; the series are drawn over it point by point,
    so the segments to an estimate can be dashed and its marker hollow."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart

    chart = HorizontalLineChart()
    ticks = max(text.width(look.tick(v)) for v in look.axis.ticks)
    title_room = text.size + 6 if spec.unit else 0
    left = ticks + 6 + title_room
    slot = (width - left) / len(spec.categories)
    below = _category_axis(chart.categoryAxis, spec.categories, look, text, slot, False)
    chart.x, chart.y = left, bottom + below
    chart.width, chart.height = width - left - 2, top - chart.y
    chart.joinedLines = 1
    _value_axis(chart.valueAxis, look, text)
    chart.data = [series.values for series in spec.series]
    for index in range(len(spec.series)):
        chart.lines[index].strokeColor = None
        chart.lines[index].strokeWidth = 0
    group.add(chart.draw())
    _axis_title(group, spec, look, text, text.size, chart.y + chart.height / 2, True)
    _series_lines(group, spec, look, text, chart._positions)
    return chart


def _series_lines(group: Group, spec: ChartSpec, look: ChartLook, text: _Text, positions) -> None:
    from reportlab.graphics.shapes import Line, String

    radius = 2.4 if len(spec.categories) <= 24 else 1.8
    for index, (series, points) in enumerate(zip(spec.series, positions, strict=True)):
        color = _color(look.colors[index])
        for n in range(1, len(points)):
            dashed = series.estimates[n] or series.estimates[n - 1]
            (x0, y0), (x1, y1) = points[n - 1], points[n]
            group.add(
                Line(x0, y0, x1, y1, strokeColor=color, strokeWidth=1.6, strokeDashArray=DASH if dashed else None)
            )
        for n, (x, y) in enumerate(points):
            fill = _color("#ffffff") if series.estimates[n] else color
            group.add(_marker(look.cues[index], x, y, radius, fill, color))
            if look.labels[index][n]:
                group.add(
                    String(
                        x,
                        y + radius + 3,
                        look.label_texts[index][n],
                        fontName=text.font,
                        fontSize=text.size,
                        fillColor=_color(look.text),
                        textAnchor="middle",
                    )
                )


def _pie(group: Group, spec: ChartSpec, look: ChartLook, text: _Text, width: float, bottom: float, top: float):
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Wedge

    pie = Pie()
    size = min(top - bottom - 2 * (text.size + 10), width * 0.4)
    pie.width = pie.height = size
    pie.x, pie.y = (width - size) / 2, bottom + (top - bottom - size) / 2
    series = spec.series[0]
    pie.data = list(series.values)
    pie.labels = [look.label_texts[0][i] if look.labels[0][i] else "" for i in range(len(series.values))]
    pie.startAngle, pie.direction = 90, "clockwise"
    pie.slices.strokeColor, pie.slices.strokeWidth = _color("#ffffff"), DIVIDER
    pie.slices.fontName, pie.slices.fontSize, pie.slices.fontColor = text.font, text.size, _color(look.text)
    pie.slices.labelRadius = 1.15
    pie.simpleLabels = 1
    for index in range(len(series.values)):
        pie.slices[index].fillColor = _color(look.colors[index])
    drawn = pie.draw()
    wedges = [shape for shape in drawn.contents if isinstance(shape, Wedge)]
    for index, wedge in enumerate(wedges):
        if series.estimates[index]:
            polygon = wedge.asPolygon()
            hatched = _hatched(list(polygon.points), look.colors[index])
            hatched.contents[-1].strokeColor = _color("#ffffff")
            drawn.contents[drawn.contents.index(wedge)] = hatched
        elif look.cues[index]:  # the slice, lined in its pattern, then its white edge again
            points = list(wedge.asPolygon().points)
            patterned = _filled(points, look.colors[index], look.cues[index], _color("#ffffff"))
            drawn.contents[drawn.contents.index(wedge)] = patterned
    group.add(drawn)
    return pie
