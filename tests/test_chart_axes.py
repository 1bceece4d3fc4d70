"""Chart axes as a reader draws them: which axis is which, where each sits, what it is titled.

The deck's native charts are read from their chart XML the way a chart reader resolves them
(ECMA-376 Part 1, 21.2): a plot names its two axes by id, each axis names the one it crosses,
`c:orientation` says which way an axis runs and an axis's `c:crosses` says where along the other
axis it sits. Readers may hold those ids as signed 32-bit numbers (LibreOffice does), so an id
past 2**31 - 1 does not name one axis. The report's chart and the exported SVG are read back by
text position and must agree with the deck.
"""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from conftest import require_tool
from pptx import Presentation
from pptx.oxml.ns import qn

from briefkit.pipeline import build
from briefkit.read import read_document

ROUTES = (("Tumangang–Khasan", "120", "4"), ("Rajin–Vostochny", "310?", "0"), ("Chongjin–Vladivostok", "95", "0"))


def _block(kind: str, unit: str | None) -> str:
    """A chart block of `kind` over the routes (a pie: its first series only)."""
    columns = 2 if kind == "pie" else 3
    rows = [("Route", "Rail", "Sea"), ("--", "--", "--"), *ROUTES]
    table = "\n".join("| " + " | ".join(row[:columns]) + " |" for row in rows)
    unit_line = f"unit: {unit}\n" if unit else ""
    return f"# {kind}\n\n```chart\ntype: {kind}\ncaption: Trade as a {kind} chart\n{unit_line}\n{table}\n```\n"


KINDS = {  # kind: unit (None: the block gives no unit)
    "column": "million shells",
    "bar": "USD million",
    "stacked-column": None,
    "stacked-bar": "USD million",
    "line": "wagons",
    "pie": '"%"',
}
BRIEF = "---\ntitle: Axes\ndate: 2026-11-30\n---\n\n" + "\n".join(_block(k, u) for k, u in KINDS.items())
SIGNED_32 = 2**31 - 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the brief's ChartSpecs, the deck's charts in slide order) after one full build."""
    folder = tmp_path_factory.mktemp("axes")
    source = folder / "axes.md"
    source.write_text(BRIEF, encoding="utf-8")
    build(source, folder / "out", force=True)
    document, _ = read_document(source)
    deck = Presentation(folder / "out" / "axes.pptx")
    return document.charts(), [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def _axes(chart) -> tuple:
    """(category axis, value axis) of the chart's plot, resolved by id as a reader resolves them."""
    plot_area = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:plotArea')}")
    by_id = {}
    for axis in plot_area:
        if axis.tag in (qn("c:catAx"), qn("c:valAx")):
            key = int(axis.find(qn("c:axId")).get("val"))
            assert 0 < key <= SIGNED_32, f"axis id {key} does not fit a signed 32-bit number"
            assert key not in by_id, f"two axes share the id {key}"
            by_id[key] = axis
    plot = chart.plots[0]._element
    named = [by_id[int(element.get("val"))] for element in plot.findall(qn("c:axId"))]
    assert sorted(axis.tag for axis in named) == [qn("c:catAx"), qn("c:valAx")]
    category, value = sorted(named, key=lambda axis: axis.tag != qn("c:catAx"))
    assert _val(category, "c:crossAx") == _val(value, "c:axId")
    assert _val(value, "c:crossAx") == _val(category, "c:axId")
    return category, value


def _val(axis, tag: str) -> str | None:
    element = axis.find(qn(tag))
    return None if element is None else element.get("val")


def _orientation(axis) -> str:
    """Which way the axis runs: "minMax" (the schema's default when the element is left out) or "maxMin"."""
    element = axis.find(f"{qn('c:scaling')}/{qn('c:orientation')}")
    return "minMax" if element is None else element.get("val")


def _layout(chart) -> dict:
    """What a reader draws: the categories in reading order (top to bottom for bars, left to right
    otherwise), the side the value axis sits on, the side the category labels sit on and, side by
    side in a clustered chart, the series in reading order within each category."""
    category, value = _axes(chart)
    assert category.find(qn("c:crossesAt")) is None and value.find(qn("c:crossesAt")) is None
    assert _orientation(value) == "minMax"  # values grow from the plot's origin
    horizontal = _val(chart.plots[0]._element, "c:barDir") == "bar"
    names = list(chart.plots[0].categories)
    # categories run from the origin (bottom for bars, left otherwise) unless their axis runs maxMin
    forward = _orientation(category) == "minMax"
    first_end, last_end = ("bottom", "top") if horizontal else ("left", "right")
    if not forward:
        first_end, last_end = last_end, first_end
    reading = list(reversed(names)) if horizontal == forward else names
    # a cluster's series follow one another the way the categories run
    plot = chart.plots[0]._element
    series = [item.name for item in chart.plots[0].series]
    clustered = _val(plot, "c:grouping") == "clustered"
    series = (list(reversed(series)) if horizontal == forward else series) if clustered else None
    # the value axis sits along the category axis by its first category ("autoZero", "min") or its last
    value_side = last_end if _val(value, "c:crosses") == "max" else first_end
    # category labels sit at the value axis's low or high end, or beside the category axis, which
    # sits along the value axis at its maximum or else (at zero, the low end of a zero-based axis)
    low, high = ("left", "right") if horizontal else ("bottom", "top")
    labels = _val(category, "c:tickLblPos")
    if labels == "nextTo":
        labels = "high" if _val(category, "c:crosses") == "max" else "low"
    side = high if labels == "high" else low
    return {"reading": reading, "value axis": value_side, "category labels": side, "series": series}


