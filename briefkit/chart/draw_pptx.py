"""The deck's chart: a ChartSpec and its ChartLook in, a native PowerPoint chart on a slide out.

The chart is python-pptx's own (`add_chart`), its data embedded as a workbook, so PowerPoint's
"Edit Data" opens the table the brief gave. Styling follows the shared look: series colours and
cues (a pattern fill, a marker shape), white lines between stacked segments and slices, the
theme's heading font, data labels where the look shows them, the value axis bounds and steps,
an axis title from the unit, and every estimated value filled with a lighter, hatched pattern
point by point (a line's estimated points hollow and the segments to them dashed). The workbook
is rewritten with fixed dates, so the same inputs give the same bytes. Points in, EMU only here.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import TYPE_CHECKING

from .style import ChartLook

if TYPE_CHECKING:
    from ..model import ChartSpec

TICK_SIZE = 14.0
LABEL_SIZE = 13.0
LEGEND_SIZE = 14.0
LINE_WIDTH = 2.5
MARKER_SIZE = 8
DIVIDER = 0.75  # points: the white line between a stack's segments and between slices
# a series' cue: the pattern of a bar's or slice's fill, the shape of a line's markers
PATTERNS = {1: "HORIZONTAL", 2: "VERTICAL", 3: "CROSS"}  # thin lines: the fill stays the colour
MARKERS = {0: "CIRCLE", 1: "SQUARE", 2: "TRIANGLE", 3: "DIAMOND"}
_KINDS = {
    "column": "COLUMN_CLUSTERED",
    "bar": "BAR_CLUSTERED",
    "stacked-column": "COLUMN_STACKED",
    "stacked-bar": "BAR_STACKED",
    "line": "LINE_MARKERS",
    "pie": "PIE",
}


def add_chart(slide, spec: ChartSpec, look: ChartLook, box, when: datetime.datetime):
    """Draw the chart into `box` (left, top, width, height in points); returns the graphic frame."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    from ..fonts import family_name

    data = CategoryChartData(number_format=look.excel_format)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    left, top, width, height = box
    kind = getattr(XL_CHART_TYPE, _KINDS[spec.kind])
    frame = slide.shapes.add_chart(kind, Pt(left), Pt(top), Pt(width), Pt(height), data)
    frame.name = f"Chart: {spec.caption or spec.category_title}"
    chart = frame.chart
    chart.font.name = family_name(look.font)
    chart.font.size = Pt(TICK_SIZE)
    chart.font.color.rgb = _rgb(look.text)
    chart.has_title = False
    chart.has_legend = look.legend
    if look.legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(LEGEND_SIZE)
    plot = chart.plots[0]
    if spec.kind == "pie":
        plot.vary_by_categories = True
    else:
        _axes(chart, spec, look)
        if spec.kind != "line":
            plot.gap_width = 60
            plot.overlap = 100 if spec.kind.startswith("stacked") else 0
    for index, series in enumerate(spec.series):
        _style_series(plot.series[index], index, series, spec, look)
    _labels(plot, spec, look)
    _axis_ids(chart)
    _stable_workbook(chart, when)
    return frame


def _axis_ids(chart) -> None:
    """Each axis id renumbered 1, 2, ... in document order, so it is valid and every reader holds it.

    python-pptx's chart templates carry negative ids, which the schema rejects (it types them
    unsigned); read as unsigned they pass 2**31 - 1, beyond the signed 32-bit number readers
    such as LibreOffice keep an id in, and there both axes fall on one id: the value axis's title,
    gridlines and crossing then show on the category axis too.
    """
    from pptx.oxml.ns import qn

    ids: dict[str, str] = {}
    for element in chart._chartSpace.iter(qn("c:axId"), qn("c:crossAx")):
        element.set("val", ids.setdefault(element.get("val"), str(len(ids) + 1)))


def _axes(chart, spec: ChartSpec, look: ChartLook) -> None:
    from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    axis, values, categories = look.axis, chart.value_axis, chart.category_axis
    values.minimum_scale, values.maximum_scale, values.major_unit = axis.low, axis.high, axis.step
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb(look.grid)
    values.major_gridlines.format.line.width = Pt(0.75)
    values.format.line.fill.background()
    values.major_tick_mark = XL_TICK_MARK.NONE
    values.tick_labels.number_format = look.tick_format()
    values.tick_labels.number_format_is_linked = False
    values.tick_labels.font.color.rgb = _rgb(look.muted)
    categories.format.line.color.rgb = _rgb(look.muted)
    categories.major_tick_mark = XL_TICK_MARK.NONE
    categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if spec.kind.endswith("bar"):
        categories.reverse_order = True  # the table's first row at the top, as it reads
        # and the value axis still at the bottom: it crosses the categories at their last one
        # (python-pptx sets only where the other axis crosses a value axis)
        values._element.find(qn("c:crosses")).set("val", "max")
    if spec.unit:
        values.has_title = True
        title = values.axis_title.text_frame
        title.text = spec.unit
        font = title.paragraphs[0].runs[0].font
        font.size, font.bold, font.color.rgb = Pt(TICK_SIZE), False, _rgb(look.muted)


