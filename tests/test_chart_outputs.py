"""Charts in every output: the deck's native chart read back, the report's vector figure, the exports.

One brief with the four kinds the looks are judged by (a column chart with an estimated series, a
stacked bar, a line over 24 months and a pie) is built once per module; each test reads what a
reader of one output would see.
"""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from readback import pdf_text

from briefkit.pipeline import build
from briefkit.read import read_document

MONTHS = [
    f"{name} {year}" for year in (2024, 2025) for name in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
]
LINE_ROWS = "\n".join(f"| {month} | {10 + n} | {30 - n}{'?' if n >= 20 else ''} |" for n, month in enumerate(MONTHS))

BRIEF = f"""\
---
title: Numbers in a Brief
date: 2026-11-30
---

# Deliveries

```chart
type: column
caption: Artillery shells reportedly delivered, by year
unit: million shells
source: Open reporting

| Year | Shells | Rockets? |
|------|--------|----------|
| 2023 | 1.0    | 0.1      |
| 2024 | 3.0?   | 0.4      |
| 2025 | 4.5?   | 0.6      |
```

# Trade by route

Declared trade moved by rail and sea.

```chart
type: stacked-bar
caption: Declared trade by route, first half of 2026
unit: USD million

| Route | Rail | Sea | Road |
|-------|------|-----|------|
| Tumangang–Khasan | 120 | 0 | 4 |
| Rajin–Vostochny | 0 | 310? | 0 |
| Chongjin–Vladivostok | 0 | 95 | 0 |
```

# Trade by month

```chart
type: line
caption: Rail wagons crossing per month
unit: wagons

| Month | Northbound | Southbound |
|-------|------------|------------|
{LINE_ROWS}
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

KINDS = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(the brief's ChartSpecs, the output folder) after one full build."""
    folder = tmp_path_factory.mktemp("charts")
    source = folder / "numbers.md"
    source.write_text(BRIEF, encoding="utf-8")
    out = folder / "out"
    build(source, out, force=True)
    document, _ = read_document(source)
    return document.charts(), out


def deck_charts(path):
    """(slide title, chart) of every chart in the deck, in slide order."""
    found = []
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                found.append((slide.shapes.title.text_frame.text, shape.chart))
    return found


def test_the_deck_holds_one_native_chart_per_block_with_the_tables_data(built):
    specs, out = built
    charts = deck_charts(out / "numbers.pptx")
    assert [chart.chart_type for _, chart in charts] == [KINDS[spec.kind] for spec in specs]
    for spec, (_, chart) in zip(specs, charts, strict=True):
        plot = chart.plots[0]
        assert tuple(plot.categories) == spec.categories
        assert [series.name for series in plot.series] == [series.name for series in spec.series]
        assert [tuple(series.values) for series in plot.series] == [series.values for series in spec.series]


def test_a_chart_slide_is_titled_by_its_caption_or_is_its_sections_only_slide(built):
    specs, out = built
    titles = [title for title, _ in deck_charts(out / "numbers.pptx")]
    # Deliveries, Trade by month and Shares hold nothing but their chart: it sits on their slide
    assert titles == ["Deliveries", specs[1].caption, "Trade by month", "Shares"]