def _titles(chart) -> list[tuple[str, str]]:
    """(the element holding it, its text) of every title in the chart, the chart's own included."""
    found = []
    for title in chart._chartSpace.iter(qn("c:title")):
        text = "".join(node.text or "" for node in title.iter(qn("a:t")))
        found.append((title.getparent().tag.split("}")[1], text))
    return found


def test_each_axis_id_names_one_axis_in_the_range_readers_hold(built):
    specs, charts = built
    for spec, chart in zip(specs, charts, strict=True):
        if spec.kind == "pie":
            assert chart._chartSpace.find(f".//{qn('c:valAx')}") is None
            continue
        _axes(chart)  # asserts the ids


def test_the_unit_titles_the_value_axis_once_and_nothing_else_is_titled(built):
    specs, charts = built
    for spec, chart in zip(specs, charts, strict=True):
        if spec.kind == "pie":
            assert _titles(chart) == []
            continue
        expected = [("valAx", spec.unit)] if spec.unit else []
        assert _titles(chart) == expected, spec.kind
        category, value = _axes(chart)
        assert category.find(qn("c:title")) is None
        assert (value.find(qn("c:title")) is not None) == bool(spec.unit)


def test_bars_read_top_down_in_table_order_over_a_value_axis_at_the_bottom(built):
    specs, charts = built
    for spec, chart in zip(specs, charts, strict=True):
        if spec.kind == "pie":
            continue
        clustered = spec.kind in ("column", "bar")
        expected = {"reading": list(spec.categories), "series": [s.name for s in spec.series] if clustered else None}
        if spec.kind.endswith("bar"):
            expected |= {"value axis": "bottom", "category labels": "left"}
        else:
            expected |= {"value axis": "left", "category labels": "bottom"}
        assert _layout(chart) == expected, spec.kind


@pytest.mark.parametrize("kind", ["column", "bar", "stacked-bar", "line"])
def test_the_report_and_the_export_agree_with_the_deck(kind, tmp_path):
    """Each draws the categories in the deck's reading order and the unit once, by the value axis."""
    from reportlab.graphics import renderPDF

    from briefkit.chart.draw_mpl import export_chart
    from briefkit.chart.draw_pdf import chart_drawing
    from briefkit.chart.style import chart_look
    from briefkit.read.chart import parse_chart
    from briefkit.theme import load_theme

    require_tool("pdftotext")
    block = _block(kind, KINDS[kind]).split("```chart\n")[1].split("```")[0]
    spec = parse_chart(block, tmp_path / "brief.md", 1, 1)
    theme = load_theme(None, tmp_path / "brief.md")
    look = chart_look(spec, theme)
    horizontal = kind.endswith("bar")

    pdf = tmp_path / "chart.pdf"
    renderPDF.drawToFile(chart_drawing(spec, look, theme, 450, 400), str(pdf))
    words = _pdf_words(pdf)  # y measured down from the top, as in the SVG
    svg = export_chart(spec, look, "svg").decode()
    texts = [
        (html.unescape(text), float(x), float(y), angle)
        for x, y, angle, text in re.findall(
            r'<text [^>]*x="([-\d.]+)" y="([-\d.]+)" transform="rotate\(([-\d.]+)[^"]*"[^>]*>([^<]*)</text>', svg
        )
    ]
    unit = KINDS[kind]
    # pdftotext gives words, the SVG whole strings: the unit's last word stands for it in the report
    for name, found, token in (("report", words, unit.split()[-1]), ("export", [t[:3] for t in texts], unit)):
        places = {text: (x, y) for text, x, y in found if text in spec.categories}
        assert set(places) == set(spec.categories), name
        order = sorted(places, key=lambda text: places[text][1] if horizontal else places[text][0])
        assert order == list(spec.categories), name
        assert [text for text, _, _ in found].count(token) == 1, name
    assert [float(angle) != 0 for text, _, _, angle in texts if text == unit] == [not horizontal]
    if kind in ("column", "bar"):  # the first row's bars, Rail then Sea, top down or left to right
        for name, found in (("report", words), ("export", [t[:3] for t in texts])):
            rail, sea = ({text: (x, y) for text, x, y in found}[label] for label in ("120", "4"))
            assert (rail[1] < sea[1]) if horizontal else (rail[0] < sea[0]), name


def _pdf_words(pdf) -> list[tuple[str, float, float]]:
    """(word, x, y) of every word pdftotext finds, y from the top of the page."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pattern = r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="[-\d.]+" yMax="[-\d.]+">(.*?)</word>'
    return [(html.unescape(word), float(x), float(y)) for x, y, word in re.findall(pattern, out)]
