"""Chart export: a ChartSpec and its ChartLook in, PNG (200 dpi) or SVG bytes out, via matplotlib.

The same look as the report and the deck: the shared colours and cues (hatch patterns, marker
shapes), white lines between stacked segments and slices, value axis and data labels, the
theme's heading font, estimates in the lighter tint, hatched and outlined (a line's estimated
points hollow and the segments to them dashed), a legend with an "Estimate" entry, the caption
above and the source line below. Text stays text in SVG. The bytes are deterministic: no dates,
no software tag, a fixed SVG id salt.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..fonts import family_name
from .palette import ink
from .style import ESTIMATE_LABEL, ChartLook, hatch_color, tint

if TYPE_CHECKING:
    from ..model import ChartSpec

PNG_DPI = 200
FORMATS = ("png", "svg")
HATCH = "////"
PATTERNS = {1: "---", 2: "|||", 3: "+++"}  # a series' cue: horizontal, vertical, grid lines
MARKERS = {0: "o", 1: "s", 2: "^", 3: "D"}  # a line's cue: dot, square, triangle, diamond
DIVIDER = 0.75  # points: the white line between a stack's segments and between slices
SIZE = (8.0, 4.8)  # inches


def export_chart(spec: ChartSpec, look: ChartLook, fmt: str) -> bytes:
    """The chart as `fmt` ("png" at PNG_DPI dots per inch, or "svg" with text kept as text)."""
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(family=family_name(look.font), fname=str(look.font), size=9)
    settings = {"svg.fonttype": "none", "svg.hashsalt": "briefkit", "hatch.linewidth": 0.8}
    with matplotlib.rc_context(settings):
        height = SIZE[1] if not spec.kind.endswith("bar") else max(3.2, 1.6 + 0.45 * len(spec.categories))
        figure = Figure(figsize=(SIZE[0], height), layout="constrained")
        axes = figure.add_subplot()
        if spec.kind == "pie":
            _pie(axes, spec, look, font)
        elif spec.kind == "line":
            _line(axes, spec, look, font)
        else:
            _bars(axes, spec, look, font)
        if spec.kind != "pie":
            _axes(axes, spec, look, font)
        _legend(figure, axes, spec, look, font)
        if spec.caption:
            figure.suptitle(spec.caption, fontproperties=font, fontsize=12, color=look.text, x=0.01, ha="left")
        if spec.source:
            figure.supxlabel(
                f"Source: {spec.source}", fontproperties=font, fontsize=8, color=look.muted, x=0.01, ha="left"
            )
        buffer = io.BytesIO()
        if fmt == "png":
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        else:
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _style(look: ChartLook, index: int, estimate: bool, divided: bool = False) -> dict:
    """A bar's or slice's patch style: the series colour, lined in its pattern when it has a cue,
    with a white edge when `divided`; an estimate the tint hatched and outlined in the colour."""
    color = look.colors[index]
    if estimate:
        edge = hatch_color(color)
        return {"facecolor": tint(color), "edgecolor": edge, "hatch": HATCH, "hatchcolor": edge, "linewidth": 0.8}
    cue = look.cues[index]
    edge = {"edgecolor": "#ffffff", "linewidth": DIVIDER} if divided else {"edgecolor": color, "linewidth": 0}
    if cue:
        return {"facecolor": color, "hatch": PATTERNS[cue], "hatchcolor": ink(color), **edge}
    return {"facecolor": color, **edge}


def _bars(axes, spec: ChartSpec, look: ChartLook, font) -> None:
    horizontal = spec.kind.endswith("bar")
    stacked = spec.kind.startswith("stacked")
    count, series_count = len(spec.categories), len(spec.series)
    width = 0.62 if stacked else 0.62 / series_count
    base_up, base_down = [0.0] * count, [0.0] * count
    for index, series in enumerate(spec.series):
        for n, value in enumerate(series.values):
            if stacked:
                position, base = n, base_up[n] if value >= 0 else base_down[n]
            else:
                position, base = n - 0.31 + width * (index + 0.5), 0.0
            style = _style(look, index, series.estimates[n], divided=stacked)
            if horizontal:
                bar = axes.barh(position, value, height=width, left=base, zorder=2, **style)
            else:
                bar = axes.bar(position, value, width=width, bottom=base, zorder=2, **style)
            if look.labels[index][n]:
                color = look.label_colors[index][n]
                kind = "center" if stacked else "edge"
                axes.bar_label(
                    bar,
                    labels=[look.label_texts[index][n]],
                    label_type=kind,
                    padding=0 if stacked else 2,
                    fontproperties=font,
                    color=color,
                )
            if stacked:
                if value >= 0:
                    base_up[n] += value
                else:
                    base_down[n] += value
    ticks = range(count)
    if horizontal:
        axes.set_yticks(ticks, spec.categories, fontproperties=font)
        axes.invert_yaxis()  # the table's first row at the top
    else:
        axes.set_xticks(ticks, spec.categories, fontproperties=font)


def _line(axes, spec: ChartSpec, look: ChartLook, font) -> None:
    xs = range(len(spec.categories))
    for index, series in enumerate(spec.series):
        color, marker = look.colors[index], MARKERS[look.cues[index]]
        for n in range(1, len(series.values)):
            dashed = series.estimates[n] or series.estimates[n - 1]
            axes.plot(
                [n - 1, n],
                series.values[n - 1 : n + 1],
                color=color,
                linewidth=1.8,
                zorder=2,
                linestyle=(0, (4, 2.5)) if dashed else "solid",
            )
        for n, value in enumerate(series.values):
            face = "#ffffff" if series.estimates[n] else color
            axes.plot(
                [n],
                [value],
                marker=marker,
                markersize=4.5,
                markerfacecolor=face,
                markeredgecolor=color,
                linestyle="none",
                zorder=3,
            )
            if look.labels[index][n]:
                axes.annotate(
                    look.label_texts[index][n],
                    (n, value),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontproperties=font,
                    color=look.text,
                )
    axes.set_xticks(list(xs), spec.categories, fontproperties=font)
    axes.set_xlim(-0.5, len(spec.categories) - 0.5)


def _pie(axes, spec: ChartSpec, look: ChartLook, font) -> None:
    series = spec.series[0]
    wedges, _ = axes.pie(
        series.values, startangle=90, counterclock=False, wedgeprops={"linewidth": DIVIDER, "edgecolor": "#ffffff"}
    )
    for n, wedge in enumerate(wedges):
        style = _style(look, n, series.estimates[n])
        wedge.set_facecolor(style["facecolor"])
        if "hatch" in style:
            wedge.set_hatch(style["hatch"])
            wedge.set_hatchcolor(style["hatchcolor"])
        if series.estimates[n]:
            wedge.set_edgecolor(style["edgecolor"])
        if look.labels[0][n]:
            import math

            angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
            axes.text(
                1.15 * math.cos(angle),
                1.15 * math.sin(angle),
                look.label_texts[0][n],
                ha="center",
                va="center",
                fontproperties=font,
                color=look.text,
            )
    axes.set_aspect("equal")


def _axes(axes, spec: ChartSpec, look: ChartLook, font) -> None:
    axis = look.axis
    horizontal = spec.kind.endswith("bar")
    value_axis = axes.xaxis if horizontal else axes.yaxis
    (axes.set_xlim if horizontal else axes.set_ylim)(axis.low, axis.high)
    value_axis.set_ticks(list(axis.ticks), [look.tick(v) for v in axis.ticks], fontproperties=font)
    axes.grid(True, axis="x" if horizontal else "y", color=look.grid, linewidth=0.6, zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left" if not horizontal else "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom" if not horizontal else "left"].set_color(look.muted)
    axes.tick_params(length=0, colors=look.text)
    axes.tick_params(axis="x" if horizontal else "y", colors=look.muted)
    labels = axes.get_yticklabels() if horizontal else axes.get_xticklabels()
    if not horizontal and len(spec.categories) * max(len(c) for c in spec.categories) > 90:
        for label in labels:
            label.set_rotation(90)
    if spec.unit:
        setter = axes.set_xlabel if horizontal else axes.set_ylabel
        setter(spec.unit, fontproperties=font, color=look.muted)


def _legend(figure, axes, spec: ChartSpec, look: ChartLook, font) -> None:
    """Series (or slices) and the estimate key: swatches for bars and slices, lines for a line chart."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def line(label: str, color: str, estimate: bool, cue: int = 0) -> Line2D:
        return Line2D(
            [],
            [],
            color=color,
            linewidth=1.8,
            linestyle=(0, (4, 2.5)) if estimate else "solid",
            marker=MARKERS[cue],
            markersize=4.5,
            markerfacecolor="#ffffff" if estimate else color,
            label=label,
        )

    handles = []
    if look.legend:
        if spec.kind == "pie":
            handles = [Patch(label=name, **_style(look, n, False)) for n, name in enumerate(spec.categories)]
        elif spec.kind == "line":
            handles = [line(s.name, look.colors[n], s.estimated, look.cues[n]) for n, s in enumerate(spec.series)]
        else:
            handles = [Patch(label=s.name, **_style(look, n, s.estimated)) for n, s in enumerate(spec.series)]
    if spec.has_estimates:
        muted = look.muted
        if spec.kind == "line":
            handles.append(line(ESTIMATE_LABEL, muted, True))
        else:
            key = Patch(label=ESTIMATE_LABEL, facecolor=tint(muted), edgecolor=muted, hatch=HATCH, linewidth=0.8)
            handles.append(key)
    if handles:
        figure.legend(
            handles=handles,
            loc="outside lower center",
            ncols=min(len(handles), 6),
            frameon=False,
            prop=font,
            labelcolor=look.text,
            handlelength=3 if spec.kind == "line" else 2,  # room for a dash to show
        )
