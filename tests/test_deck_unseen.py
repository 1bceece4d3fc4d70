"""Decks of briefs unlike the sample: links, pictures, long titles, tables that end short, read
back from the built .pptx with python-pptx."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from briefkit.pipeline import build
from briefkit.render.deck.frame import contrast
from briefkit.render.deck.text import Measure, Span
from briefkit.theme import load_theme

JUMP = "ppaction://hlinksldjump"


def deck_of(tmp_path: Path, body: str, **meta: str) -> Presentation:
    """Build `body` (Markdown after a front matter of `meta`) as a deck and open it."""
    meta.setdefault("title", "Unseen brief")
    meta.setdefault("date", "2026-01-15")
    front = "\n".join(f"{key}: {value}" for key, value in meta.items())
    path = tmp_path / "brief.md"
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    build(path, tmp_path / "out", formats=("pptx",), force=True)
    return Presentation(tmp_path / "out" / "brief.pptx")


def picture(path: Path, width: int, height: int) -> Path:
    Image.new("RGB", (width, height), "#2288cc").save(path)
    return path


def top_of_text(slide, needle: str) -> float:
    """The top, in points, of the shape on `slide` whose text holds `needle`."""
    shape = next(s for s in slide.shapes if s.has_text_frame and needle in s.text_frame.text)
    return Emu(shape.top).pt


def test_a_link_to_an_earlier_slide_beside_a_badge_keeps_that_slide(tmp_path):
    picture(tmp_path / "badge.png", 120, 24)
    picture(tmp_path / "photo.png", 800, 400)
    deck = deck_of(
        tmp_path,
        "# Pictures\n\n![](photo.png)\n\n"
        "# Links\n\n- back to [the pictures](#pictures), status ![ok](badge.png)\n- another point\n",
    )
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[1:] == ["Pictures", "Links"]
    slide = deck.slides[2]
    links = [
        slide.part.rels[link.get(qn("r:id"))].target_part
        for link in slide.shapes._spTree.iter(qn("a:hlinkClick"))
        if link.get("action") == JUMP
    ]
    assert [part.partname for part in links] == [deck.slides[1].part.partname]
    assert deck.slides[1].part.blob == links[0].blob
    assert len(deck.slides[1].shapes) > 2


def test_a_slide_without_continuation_keeps_its_body_right_under_its_own_title(tmp_path):
    # titles of every length around one line: some gain a line only as "<title> (cont.)"
    words = "Shipment convoy registry port rail container sanctions flagged route depot analysts".split()
    titles = [" ".join(["Subsection", str(n), *words[:n]]) for n in range(4, 12)]
    body = "".join(f"# {title}\n\n- one short point\n\n" for title in titles)
    body += "# Code\n\n```\nprint('one line')\n```\n"
    deck = deck_of(tmp_path, body)
    gaps = set()
    for slide in list(deck.slides)[2:]:
        title = slide.shapes.title
        content = next(s for s in slide.shapes if s.has_text_frame and "one" in s.text_frame.text)
        gaps.add(round(Emu(content.top - title.top - title.height).pt, 1))
    assert len(gaps) == 1, gaps


def test_a_table_of_many_narrow_columns_breaks_no_number(tmp_path):
    header = "| " + " | ".join(f"C{n}" for n in range(1, 31)) + " |\n|" + "---|" * 30 + "\n"
    rows = "".join("| " + " | ".join(str(100 + 29 * n + r) for n in range(30)) + " |\n" for r in range(5))
    deck = deck_of(tmp_path, "# Register\n\n" + header + rows)
    measure = Measure(load_theme(None, tmp_path / "brief.md"))
    table = next(s for s in deck.slides[1].shapes if s.has_table).table
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
            inside = Emu(column.width - cell.margin_left - cell.margin_right).pt
            bold = row is table.rows[0]
            assert measure.lines((Span(cell.text),), size, inside, "body", bold) == 1, cell.text
            assert size >= 10


def test_bullets_of_a_large_body_size_take_the_fewest_slides_any_size_allows(tmp_path):
    (tmp_path / "large.yaml").write_text("sizes:\n  slide_body: 34\n", encoding="utf-8")
    items = "".join(f"- point {n} on the route reported by the analysts of the desk\n" for n in range(30))
    deck = deck_of(tmp_path, "# Key points\n\n" + items, theme="large.yaml")
    slides = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Key points")]
    sizes = {
        run.font.size.pt
        for slide in slides
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 1
        for para in shape.text_frame.paragraphs
        for run in para.runs
    }
    assert len(slides) <= 3, len(slides)
    assert min(sizes) >= 18


def yellow_template(path: Path) -> Path:
    """python-pptx's default made 16:9 on a mid-yellow background, without a section-header
    layout (so dividers keep the content layout and their section number)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Pt(960), Pt(540)
    master = deck.slide_masters[0]
    common = master._element.find(qn("p:cSld"))
    common.remove(common.find(qn("p:bg")))
    background = etree.Element(qn("p:bg"))
    properties = etree.SubElement(background, qn("p:bgPr"))
    etree.SubElement(etree.SubElement(properties, qn("a:solidFill")), qn("a:srgbClr")).set("val", "F2C12E")
    etree.SubElement(properties, qn("a:effectLst"))
    common.insert(0, background)
    section = next(layout for layout in master.slide_layouts if layout.name == "Section Header")
    master.slide_layouts.remove(section)
    deck.save(path)
    return path


def test_a_dividers_section_number_stands_out_from_the_templates_background(tmp_path):
    yellow_template(tmp_path / "yellow.pptx")
    (tmp_path / "yellow.yaml").write_text("pptx_template: yellow.pptx\n", encoding="utf-8")
    body = "# One\n\n- a point\n\n# Two\n\n- b point\n\n# Parts\n\n## First\n\n- c\n\n## Second\n\n- d\n"
    deck = deck_of(tmp_path, body, theme="yellow.yaml")
    divider = next(s for s in deck.slides if s.shapes.title.text_frame.text == "Parts")
    label = next(s for s in divider.shapes if s.has_text_frame and s.text_frame.text == "03")
    color = str(label.text_frame.paragraphs[0].runs[0].font.color.rgb)
    assert contrast(f"#{color}", "#f2c12e") >= 3.0, color
