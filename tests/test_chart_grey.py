"""Charts printed in grey: every two series of one chart print as different greys, or carry
different cues (a pattern on bars and slices, a marker shape on lines), in every output.

The lightness is CIELAB L* computed here from the sRGB relative luminance (Rec. 709 weights), not
by the code under test. A property test covers any accent a theme may give and any series count;
the outputs tests read the colours the deck's chart XML holds and the greys pdftoppm prints from
the report's drawing of a chart.
"""

from __future__ import annotations

import colorsys
import dataclasses
import itertools
import math
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from pptx import Presentation
from pptx.oxml.ns import qn

from briefkit.chart.style import chart_look
from briefkit.model import CHART_KINDS, ChartSeries, ChartSpec
from briefkit.pipeline import build
from briefkit.read import read_document
from briefkit.theme import load_theme

THEME = load_theme(None, Path("brief.md"))
MIN_L = 10.0  # CIELAB L* between two series' colours without another cue
MIN_GREY = 20  # of 255: two series' greys as pdftoppm prints them
ACCENTS = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")


def lightness(color: str) -> float:
    """CIELAB L* of '#rrggbb'."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 116 * y ** (1 / 3) - 16 if y > (6 / 29) ** 3 else y * (29 / 3) ** 3


def spec_of(kind: str, count: int, estimates: bool = False) -> ChartSpec:
    """A chart of `count` series (a pie: `count` slices), values 1, 2, ..."""
    rows = count if kind == "pie" else 3
    columns = 1 if kind == "pie" else count
    series = tuple(
        ChartSeries(
            f"s{i}",
            tuple(float(n + i + 1) for n in range(rows)),
            tuple(f"{n + i + 1}" for n in range(rows)),
            tuple(estimates and n == 1 for n in range(rows)),
        )
        for i in range(columns)
    )
    return ChartSpec(kind, "A chart", None, None, "Category", tuple(f"c{n}" for n in range(rows)), series, 1)


def themed(accent: str):
    return dataclasses.replace(THEME, colors=dataclasses.replace(THEME.colors, accent=accent))


@settings(max_examples=300, deadline=None)
@given(ACCENTS, st.sampled_from(CHART_KINDS), st.integers(2, 5))
def test_up_to_five_series_differ_in_grey_by_their_lightness_alone(accent, kind, count):
    look = chart_look(spec_of(kind, count), themed(accent))
    for a, b in itertools.combinations(look.colors, 2):
        assert abs(lightness(a) - lightness(b)) >= MIN_L, (a, b, look.colors)


@settings(max_examples=300, deadline=None)
@given(ACCENTS, st.sampled_from(CHART_KINDS), st.integers(1, 12))
def test_any_two_series_differ_in_lightness_or_carry_different_cues(accent, kind, count):
    look = chart_look(spec_of(kind, count), themed(accent))
    assert len(look.colors) == len(look.cues) == count
    for (a, cue_a), (b, cue_b) in itertools.combinations(zip(look.colors, look.cues, strict=True), 2):
        assert cue_a != cue_b or abs(lightness(a) - lightness(b)) >= MIN_L, (a, b, look.colors, look.cues)


@settings(max_examples=200, deadline=None)
@given(ACCENTS)
def test_the_first_series_keeps_the_accents_hue(accent):
    hue, light, saturation = colorsys.rgb_to_hls(*(int(accent[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    if saturation < 0.3 or not 0.2 < light < 0.8:
        return  # a near-grey's hue is not a hue one sees
    first = chart_look(spec_of("column", 3), themed(accent)).colors[0]
    drawn = colorsys.rgb_to_hls(*(int(first[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    assert min(abs(drawn - hue), 1 - abs(drawn - hue)) < 0.03, (accent, first)


@settings(max_examples=200, deadline=None)
@given(ACCENTS, st.integers(1, 12))
def test_an_estimate_is_lighter_than_its_series_and_its_hatching_shows_on_it(accent, count):
    from briefkit.chart.style import hatch_color

    look = chart_look(spec_of("column", count, estimates=True), themed(accent))
    for color, tint in zip(look.colors, look.tints, strict=True):
        assert lightness(tint) > lightness(color)
        assert lightness(tint) - lightness(hatch_color(color)) >= 20, (color, tint, hatch_color(color))


def _rows(count: int, kind: str) -> str:
    if kind == "pie":
        lines = [f"| Slice {n + 1} | {12 - n} |" for n in range(count)]
        return "| Item | Share |\n|--|--|\n" + "\n".join(lines)
    names = " | ".join(f"Series {n + 1}" for n in range(count))
    rows = "\n".join(
        f"| Row {r + 1} | " + " | ".join(str(3 + (n + r) % 4) for n in range(count)) + " |" for r in range(3)
    )
    return f"| Row | {names} |\n|--|{'--|' * count}\n{rows}"


def _block(kind: str, count: int) -> str:
    return f"# {kind} {count}\n\n```chart\ntype: {kind}\ncaption: {kind} of {count}\n\n{_rows(count, kind)}\n```\n"


STRESS = """\
# Trade by route

