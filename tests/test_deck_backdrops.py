"""What lies behind a template's text: gradients, theme background styles and pictures are read
for the colours they show under each area, so titles and text stay readable on all of them."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from builders import bullets, section
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image as Picture
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt
from test_deck_plan import PATH, document

from briefkit.errors import Warnings
from briefkit.render.deck import plan_deck
from briefkit.render.deck.frame import TEXT_CONTRAST, TITLE_CONTRAST, contrast, readable
from briefkit.render.deck.template import read_template
from briefkit.render.pptx import render_pptx
from briefkit.stamp import Stamp
from briefkit.theme import load_theme

DARK, LIGHT = "14202E", "FFFFFF"
STAMP = Stamp("a1b2c3d4e5f6", document().meta.date)


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


def _template(path: Path, fill: etree._Element | None = None, reference: etree._Element | None = None) -> Path:
    """python-pptx's default made 16:9, its master's background `fill` (a `p:bgPr` fill) or
    `reference` (a `p:bgRef`); its text styles say black titles and text."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Pt(960), Pt(540)
    common = deck.slide_masters[0]._element.find(qn("p:cSld"))
    common.remove(common.find(qn("p:bg")))
    background = etree.Element(qn("p:bg"))
    if reference is not None:
        background.append(reference)
    else:
        properties = etree.SubElement(background, qn("p:bgPr"))
        properties.append(fill)
        etree.SubElement(properties, qn("a:effectLst"))
    common.insert(0, background)
    deck.save(path)
    return path


def _gradient(stops: list[tuple[int, str]], angle: float = 90.0, placeholder: bool = False) -> etree._Element:
    """A linear `a:gradFill` through (position in percent, colour) stops at `angle` degrees
    clockwise from left-to-right; with `placeholder`, each colour is a shade of phClr."""
    fill = etree.Element(qn("a:gradFill"))
    listed = etree.SubElement(fill, qn("a:gsLst"))
    for position, color in stops:
        stop = etree.SubElement(listed, qn("a:gs"), pos=str(position * 1000))
        if placeholder:  # phClr darkened to `color` per cent of itself
            held = etree.SubElement(stop, qn("a:schemeClr"), val="phClr")
            etree.SubElement(held, qn("a:shade"), val=str(int(color) * 1000))
        else:
            etree.SubElement(stop, qn("a:srgbClr"), val=color)
    etree.SubElement(fill, qn("a:lin"), ang=str(int(angle * 60000)), scaled="0")
    return fill


def _plan(theme, path: Path):
    doc = document(section("Findings", bullets("Costs fell", "Lead times grew")))
    return plan_deck(doc, dataclasses.replace(theme, pptx_template=path), Warnings(), stamp=STAMP)


@pytest.mark.parametrize(("first", "rest"), [(LIGHT, DARK), (DARK, LIGHT)])
def test_a_gradient_that_turns_soon_after_its_first_stop_is_read_where_the_text_lies(theme, tmp_path, first, rest):
    path = _template(tmp_path / "turning.pptx", _gradient([(0, first), (3, rest), (100, rest)]))
    facts = read_template(path)
    assert facts.body_backdrop == (f"#{rest}",)  # the body lies where the gradient is all `rest`
    plan = _plan(theme, path)
    assert contrast(plan.look.text, f"#{rest}") >= TEXT_CONTRAST
    assert contrast(plan.look.title, f"#{rest}") >= TITLE_CONTRAST
    slide = Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides[1]
    body = next(shape for shape in slide.placeholders if shape.placeholder_format.idx == 1)
    shown = {str(run.font.color.rgb) for para in body.text_frame.paragraphs for run in para.runs}
    assert shown == {plan.look.text[1:].upper()}


def test_a_gradient_across_an_area_is_read_as_every_colour_it_runs_through_there(tmp_path):
    path = _template(tmp_path / "across.pptx", _gradient([(0, LIGHT), (50, "808080"), (100, DARK)], angle=0.0))
    facts = read_template(path)
    body = facts.body
    assert body.left < facts.width / 2 < body.right  # the body spans the middle stop

    def channels(color: str) -> list[int]:
        return [int(color[index : index + 2], 16) for index in (1, 3, 5)]

    def at(x: float) -> list[float]:  # the gradient, left to right over the slide
        share = x / facts.width
        one, other, share = ("FFFFFF", "808080", share * 2) if share < 0.5 else ("808080", DARK, share * 2 - 1)
        return [a + (b - a) * share for a, b in zip(channels("#" + one), channels("#" + other), strict=True)]

    first, middle, last = facts.body_backdrop
    assert middle == "#808080"
    for shown, x in ((first, body.left), (last, body.right)):
        assert channels(shown) == pytest.approx(at(x), abs=1)


def test_a_background_taken_from_the_themes_styles_is_read_with_its_placeholder_colour(theme, tmp_path):
    reference = etree.Element(qn("p:bgRef"), idx="1002")
    etree.SubElement(reference, qn("a:schemeClr"), val="bg1")  # white, darkened by the style
    path = _template(tmp_path / "styled.pptx", reference=reference)
    deck = Presentation(path)
    theme_part = next(rel.target_part for rel in deck.slide_masters[0].part.rels.values() if "theme" in rel.reltype)
    xml = etree.fromstring(theme_part.blob)
    styles = xml.find(".//" + qn("a:bgFillStyleLst"))
    styles[1].getparent().replace(styles[1], _gradient([(0, "100"), (3, "10"), (100, "10")], placeholder=True))
    theme_part._blob = etree.tostring(xml)
    deck.save(path)
    facts = read_template(path)
    assert facts.body_backdrop == ("#1A1A1A",)  # white at ten per cent: near black
    assert contrast(_plan(theme, path).look.text, "#1A1A1A") >= TEXT_CONTRAST


