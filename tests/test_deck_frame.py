"""The deck's frame: banners, footer and slide number built once per deck and copied onto every
slide, each copy with the shape id python-pptx would give it and the slide's own number."""

from __future__ import annotations

import io

import pytest
from builders import bullets, section
from pptx import Presentation
from test_deck_plan import PATH, document

from briefkit.errors import Warnings
from briefkit.render.deck import plan_deck
from briefkit.render.pptx import render_pptx, slides
from briefkit.stamp import Stamp
from briefkit.theme import load_theme

STAMP = Stamp("a1b2c3d4e5f6", document().meta.date)
FOOTER = "Test brief · a1b2c3d4e5f6 · 2026-01-15"


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


def many_sections(count: int):
    return document(*(section(f"Part {number}", bullets("First point", "Second point")) for number in range(count)))


def test_the_furniture_is_built_once_per_layout_not_once_per_slide(theme, monkeypatch):
    written = []
    drawn = slides.plain

    def plain(sp, text, *args, **kwargs):
        written.append(text)
        drawn(sp, text, *args, **kwargs)

    monkeypatch.setattr(slides, "plain", plain)
    deck = plan_deck(many_sections(12), theme, Warnings(), stamp=STAMP)
    render_pptx(deck, STAMP)
    assert len(deck.slides) > 12
    # two banners and a footer for the title slide's layout, the same for the content layout
    assert (written.count("RESTRICTED"), written.count(FOOTER)) == (4, 2)


def test_copied_furniture_has_unique_ids_named_as_python_pptx_names_them(theme):
    deck = plan_deck(many_sections(12), theme, Warnings(), stamp=STAMP)
    shown = Presentation(io.BytesIO(render_pptx(deck, STAMP))).slides
    number_box = deck.furniture.number
    for number, slide in enumerate(shown, 1):
        ids = [shape.shape_id for shape in slide.shapes]
        assert ids == sorted(set(ids)) and ids[0] == 2  # counting up from the spTree's own id 1
        for shape in slide.shapes:
            kind = shape.name.rsplit(" ", 1)[0]
            if kind in ("Rectangle", "TextBox"):
                assert shape.name == f"{kind} {shape.shape_id - 1}"
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert texts.count("RESTRICTED") == 2 and texts.count(FOOTER) == 1
        numbers = [
            shape.text_frame.text
            for shape in slide.shapes
            if shape.has_text_frame and round(shape.left.pt, 2) == round(number_box.left, 2)
            and round(shape.top.pt, 2) == round(number_box.top, 2)
        ]  # fmt: skip
        assert numbers == ([str(number)] if number > 1 else [])