def _style_series(target, index: int, series, spec: ChartSpec, look: ChartLook) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE
    from pptx.util import Pt

    if spec.kind == "pie":
        for point_index, estimate in enumerate(series.estimates):
            line = target.points[point_index].format.line
            _fill(target.points[point_index].format, point_index, estimate, look)
            line.color.rgb, line.width = _rgb("#ffffff"), Pt(DIVIDER)
        return
    if spec.kind == "line":
        color = _rgb(look.colors[index])
        shape = getattr(XL_MARKER_STYLE, MARKERS[look.cues[index]])
        target.smooth = False
        target.format.line.color.rgb = color
        target.format.line.width = Pt(LINE_WIDTH)
        target.marker.style = shape
        target.marker.size = MARKER_SIZE
        _marker(target.marker, index, False, look)
        for point_index, estimate in enumerate(series.estimates):
            previous = point_index > 0 and series.estimates[point_index - 1]
            if estimate or previous:  # a segment touching an estimate is dashed
                point = target.points[point_index]
                point.format.line.color.rgb = color
                point.format.line.width = Pt(LINE_WIDTH)
                point.format.line.dash_style = _dash()
                point.marker.style = shape
                point.marker.size = MARKER_SIZE
                _marker(point.marker, index, estimate, look)
        return
    _fill(target.format, index, series.estimated, look)
    if spec.kind.startswith("stacked") and not series.estimated:  # white between a stack's segments
        target.format.line.color.rgb, target.format.line.width = _rgb("#ffffff"), Pt(DIVIDER)
    target.invert_if_negative = False
    for point_index, estimate in enumerate(series.estimates):
        if estimate and not series.estimated:
            _fill(target.points[point_index].format, index, True, look)


def _fill(fmt, index: int, estimate: bool, look: ChartLook, color: str | None = None) -> None:
    """A solid fill in the series colour, lined in the series' pattern when it has a cue, or for
    an estimate the colour's tint hatched in the colour."""
    from pptx.enum.dml import MSO_PATTERN
    from pptx.util import Pt

    from .palette import ink
    from .style import hatch_color, tint

    cue = 0 if color else look.cues[index]  # a colour given is the estimate key's
    base = color or look.colors[index]
    color = _rgb(base)
    if estimate:
        fmt.fill.patterned()
        fmt.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fmt.fill.fore_color.rgb = _rgb(hatch_color(base))
        fmt.fill.back_color.rgb = _rgb(tint(base))
        fmt.line.color.rgb = _rgb(hatch_color(base))
        fmt.line.width = Pt(1.25)
    elif cue:
        fmt.fill.patterned()
        fmt.fill.pattern = getattr(MSO_PATTERN, PATTERNS[cue])
        fmt.fill.fore_color.rgb = _rgb(ink(base))
        fmt.fill.back_color.rgb = color
    else:
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = color


def _marker(marker, index: int, estimate: bool, look: ChartLook) -> None:
    """A filled dot, or for an estimate a hollow one: white inside, the series colour around."""
    from pptx.util import Pt

    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = _rgb("#ffffff" if estimate else look.colors[index])
    marker.format.line.color.rgb = _rgb(look.colors[index])
    marker.format.line.width = Pt(1.5)


def _dash():
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    return MSO_LINE_DASH_STYLE.DASH


def _labels(plot, spec: ChartSpec, look: ChartLook) -> None:
    """Data labels on the values the look labels; the others' labels are deleted one by one."""
    from pptx.enum.chart import XL_LABEL_POSITION
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    if not any(any(row) for row in look.labels):
        return
    positions = {
        "column": XL_LABEL_POSITION.OUTSIDE_END,
        "bar": XL_LABEL_POSITION.OUTSIDE_END,
        "stacked-column": XL_LABEL_POSITION.CENTER,
        "stacked-bar": XL_LABEL_POSITION.CENTER,
        "line": XL_LABEL_POSITION.ABOVE,
        "pie": XL_LABEL_POSITION.OUTSIDE_END,
    }
    for index, series in enumerate(plot.series):
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = look.excel_format
        labels.number_format_is_linked = False
        labels.position = positions[spec.kind]
        labels.font.size = Pt(LABEL_SIZE)
        labels.font.color.rgb = _rgb(look.text)
        for point_index, shown in enumerate(look.labels[index]):
            if not shown:
                label = series.points[point_index].data_label._get_or_add_dLbl()
                for child in list(label):
                    if child.tag != qn("c:idx"):
                        label.remove(child)
                label.append(label.makeelement(qn("c:delete"), {"val": "1"}))
            elif look.label_colors[index][point_index] != look.text:  # white inside a dark segment
                font = series.points[point_index].data_label.font
                font.size = Pt(LABEL_SIZE)
                font.color.rgb = _rgb(look.label_colors[index][point_index])


def _stable_workbook(chart, when: datetime.datetime) -> None:
    """The embedded workbook again, its creation date and zip entries fixed at `when`."""
    workbook = chart.part.chart_workbook
    source = zipfile.ZipFile(io.BytesIO(workbook.xlsx_part.blob))
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    created = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + created.encode(), data)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    workbook.update_from_xlsx_blob(out.getvalue())


def estimate_swatch(slide, box, look: ChartLook, kind: str) -> None:
    """The key to estimates in the muted colour: a small rectangle hatched like an estimated bar,
    or for a line chart a dashed stroke through a hollow dot."""
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Pt

    left, top, width, height = box
    if kind == "line":
        middle = top + height / 2
        stroke = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(left), Pt(middle), Pt(left + width), Pt(middle))
        stroke.name = "Estimate key"
        stroke.line.color.rgb = _rgb(look.muted)
        stroke.line.width = Pt(LINE_WIDTH)
        stroke.line.dash_style = _dash()
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, Pt(left + width / 2 - 4), Pt(middle - 4), Pt(8), Pt(8))
        dot.name = "Estimate key dot"
        dot.shadow.inherit = False
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb("#ffffff")
        dot.line.color.rgb = _rgb(look.muted)
        dot.line.width = Pt(1.5)
        return
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(height))
    shape.name = "Estimate key"
    shape.shadow.inherit = False
    _fill(shape, 0, True, look, look.muted)


def _rgb(color: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#"))
