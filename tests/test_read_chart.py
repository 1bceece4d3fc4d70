"""Reading ```chart blocks: header keys, the table, estimates, number forms and located errors.

Each brief here has a three-line front matter and opens its chart fence on file line 4, so the
chart's first content line is file line 5.
"""

from __future__ import annotations

import pytest

from briefkit.errors import ContentError
from briefkit.model import ChartSeries, ChartSpec
from briefkit.read import read_document
from briefkit.read.chart import MAX_CATEGORIES, MAX_SERIES

TABLE = ["| Year | Shells | Rockets? |", "|------|--------|----------|"]


@pytest.fixture
def chart(tmp_path, monkeypatch):
    """chart(*lines) -> the ChartSpec of a brief whose only block is a chart fence holding `lines`."""
    monkeypatch.chdir(tmp_path)

    def chart(*lines: str) -> ChartSpec:
        path = tmp_path / "brief.md"
        path.write_text("---\ntitle: T\n---\n```chart\n" + "".join(f"{line}\n" for line in lines) + "```\n")
        document, warnings = read_document(path)
        assert warnings == []
        (spec,) = document.charts()
        return spec

    return chart


@pytest.fixture
def error(chart):
    """error(*lines) -> the formatted ContentError of a chart block holding `lines`."""

    def error(*lines: str) -> str:
        with pytest.raises(ContentError) as caught:
            chart(*lines)
        return str(caught.value)

    return error


def test_the_documented_example(chart):
    spec = chart(
        "type: column            # column, bar, stacked-column, stacked-bar, line, pie",
        "caption: Artillery shells reportedly delivered to Russia, millions",
        "unit: million shells    # optional: axis title and data-label suffix",
        "",
        *TABLE,
        "| 2023 | 1.0    | 0.1      |",
        "| 2024 | 3.0?   | 0.4      |",
        "| 2025 | 4.5?   | 0.6?     |",
    )
    assert spec == ChartSpec(
        kind="column",
        caption="Artillery shells reportedly delivered to Russia, millions",
        unit="million shells",
        source=None,
        category_title="Year",
        categories=("2023", "2024", "2025"),
        series=(
            ChartSeries("Shells", (1.0, 3.0, 4.5), ("1.0", "3.0", "4.5"), (False, True, True)),
            ChartSeries("Rockets", (0.1, 0.4, 0.6), ("0.1", "0.4", "0.6"), (True, True, True)),
        ),
        line=4,
    )
    assert spec.series[1].estimated and not spec.series[0].estimated and spec.has_estimates


def test_number_forms_and_quoted_values(chart):
    spec = chart(
        "type: pie",
        'unit: "%"',
        "source: Customs data #2",
        "",
        "| Cargo | Share |",
        "|:--|--:|",
        "| Munitions | 1,200 |",
        "| Fuel | 25% |",
        "| Food | .5? |",
    )
    assert spec.unit == "%" and spec.source == "Customs data #2"
    assert spec.series[0].values == (1200.0, 25.0, 0.5)
    assert spec.series[0].texts == ("1,200", "25%", ".5")
    assert spec.series[0].estimates == (False, False, True)


