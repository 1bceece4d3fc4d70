"""The look of a chart, decided once for every output: a ChartSpec and the Theme in, a ChartLook out.

The report, the deck and the figure export all draw from the same ChartLook, so they agree on
the series colours and cues (from the theme's accent, apart in grey print: see palette.py), the
estimate styling (a lighter tint of the colour, hatched and outlined in the colour or, when that is
light, a deeper shade of it), which data labels
are shown and how numbers read, and the value axis (the same bounds and steps everywhere).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..model import ChartSpec
from ..theme import Theme
from .palette import hex_color, lightness, rgb, series_swatches

ESTIMATE_TINT = 0.6  # share of white in an estimate's fill
HATCH_LIGHTEST = 60.0  # L*: a series colour lighter than this hatches its estimates in a deeper shade
ESTIMATE_LABEL = "Estimate"
SHORT_UNIT = 4  # a unit this short ("%", "$bn") follows every data label
LABEL_LIMIT = {"column": 24, "bar": 24, "stacked-column": 24, "stacked-bar": 24, "line": 24, "pie": 12}
MIN_SHARE = 0.06  # of the value axis (or of a pie): a smaller bar segment or slice gets no label


@dataclass(frozen=True)
class Axis:
    """The value axis: from `low` to `high` in steps of `step`; `decimals` for its tick labels."""

    low: float
    high: float
    step: float
    decimals: int

    @property
    def ticks(self) -> tuple[float, ...]:
        count = round((self.high - self.low) / self.step)
        return tuple(round(self.low + n * self.step, 10) for n in range(count + 1))


@dataclass(frozen=True)
class ChartLook:
    """Everything the drawers share; colours are '#rrggbb'. For a pie, colours go per category."""

    colors: tuple[str, ...]
    cues: tuple[int, ...]  # per colour: 0 none, else a pattern (bars, slices) or marker shape (lines)
    tints: tuple[str, ...]  # the lighter fill of an estimate, per colour
    labels: tuple[tuple[bool, ...], ...]  # per series, per category: draw its data label
    label_texts: tuple[tuple[str, ...], ...]
    label_colors: tuple[tuple[str, ...], ...]  # white inside a dark bar segment, else the text colour
    decimals: int  # of the data labels
    suffix: str  # after every data label: a short unit or '%'
    axis: Axis | None  # None for a pie
    text: str
    muted: str
    grid: str
    legend: bool  # a legend of the series (or of a pie's slices)
    font: Path  # the font file every text of the chart is set in

    def tick(self, value: float) -> str:
        return number(value, self.axis.decimals if self.axis else 0)

    @property
    def excel_format(self) -> str:
        """The same number form for PowerPoint and its workbook."""
        places = "." + "0" * self.decimals if self.decimals else ""
        suffix = f'"{self.suffix}"' if self.suffix else ""
        return f"#,##0{places}{suffix}"

    def tick_format(self) -> str:
        places = "." + "0" * self.axis.decimals if self.axis and self.axis.decimals else ""
        return f"#,##0{places}"


def chart_look(spec: ChartSpec, theme: Theme) -> ChartLook:
    """The shared look of `spec` under `theme`."""
    count = len(spec.categories) if spec.kind == "pie" else len(spec.series)
    swatches = series_swatches(theme.colors.accent, count, line=spec.kind == "line")
    colors = tuple(swatch.color for swatch in swatches)
    tints = tuple(tint(color) for color in colors)
    decimals = max((_decimals(text) for series in spec.series for text in series.texts), default=0)
    percent = any(text.endswith("%") for series in spec.series for text in series.texts)
    unit = (spec.unit or "").strip()
    suffix = "%" if percent or unit == "%" else (unit if 0 < len(unit) <= SHORT_UNIT else "")
    axis = None if spec.kind == "pie" else _axis(spec, room=not _crowded(spec))
    texts = tuple(tuple(number(value, decimals) + suffix for value in series.values) for series in spec.series)
    inside = spec.kind.startswith("stacked")
    label_colors = tuple(
        tuple(
            "#ffffff" if inside and dark(colors[index]) and not estimate else theme.colors.text
            for estimate in series.estimates
        )
        for index, series in enumerate(spec.series)
    )
    return ChartLook(
        colors,
        tuple(swatch.cue for swatch in swatches),
        tints,
        _labels(spec, axis),
        texts,
        label_colors,
        decimals,
        suffix,
        axis,
        theme.colors.text,
        theme.colors.muted,
        theme.colors.rule,
        legend=spec.kind == "pie" or len(spec.series) > 1,
        font=chart_font(spec, theme),
    )


def chart_font(spec: ChartSpec, theme: Theme) -> Path:
    """The theme's heading font, or where it lacks a character of the chart's text the first
    fallback font that draws all of it: chart labels are set in one font, not cut into runs."""
    from ..fonts import drawable, fallback_files, family_files

    primary = family_files(theme.fonts.heading)["regular"]
    texts = [spec.caption or "", spec.unit or "", spec.source or "", ESTIMATE_LABEL, "Source: 0123456789,.%-"]
    texts += [*spec.categories, *(series.name for series in spec.series)]
    wanted = set("".join(texts))
    for candidate in (primary, *fallback_files()):
        if drawable(candidate).issuperset(wanted):
            return candidate
    return primary


def number(value: float, decimals: int) -> str:
    """A value as data labels and ticks print it: thousands separators, fixed decimals."""
    return f"{value:,.{decimals}f}"


def dark(color: str) -> bool:
    """True when white text reads better than dark text on `color`."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def tint(color: str) -> str:
    """The lighter fill an estimate gets in place of `color`."""
    return _mix(color, "#ffffff", ESTIMATE_TINT)


