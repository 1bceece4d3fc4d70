"""Series colours that stay apart in grey print: a theme's accent, a series count and a chart kind
in, one Swatch (a '#rrggbb' colour and a cue number) per series out.

Every series keeps a hue turned from the accent (the first one the accent's own hue); its
lightness is then set so that its CIELAB lightness L* (from the sRGB relative luminance, Rec. 709
weights) sits on one of a few evenly spaced levels, at least MIN_CONTRAST apart. Levels go to the
series dark, light, middle, ... so neighbouring bar segments and pie slices (the last slice
touches the first) differ by more than the minimum. When a chart has more series than levels fit
into the range, the series are split into groups that share the levels, and each group after the
first carries a cue that survives grey print: a fill pattern for bars and slices, a marker shape
for lines. Two series of one chart thus always differ by MIN_CONTRAST in L* or by their cue.
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass

MIN_CONTRAST = 10.0  # L* between two series' colours that carry the same cue
DARKEST = 22.0  # L* of the darkest series
LIGHTEST = 88.0  # of the lightest bar or slice: still apart from white paper
LIGHTEST_LINE = 66.0  # of the lightest line: a thin stroke needs more contrast with the paper
WIDEST_STEP = 30.0  # few series are spread no further than this
MARGIN = 1.0  # L* kept above MIN_CONTRAST between levels, for the rounding to 8-bit channels
MIN_SATURATION = 0.35
# hue turn in degrees from the accent, per series; repeated past the twelfth
TURNS = (0, 180, 0, 35, 200, 0, 320, 90, 35, 260, 140, 0)
CUES = 4  # cue 0 is none; fills: horizontal, vertical, grid lines; lines: square, triangle, diamond markers


@dataclass(frozen=True)
class Swatch:
    """One series' colour ('#rrggbb') and cue (0: a plain fill or round marker; 1, 2, ...: the
    first, second, ... pattern or marker shape)."""

    color: str
    cue: int


def series_swatches(accent: str, count: int, line: bool = False) -> tuple[Swatch, ...]:
    """`count` swatches from `accent`, for a line chart's strokes when `line`, else for fills."""
    if count <= 0:
        return ()
    lightest = LIGHTEST_LINE if line else LIGHTEST
    levels = min(count, int((lightest - DARKEST) / (MIN_CONTRAST + MARGIN) + 1e-9) + 1)
    groups = math.ceil(count / levels)
    # past CUES groups (a pie of many slices) the looks repeat, CUES x levels series apart
    per_group = math.ceil(count / groups) if groups <= CUES else levels
    step = min(WIDEST_STEP, (lightest - DARKEST) / (per_group - 1)) if per_group > 1 else 0.0
    ranks = _spread(per_group)
    hue, _, saturation = colorsys.rgb_to_hls(*rgb(accent))
    saturation = max(saturation, MIN_SATURATION)
    swatches = []
    for index in range(count):
        target = DARKEST + step * ranks[index % per_group]
        turn = TURNS[index % len(TURNS)] / 360
        swatches.append(Swatch(_at_lightness((hue + turn) % 1.0, saturation, target), index // per_group % CUES))
    first, last = swatches[0], swatches[-1]
    alike = abs(lightness(first.color) - lightness(last.color)) < MIN_CONTRAST and first.cue == last.cue
    if count > 2 and alike:  # a pie's last slice, beside the first, looking like it
        swatches[-1] = Swatch(swatches[-1].color, (swatches[-1].cue + 1) % CUES)
    return tuple(swatches)


def _spread(count: int) -> tuple[int, ...]:
    """Level ranks 0..count-1 in the order the series take them: the darkest first, then one
    about half the range away, and so on, so that neighbours (the last and the first too) differ
    by about half the range."""
    half = math.ceil(count / 2)
    ranks = []
    for n in range(half):
        ranks.append(n)
        if n + half < count:
            ranks.append(n + half)
    return tuple(ranks)


def lightness(color: str) -> float:
    """CIELAB L* (0 black to 100 white) of '#rrggbb': how light it prints in grey."""
    red, green, blue = (_linear(channel) for channel in rgb(color))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    if luminance > (6 / 29) ** 3:
        return 116 * luminance ** (1 / 3) - 16
    return luminance * (29 / 3) ** 3


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _at_lightness(hue: float, saturation: float, target: float) -> str:
    """The colour of `hue` and HLS `saturation` whose L* is nearest `target` (L* grows with HLS
    lightness, so a bisection finds it)."""
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        if lightness(hex_color(colorsys.hls_to_rgb(hue, middle, saturation))) < target:
            low = middle
        else:
            high = middle
    candidates = {hex_color(colorsys.hls_to_rgb(hue, value, saturation)) for value in (low, high)}
    return min(sorted(candidates), key=lambda color: abs(lightness(color) - target))


def ink(color: str) -> str:
    """The colour a pattern's lines take over a fill of `color`: white over a dark fill, a deep
    shade of the same hue over a light one."""
    if lightness(color) < 55:
        return "#ffffff"
    return hex_color(tuple(channel * 0.45 for channel in rgb(color)))


def rgb(color: str) -> tuple[float, float, float]:
    """'#rrggbb' as three channels from 0 to 1."""
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))


def hex_color(channels) -> str:
    """Three channels from 0 to 1 (clipped) as '#rrggbb'."""
    return "#" + "".join(f"{round(min(max(x, 0.0), 1.0) * 255):02x}" for x in channels)
