"""Corporate templates: the deck takes its size, areas, colours, fonts and furniture from them.

Real templates: four of LibreOffice's bundled presentation templates converted to .pptx
(tests/templates/, see its README), python-pptx's own default (4:3), and a dark one made here.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pptx
import pytest
from builders import bullets, para, section
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image as Picture
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from test_deck_plan import PATH, document, flow, rich_document
from test_pptx import convert
from xsd import schema_errors

from briefkit.diagram.draw_pptx import MAX_TEXT_SIZE
from briefkit.errors import ContentError, Warnings
from briefkit.model import Image
from briefkit.render.deck import plan_deck
from briefkit.render.deck.frame import TITLE_CONTRAST, clear_of, contrast, least_contrast
from briefkit.render.deck.plan import Box
from briefkit.render.deck.template import all_layouts, read_template
from briefkit.render.pptx import render_pptx
from briefkit.stamp import Stamp
from briefkit.theme import load_theme

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT = Path(pptx.__file__).parent / "templates" / "default.pptx"
STAMP = Stamp("a1b2c3d4e5f6", document().meta.date)
SLIDENUM = ".//a:fld[@type='slidenum']"
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def dark_template(path: Path) -> Path:
    """python-pptx's default made 16:9 with a near-black background and nothing else changed:
    its text styles still say black titles and body text."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Pt(960), Pt(540)
    common = deck.slide_masters[0]._element.find(qn("p:cSld"))
    common.remove(common.find(qn("p:bg")))
    background = etree.Element(qn("p:bg"))
    properties = etree.SubElement(background, qn("p:bgPr"))
    etree.SubElement(etree.SubElement(properties, qn("a:solidFill")), qn("a:srgbClr")).set("val", "14202E")
    etree.SubElement(properties, qn("a:effectLst"))
    common.insert(0, background)
    deck.save(path)
    return path


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    found = {path.stem: path for path in sorted(TEMPLATES.glob("*.pptx"))}
    return {**found, "python-pptx": DEFAULT, "dark": dark_template(folder / "dark.pptx")}