```chart
type: stacked-bar
caption: Declared trade by route
unit: USD million

| Route | Rail | Sea | Road |
|-------|------|-----|------|
| Tumangang–Khasan | 120 | 0 | 4 |
| Rajin–Vostochny | 0 | 310? | 0 |
| Chongjin–Vladivostok | 0 | 95 | 0 |
```

# Shares

```chart
type: pie
caption: Share of reported cargo by type
unit: "%"

| Cargo | Share |
|-------|-------|
| Munitions | 55 |
| Fuel | 25 |
| Food | 12? |
| Other | 8 |
```
"""
BLOCKS = [(kind, count) for kind in ("stacked-column", "pie", "column") for count in (2, 4, 8)] + [("line", 8)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the brief's ChartSpecs, the output folder) of a brief with the stress charts and more."""
    folder = tmp_path_factory.mktemp("grey")
    source = folder / "grey.md"
    body = STRESS + "\n".join(_block(kind, count) for kind, count in BLOCKS)
    source.write_text(f"---\ntitle: Charts in grey\ndate: 2026-12-02\n---\n\n{body}", encoding="utf-8")
    build(source, folder / "out", force=True)
    document, _ = read_document(source)
    return document.charts(), folder / "out"


def _fill(properties) -> tuple[str, str | None] | None:
    """(the colour, the pattern or None) of a c:spPr: a solid fill's colour, a pattern's ground."""
    if properties is None:
        return None
    solid = properties.find(qn("a:solidFill"))
    if solid is not None:
        return "#" + solid.find(qn("a:srgbClr")).get("val").lower(), None
    pattern = properties.find(qn("a:pattFill"))
    if pattern is not None:
        ground = pattern.find(f"{qn('a:bgClr')}/{qn('a:srgbClr')}")
        return "#" + ground.get("val").lower(), pattern.get("prst")
    return None


def _deck_fills(chart, spec: ChartSpec) -> list[tuple[str, str | None]]:
    """Per series (a pie: per slice) of a deck chart, its confirmed fill as the XML writes it."""
    series = chart.plots[0].series
    if spec.kind == "line":  # a line's colour, and its markers' shape
        return [
            (
                _fill(s._element.find(f"{qn('c:spPr')}")) or _fill(s._element.find(f"{qn('c:spPr')}/{qn('a:ln')}"))[0],
                s._element.find(f"{qn('c:marker')}/{qn('c:symbol')}").get("val"),
            )
            for s in series
        ]
    if spec.kind == "pie":
        points = {int(p.find(qn("c:idx")).get("val")): p for p in series[0]._element.findall(qn("c:dPt"))}
        return [
            _fill(points[n].find(qn("c:spPr"))) for n, estimate in enumerate(spec.series[0].estimates) if not estimate
        ]
    return [_fill(s._element.find(qn("c:spPr"))) for s, source in zip(series, spec.series, strict=True)]


