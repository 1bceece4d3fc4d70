"""The chart's shared look and its slide plan, from the model: no pptx, PDF or matplotlib needed.

Property tests: the value axis holds every value (every total when stacked) and zero in round
steps; a chart slide's boxes lie inside the body without overlapping, whatever the caption,
source and estimates.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path

from builders import para, section
from hypothesis import given, settings
from hypothesis import strategies as st

from briefkit.chart.style import chart_look
from briefkit.errors import Warnings
from briefkit.model import CHART_KINDS, Chart, ChartSeries, ChartSpec, Document, Meta
from briefkit.render.deck import plan_deck
from briefkit.render.deck.plan import ChartSlide
from briefkit.theme import load_theme

THEME = load_theme(None, Path("brief.md"))
VALUES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 2))


def spec_of(kind="column", values=((1.0, 2.0),), estimates=None, caption="A caption", source=None, names=None):
    categories = tuple(f"c{n}" for n in range(len(values[0])))
    series = tuple(
        ChartSeries(
            (names or [f"s{i}" for i in range(len(values))])[i],
            tuple(column),
            tuple(f"{v:g}" for v in column),
            tuple(estimates[i]) if estimates else (False,) * len(column),
        )
        for i, column in enumerate(values)
    )
    return ChartSpec(kind, caption, "units", source, "Category", categories, series, 3)


def document(*sections) -> Document:
    meta = Meta("Numbers", None, (), datetime.date(2026, 11, 30), None, None)
    return Document(Path("brief.md"), meta, (), tuple(sections))


@st.composite
def charts(draw):
    kind = draw(st.sampled_from(CHART_KINDS))
    count = 1 if kind == "pie" else draw(st.integers(1, 4))
    length = draw(st.integers(1, 30))
    value = st.floats(0.01, 1e5, allow_nan=False) if kind == "pie" else VALUES
    values = tuple(tuple(draw(st.lists(value, min_size=length, max_size=length))) for _ in range(count))
    estimates = tuple(tuple(draw(st.lists(st.booleans(), min_size=length, max_size=length))) for _ in range(count))
    caption = draw(st.one_of(st.none(), st.text("abc XYZ,", min_size=1, max_size=150)))
    source = draw(st.one_of(st.none(), st.text("abc XYZ;", min_size=1, max_size=300)))
    return spec_of(kind, values, estimates, caption, source)


@settings(max_examples=150, deadline=None)
@given(charts())
def test_the_value_axis_holds_every_value_and_zero_in_round_steps(spec):
    axis = chart_look(spec, THEME).axis
    if spec.kind == "pie":
        assert axis is None
        return
    if spec.kind.startswith("stacked"):
        columns = list(zip(*(s.values for s in spec.series), strict=True))
        highs = [sum(v for v in c if v > 0) for c in columns]
        lows = [sum(v for v in c if v < 0) for c in columns]
    else:
        highs = lows = [v for s in spec.series for v in s.values]
    assert axis.low <= min(0.0, min(lows)) and axis.high >= max(0.0, max(highs))
    assert axis.high > axis.low and 2 <= len(axis.ticks) <= 13
    assert 0.0 in axis.ticks
    mantissa = axis.step / 10 ** math.floor(math.log10(axis.step))
    assert round(mantissa, 6) in (1.0, 2.0, 2.5, 5.0)


@settings(max_examples=60, deadline=None)
@given(charts(), st.booleans())
def test_a_chart_slides_boxes_lie_inside_its_body_without_overlapping(spec, alone):
    blocks = (Chart(spec, 3),) if alone else (para("Some prose."), Chart(spec, 3))
    plan = plan_deck(document(section("Numbers", *blocks)), THEME, Warnings())
    (slide,) = [s for s in plan.slides if isinstance(s, ChartSlide)]
    body = slide.body
    boxes = (
        [slide.chart]
        + [t.box for t in (slide.title_caption, slide.source, slide.key_text) if t]
        + [b for b in (slide.key,) if b]
    )
    for box in boxes:
        assert body.left - 0.01 <= box.left and box.right <= body.right + 0.01
        assert body.top - 0.01 <= box.top and box.bottom <= body.bottom + 0.01
    if slide.title_caption:
        assert slide.title_caption.box.bottom <= slide.chart.top
    for note in (slide.source, slide.key_text):
        if note:
            assert slide.chart.bottom <= note.box.top
    if slide.source and slide.key_text:
        assert slide.key_text.box.right <= slide.source.box.left
    assert slide.chart.height > body.height / 3
    assert (slide.key is not None) == spec.has_estimates


def test_a_section_with_only_a_chart_shows_it_on_its_own_slide_with_the_caption_above():
    spec = spec_of(caption="Shells delivered")
    plan = plan_deck(document(section("Deliveries", Chart(spec, 3))), THEME, Warnings())
    (slide,) = [s for s in plan.slides if s.kind != "title"]
    assert isinstance(slide, ChartSlide)
    assert slide.heading.text == "Deliveries" and slide.title_caption.text == "Shells delivered"


def test_a_chart_among_other_content_gets_a_slide_titled_by_its_caption():
    spec = spec_of(caption="Shells delivered", source="Open reporting")
    plan = plan_deck(document(section("Deliveries", para("Prose."), Chart(spec, 3))), THEME, Warnings())
    slides = [s for s in plan.slides if s.kind != "title"]
    assert [s.kind for s in slides] == ["prose", "chart"]
    assert slides[1].heading.text == "Shells delivered" and slides[1].caption is None
    assert slides[1].source.text == "Source: Open reporting"


def test_a_chart_without_caption_is_titled_by_its_section():
    spec = spec_of(caption=None)
    plan = plan_deck(document(section("Deliveries", para("Prose."), Chart(spec, 3))), THEME, Warnings())
    assert plan.slides[-1].heading.text == "Deliveries"


def test_the_look_styles_estimates_and_labels_the_same_for_every_output():
    spec = spec_of("stacked-column", ((10.0, 0.0, 1.0), (5.0, 5.0, 5.0)), ((False, True, False), (True, False, False)))
    look = chart_look(spec, THEME)
    assert look.colors[0] != look.colors[1] and look.tints[0] != look.colors[0]
    # no label on a zero segment, nor on one too small to hold it (1 of a 20-wide axis)
    assert look.labels == ((True, False, False), (True, True, True))
    assert look.label_texts == (("10", "0", "1"), ("5", "5", "5"))
    # white text inside the dark first series, except on its light estimated segments
    assert look.label_colors[0] == ("#ffffff", THEME.colors.text, "#ffffff")


def test_percent_values_and_short_units_follow_every_label():
    percent = chart_look(spec_of("pie", ((55.0, 45.0),)), THEME)
    assert percent.suffix == "" and percent.excel_format == "#,##0"
    spec = ChartSpec(
        "pie", None, "%", None, "C", ("a", "b"), (ChartSeries("s", (55.0, 45.5), ("55", "45.5"), (False, False)),), 1
    )
    look = chart_look(spec, THEME)
    assert look.label_texts == (("55.0%", "45.5%"),) and look.excel_format == '#,##0.0"%"'