def test_the_embedded_workbook_opens_and_holds_the_table(built):
    specs, out = built
    for spec, (_, chart) in zip(specs, deck_charts(out / "numbers.pptx"), strict=True):
        blob = chart.part.chart_workbook.xlsx_part.blob
        sheet = openpyxl.load_workbook(io.BytesIO(blob)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert [row[0] for row in rows[1:]] == list(spec.categories)
        assert list(rows[0][1:]) == [series.name for series in spec.series]
        for column, series in enumerate(spec.series, start=1):
            assert tuple(row[column] for row in rows[1:]) == series.values


def test_estimates_are_hatched_point_by_point_in_the_deck(built):
    specs, out = built
    column, bars, line, pie = (chart for _, chart in deck_charts(out / "numbers.pptx"))
    shells, rockets = column.plots[0].series
    # a partly estimated series: its estimated points get a pattern, its series a solid fill
    assert _fill(shells._element) == "solidFill"
    assert [_point_fill(shells._element, index) for index in range(3)] == [None, "pattFill", "pattFill"]
    assert _fill(rockets._element) == "pattFill"  # estimated throughout: hatched, in the legend too
    assert _point_fill(bars.plots[0].series[1]._element, 1) == "pattFill"
    assert [_point_fill(pie.plots[0].series[0]._element, index) for index in range(4)] == [
        "solidFill",
        "solidFill",
        "pattFill",
        "solidFill",
    ]
    southbound = line.plots[0].series[1]._element
    dashed = [
        int(point.find(qn("c:idx")).get("val"))
        for point in southbound.findall(qn("c:dPt"))
        if point.find(f"{qn('c:spPr')}/{qn('a:ln')}/{qn('a:prstDash')}") is not None
    ]
    assert dashed == list(range(20, 24))


def test_the_value_axis_is_titled_by_the_unit(built):
    specs, out = built
    column = deck_charts(out / "numbers.pptx")[0][1]
    assert column.value_axis.axis_title.text_frame.text == "million shells"


def test_every_output_is_the_same_bytes_when_built_again(built, tmp_path):
    _, out = built
    source = out.parent / "numbers.md"
    build(source, tmp_path, force=True)
    names = ["numbers.pptx", "numbers.pdf"] + [
        f"numbers-chart-{n}.{fmt}" for n in range(1, 5) for fmt in ("png", "svg")
    ]
    for name in names:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def _fill(series) -> str | None:
    properties = series.find(qn("c:spPr"))
    return _kind(properties)


def _point_fill(series, index: int) -> str | None:
    for point in series.findall(qn("c:dPt")):
        if point.find(qn("c:idx")).get("val") == str(index):
            return _kind(point.find(qn("c:spPr")))
    return None


def _kind(properties) -> str | None:
    if properties is None:
        return None
    for child in properties:
        name = child.tag.split("}")[1]
        if name in ("solidFill", "pattFill", "noFill"):
            return name
    return None


def test_the_report_shows_every_caption_and_category_as_text(built):
    specs, out = built
    text = pdf_text(out / "numbers.pdf")
    for number, spec in enumerate(specs, start=1):
        assert f"Figure {number}: {spec.caption}" in " ".join(text.split())
        for category in spec.categories:
            assert category in text
    assert "Rockets" in text and "Estimate" in text and "Source: Open reporting" in text


def test_the_report_draws_charts_as_vectors_and_hatches_only_estimates(built):
    from reportlab.graphics.shapes import Hatching

    from briefkit.chart.draw_pdf import chart_drawing
    from briefkit.chart.style import chart_look
    from briefkit.theme import load_theme

    specs, out = built
    assert _images_in(out / "numbers.pdf") == 0  # no picture: the charts are drawn, text as text
    theme = load_theme(None, out / "numbers.md")
    column, bars, _, pie = specs
    # one hatching per estimated bar or slice, plus one per hatched legend swatch
    assert _count(chart_drawing(column, chart_look(column, theme), theme, 450, 400), Hatching) == 5 + 2
    assert _count(chart_drawing(bars, chart_look(bars, theme), theme, 450, 400), Hatching) == 1 + 1
    assert _count(chart_drawing(pie, chart_look(pie, theme), theme, 450, 400), Hatching) == 1 + 1


def test_exports_exist_and_the_svg_keeps_categories_as_text(built):
    specs, out = built
    for number, spec in enumerate(specs, start=1):
        png = out / f"numbers-chart-{number}.png"
        assert png.read_bytes().startswith(b"\x89PNG")
        with PILImage.open(png) as image:
            assert round(image.info["dpi"][0]) == 200
        svg = (out / f"numbers-chart-{number}.svg").read_text(encoding="utf-8")
        texts = {html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)}
        assert set(spec.categories) <= texts, set(spec.categories) - texts
        assert spec.caption in texts