def _apart(fills) -> list:
    """The pairs of fills that neither differ by MIN_L in lightness nor carry different patterns."""
    return [
        (a, b)
        for a, b in itertools.combinations(fills, 2)
        if a[1] == b[1] and abs(lightness(a[0]) - lightness(b[0])) < MIN_L
    ]


def test_the_decks_chart_xml_holds_series_colours_apart_in_grey(built):
    specs, out = built
    charts = [
        shape.chart for slide in Presentation(out / "grey.pptx").slides for shape in slide.shapes if shape.has_chart
    ]
    assert len(charts) == len(specs)
    for spec, chart in zip(specs, charts, strict=True):
        fills = _deck_fills(chart, spec)
        assert all(fill is not None for fill in fills), spec.caption
        assert _apart(fills) == [], spec.caption


def test_many_series_in_the_deck_carry_patterns_besides_their_colour(built):
    specs, out = built
    charts = [
        shape.chart for slide in Presentation(out / "grey.pptx").slides for shape in slide.shapes if shape.has_chart
    ]
    for spec, chart in zip(specs, charts, strict=True):
        count = len(spec.categories) if spec.kind == "pie" else len(spec.series)
        patterns = {fill[1] for fill in _deck_fills(chart, spec)}
        assert (len(patterns) > 1) == (count >= 8), spec.caption  # a line's cue: its markers' shape


def _shapes(node, found: list) -> list:
    """Every filled Rect and Wedge `node` draws, widgets expanded."""
    from reportlab.graphics.shapes import Rect, Wedge
    from reportlab.graphics.widgetbase import Widget

    if isinstance(node, Widget):
        node = node.draw()
    if isinstance(node, Rect | Wedge) and node.fillColor is not None:
        found.append(node)
    for child in getattr(node, "contents", ()):
        _shapes(child, found)
    return found


def _count_hatchings(node) -> int:
    from reportlab.graphics.shapes import Hatching
    from reportlab.graphics.widgetbase import Widget

    if isinstance(node, Widget):
        node = node.draw()
    return isinstance(node, Hatching) + sum(_count_hatchings(child) for child in getattr(node, "contents", ()))


def _grey_page(drawing, folder: Path) -> PILImage.Image:
    from reportlab.graphics import renderPDF

    require_tool("pdftoppm")
    pdf = folder / "chart.pdf"
    renderPDF.drawToFile(drawing, str(pdf))
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "144", "-png", "-singlefile", str(pdf), str(folder / "grey")], check=True
    )
    return PILImage.open(folder / "grey.png").convert("L")


def _grey_at(image: PILImage.Image, drawing, x: float, y: float) -> float:
    """The mean grey of a small square around point (x, y) of the drawing."""
    scale = image.width / drawing.width
    px, py = x * scale, image.height - y * scale
    box = image.crop((round(px) - 2, round(py) - 2, round(px) + 3, round(py) + 3))
    return sum(box.histogram()[level] * level for level in range(256)) / 25