def test_negative_values_in_a_column_chart(chart):
    spec = chart("type: column", "", "| Year | Balance |", "|--|--|", "| 2024 | -3.5 |", "| 2025 | 2 |")
    assert spec.series[0].values == (-3.5, 2.0)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["type: donut", "", *TABLE, "| 2023 | 1 | 2 |"],
            "brief.md:5: chart: unknown type 'donut'"
            " (hint: types: column, bar, stacked-column, stacked-bar, line, pie)",
        ),
        (
            ["type: colum", "", *TABLE, "| 2023 | 1 | 2 |"],
            "brief.md:5: chart: unknown type 'colum' (hint: did you mean 'column'? types: column, bar,"
            " stacked-column, stacked-bar, line, pie)",
        ),
        (
            ["caption: x", "", *TABLE, "| 2023 | 1 | 2 |"],
            "brief.md:4: chart: no type (hint: start the block with e.g. type: column (column, bar,"
            " stacked-column, stacked-bar, line, pie))",
        ),
        (
            ["type: column", "captoin: x", "", *TABLE, "| 2023 | 1 | 2 |"],
            "brief.md:6: chart: unknown key 'captoin' (hint: did you mean 'caption'?)",
        ),
        (
            ["type: column", "", *TABLE, "| 2023 | 1 | 2 |", "| 2024 | lots | 2 |"],
            "brief.md:10: chart: row '2024', column 'Shells': 'lots' is not a number"
            " (hint: write numbers like 1200, 1,200, -3.5 or 12%; end an estimate with ?)",
        ),
        (
            ["type: column", "", *TABLE, "| 2023 | 1 | 2 |", "| 2024 | 1 |"],
            "brief.md:10: chart: this row has 2 cells, the header 3"
            " (hint: give every row one category and one value per series)",
        ),
        (
            ["type: column", "", *TABLE, "| 2023 | 1 | |"],
            "brief.md:9: chart: row '2023', column 'Rockets' is empty (hint: write 0, or leave the row out)",
        ),
        (
            ["type: pie", "", *TABLE, "| 2023 | 1 | 2 |"],
            "brief.md:7: chart: a pie has one series, this table has 2"
            " (hint: use a column or stacked-column chart for several series)",
        ),
        (
            ["type: pie", "", "| A | B |", "|--|--|", "| x | 1 |", "| y | -2 |"],
            "brief.md:10: chart: a pie cannot show a negative value (hint: use a column or bar chart)",
        ),
        (
            ["type: column", "caption: x"],
            "brief.md:4: chart: no data (hint: add a pipe table: | Year | Shells |, then |---|---|, then"
            " | 2024 | 3.0 |)",
        ),
        (
            ["type: column", "", *TABLE],
            "brief.md:4: chart: no data (hint: add one row per category under the header)",
        ),
        (
            ["type: column", "", "| Year | Shells |", "| 2023 | 1 |"],
            "brief.md:8: chart: the header row needs a delimiter row under it (hint: write |---|---| under the header)",
        ),
        (
            ["type: column", "type: bar", "", *TABLE, "| 2024 | 1 | 2 |"],
            "brief.md:6: chart: 'type' is given twice (first on line 5) (hint: keep one)",
        ),
        (
            ["type: column", "Just some words", "", *TABLE, "| 2024 | 1 | 2 |"],
            "brief.md:6: chart: expected 'key: value' or the table (hint: header keys: type, caption, unit, source)",
        ),
    ],
)
def test_malformed_charts_are_located(error, lines, expected):
    assert error(*lines) == expected


def test_too_many_series(error):
    header = "| Year | " + " | ".join(f"S{n}" for n in range(MAX_SERIES + 1)) + " |"
    delimiter = "|--" * (MAX_SERIES + 2) + "|"
    row = "| 2024 | " + " | ".join("1" for _ in range(MAX_SERIES + 1)) + " |"
    assert error("type: line", "", header, delimiter, row) == (
        f"brief.md:7: chart: more than {MAX_SERIES} series (hint: split the chart or sum the smaller series as 'Other')"
    )


def test_too_many_categories(error):
    rows = [f"| c{n} | {n} |" for n in range(MAX_CATEGORIES + 1)]
    assert error("type: line", "", "| Month | Value |", "|--|--|", *rows) == (
        f"brief.md:{9 + MAX_CATEGORIES}: chart: more than {MAX_CATEGORIES} categories"
        " (hint: aggregate the rows (e.g. by quarter) or split the chart)"
    )


def test_a_chart_inside_a_list_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "brief.md"
    path.write_text(
        "---\ntitle: T\n---\n- item\n\n  ```chart\n  type: pie\n\n  | A | B |\n  |--|--|\n  | x | 1 |\n  ```\n"
    )
    with pytest.raises(ContentError) as caught:
        read_document(path)
    assert str(caught.value) == (
        "brief.md:6: a chart block must stand at section level, not in a list or quote"
        " (hint: move the block out of the list or quote, with no indent)"
    )