def test_exports_hatch_estimates_and_nothing_else(tmp_path):
    from briefkit.chart.draw_mpl import export_chart
    from briefkit.chart.style import chart_look
    from briefkit.read.chart import parse_chart
    from briefkit.theme import load_theme

    theme = load_theme(None, tmp_path / "brief.md")
    table = "type: column\n\n| Year | Shells |\n|--|--|\n| 2023 | 1 |\n| 2024 | 2{} |"
    plain, estimated = (parse_chart(table.format(mark), tmp_path, 1, 1) for mark in ("", "?"))
    assert "<pattern" not in export_chart(plain, chart_look(plain, theme), "svg").decode()
    assert "<pattern" in export_chart(estimated, chart_look(estimated, theme), "svg").decode()


def test_check_finds_a_changed_chart_value_in_the_deck(built):
    from briefkit.sync import check_brief

    _, out = built
    brief = out.parent / "numbers.md"
    assert check_brief(brief, out).lines == []
    original = brief.read_text(encoding="utf-8")
    brief.write_text(original.replace("| 2025 | 4.5?", "| 2025 | 5.5?"), encoding="utf-8")
    try:
        outcome = check_brief(brief, out)
    finally:
        brief.write_text(original, encoding="utf-8")
    assert out / "numbers.pptx" in outcome.differing and out / "numbers.pdf" in outcome.differing
    assert any("numbers.pptx: stale" in line for line in outcome.lines), outcome.lines


def _images_in(path) -> int:
    import pypdf

    return sum(len(page.images) for page in pypdf.PdfReader(path).pages)


def _count(node, kind) -> int:
    """How many `kind` shapes `node` draws, widgets (such as bars drawn by a widget) expanded."""
    from reportlab.graphics.widgetbase import Widget

    if isinstance(node, Widget):
        node = node.draw()
    found = 1 if isinstance(node, kind) else 0
    for child in getattr(node, "contents", ()):
        found += _count(child, kind)
    return found


def test_the_chart_parts_are_valid_drawingml_charts(built):
    from lxml import etree
    from xsd import SCHEMA_DIR, schema_errors

    schema_file = SCHEMA_DIR / "dml-chart.xsd"
    if not schema_file.is_file():
        pytest.skip(f"OOXML schemas not found in {SCHEMA_DIR}")
    schema = etree.XMLSchema(etree.parse(str(schema_file)))
    _, out = built
    deck = Presentation(out / "numbers.pptx")
    for slide in deck.slides:
        assert schema_errors(slide.part.blob) == []
        for shape in slide.shapes:
            if shape.has_chart:
                document = etree.fromstring(shape.chart.part.blob)
                assert schema.validate(document), [error.message for error in schema.error_log]


CHART = "# Numbers\n\nSome prose.\n\n```chart\ntype: column\n\n| Year | Shells |\n|--|--|\n| 2024 | 1 |\n```\n"


def test_an_edit_to_the_prose_keeps_the_chart_exports_and_a_changed_value_redraws_them(write_brief, tmp_path):
    brief = write_brief(CHART)
    out = tmp_path / "out"
    first = build(brief, out)
    exports = sorted(path for path in first.written if path.suffix in (".png", ".svg"))
    assert [path.name for path in exports] == ["brief-chart-1.png", "brief-chart-1.svg"]
    brief.write_text(brief.read_text() + "\nAnother paragraph.\n")
    assert {path.suffix for path in build(brief, out).written} == {".pdf", ".pptx"}
    brief.write_text(brief.read_text().replace("| 2024 | 1 |", "| 2024 | 2 |"))
    assert set(exports) <= set(build(brief, out).written)


def test_exports_of_a_removed_chart_are_removed(write_brief, tmp_path):
    brief = write_brief(CHART)
    out = tmp_path / "out"
    build(brief, out)
    brief.write_text(brief.read_text().split("```chart")[0])
    build(brief, out)
    assert not list(out.glob("brief-chart-*"))