@pytest.mark.parametrize("index", [n for n, (kind, _) in enumerate([("", 0)] * 2 + BLOCKS) if kind != "line"])
def test_the_reports_chart_prints_its_series_in_greys_apart(built, tmp_path, index):
    from reportlab.lib.colors import HexColor

    from briefkit.chart.draw_pdf import chart_drawing

    specs, _ = built
    spec = specs[index]
    look = chart_look(spec, THEME)
    drawing = chart_drawing(spec, look, THEME, 450, 400)
    image = _grey_page(drawing, tmp_path)
    greys: dict[int, list[float]] = {}
    for shape in _shapes(drawing, []):
        if shape.fillColor is None:
            continue
        matches = [n for n, color in enumerate(look.colors) if HexColor(color) == shape.fillColor]
        if not matches or min(getattr(shape, "width", 9), getattr(shape, "height", 9)) < 3:  # none to see
            continue
        if hasattr(shape, "radius"):  # a slice: inside it, clear of its label, along its middle
            middle = math.radians(shape.startangledegrees * 0.7 + shape.endangledegrees * 0.3)
            x = shape.centerx + 0.66 * shape.radius * math.cos(middle)
            y = shape.centery + 0.66 * shape.radius * math.sin(middle)
        else:
            inset = 6 if shape.width > 20 else shape.width / 2  # clear of a label, which is centred
            x, y = shape.x + inset, shape.y + shape.height / 2
        if look.cues[matches[0]] == 0:
            greys.setdefault(matches[0], []).append(_grey_at(image, drawing, x, y))
    estimated = spec.series[0].estimates if spec.kind == "pie" else [s.estimated for s in spec.series]
    plain = [n for n, cue in enumerate(look.cues) if cue == 0 and not estimated[n]]
    assert sorted(greys) == plain, spec.caption  # every plain series sampled
    patterned = len(look.cues) - len(plain)
    assert _count_hatchings(drawing) >= patterned, spec.caption  # the others lined in a pattern
    printed = {n: sum(values) / len(values) for n, values in greys.items()}
    for (a, grey_a), (b, grey_b) in itertools.combinations(printed.items(), 2):
        assert abs(grey_a - grey_b) >= MIN_GREY, (spec.caption, a, b, printed)


@pytest.mark.parametrize("count", [4, 8])
def test_the_export_lines_only_the_series_past_what_lightness_can_tell_apart(count):
    from briefkit.chart.draw_mpl import export_chart

    spec = spec_of("stacked-column", count)
    look = chart_look(spec, THEME)
    svg = export_chart(spec, look, "svg").decode()
    drawn = {color for color in look.colors if f"fill: {color}" in svg or f'fill="{color}"' in svg}
    assert drawn == set(look.colors)
    assert ("<pattern" in svg) == any(look.cues)


@pytest.mark.parametrize("accent", ["#e0b000", "#7f7f7f", "#00a651"])
def test_a_user_themes_accent_gives_series_apart_in_grey_in_the_deck(tmp_path, accent):
    (tmp_path / "mine.yaml").write_text(f'colors:\n  accent: "{accent}"\n', encoding="utf-8")
    source = tmp_path / "brief.md"
    body = _block("stacked-column", 6) + _block("pie", 5)
    source.write_text(f"---\ntitle: Mine\ndate: 2026-12-02\ntheme: mine.yaml\n---\n\n{body}", encoding="utf-8")
    build(source, tmp_path / "out", force=True)
    specs = read_document(source)[0].charts()
    charts = [
        s.chart for slide in Presentation(tmp_path / "out" / "brief.pptx").slides for s in slide.shapes if s.has_chart
    ]
    for spec, chart in zip(specs, charts, strict=True):
        fills = _deck_fills(chart, spec)
        assert len(fills) in (5, 6) and {fill[1] for fill in fills} == {None}, spec.caption
        assert _apart(fills) == [], spec.caption


@pytest.mark.parametrize("count", [29, 45, 60])
def test_a_pie_of_more_slices_than_looks_repeats_them_far_apart_and_builds(count):
    """The reader takes pies of up to 60 slices; past what lightness and cues tell apart the
    looks repeat, and neighbouring slices (the last and the first too) still differ."""
    look = chart_look(spec_of("pie", count), THEME)
    looks = list(zip(look.colors, look.cues, strict=True))
    assert len(looks) == count
    for k in range(count):
        (color, cue), (other, other_cue) = looks[k], looks[(k + 1) % count]
        assert abs(lightness(color) - lightness(other)) >= MIN_L or cue != other_cue
    repeats = [j - k for k in range(count) for j in range(k + 1, count) if looks[j] == looks[k]]
    assert min(repeats, default=count) >= 20
