"""Badges in generated slide text, planned: every picture stands on a line of its own paragraph,
inside the text's box, clear of every other picture, with its room kept in the text; the set
paragraphs still fit their slides."""

from __future__ import annotations

import tempfile
from pathlib import Path

from builders import section
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as Picture
from test_deck_plan import PATH, document

from briefkit.errors import Warnings
from briefkit.model import InlineImage, Link, ListBlock, ListItem, Paragraph, Table, Text
from briefkit.render.deck import plan_deck
from briefkit.render.deck.fit import CELL_X, CELL_Y, HEIGHT_SLACK, bullet_height
from briefkit.render.deck.plan import Box
from briefkit.render.deck.text import LINE_SPACING, PICTURE_HEIGHT, Measure, pictures_in, plain, spans_of
from briefkit.theme import load_theme

THEME = load_theme(None, PATH)
MEASURE = Measure(THEME)
FOLDER = Path(tempfile.mkdtemp(prefix="badges-"))
IMAGES = []
for width, height in ((90, 20), (20, 20), (400, 20), (60, 40), (1200, 30)):
    IMAGES.append(FOLDER / f"badge-{width}x{height}.png")
    Picture.new("RGB", (width, height), "#4c1").save(IMAGES[-1])

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)
badge = st.builds(lambda path: InlineImage(path, "badge", 1), st.sampled_from(IMAGES))
linked = badge.map(lambda image: Link("https://ci.example.org", (image,)))
piece = st.one_of(words.map(lambda word: Text(word + " ")), words.map(Text), badge, linked)
inlines = st.lists(piece, min_size=1, max_size=30).map(tuple)


def overlap(one: Box, other: Box) -> bool:
    return (
        one.left < other.right - 0.01
        and other.left < one.right - 0.01
        and one.top < other.bottom - 0.01
        and other.top < one.bottom - 0.01
    )


def inside(inner: Box, outer: Box) -> bool:
    return (
        inner.left >= outer.left - 0.01
        and inner.right <= outer.right + 0.01
        and inner.top >= outer.top - 0.01
        and inner.bottom <= outer.bottom + 0.01
    )


def assert_apart(pictures) -> None:
    for index, one in enumerate(pictures):
        for other in pictures[index + 1 :]:
            assert not overlap(one.box, other.box)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(inlines, min_size=1, max_size=8))
def test_badges_in_generated_bullets_stand_in_their_lines_and_the_bullets_still_fit(items):
    listed = ListBlock(tuple(ListItem((Paragraph(item, 1),), 1) for item in items), False, 1, 1)
    plan = plan_deck(document(section("Status", listed)), THEME, Warnings())
    drawn = 0
    for slide in plan.slides:
        if slide.kind != "bullets":
            continue
        area = slide.bullets_area
        used = sum(bullet_height(MEASURE, bullet, area.width) for bullet in slide.bullets)
        assert used <= area.height - HEIGHT_SLACK + 1e-6  # the set bullets still fit
        top, boxes = area.top, []
        for index, bullet in enumerate(slide.bullets):
            top += bullet.space_before if index else 0.0
            lines = MEASURE.lines(bullet.spans, bullet.size, area.width - bullet.indent)
            text = Box(area.left + bullet.indent, top, area.width - bullet.indent, lines * bullet.size * LINE_SPACING)
            for span in pictures_in(bullet.spans):
                assert span.room > 0  # its room is kept in the text
            boxes += [text] * len(pictures_in(bullet.spans))
            top += lines * bullet.size * LINE_SPACING
        assert len(boxes) == len(slide.pictures)
        for picture, text in zip(slide.pictures, boxes, strict=True):  # each within its own paragraph
            assert inside(picture.box, text)
            assert picture.box.height <= PICTURE_HEIGHT * max(b.size for b in slide.bullets)
        assert_apart(slide.pictures)
        drawn += len(slide.pictures)
    assert drawn == sum(isinstance(piece, (InlineImage, Link)) for item in items for piece in item)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(inlines, min_size=2, max_size=2).map(tuple), min_size=1, max_size=12))
def test_badges_in_generated_table_cells_stand_inside_their_cells(rows):
    table = Table(((Text("name"),), (Text("status"),)), tuple(rows), (None, "center"), 3)
    plan = plan_deck(document(section("Grid", table)), THEME, Warnings())
    for slide in plan.slides:
        if slide.kind != "table" or slide.table is None:
            continue
        fit = slide.table
        assert fit.height <= slide.body.height - HEIGHT_SLACK + 1e-6
        cells, top = [], slide.body.top
        for row, height in zip((fit.header, *fit.rows), fit.row_heights, strict=True):
            left = slide.body.left
            for cell, width in zip(row, fit.col_widths, strict=True):
                inner = Box(left + CELL_X, top + CELL_Y, width - 2 * CELL_X, height - 2 * CELL_Y)
                cells += [inner] * len(pictures_in(cell))
                left += width
            top += height
        assert len(cells) == len(slide.pictures)
        for picture, cell in zip(slide.pictures, cells, strict=True):
            assert inside(picture.box, cell)
        assert_apart(slide.pictures)


@settings(max_examples=80, deadline=None)
@given(inlines, st.floats(60, 800), st.sampled_from([None, "center", "right"]))
def test_a_paragraph_set_in_lines_takes_as_many_lines_as_measured_and_keeps_its_pictures_inside(pieces, width, align):
    spans = spans_of(pieces)
    setting = MEASURE.lay_out(spans, 20.0, width, align=align)
    lines = MEASURE.lines(spans, 20.0, width)
    assert MEASURE.lines(setting.spans, 20.0, width) == lines  # the breaks are where it wrapped
    assert plain(setting.spans).replace(" ", "") == plain(spans).replace(" ", "")  # no text lost
    assert len(setting.pictures) == len(pictures_in(spans))
    for placed in setting.pictures:
        assert 0 <= placed.line < lines
        assert -0.01 <= placed.x and placed.x + placed.width <= width + 0.01