@pytest.fixture(scope="module")
def wide_image(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("images") / "wide.png"
    Picture.new("RGB", (1600, 200), "#336699").save(path)
    return path


def sample(image: Path):
    extra = section("Picture", Image(image, "A very wide picture", 50), line=50)
    return dataclasses.replace(rich_document(), sections=(*rich_document().sections, extra))


@pytest.fixture(scope="module")
def decks(theme, templates, wide_image):
    """{template name: (template path, plan, pptx bytes)} for one rich brief."""
    built = {}
    for name, path in templates.items():
        plan = plan_deck(sample(wide_image), dataclasses.replace(theme, pptx_template=path), Warnings(), stamp=STAMP)
        built[name] = (path, plan, render_pptx(plan, STAMP))
    return built


NAMES = ["midnightblue", "metropolis", "vivid", "lights", "python-pptx", "dark"]


def inside(inner: Box, outer: Box, slack: float = 0.5) -> bool:
    return (
        inner.left >= outer.left - slack
        and inner.top >= outer.top - slack
        and inner.right <= outer.right + slack
        and inner.bottom <= outer.bottom + slack
    )


def overlaps(one: Box, other: Box) -> bool:
    return one.left < other.right and other.left < one.right and one.top < other.bottom and other.top < one.bottom


def box_of(shape) -> Box:
    return Box(*(Emu(v).pt for v in (shape.left, shape.top, shape.width, shape.height)))


def same(one: Box, other: Box) -> bool:
    """The same box, but for the rounding of points to whole EMUs."""
    return dataclasses.astuple(one) == pytest.approx(dataclasses.astuple(other), abs=0.01)


def test_the_committed_templates_are_small():
    assert sum(path.stat().st_size for path in TEMPLATES.glob("*.pptx")) < 400_000


def test_a_4_3_template_gives_a_4_3_deck(decks):
    _, plan, data = decks["python-pptx"]
    assert (plan.frame.slide_width, plan.frame.slide_height) == (720.0, 540.0)
    result = Presentation(io.BytesIO(data))
    assert (result.slide_width, result.slide_height) == (Pt(720), Pt(540))
    for slide in result.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= Pt(720) + 1, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= Pt(540) + 1, shape.name


@pytest.mark.parametrize("name", NAMES)
def test_content_lies_in_the_layouts_body_area_clear_of_the_artwork(decks, name):
    path, plan, data = decks[name]
    facts, area = read_template(path), plan.frame.body_area
    assert inside(area, facts.body)
    furniture = [b for b in (facts.footer, facts.date, facts.number, *facts.artwork_fields.values()) if b]
    assert not any(overlaps(area, art) for art in (*facts.artwork, *furniture))
    assert (plan.frame.slide_width, plan.frame.slide_height) == (facts.width, facts.height)
    slides = Presentation(io.BytesIO(data)).slides
    for slide_plan, slide in zip(plan.slides[1:], list(slides)[1:], strict=True):
        assert inside(slide_plan.body, area)
        for shape in slide.shapes:
            drawn = shape.has_table or shape.shape_type == 13 or shape.name.startswith("Flow")
            if drawn or (shape.is_placeholder and shape.placeholder_format.type in (2, 7)):  # body, object
                assert inside(box_of(shape), area, slack=1.0), (slide_plan.heading.text, shape.name)


@pytest.mark.parametrize("name", NAMES)
def test_titles_stand_out_from_what_lies_behind_them(decks, name):
    path, plan, data = decks[name]
    facts = read_template(path)
    assert least_contrast(plan.look.title, facts.title_backdrop) >= TITLE_CONTRAST
    assert least_contrast(plan.look.cover_title, facts.cover_backdrop) >= TITLE_CONTRAST
    slide = Presentation(io.BytesIO(data)).slides[2]
    title = next(s for s in slide.placeholders if s.placeholder_format.type in (1, 3))
    colors = {str(run.font.color.rgb) for p in title.text_frame.paragraphs for run in p.runs}
    assert colors == {plan.look.title[1:].upper()}


def test_a_title_band_keeps_its_light_titles_and_a_dark_template_gets_light_text(decks):
    _, navy_band, _ = decks["midnightblue"]
    assert navy_band.look.title == "#FFFFFF"  # the template's own white, not its navy layout colour
    _, band, data = decks["metropolis"]
    table = next(s for s in Presentation(io.BytesIO(data)).slides if any(x.has_table for x in s.shapes))
    header = next(x for x in table.shapes if x.has_table).table.cell(0, 0)
    assert contrast("#" + str(header.fill.fore_color.rgb), "#FFFFFF") >= 4.5  # white header text stays readable
    _, dark, _ = decks["dark"]
    assert contrast(dark.look.title, "#14202E") >= TITLE_CONTRAST and contrast(dark.look.text, "#14202E") >= 4.5
    assert contrast(dark.theme.colors.edge, "#14202E") >= TITLE_CONTRAST  # diagram arrows too


def slide_numbers(slide, number_box: Box | None) -> int:
    """How many slide numbers a reader sees on `slide`: number fields, a number in the own number
    box, and number fields in the layout's and master's artwork."""
    own = sum(1 for shape in slide.shapes if shape._element.find(SLIDENUM, NS) is not None)
    own += sum(
        1 for shape in slide.shapes
        if number_box and same(box_of(shape), number_box) and shape.text_frame.text.isdigit()
    )  # fmt: skip
    layout = slide.slide_layout
    parts = [layout] if layout._element.get("showMasterSp") == "0" else [layout, layout.slide_master]
    artwork = sum(
        1 for part in parts for shape in part.shapes
        if not shape.is_placeholder and shape._element.find(SLIDENUM, NS) is not None
    )  # fmt: skip
    return own + artwork


@pytest.mark.parametrize("name", NAMES)
def test_every_content_slide_shows_one_slide_number(decks, name):
    _, plan, data = decks[name]
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert [slide_numbers(slide, plan.furniture.number) for slide in slides[1:]] == [1] * (len(slides) - 1)
    assert slide_numbers(slides[0], plan.furniture.number) <= 1


def test_the_templates_own_placeholders_carry_footer_date_and_number(decks):
    _, plan, data = decks["vivid"]
    kinds = {held.kind: held for held in plan.furniture.placeholders}
    assert set(kinds) == {"ftr", "dt", "sldNum"} and plan.furniture.footer is None and plan.furniture.number is None
    slide = Presentation(io.BytesIO(data)).slides[3]
    by_kind = {s._element.ph.get("type"): s for s in slide.placeholders if s._element.ph.get("type") in kinds}
    assert by_kind["ftr"].text_frame.text == kinds["ftr"].text == "Test brief · a1b2c3d4e5f6 · 2026-01-15"
    assert by_kind["dt"].text_frame.text == "15 January 2026"
    assert by_kind["sldNum"].text_frame.text == "4"
    for kind, shape in by_kind.items():
        assert same(box_of(shape), kinds[kind].box)


@pytest.mark.parametrize("name", NAMES)
def test_the_templates_own_slides_are_removed(decks, name):
    path, plan, data = decks[name]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slides = [n for n in package.namelist() if n.startswith("ppt/slides/slide")]
        assert len(slides) == len(plan.slides)
        for name_ in slides:
            assert schema_errors(package.read(name_)) == [], name_
    assert len(Presentation(path).slides) > 0 or name in ("python-pptx", "dark")


def test_the_writer_draws_every_box_where_the_plan_put_it(decks):
    _, plan, data = decks["metropolis"]
    slides = list(Presentation(io.BytesIO(data)).slides)
    for slide_plan, slide in zip(plan.slides, slides, strict=True):
        title = next(s for s in slide.placeholders if s.placeholder_format.type in (1, 3))
        expected = slide_plan.title.box if slide_plan.kind == "title" else slide_plan.heading.box
        assert same(box_of(title), expected)
        if slide_plan.kind == "image":
            picture = next(s for s in slide.shapes if s.shape_type == 13)
            assert same(box_of(picture), slide_plan.picture)
            assert slide_plan.picture.width / slide_plan.picture.height == pytest.approx(1600 / 200, rel=1e-3)
        if slide_plan.kind == "flow":
            placed = slide_plan.placed.box
            for shape in slide.shapes:
                if shape.name.startswith("Flow node"):
                    assert inside(box_of(shape), placed, slack=0.01)


def test_long_titles_shrink_to_stay_in_the_title_band(theme, templates):
    long = "Why the partnership between the two states matters more than either side admits in public"
    themed = dataclasses.replace(theme, pptx_template=templates["midnightblue"])
    plan = plan_deck(document(section(long, bullets("x"))), themed, Warnings(), stamp=STAMP)
    heading, band = plan.slides[1].heading, plan.frame.title_area
    assert heading.lines >= 2 and inside(heading.box, band)


def test_the_theme_fills_in_only_what_the_template_does_not_say(theme, templates):
    themed = dataclasses.replace(theme, pptx_template=templates["python-pptx"])
    plan = plan_deck(document(section("A", bullets("short"))), themed, Warnings(), stamp=STAMP)
    facts = read_template(templates["python-pptx"])
    assert (facts.title_text.size, facts.body_text.size) == (44.0, 32.0)
    assert (facts.title_layout, facts.content_layout, facts.section_layout) == (0, 1, 2)  # "Section Header"
    assert plan.theme.sizes.slide_body == 32.0 and plan.slides[1].bullets[0].size == 32.0
    assert plan.look.heading.name == "Calibri"  # the template's font, measured with Carlito
    assert plan.look.accent == theme.colors.accent  # the template names no accent: the theme's
    assert plan.look.title_align == plan.look.cover_align == "ctr"  # its master centres titles
    title = Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides[1].shapes.title
    assert title.text_frame.paragraphs[0].alignment == 2  # PP_ALIGN.CENTER


def test_libreoffice_opens_a_templated_deck_one_page_per_slide(decks, tmp_path):
    _, plan, data = decks["midnightblue"]
    pages, boxes = convert(data, tmp_path)
    assert pages == len(plan.slides)
    assert boxes.count(">RESTRICTED<") == 2 * len(plan.slides)


def test_a_short_deck_on_each_template_plans_a_slide_per_section(theme, templates):
    for path in templates.values():
        themed = dataclasses.replace(theme, pptx_template=path)
        doc = document(section("One", bullets("a")), section("Two", para("Prose.")), section("Three", flow()))
        plan = plan_deck(doc, themed, Warnings(), stamp=STAMP)
        assert [s.kind for s in plan.slides][:4] == ["title", "agenda", "bullets", "prose"]
        assert plan.slides[-1].kind == "flow" and inside(plan.slides[-1].placed.box, plan.frame.body_area)


def test_without_a_template_the_writer_draws_the_own_frame_where_the_plan_put_it(theme, wide_image):
    plan = plan_deck(sample(wide_image), theme, Warnings(), stamp=STAMP)
    assert (plan.frame.slide_width, plan.frame.slide_height) == (960.0, 540.0) and plan.template is None
    furniture = plan.furniture
    assert furniture.footer.text == "Test brief · a1b2c3d4e5f6 · 2026-01-15" and not furniture.placeholders
    slides = list(Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides)
    for slide_plan, slide in zip(plan.slides, slides, strict=True):
        boxes = [box_of(shape) for shape in slide.shapes]
        assert slide_plan.rule is not None and any(same(b, slide_plan.rule) for b in boxes)
        assert all(any(same(b, banner) for b in boxes) for banner in furniture.banners)
        assert any(same(b, furniture.footer.box) for b in boxes)
        numbers = [s for s in slide.shapes if same(box_of(s), furniture.number)]
        assert [s.text_frame.text for s in numbers] == ([] if slide_plan.kind == "title" else [str(slide_plan.number)])
        if slide_plan.kind == "image":
            assert any(same(b, slide_plan.picture) for b in boxes)
        if slide_plan.kind == "flow":
            placed, body = slide_plan.placed, slide_plan.body
            layout = placed.layout
            fits = min(body.width / layout.width, body.height / layout.height, MAX_TEXT_SIZE / layout.font_size)
            assert placed.scale == pytest.approx(fits) and inside(placed.box, body)
            nodes = [s for s in slide.shapes if s.name.startswith("Flow node")]
            assert {r.font.name for s in nodes for p in s.text_frame.paragraphs for r in p.runs} == {"Calibri"}
            centre = (placed.box.left + placed.box.right) / 2, (placed.box.top + placed.box.bottom) / 2
            assert centre == pytest.approx(((body.left + body.right) / 2, (body.top + body.bottom) / 2))


def test_a_broken_template_is_a_located_error(theme, tmp_path):
    path = tmp_path / "broken.pptx"
    path.write_bytes(b"PK\x03\x04 not really a presentation")
    with pytest.raises(ContentError) as caught:
        plan_deck(document(section("A", bullets("x"))), dataclasses.replace(theme, pptx_template=path), Warnings())
    problem = caught.value.problems[0]
    assert problem.path == path and "template" in problem.message and "PowerPoint" in problem.message


def test_a_changed_template_is_read_again(tmp_path):
    path = tmp_path / "corporate.pptx"
    Presentation().save(path)
    assert read_template(path).width == 720.0
    wide = Presentation()
    wide.slide_width = Pt(960)
    wide.save(path)
    assert read_template(path).width == 960.0


coordinate = st.floats(0, 900, allow_nan=False)
boxes = st.builds(Box, coordinate, coordinate, st.floats(1, 400), st.floats(1, 300))


@given(boxes, st.lists(boxes, max_size=6))
def test_a_body_area_cleared_of_artwork_lies_inside_it_and_touches_no_artwork_it_could_avoid(area, artwork):
    cleared = clear_of(area, tuple(artwork))
    assert inside(cleared, area, slack=1e-6) and cleared.width > 0 and cleared.height > 0
    for art in artwork:  # artwork still under the body covers all of it: nothing could avoid it
        assert not overlaps(cleared, art) or inside(cleared, art, slack=1e-6)


def test_every_content_slide_of_a_template_shares_its_body_area_unless_its_title_outgrew_the_band(theme, templates):
    themed = dataclasses.replace(theme, pptx_template=templates["python-pptx"])
    doc = document(section("Short", bullets("a")), section("A title long enough to need two lines here", bullets("b")))
    plan = plan_deck(doc, themed, Warnings(), stamp=STAMP)
    assert {slide.body for slide in plan.slides[1:]} == {plan.frame.body_area}


@pytest.mark.parametrize("name", NAMES)
def test_the_templates_footer_date_and_number_stay_readable(decks, name):
    path, plan, data = decks[name]
    facts = read_template(path)
    for held in plan.furniture.placeholders:
        shown = held.color or facts.furniture_text[held.kind].color
        assert least_contrast(shown, facts.furniture_backdrop[held.kind]) >= TITLE_CONTRAST, held.kind
    if name == "dark":  # black footer text on a near-black slide is given a readable colour
        assert all(held.color for held in plan.furniture.placeholders)
        slide = Presentation(io.BytesIO(data)).slides[1]
        footer = next(s for s in slide.placeholders if s._element.ph.get("type") == "ftr")
        colour = footer.text_frame.paragraphs[0].runs[0].font.color.rgb
        assert contrast("#" + str(colour), "#14202E") >= TITLE_CONTRAST


# ---------------------------------------------------------------- masters and section headers

SECOND_BODY = Box(100, 200, 500, 250)  # the second master's body area, in points (4:3 slide)


def add_master(deck, names: tuple[str, ...]):
    """A copy of `deck`'s first slide master added after it, holding copies of the first's
    layouts named `names`; returns it."""
    import copy

    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import SlideLayoutPart, SlideMasterPart

    first = deck.slide_masters[0]
    package = deck.part.package
    element = copy.deepcopy(first._element)
    master = SlideMasterPart(PackURI("/ppt/slideMasters/slideMaster2.xml"), CT.PML_SLIDE_MASTER, package, element)
    theme_blob = first.part.part_related_by(RT.THEME).blob
    master.relate_to(Part(PackURI("/ppt/theme/theme2.xml"), CT.OFC_THEME, package, theme_blob), RT.THEME)
    entries = (*deck._element.iter(qn("p:sldMasterId")), *first._element.iter(qn("p:sldLayoutId")))
    next_id = max(int(entry.get("id")) for entry in entries) + 1
    listed = element.find(qn("p:sldLayoutIdLst"))
    for entry in list(listed):
        listed.remove(entry)
    moved = [layout for layout in first.slide_layouts if layout.name in names]
    for number, layout in enumerate(moved, 12):
        partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")
        part = SlideLayoutPart(partname, CT.PML_SLIDE_LAYOUT, package, copy.deepcopy(layout._element))
        part.relate_to(master, RT.SLIDE_MASTER)
        entry = etree.SubElement(listed, qn("p:sldLayoutId"), id=str(next_id))
        entry.set(qn("r:id"), master.relate_to(part, RT.SLIDE_LAYOUT))
        next_id += 1
    entry = etree.SubElement(deck._element.find(qn("p:sldMasterIdLst")), qn("p:sldMasterId"), id=str(next_id))
    entry.set(qn("r:id"), deck.part.relate_to(master, RT.SLIDE_MASTER))
    return deck.slide_masters[1]


def two_master_template(path: Path) -> Path:
    """python-pptx's default with a second slide master: the first keeps only its title slide,
    title only and blank layouts; the second, dark and with its own body area, holds the title and
    content and the section-header layouts."""
    deck = Presentation()
    first = deck.slide_masters[0]
    second = add_master(deck, ("Title and Content", "Section Header"))
    kept = ("Title Slide", "Title Only", "Blank")
    for layout in [layout for layout in first.slide_layouts if layout.name not in kept]:
        first.slide_layouts.remove(layout)
    common = second._element.find(qn("p:cSld"))
    common.remove(common.find(qn("p:bg")))
    background = etree.Element(qn("p:bg"))
    properties = etree.SubElement(background, qn("p:bgPr"))
    etree.SubElement(etree.SubElement(properties, qn("a:solidFill")), qn("a:srgbClr")).set("val", "1B2A3C")
    etree.SubElement(properties, qn("a:effectLst"))
    common.insert(0, background)
    body = next(shape for shape in second.placeholders if shape.placeholder_format.type == 2)  # BODY
    body.left, body.top, body.width, body.height = (Pt(value) for value in dataclasses.astuple(SECOND_BODY))
    deck.save(path)
    return path


def subsections_document():
    """A section that only introduces its subsections: a divider, then a slide for each."""
    method = section("Method", subsections=(section("Sources", bullets("a")), section("Limits", bullets("b"))))
    return document(section("Summary", bullets("x")), method)


def test_the_layouts_come_from_every_master_and_each_is_read_with_its_own(theme, tmp_path):
    path = two_master_template(tmp_path / "two-masters.pptx")
    first = [layout.name for layout in Presentation(path).slide_masters[0].slide_layouts]
    facts = read_template(path)
    assert facts.title_layout == first.index("Title Slide")
    assert (facts.content_layout, facts.section_layout) == (len(first), len(first) + 1)  # the second master's
    assert facts.body == SECOND_BODY  # the layout inherits its body from the second master
    assert facts.body_backdrop == facts.title_backdrop == ("#1B2A3C",) and facts.cover_backdrop == (WHITE_HEX,)
    themed = dataclasses.replace(theme, pptx_template=path)
    plan = plan_deck(subsections_document(), themed, Warnings(), stamp=STAMP)
    assert contrast(plan.look.title, "#1B2A3C") >= TITLE_CONTRAST  # readable on the second master
    assert contrast(plan.section_look.title, "#1B2A3C") >= TITLE_CONTRAST  # and on its section header
    data = render_pptx(plan, STAMP)
    deck = Presentation(io.BytesIO(data))
    masters = list(deck.slide_masters)
    for slide_plan, slide in zip(plan.slides, deck.slides, strict=True):
        expected = {"title": "Title Slide", "section": "Section Header"}.get(slide_plan.kind, "Title and Content")
        assert slide.slide_layout.name == expected
        assert masters.index(slide.slide_layout.slide_master) == (0 if slide_plan.kind == "title" else 1)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                assert schema_errors(package.read(name)) == [], name
    pages, boxes = convert(data, tmp_path)
    assert pages == len(plan.slides) and ">METHOD<" in boxes.upper()  # the layout sets titles in capitals


WHITE_HEX = "#FFFFFF"


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_a_divider_is_built_on_the_templates_section_header_layout(theme, templates):
    themed = dataclasses.replace(theme, pptx_template=templates["python-pptx"])
    plan = plan_deck(subsections_document(), themed, Warnings(), stamp=STAMP)
    (at,) = [n for n, s in enumerate(plan.slides) if s.kind == "section"]
    divider = plan.slides[at]
    assert divider.templated and not divider.own_list and divider.label == ""
    assert plan.section_layout == read_template(templates["python-pptx"]).section_layout
    slide = Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides[at]
    assert slide.slide_layout.name == "Section Header"
    assert slide.shapes.title.text_frame.text == "Method"
    assert same(box_of(slide.shapes.title), divider.heading.box)
    (body,) = [s for s in slide.placeholders if s.placeholder_format.type == 2]  # the layout's text placeholder
    assert [p.text for p in body.text_frame.paragraphs] == ["Sources", "Limits"]
    assert same(box_of(body), divider.list_box)
    placeholders = [s for s in slide.placeholders if s.placeholder_format.type not in (13, 15, 16)]  # furniture
    assert all(s.text_frame.text.strip() for s in placeholders)  # no empty prompt left


def test_a_section_header_without_a_text_placeholder_gets_an_own_list_in_its_body_area(theme, tmp_path):
    deck = Presentation()
    layout = next(layout for layout in deck.slide_layouts if layout.name == "Section Header")
    for shape in [s for s in layout.placeholders if s.placeholder_format.type == 2]:
        shape._element.getparent().remove(shape._element)
    deck.save(tmp_path / "no-text.pptx")
    themed = dataclasses.replace(theme, pptx_template=tmp_path / "no-text.pptx")
    plan = plan_deck(subsections_document(), themed, Warnings(), stamp=STAMP)
    (at,) = [n for n, s in enumerate(plan.slides) if s.kind == "section"]
    divider = plan.slides[at]
    assert divider.templated and divider.own_list
    box, title = divider.list_box, divider.heading.box
    assert inside(box, plan.frame.section_body) and (box.bottom <= title.top or box.top >= title.bottom)
    slide = Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides[at]
    assert slide.slide_layout.name == "Section Header" and slide.shapes.title.text_frame.text == "Method"
    assert [s.placeholder_format.type for s in slide.placeholders if s.placeholder_format.type not in (13, 15, 16)] == [
        1
    ]  # only the title
    assert "Sources\nLimits" in _texts(slide)


def test_without_a_section_header_layout_a_divider_stays_on_the_content_layout(theme, templates):
    themed = dataclasses.replace(theme, pptx_template=templates["midnightblue"])
    plan = plan_deck(subsections_document(), themed, Warnings(), stamp=STAMP)
    divider = next(s for s in plan.slides if s.kind == "section")
    assert not divider.templated and plan.section_layout is None and divider.label == "02"


def test_content_slides_take_the_master_whose_artwork_leaves_the_body_most_room(theme, templates):
    path = templates["vivid"]  # its first master's band of artwork crosses the body; its others are plain
    masters = list(Presentation(path).slide_masters)
    layouts = [layout for master in masters for layout in master.slide_layouts]
    facts = read_template(path)
    assert layouts[facts.title_layout].slide_master == masters[0]  # the title design stays the first's
    content = layouts[facts.content_layout]
    assert content.slide_master != masters[0] and content.name == "Title, Content"
    plan = plan_deck(document(section("A", bullets("x"))), dataclasses.replace(theme, pptx_template=path), Warnings())
    assert plan.frame.body_area.height > 0.55 * facts.height  # under the first master: under half
    slide = Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides[1]
    assert slide.slide_layout.slide_master.part.partname == content.slide_master.part.partname


def busy_title_template(path: Path, share: float = 1.0) -> Path:
    """python-pptx's default with a second, plain copy of its master; the first master carries a
    bright shape over `share` of the title slide's title area's width, as a busy cover design does."""
    from pptx.oxml.shapes.autoshape import CT_Shape

    deck = Presentation()
    first = deck.slide_masters[0]
    add_master(deck, ("Title Slide", "Title and Content"))
    cover = next(layout for layout in first.slide_layouts if layout.name == "Title Slide")
    title = next(shape for shape in cover.placeholders if shape.placeholder_format.type == 3)  # CENTER_TITLE
    artwork = CT_Shape.new_autoshape_sp(
        90, "Artwork", "rect", title.left, title.top, int(title.width * share), title.height
    )
    first.shapes._spTree.append(artwork)
    shape = next(shape for shape in first.shapes if shape.name == "Artwork")
    shape.fill.solid()
    shape.fill.fore_color.rgb = pptx.dml.color.RGBColor(0xE8, 0x3A, 0x14)
    deck.save(path)
    return path


def test_the_title_slide_takes_the_master_whose_artwork_leaves_its_title_clear(theme, tmp_path):
    path = busy_title_template(tmp_path / "busy-title.pptx")
    masters = list(Presentation(path).slide_masters)
    layouts = [layout for master in masters for layout in master.slide_layouts]
    facts = read_template(path)
    cover = layouts[facts.title_layout]
    assert cover.name == "Title Slide" and cover.slide_master == masters[1]
    assert facts.cover_backdrop == (WHITE_HEX,)  # not the artwork's colour
    themed = dataclasses.replace(theme, pptx_template=path)
    plan = plan_deck(document(section("A", bullets("x"))), themed, Warnings(), stamp=STAMP)
    assert contrast(plan.look.cover_title, WHITE_HEX) >= TITLE_CONTRAST
    slide = Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides[0]
    assert slide.slide_layout.slide_master.part.partname == masters[1].part.partname
    assert not any(shape.name == "Artwork" for shape in slide.slide_layout.slide_master.shapes)


def test_a_title_area_barely_touched_by_artwork_keeps_the_first_master(tmp_path):
    path = busy_title_template(tmp_path / "corner.pptx", share=0.03)  # a corner of the design
    facts = read_template(path)
    first = Presentation(path).slide_masters[0]
    assert all_layouts(Presentation(path))[facts.title_layout].slide_master.part.partname == first.part.partname


def test_a_title_slide_clear_on_the_first_master_keeps_the_first(templates):
    for name in ("midnightblue", "vivid", "python-pptx"):  # their first masters leave the title clear
        path = templates[name]
        facts = read_template(path)
        first = Presentation(path).slide_masters[0]
        layouts = [layout for master in Presentation(path).slide_masters for layout in master.slide_layouts]
        assert layouts[facts.title_layout].slide_master.part.partname == first.part.partname, name


# ---------------------------------------------------------------- footer, date and number as shown

PROMPT = re.compile(r"\s*(<[^<>]+>\s*)+")  # a text of nothing but prompts: "<date/time>"
FURNITURE_KINDS = {"ftr", "dt", "sldNum"}


def shown_artwork(slide) -> list:
    """The master's (unless the layout hides them) and the layout's own shapes, not placeholders,
    that a slide shows."""
    layout = slide.slide_layout
    parts = [layout] if layout._element.get("showMasterSp") == "0" else [layout.slide_master, layout]
    return [shape for part in parts for shape in part.shapes if not shape.is_placeholder]


def run_text(shape) -> str:
    """A shape's text as written, but for the fields (a renderer shows their values instead)."""
    return "".join(t.text or "" for t in shape._element.iterfind(".//a:r/a:t", NS))


def furniture_boxes(slide, plan) -> list[tuple[str, Box]]:
    """What shows a footer, a date or the slide number on `slide`, with its box: the slide's own
    placeholders of those kinds (at their own or inherited place), the own footer and number
    boxes, and the artwork holding a number or date field or a prompt."""
    found = [
        (shape._element.ph.get("type"), box_of(shape))
        for shape in slide.placeholders
        if shape._element.ph.get("type") in FURNITURE_KINDS
    ]
    own = plan.furniture
    for shape in slide.shapes:
        if own.footer and same(box_of(shape), own.footer.box):
            found.append(("own footer", box_of(shape)))
        if own.number and same(box_of(shape), own.number):
            found.append(("own number", box_of(shape)))
    for shape in shown_artwork(slide):
        kinds = [field.get("type") for field in shape._element.iterfind(".//a:fld", NS)]
        text = run_text(shape)
        if any(kind == "slidenum" or kind.startswith("datetime") for kind in kinds) or PROMPT.fullmatch(text):
            found.append((f"artwork {kinds or text}", box_of(shape)))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_footer_date_and_number_keep_apart_and_no_template_prompt_shows(decks, name):
    _, plan, data = decks[name]
    for slide in list(Presentation(io.BytesIO(data)).slides)[1:]:
        shown = [*slide.shapes, *shown_artwork(slide)]
        assert [run_text(s) for s in shown if PROMPT.fullmatch(run_text(s))] == []
        boxes = furniture_boxes(slide, plan)
        for at, (kind, box) in enumerate(boxes):
            for other_kind, other in boxes[at + 1 :]:
                assert not overlaps(box, other), (kind, other_kind)


def shown_texts(pdf: Path) -> list[list[tuple[float, str]]]:
    """Every text a PDF's pages draw, page by page, with the distance of its baseline from the
    page's top: each drawing counts, even one drawn exactly over another (pdftotext drops those)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        height = float(page.mediabox.height)
        drawn: list[tuple[float, str]] = []

        def seen(text, cm, tm, font, size, drawn=drawn, height=height):
            if text.strip():
                drawn.append((height - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5]), text))

        page.extract_text(visitor_text=seen)
        pages.append(drawn)
    return pages


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_shows_one_number_no_prompt_and_no_furniture_over_other(decks, name, tmp_path):
    _, plan, data = decks[name]
    pages, boxes = convert(data, tmp_path)
    assert pages == len(plan.slides)
    assert not re.search(r"&lt;(date/time|footer|number|#|header)&gt;", boxes)
    below = plan.frame.body_area.bottom if plan.frame.body_area else plan.frame.footer.top - 1.0
    drawn = shown_texts(tmp_path / "deck.pdf")
    for slide_plan, texts, page in zip(plan.slides[1:], drawn[1:], boxes.split("<page ")[2:], strict=True):
        words = [word for top, text in texts if top > below for word in text.split()]
        assert words.count(str(slide_plan.number)) == 1, (slide_plan.number, words)
        placed = [(Box(x0, y0, x1 - x0, y1 - y0), word) for x0, y0, x1, y1, word in
                  ((float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page))
                  if y0 > below]  # fmt: skip
        for at, (box, word) in enumerate(placed):
            for other, other_word in placed[at + 1 :]:
                shrunk = Box(box.left + 0.5, box.top + 0.5, box.width - 1.0, box.height - 1.0)
                assert not overlaps(shrunk, other), (slide_plan.number, word, other_word)


def field_template(path: Path, hidden: bool) -> Path:
    """python-pptx's default whose master draws, beside its placeholders and where they lie, its
    own text boxes: a slide-number field, a date field and a bare "<footer>" prompt; with `hidden`,
    its content layout hides the master's shapes."""
    from pptx.oxml.shapes.autoshape import CT_Shape

    deck = Presentation()
    master = deck.slide_masters[0]
    at = {shape._element.ph.get("type"): shape for shape in master.placeholders}
    for kind, inner in (
        ("sldNum", '<a:fld id="{1D1F6B38-7C4B-4A0B-9E49-3B0AF1D4C001}" type="slidenum"><a:t>‹#›</a:t></a:fld>'),
        ("dt", '<a:fld id="{1D1F6B38-7C4B-4A0B-9E49-3B0AF1D4C002}" type="datetime1"><a:t>1/1/2026</a:t></a:fld>'),
        ("ftr", "<a:r><a:t>&lt;footer&gt;</a:t></a:r>"),
    ):
        place = at[kind]
        box = CT_Shape.new_textbox_sp(90 + len(master.shapes), kind, place.left, place.top, place.width, place.height)
        master.shapes._spTree.append(box)
        paragraph = box.find(".//a:p", NS)
        for child in etree.fromstring(f'<a:p xmlns:a="{NS["a"]}">{inner}</a:p>'):
            paragraph.append(child)
    if hidden:  # and it has no number placeholder of its own
        layout = master.slide_layouts[1]
        layout._element.set("showMasterSp", "0")
        number = next(shape for shape in layout.placeholders if shape._element.ph.get("type") == "sldNum")
        number._element.getparent().remove(number._element)
    deck.save(path)
    return path


def test_artwork_that_shows_the_number_or_a_date_is_not_shown_again_and_a_bare_prompt_goes(theme, tmp_path):
    path = field_template(tmp_path / "fields.pptx", hidden=False)
    plan = plan_deck(rich_document(), dataclasses.replace(theme, pptx_template=path), Warnings(), stamp=STAMP)
    result = Presentation(io.BytesIO(render_pptx(plan, STAMP)))
    assert not any("<footer>" in run_text(shape) for shape in result.slide_masters[0].shapes)
    for slide in list(result.slides)[1:]:
        assert slide_numbers(slide, plan.furniture.number) == 1
        boxes = furniture_boxes(slide, plan)
        assert len(boxes) == 3 and not any(overlaps(a, b) for i, (_, a) in enumerate(boxes) for _, b in boxes[i + 1 :])
    assert {held.kind for held in plan.furniture.placeholders} == {"ftr"} and plan.furniture.number is None
    facts = read_template(path)
    assert set(facts.artwork_fields) == {"sldNum", "dt"}
    assert facts.artwork_fields["sldNum"] == facts.number and facts.artwork_fields["dt"] == facts.date


def test_a_layout_hiding_its_masters_shapes_hides_their_number_and_date_and_gets_an_own_number(theme, tmp_path):
    path = field_template(tmp_path / "hidden.pptx", hidden=True)
    plan = plan_deck(rich_document(), dataclasses.replace(theme, pptx_template=path), Warnings(), stamp=STAMP)
    for slide in list(Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides)[1:]:
        assert slide_numbers(slide, plan.furniture.number) == 1
        boxes = furniture_boxes(slide, plan)
        assert len(boxes) == 3 and not any(overlaps(a, b) for i, (_, a) in enumerate(boxes) for _, b in boxes[i + 1 :])
    assert {held.kind for held in plan.furniture.placeholders} == {"ftr", "dt"} and plan.furniture.number
    assert read_template(path).artwork_fields == {}


def stacked_template(path: Path) -> Path:
    """python-pptx's default whose content layout stacks its number, date and footer placeholders
    up its right edge, each partly over the next, as LibreOffice's Progress does."""
    deck = Presentation()
    layout = deck.slide_masters[0].slide_layouts[1]
    places = {"sldNum": (520, 470, 180, 30), "dt": (470, 490, 230, 30), "ftr": (380, 510, 320, 30)}
    for shape in layout.placeholders:
        kind = shape._element.ph.get("type")
        if kind in places:
            shape.left, shape.top, shape.width, shape.height = (Pt(value) for value in places[kind])
    deck.save(path)
    return path


def test_stacked_footer_date_and_number_keep_apart_and_the_banner_sits_above_them(theme, tmp_path):
    path = stacked_template(tmp_path / "stacked.pptx")
    plan = plan_deck(rich_document(), dataclasses.replace(theme, pptx_template=path), Warnings(), stamp=STAMP)
    assert plan.meta.classification and {held.kind for held in plan.furniture.placeholders} == {"ftr", "dt", "sldNum"}
    for slide in list(Presentation(io.BytesIO(render_pptx(plan, STAMP))).slides)[1:]:
        boxes = furniture_boxes(slide, plan)
        assert len(boxes) == 3 and not any(overlaps(a, b) for i, (_, a) in enumerate(boxes) for _, b in boxes[i + 1 :])
        banner = plan.furniture.banners[1]
        assert not any(overlaps(banner, box) for _, box in boxes), banner
        assert any(same(box_of(shape), banner) for shape in slide.shapes)