def test_a_picture_background_is_read_where_each_area_lies_on_it(theme, tmp_path):
    image = tmp_path / "backdrop.png"
    picture = Picture.new("RGB", (160, 90), f"#{DARK}")
    picture.paste(Picture.new("RGB", (160, 22), "#FFFFFF"))  # a light band across the top quarter
    picture.save(image)
    path = _template(tmp_path / "pictured.pptx", etree.Element(qn("a:noFill")))
    deck = Presentation(path)
    master = deck.slide_masters[0]
    _, r_id = master.part.get_or_add_image_part(str(image))
    properties = master._element.find(qn("p:cSld")).find(qn("p:bg")).find(qn("p:bgPr"))
    fill = etree.Element(qn("a:blipFill"))
    etree.SubElement(fill, qn("a:blip")).set(qn("r:embed"), r_id)
    etree.SubElement(etree.SubElement(fill, qn("a:stretch")), qn("a:fillRect"))
    properties.replace(properties[0], fill)
    deck.save(path)
    facts = read_template(path)
    plan = _plan(theme, path)
    assert all(contrast(plan.look.text, color) >= TEXT_CONTRAST for color in facts.body_backdrop)
    assert contrast(plan.look.text, f"#{DARK}") >= TEXT_CONTRAST  # the body lies on the dark part
    assert contrast(plan.look.title, "#FFFFFF") >= TITLE_CONTRAST  # the title on the light band


def _cover(path: Path, fill: etree._Element) -> Path:
    """The template at `path` with a rectangle over its whole slide, in `fill`, as the first of
    its master's own shapes (over the background, under the placeholders)."""
    deck = Presentation(path)
    tree = deck.slide_masters[0].shapes._spTree
    shape = etree.SubElement(tree, qn("p:sp"))
    names = etree.SubElement(shape, qn("p:nvSpPr"))
    etree.SubElement(names, qn("p:cNvPr"), id="90", name="Veil")
    etree.SubElement(names, qn("p:cNvSpPr"))
    etree.SubElement(names, qn("p:nvPr"))
    properties = etree.SubElement(shape, qn("p:spPr"))
    transform = etree.SubElement(properties, qn("a:xfrm"))
    etree.SubElement(transform, qn("a:off"), x="0", y="0")
    etree.SubElement(transform, qn("a:ext"), cx=str(deck.slide_width), cy=str(deck.slide_height))
    etree.SubElement(etree.SubElement(properties, qn("a:prstGeom"), prst="rect"), qn("a:avLst"))
    properties.append(fill)
    tree.remove(shape)
    tree.insert(2, shape)  # after the group's own properties
    deck.save(path)
    return path


def test_a_translucent_fill_is_seen_over_what_lies_under_it(theme, tmp_path):
    veil = etree.Element(qn("a:solidFill"))
    white = etree.SubElement(veil, qn("a:srgbClr"), val="FFFFFF")
    etree.SubElement(white, qn("a:alpha"), val="20000")  # a fifth opaque
    flat = etree.Element(qn("a:solidFill"))
    etree.SubElement(flat, qn("a:srgbClr"), val=DARK)
    path = _cover(_template(tmp_path / "veiled.pptx", flat), veil)
    facts = read_template(path)
    mixed = "#" + "".join(f"{round(0.2 * 255 + 0.8 * int(DARK[i : i + 2], 16)):02X}" for i in (0, 2, 4))
    assert facts.title_backdrop == facts.body_backdrop == (mixed,)
    look = _plan(theme, path).look
    assert contrast(look.title, mixed) >= TITLE_CONTRAST and contrast(look.text, mixed) >= TEXT_CONTRAST


def test_libreoffice_lights_template_gets_light_titles_on_its_dark_band_and_dark_text_below(theme):
    path = Path(__file__).parent / "templates" / "lights.pptx"
    facts = read_template(path)
    plan = _plan(theme, path)
    assert all(contrast(plan.look.title, color) >= TITLE_CONTRAST for color in facts.title_backdrop)
    assert contrast(plan.look.title, "#000000") > contrast(plan.look.title, "#FFFFFF")  # a light title
    assert facts.body_backdrop == ("#FFFFFF",)  # the opaque white area under the band
    assert contrast(plan.look.text, "#FFFFFF") >= TEXT_CONTRAST
    assert all(contrast(plan.look.cover_title, color) >= TITLE_CONTRAST for color in facts.cover_backdrop)


colours = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06X}")


@given(colours, st.lists(colours, min_size=1, max_size=4).map(tuple), colours)
def test_a_colour_is_kept_when_it_stands_out_from_every_backdrop_colour_else_the_safest_is_taken(color, backdrop, dark):
    chosen = readable(color, backdrop, TITLE_CONTRAST, dark)

    def worst(candidate: str) -> float:
        return min(contrast(candidate, behind) for behind in backdrop)

    if worst(color) >= TITLE_CONTRAST:
        assert chosen == color
    else:
        assert all(worst(chosen) >= worst(other) for other in (color, dark, "#FFFFFF"))
        if worst(chosen) < TITLE_CONTRAST:  # none of them stands out: black, where it does better
            assert worst(chosen) >= worst("#000000")


def test_footer_text_on_a_mid_blue_band_is_black_where_neither_white_nor_the_muted_colour_stands_out():
    band = ("#4FBAE8", "#28ABE3")  # LibreOffice's Blue Curve footer band
    muted = "#5A6573"
    assert all(min(contrast(c, b) for b in band) < TITLE_CONTRAST for c in ("#FFFFFF", muted))
    chosen = readable("#FFFFFF", band, TITLE_CONTRAST, muted)
    assert min(contrast(chosen, b) for b in band) >= TITLE_CONTRAST
