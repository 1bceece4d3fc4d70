"""Structure inside slide text, read back from built decks: the parts of a nested quote keep
their levels and order on their callout, and small images inside text (badges) are drawn as
small pictures where they are written in the text's lines, not as captions and not as figures of
their own.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu
from test_pptx import convert
from xsd import schema_errors

from briefkit import measure
from briefkit.pipeline import build
from briefkit.render.deck.fit import CELL_X, CELL_Y
from briefkit.render.deck.text import LINE_SPACING, Measure, Span
from briefkit.theme import load_theme

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

[![Build status](badge.png)](https://ci.example.org/widgetry)[![Coverage](cov.svg)](https://cov.example.org) \
[![Downloads](https://img.example.org/dl.svg)](https://dl.example.org)

# Points

- Build ![ok](badge.png) passes on every push.
- A plain point after it.

# Grid

| name | status |
|------|--------|
| widgetry | ![passing](badge.png) |
| gadgetry | built ![ok](badge.png) today |

# Long

- Every release is built, tested and signed on three platforms before it ships to anyone, and \
its state shows here: [![build](badge.png)](https://ci.example.org) passing since March, on every branch.
- The next point follows on.
"""
NBSP = "\u00a0"  # the character that holds a badge's place in its line


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


def body_of(slide):
    return next(s for s in slide.shapes if s.is_placeholder and s.placeholder_format.idx == 1)


def runs(para) -> list[tuple[str, object]]:
    """(text, `a:rPr`) of every run of a paragraph, `a:br` as a newline."""
    found = []
    for child in para:
        if child.tag == qn("a:r"):
            found.append((child.find(qn("a:t")).text, child.find(qn("a:rPr"))))
        elif child.tag == qn("a:br"):
            found.append(("\n", None))
    return found


def reserved(r_pr) -> float:
    """The width in points a badge's place holder run keeps free: its character and spacing."""
    face = MEASURE.font("body", r_pr.get("b") == "1", False)
    return measure.width(NBSP, face, int(r_pr.get("sz")) / 100) + int(r_pr.get("spc", "0")) / 100


MEASURE = Measure(load_theme(None, Path("content/x.md")))


def box_of(shape) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in points."""
    left, top = Emu(shape.left).pt, Emu(shape.top).pt
    return left, top, left + Emu(shape.width).pt, top + Emu(shape.height).pt


def test_a_badge_in_a_list_item_stands_in_its_line_where_it_is_written(tmp_path):
    deck = Presentation(badges(tmp_path))
    slide = slide_titled(deck, "Points")
    [picture] = pictures(slide)
    body = body_of(slide)
    first = body.text_frame._txBody.findall(qn("a:p"))[0]
    texts = runs(first)
    assert [text for text, _ in texts] == ["Build ", NBSP, " passes on every push."]  # no line of its own
    size = int(texts[0][1].get("sz")) / 100
    margin = Emu(int(first.find(qn("a:pPr")).get("marL"))).pt
    left, top, right, bottom = box_of(picture)
    before = MEASURE.width((Span("Build "),), size)  # where the badge is written in the line
    assert left == pytest.approx(Emu(body.left).pt + margin + before, abs=0.5)
    assert right - left == pytest.approx(reserved(texts[1][1]), abs=0.5)  # the text after it goes on after it
    line_top = Emu(body.top).pt  # a text box's first paragraph has no space before it in clients
    assert line_top <= top and bottom <= line_top + size * LINE_SPACING  # within the first line
    assert bottom - top <= size
    assert body.text_frame.text.split("\n")[1] == "A plain point after it."


def test_badges_side_by_side_are_linked_pictures_in_the_line_in_order(tmp_path):
    deck = Presentation(badges(tmp_path))
    slide = slide_titled(deck, "Status")
    drawn = pictures(slide)
    assert [p.click_action.hyperlink.address for p in drawn] == [
        "https://ci.example.org/widgetry",
        "https://cov.example.org",
    ]
    body = body_of(slide)
    text = body.text_frame.text
    assert "Downloads" in text  # the remote one stays its caption
    assert "Build status" not in text and "Coverage" not in text
    (_, first_top, first_right, first_bottom), (second_left, second_top, _, second_bottom) = map(box_of, drawn)
    assert first_right <= second_left + 0.01  # side by side, in order, not overlapping
    assert first_top + first_bottom == pytest.approx(second_top + second_bottom, abs=0.5)  # centred on one line
    size = int(body.text_frame._txBody.find(".//" + qn("a:rPr")).get("sz")) / 100
    assert Emu(body.top).pt <= first_top and first_bottom <= Emu(body.top).pt + 2 * size * LINE_SPACING


def test_a_badge_in_a_table_cell_stands_in_its_line_inside_that_cell(tmp_path):
    deck = Presentation(badges(tmp_path))
    slide = slide_titled(deck, "Grid")
    alone, beside = pictures(slide)
    table = next(s for s in slide.shapes if s.has_table)
    grid = table.table
    assert grid.cell(1, 1).text == NBSP and grid.cell(2, 1).text == f"built {NBSP} today"
    size = int(grid.cell(2, 1).text_frame._txBody.find(".//" + qn("a:rPr")).get("sz")) / 100
    column = Emu(table.left + grid.columns[0].width).pt
    for picture, row in ((alone, 1), (beside, 2)):
        left, top, right, bottom = box_of(picture)
        row_top = Emu(table.top + sum(grid.rows[r].height for r in range(row))).pt
        assert column <= left and right <= column + Emu(grid.columns[1].width).pt
        assert row_top + CELL_Y <= top and bottom <= row_top + CELL_Y + size * LINE_SPACING
    offset = box_of(beside)[0] - column - CELL_X
    assert offset == pytest.approx(MEASURE.width((Span("built "),), size), abs=0.5)


def test_libreoffice_draws_the_text_around_a_badge_on_its_line_and_clear_of_it(tmp_path):
    data = badges(tmp_path).read_bytes()
    deck = Presentation(io.BytesIO(data))
    _, boxes = convert(data, tmp_path)
    pages = re.findall(r"<page .*?</page>", boxes, re.S)
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    for title, picture_at, before, after in (("Long", 0, "here:", "passing"), ("Grid", 1, "built", "today")):
        at = titles.index(title)
        left, top, right, bottom = box_of(pictures(deck.slides[at])[picture_at])
        words = [
            (word, *(float(value) for value in box))
            for *box, word in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', pages[at]
            )
        ]
        for word, x_min, y_min, x_max, y_max in words:  # nothing drawn over the badge
            assert x_max <= left + 0.5 or x_min >= right - 0.5 or y_max <= top + 0.5 or y_min >= bottom - 0.5, word
        middle = (top + bottom) / 2
        line = [w for w in words if abs((w[2] + w[4]) / 2 - middle) < 5]  # the words of the badge's line
        assert any(w[0] == before and left - 10 <= w[3] <= left + 0.5 for w in line), title  # just before it
        assert any(w[0] == after and right - 0.5 <= w[1] <= right + 10 for w in line), title  # just after it
    long_slide = deck.slides[titles.index("Long")]
    assert box_of(pictures(long_slide)[0])[1] > Emu(body_of(long_slide).top).pt + 10  # wrapped: on a later line


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
