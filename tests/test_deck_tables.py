"""Tables on slides, for generated tables of any shape: no word broken unless it alone is too
wide, no more slides than the rows need at the smallest table size, every row packed in order,
nothing outside the slide."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from analytic_brief import write_analytic_brief
from builders import section
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.errors import Warnings
from briefkit.model import Document, Meta, Table, Text
from briefkit.render.deck import plan_deck
from briefkit.render.deck.fit import (
    CELL_X,
    HEIGHT_SLACK,
    TABLE_SIZE,
    TABLE_SIZE_FLOOR,
    TABLE_SIZE_MIN,
    cell_width,
    least_widths,
    paginate_table,
)
from briefkit.render.deck.plan import SLIDE_HEIGHT, SLIDE_WIDTH
from briefkit.render.deck.text import WIDTH_SLACK, Measure, plain, spans_of
from briefkit.theme import load_theme

PATH = Path("content/test.md")
THEME = load_theme(None, PATH)
MEASURE = Measure(THEME)

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF0123456789-", min_size=1, max_size=16)
cell_text = st.lists(words, min_size=0, max_size=24).map(" ".join)


@st.composite
def tables(draw) -> Table:
    columns = draw(st.integers(1, 8))
    rows = draw(st.integers(1, 40))
    header = tuple((Text(draw(words)),) for _ in range(columns))
    body = tuple(tuple((Text(draw(cell_text)),) for _ in range(columns)) for _ in range(rows))
    aligns = tuple(draw(st.sampled_from([None, "left", "right", "center"])) for _ in range(columns))
    return Table(header, body, aligns, 3)


def plan_of(table: Table):
    meta = Meta("Generated tables", None, (), datetime.date(2026, 1, 15), "OFFICIAL", None)
    doc = Document(PATH, meta, (), (section("Data", table, line=2),))
    warnings = Warnings()
    deck = plan_deck(doc, THEME, warnings)
    return deck, [s for s in deck.slides if s.kind == "table"], warnings


def spans(table: Table):
    header = tuple(spans_of(cell) for cell in table.header)
    return header, tuple(tuple(spans_of(cell) for cell in row) for row in table.rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_generated_tables_fit_their_slides_in_order_without_needless_breaks(table):
    deck, slides, warnings = plan_of(table)
    header, rows = spans(table)
    planned = [tuple(plain(c) for c in r) for s in slides for r in s.table.rows]
    source = [tuple(plain(c) for c in r) for r in rows]
    assert len(planned) == len(source)  # every row once, in order
    shortened = False
    for got, wanted in zip((c for r in planned for c in r), (c for r in source for c in r), strict=True):
        if got != wanted:  # only a row taller than a whole slide is shortened, with a warning
            assert got.endswith("…") and wanted.startswith(got[:-1].rstrip())
            shortened = True
    assert shortened == any("shortened" in w.message for w in warnings)
    fit = slides[0].table
    assert TABLE_SIZE_FLOOR <= fit.size <= TABLE_SIZE
    if fit.size < TABLE_SIZE_MIN:  # smaller only where the longest words do not fit side by side
        assert sum(least_widths(MEASURE, [header, *rows], TABLE_SIZE_MIN)) > slides[0].body.width

    # never more slides than the rows need at the smallest size
    at_smallest, _ = paginate_table(MEASURE, header, rows, table.aligns, slides[-1].body, TABLE_SIZE_MIN)
    assert len(slides) <= len(at_smallest)

    # a word is broken only when it alone is too wide: when every column's longest word fits an
    # even share of the width, every column is given at least its longest word
    width = slides[0].body.width
    least = [
        max(cell_width(max(MEASURE.word_widths(row[c], fit.size, "body", i == 0), default=0.0))
            for i, row in enumerate((header, *rows)))
        for c in range(len(header))
    ]  # fmt: skip
    if sum(least) <= width and max(least) <= width / len(least):
        for slide in slides:
            for i, row in enumerate((slide.table.header, *slide.table.rows)):
                for cell, column in zip(row, slide.table.col_widths, strict=True):
                    room = (column - 2 * CELL_X) * WIDTH_SLACK
                    assert all(w <= room + 1e-6 for w in MEASURE.word_widths(cell, fit.size, "body", i == 0))

    assert_packed(slides)

    # nothing outside the slide, nothing under the title or over the footer
    for slide in slides:
        table_fit = slide.table
        assert table_fit.width == pytest.approx(slide.body.width)
        assert table_fit.height <= slide.body.height - HEIGHT_SLACK + 1e-6
        assert slide.body.left >= 0 and slide.body.right <= SLIDE_WIDTH
        assert slide.body.top > slide.heading.box.bottom and slide.body.bottom < deck.frame.footer.top
        assert slide.heading.box.right <= SLIDE_WIDTH and deck.frame.footer.bottom <= SLIDE_HEIGHT


def assert_packed(slides) -> None:
    """Each table slide but the last is full: the next slide's first row would not have fit under
    its rows."""
    for slide, following in zip(slides, slides[1:], strict=False):
        assert slide.table.height + following.table.row_heights[1] > slide.body.height - HEIGHT_SLACK


def test_a_long_table_in_a_narrow_template_body_fills_every_slide(tmp_path):
    """A template whose body keeps clear of artwork on both sides, as corporate designs do: the
    rows still fill each slide's body down to its foot."""
    from pptx import Presentation
    from pptx.util import Pt

    from briefkit.read import read_document

    deck = Presentation()
    for part in (deck.slide_master, *deck.slide_layouts):
        for shape in part.placeholders:
            if shape.placeholder_format.type in (2, 7):  # BODY, OBJECT: the content area
                shape.left, shape.width = Pt(150), Pt(420)
    deck.save(tmp_path / "narrow.pptx")
    doc, _ = read_document(write_analytic_brief(tmp_path))
    theme = dataclasses.replace(THEME, pptx_template=tmp_path / "narrow.pptx")
    plan = plan_deck(doc, theme, Warnings())
    tables = [s for s in plan.slides if s.kind == "table"]
    assert tables and all(s.body.width == pytest.approx(420) for s in tables)
    for line in {s.line for s in tables}:
        assert_packed([s for s in tables if s.line == line])
