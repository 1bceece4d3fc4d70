"""The pptx read back: titles, bullets, notes, the frame, bounds, schemas, LibreOffice, bytes."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile

import pytest
from builders import bullets, section
from conftest import require_tool
from pptx import Presentation
from pptx.util import Pt
from test_deck_plan import PATH, document, rich_document
from xsd import schema_errors

from briefkit.diagram.layout import layout_flow
from briefkit.errors import ContentError, Warnings
from briefkit.render.deck import plan_deck
from briefkit.render.deck.plan import SLIDE_HEIGHT, SLIDE_WIDTH
from briefkit.render.pptx import render_pptx
from briefkit.render.pptx.package import BODIES
from briefkit.stamp import Stamp
from briefkit.theme import load_theme

STAMP = Stamp("a1b2c3d4e5f6", document().meta.date)


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


def build(doc, theme):
    layouts = {spec: layout_flow(spec, theme) for spec in doc.flows()}
    deck = plan_deck(doc, theme, Warnings(), layouts, STAMP)
    return deck, render_pptx(deck, STAMP)


@pytest.fixture(scope="module")
def rich(theme):
    return build(rich_document(), theme)


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_it_writes_one_slide_per_planned_slide_titled_as_planned(rich):
    deck, data = rich
    slides = Presentation(io.BytesIO(data)).slides
    assert len(slides) == len(deck.slides)
    expected = [s.title.text if s.kind == "title" else s.heading.text for s in deck.slides]
    assert [s.shapes.title.text_frame.text for s in slides] == expected


def test_bullets_keep_their_levels_and_fonts(rich, theme):
    _, data = rich
    overview = Presentation(io.BytesIO(data)).slides[2]
    body = next(s for s in overview.placeholders if s.placeholder_format.idx == 1)
    paragraphs = body.text_frame.paragraphs
    assert [(p.level, p.text) for p in paragraphs] == [
        (0, "Point one"), (0, "Point two"), (1, "Detail a"), (1, "Detail b"), (2, "Deeper"),
    ]  # fmt: skip
    run = paragraphs[0].runs[0]
    assert run.font.name == "Calibri" and run.font.size >= Pt(18)  # measured with Carlito, its metric twin
    assert body.text_frame.word_wrap is True


def test_notes_hold_the_sections_paragraphs(rich):
    deck, data = rich
    slides = Presentation(io.BytesIO(data)).slides
    for planned, slide in zip(deck.slides, slides, strict=True):
        if planned.notes:
            assert slide.notes_slide.notes_text_frame.text == planned.notes
        else:
            assert not slide.has_notes_slide
    assert "First paragraph of the argument." in slides[2].notes_slide.notes_text_frame.text


def test_every_slide_has_banners_footer_and_number(rich):
    _, data = rich
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, 1):
        found = texts(slide)
        assert found.count("RESTRICTED") == 2
        assert "Test brief · a1b2c3d4e5f6 · 2026-01-15" in found
        assert (str(number) in found) == (number > 1)
        tops = sorted(s.top for s in slide.shapes if s.has_text_frame and s.text_frame.text == "RESTRICTED")
        assert tops == [0, Pt(SLIDE_HEIGHT - 20)]


def test_markup_stays_literal_and_tables_are_native(rich):
    _, data = rich
    slides = Presentation(io.BytesIO(data)).slides
    assert "Some <b>literal</b> *stars* text." in texts(slides[9])
    table = next(s for s in slides[6].shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["Item", "Amount", "Note"]
    assert len(table.rows) == 4


def test_a_flow_is_always_drawn_as_its_diagram(theme):
    doc = rich_document()
    deck = plan_deck(doc, theme, Warnings(), stamp=STAMP)  # no layouts given: the planner lays the flow out
    slide = Presentation(io.BytesIO(render_pptx(deck, STAMP))).slides[4]
    assert not any(s.has_table for s in slide.shapes)
    assert {s.text_frame.text for s in slide.shapes if s.name.startswith("Flow node")} == {"North", "South"}


def test_every_shape_stays_on_the_slide(rich):
    _, data = rich
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, shape.name
            assert shape.left + shape.width <= Pt(SLIDE_WIDTH) + 1, shape.name
            assert shape.top + shape.height <= Pt(SLIDE_HEIGHT) + 1, shape.name


def test_core_properties_describe_the_brief_and_the_stamp(rich):
    _, data = rich
    props = Presentation(io.BytesIO(data)).core_properties
    assert props.title == "Test brief: a subtitle"
    assert props.subject == "What the tests look at"
    assert props.author == "A. Writer, B. Reviewer"
    assert props.keywords == "Overview, Flows, Figures, Prose only"
    assert props.identifier == "a1b2c3d4e5f6"
    assert props.revision == 1
    assert props.created == props.modified == STAMP.timestamp.replace(tzinfo=None)


def test_long_titles_are_shortened_in_the_properties(theme):
    _, data = build(document(section("A", bullets("x")), title="T" * 300), theme)
    assert len(Presentation(io.BytesIO(data)).core_properties.title) == 255


def test_every_slide_layout_and_master_part_is_schema_valid(rich):
    _, data = rich
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [n for n in package.namelist() if re.match(r"ppt/(slides|slideLayouts|slideMasters)/[^/]+\.xml$", n)]
        assert len(parts) > 10
        for name in parts:
            assert schema_errors(package.read(name)) == [], name


def test_two_builds_give_identical_bytes(theme, rich):
    _, again = build(rich_document(), theme)
    assert again == rich[1]
    with zipfile.ZipFile(io.BytesIO(again)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {info.date_time for info in package.infolist()} == {(2026, 1, 15, 0, 0, 0)}


def test_a_template_without_a_content_layout_is_a_located_error(theme, tmp_path):
    template = Presentation()
    for layout in list(template.slide_layouts):
        if {ph.placeholder_format.type for ph in layout.placeholders} & BODIES:
            template.slide_layouts.remove(layout)
    path = tmp_path / "corporate.pptx"
    template.save(path)
    with pytest.raises(ContentError) as caught:
        build(rich_document(), dataclasses.replace(theme, pptx_template=path))
    problem = caught.value.problems[0]
    assert problem.path == path and "a title and a body" in problem.message


def test_a_template_supplies_the_layouts(theme, tmp_path):
    template = Presentation()
    template.slides.add_slide(template.slide_layouts[0])  # slides in a template are not kept
    path = tmp_path / "corporate.pptx"
    template.save(path)
    deck, data = build(rich_document(), dataclasses.replace(theme, pptx_template=path))
    result = Presentation(io.BytesIO(data))
    assert len(result.slides) == len(deck.slides)
    assert (result.slide_width, result.slide_height) == (template.slide_width, template.slide_height)  # its 4:3
    assert result.slides[2].slide_layout.name == "Title and Content"


def convert(data: bytes, tmp_path) -> tuple[int, str]:
    """(page count, text with word boxes) of the deck converted by LibreOffice."""
    soffice = require_tool("soffice")
    require_tool("pdftotext")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(deck)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file(), "LibreOffice made no PDF"
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return pages, boxes


def test_libreoffice_converts_a_300_bullet_deck_without_overflow(theme, tmp_path):
    items = [f"Bullet {n} says something long enough to wrap onto a second line now and then" for n in range(300)]
    deck, data = build(document(section("Long list", bullets(*items))), theme)
    pages, boxes = convert(data, tmp_path)
    assert pages == len(deck.slides) > 10
    footer_top = deck.frame.footer.top
    for page in boxes.split("<page ")[1:]:
        words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)
        for _, y_max, word in words:
            if word.isalpha() and word not in ("RESTRICTED", "Test", "brief"):
                assert float(y_max) <= footer_top, word
    assert len(re.findall(r">Bullet<", boxes)) == 300


def test_libreoffice_converts_the_rich_deck_one_page_per_slide(rich, tmp_path):
    deck, data = rich
    pages, _ = convert(data, tmp_path)
    assert pages == len(deck.slides)