def hatch_color(color: str) -> str:
    """The colour an estimate's hatching and outline take: `color`, or for a light colour a deep
    shade of it, so the hatching still shows on the tint."""
    return color if lightness(color) <= HATCH_LIGHTEST else _mix(color, "#000000", 0.45)


def _mix(color: str, other: str, share: float) -> str:
    a, b = rgb(color), rgb(other)
    return hex_color(tuple(x * (1 - share) + y * share for x, y in zip(a, b, strict=True)))


def _decimals(text: str) -> int:
    number = text.rstrip("%")
    return len(number.split(".", 1)[1]) if "." in number else 0


def _axis(spec: ChartSpec, room: bool) -> Axis:
    """Round bounds that hold every value (stacked: every total) and zero, in about five steps;
    with `room`, a step above a highest value that meets the top, for its data label."""
    if spec.kind.startswith("stacked"):
        columns = list(zip(*(series.values for series in spec.series), strict=True))
        highs = [sum(v for v in column if v > 0) for column in columns]
        lows = [sum(v for v in column if v < 0) for column in columns]
    else:
        highs = lows = [v for series in spec.series for v in series.values]
    low, high = min(0.0, min(lows)), max(0.0, max(highs))
    if high == low:
        high = low + 1.0
    step = _nice((high - low) / 5)
    low = math.floor(low / step + 1e-9) * step
    high = math.ceil(high / step - 1e-9) * step
    if room and high == max(highs) and high > 0:
        high += step
    return Axis(low, high, step, _decimals(f"{step:.10g}"))


def _nice(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power


def _crowded(spec: ChartSpec) -> bool:
    """Too many values for data labels."""
    points = len(spec.categories) * len(spec.series)
    return points > LABEL_LIMIT[spec.kind] or (spec.kind == "line" and len(spec.series) > 2)


def _labels(spec: ChartSpec, axis: Axis | None) -> tuple[tuple[bool, ...], ...]:
    """Which values get a data label: all of them when few enough, none of a crowded chart,
    and no bar segment or slice too small to hold one."""
    if _crowded(spec):
        return tuple((False,) * len(spec.categories) for _ in spec.series)
    if spec.kind == "pie":
        total = sum(spec.series[0].values)
        return (tuple(value / total >= MIN_SHARE for value in spec.series[0].values),)
    span = axis.high - axis.low if axis else 1.0
    stacked = spec.kind.startswith("stacked")
    return tuple(
        tuple(value != 0 and (not stacked or abs(value) / span >= MIN_SHARE) for value in series.values)
        for series in spec.series
    )
