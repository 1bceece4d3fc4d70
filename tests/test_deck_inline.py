"""Structure inside slide text, read back from built decks: the parts of a nested quote keep
their levels and order on their callout, and small images inside text (badges) are drawn as
small pictures beside it, not as captions and not as figures of their own.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pypdf
from PIL import Image as PILImage
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from xsd import schema_errors

from briefkit.pipeline import build

NESTED = """\
---
title: Quotes
---

# Nested

> Outer quote opens the callout.
>
> > Inner quote, one level in.
> >
> > > Innermost quote, two levels in.
>
> - a list in a quote
> - its second item
>
>       code in a quote
>       second code line
>
> Outer quote closes it.
"""


def built(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    build(path, tmp_path / "out", force=True)
    return tmp_path / "out" / "doc.pptx"


def paragraphs(shape) -> list[tuple[str, int]]:
    """(text, left margin in points) of every paragraph of a text shape."""
    found = []
    for para in shape.text_frame._txBody.iter(qn("a:p")):
        p_pr = para.find(qn("a:pPr"))
        left = int(p_pr.get("marL", "0")) if p_pr is not None else 0
        found.append(("".join(t.text for t in para.iter(qn("a:t"))), round(Emu(left).pt)))
    return found


def callout_text(slide) -> list[tuple[str, int]]:
    shape = next(s for s in slide.shapes if s.has_text_frame and "Outer quote opens" in s.text_frame.text)
    return paragraphs(shape)


def test_a_nested_quote_keeps_each_part_on_its_own_paragraph_indented_by_level(tmp_path):
    deck = Presentation(built(tmp_path, NESTED))
    parts = callout_text(deck.slides[1])
    assert [text for text, _ in parts] == [
        "Outer quote opens the callout.",
        "Inner quote, one level in.",
        "Innermost quote, two levels in.",
        "• a list in a quote",
        "• its second item",
        "code in a quote",
        "second code line",
        "Outer quote closes it.",
    ]
    left = {text: margin for text, margin in parts}
    assert left["Outer quote opens the callout."] == 0 == left["Outer quote closes it."]
    assert 0 < left["Inner quote, one level in."] < left["Innermost quote, two levels in."]
    assert left["code in a quote"] == 0


def test_a_quote_below_bullets_keeps_its_parts_too(tmp_path):
    text = NESTED.replace("# Nested\n\n", "# Nested\n\n- a key point\n\n")
    text = text.replace("\n>       code in a quote\n>       second code line\n>", "")
    deck = Presentation(built(tmp_path, text))
    slide = deck.slides[1]
    assert any(s.has_text_frame and s.text_frame.text == "a key point" for s in slide.shapes)
    assert [t for t, _ in callout_text(slide)][:3] == [
        "Outer quote opens the callout.",
        "Inner quote, one level in.",
        "Innermost quote, two levels in.",
    ]


# ---------------------------------------------------------------- inline pictures

BADGES = """\
---
title: Badges
---

# Status

[![Build status](badge.png)](https://ci.example.org/widgetry) [![Coverage](cov.svg)](https://cov.example.org) \
[![Downloads](https://img.example.org/dl.svg)](https://dl.example.org)

# Points

- A point with a badge ![ok](badge.png) inside it.
- A plain point after it.

# Grid

| name | status |
|------|--------|
| widgetry | ![passing](badge.png) |
| gadgetry | failing |
"""


def badges(tmp_path: Path) -> Path:
    PILImage.new("RGB", (90, 20), "green").save(tmp_path / "badge.png")
    (tmp_path / "cov.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20">'
        '<rect width="100" height="20" fill="blue"/></svg>'
    )
    return built(tmp_path, BADGES)


def pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def slide_titled(deck, title: str):
    return next(slide for slide in deck.slides if slide.shapes.title.text_frame.text == title)


def test_badges_in_a_paragraph_are_small_linked_pictures_under_its_text(tmp_path):
    deck = Presentation(badges(tmp_path))
    assert len(deck.slides) == 5  # title, agenda, a slide a section: no figure slides
    slide = slide_titled(deck, "Status")
    drawn = pictures(slide)
    assert [p.click_action.hyperlink.address for p in drawn] == [
        "https://ci.example.org/widgetry",
        "https://cov.example.org",
    ]
    body = next(s for s in slide.shapes if s.is_placeholder and s.placeholder_format.idx == 1)
    text = body.text_frame.text
    assert "Downloads" in text  # the remote one stays its caption
    assert "Build status" not in text and "Coverage" not in text
    line = Emu(round(Pt(30).emu))  # a line of body text is at most 30 pt tall
    for picture in drawn:
        assert picture.height <= line and picture.width < 4 * line
        assert body.top + picture.height <= picture.top <= body.top + 3 * line  # the line after the text
    assert drawn[0].left + drawn[0].width < drawn[1].left  # side by side, in order
    assert abs(drawn[0].top + drawn[0].height / 2 - (drawn[1].top + drawn[1].height / 2)) < Pt(1)


def test_a_badge_in_a_list_item_sits_under_that_item_before_the_next(tmp_path):
    deck = Presentation(badges(tmp_path))
    slide = slide_titled(deck, "Points")
    [picture] = pictures(slide)
    body = next(s for s in slide.shapes if s.is_placeholder and s.placeholder_format.idx == 1)
    assert body.text_frame.text.split("\n") == [
        "A point with a badge inside it.\v",
        "A plain point after it.",
    ]  # a line for it
    assert body.top < picture.top < body.top + Pt(3 * 30)
    assert picture.left > body.left


def test_a_badge_in_a_table_cell_is_drawn_inside_that_cell(tmp_path):
    deck = Presentation(badges(tmp_path))
    slide = slide_titled(deck, "Grid")
    [picture] = pictures(slide)
    table = next(s for s in slide.shapes if s.has_table)
    grid = table.table
    assert grid.cell(1, 1).text == ""
    left = table.left + grid.columns[0].width
    top = table.top + grid.rows[0].height
    assert left <= picture.left and picture.left + picture.width <= left + grid.columns[1].width
    assert top <= picture.top and picture.top + picture.height <= top + grid.rows[1].height


def test_a_deck_with_inline_pictures_is_schema_valid(tmp_path):
    data = badges(tmp_path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if re.match(r"ppt/slides/[^/]+\.xml$", name):
                assert schema_errors(package.read(name)) == [], name


def test_the_report_draws_the_same_badges_inline_svg_ones_too(tmp_path):
    badges(tmp_path)
    reader = pypdf.PdfReader(tmp_path / "out" / "doc.pdf")
    page = next(page for page in reader.pages if "Downloads" in page.extract_text())
    text = page.extract_text()
    assert "Build status" not in text and "Coverage" not in text
    images = [page["/Resources"]["/XObject"][name].get_object() for name in page["/Resources"]["/XObject"]]
    assert sorted((image["/Width"], image["/Height"]) for image in images if image["/Subtype"] == "/Image")[:1] == [
        (90, 20)
    ]
    assert len(images) == 2  # the PNG badge and the SVG one
