"""Hostile text and layouts through the whole build, read back from the PDF, the deck and the SVG.

Text safety: markup and entities print as written, control characters vanish with a warning on
their line, over-long titles fit the deck's properties, characters no font has are named.
Layout safety: long words and addresses, huge and broken images, hundreds of items and rows stay
on their pages and slides, or fail with a located error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pypdf
import pytest
from PIL import Image as PILImage
from pptx import Presentation
from readback import (
    assert_outputs_open,
    deck_texts,
    image_boxes,
    line_of,
    pdf_text,
    shapes_off_slide,
    words_off_page,
)
from test_cli import run

from briefkit.errors import ContentError
from briefkit.pipeline import build
from briefkit.read.images import MAX_PIXELS


@pytest.fixture
def built(tmp_path):
    """built(brief) -> (BuildResult, output folder) after a forced build that must succeed."""

    def run(brief):
        out = tmp_path / "out"
        result = build(brief, out, force=True)
        assert_outputs_open(out / f"{brief.stem}.pdf", out / f"{brief.stem}.pptx", result.pages, result.slides)
        return result, out

    return run


@pytest.fixture
def refused(tmp_path):
    """refused(brief) -> the problems of a build that must fail, having written no outputs."""

    def run(brief):
        out = tmp_path / "out"
        with pytest.raises(ContentError) as caught:
            build(brief, out, force=True)
        assert not out.exists() or not any(out.iterdir())
        return caught.value.problems

    return run


def squeeze(text: str) -> str:
    """Text without white space: wrapped lines and cells compare equal to the source."""
    return re.sub(r"\s+", "", text)


def svg_texts(path) -> str:
    """The text content of an SVG file as an XML parser reads it (entities decoded once)."""
    return "".join(ET.parse(path).getroot().itertext())


# ---------------------------------------------------------------- text safety

MARKUP_BODY = """
# Heading \\<b>h\\</b> R&D

Prose with \\<b>bold\\</b>, x<y>z, R&D, ]]>, `&amp;` in code and \\&amp; escaped.

- item \\<i>i\\</i> and ]]> and R&D

| \\<td>cell\\</td> | R&D |
|---|---|
| x<y>z | ]]> |

```flow
caption: Flows <b>c</b> & R&D
A<b> -> R&D ]]>: x<y>z, &amp;
```

> quote \\<q> R&D
"""
MARKUP_SEEN = ["<b>h</b>", "<b>bold</b>", "x<y>z", "R&D", "]]>", "&amp;", "<i>i</i>", "<td>cell</td>", "<q>", "A<b>"]


def test_markup_and_entities_print_as_written_in_every_output(write_brief, built):
    brief = write_brief(MARKUP_BODY, title='"Title <b> R&D &amp; ]]>"')
    result, out = built(brief)
    pdf = squeeze(pdf_text(out / "brief.pdf"))
    deck = squeeze(" ".join(deck_texts(out / "brief.pptx")))
    svg = squeeze(svg_texts(out / "brief-flow-1.svg"))
    for seen in MARKUP_SEEN:
        assert squeeze(seen) in pdf, seen
        assert squeeze(seen) in deck, seen
    assert "A<b>" in svg and "x<y>z,&amp;" in svg
    for text in (pdf, deck, svg):
        assert "&amp;amp;" not in text and "&lt;" not in text and "&gt;" not in text  # never escaped twice
    assert pypdf.PdfReader(out / "brief.pdf").metadata.title == "Title <b> R&D &amp; ]]>"
    assert Presentation(out / "brief.pptx").core_properties.title == "Title <b> R&D &amp; ]]>"
    assert result.warnings == []


CONTROL_BODY = """
# Sec\x07tion

Para\x01graph and a form feed &#12; from an entity.

- item\x1b one

| he\x08ad | k |
|---|---|
| va\x7flue | w |

```flow
No\x02de -> Other: thi\x03ng
```
"""
CONTROL = re.compile("[\x00-\x08\x0c-\x1f\x7f-\x9f]")  # \x0b is python-pptx's line break in .text


def test_control_characters_are_removed_with_a_warning_on_their_line(write_brief, built):
    brief = write_brief(CONTROL_BODY, subtitle="Sub\x0etitle", title='"Ti\\x07tle"')
    result, out = built(brief)
    warned = [(problem.line, problem.message) for problem in result.warnings]
    for needle, removed in [
        ("# Sec", "U+0007"),
        ("Para", "U+0001"),
        ("Para", "U+000C"),
        ("- item", "U+001B"),
        ("| he", "U+0008"),
        ("| va", "U+007F"),
        ("No\x02de", "U+0002"),
        ("subtitle:", "U+000E"),
        ('title: "', "U+0007"),
    ]:
        line = line_of(brief, needle)
        assert any(at == line and "removed control characters" in said and removed in said for at, said in warned)
    pdf, deck = pdf_text(out / "brief.pdf"), " ".join(deck_texts(out / "brief.pptx"))
    svg = svg_texts(out / "brief-flow-1.svg")
    for text in (pdf, deck, svg):
        assert not CONTROL.search(text)
    for word in ("Section", "Paragraph", "item one", "head", "value", "Node", "thing", "Title", "Subtitle"):
        assert word in pdf and word in deck, word
    assert "Node" in svg and "thing" in svg


def test_a_title_over_255_characters_is_shortened_only_in_the_deck_properties(write_brief, built):
    title = " ".join(f"word{number}" for number in range(60))
    assert len(title) > 255
    result, out = built(write_brief("# Only\n\n- a point\n", title=title))
    properties = Presentation(out / "brief.pptx").core_properties
    assert len(properties.title) <= 255 and title.startswith(properties.title.rstrip("…"))
    assert pypdf.PdfReader(out / "brief.pdf").metadata.title == title
    assert squeeze(title) in squeeze(pdf_text(out / "brief.pdf"))
    assert shapes_off_slide(out / "brief.pptx") == []
    assert words_off_page(out / "brief.pdf") == []


def test_characters_no_font_can_draw_are_named_with_their_line(write_brief, built):
    brief = write_brief("# Launch\n\nA rocket 🚀 and runes ᚠᛇᚻ here.\n", title='"Launch 🚀"')
    result, out = built(brief)
    line = line_of(brief, "rocket")
    named = " ".join(problem.message for problem in result.warnings if problem.line == line)
    for character in ("🚀", "U+1F680", "ᚠ", "U+16A0", "ᛇ", "ᚻ"):
        assert character in named
    assert any("🚀" in problem.message for problem in result.warnings if problem.line == line_of(brief, "title"))
    deck = " ".join(deck_texts(out / "brief.pptx"))
    assert "A rocket 🚀 and runes ᚠᛇᚻ here." in deck and "Launch 🚀" in deck
    assert "A rocket" in pdf_text(out / "brief.pdf")


# ---------------------------------------------------------------- layout safety

WORD = "Antidisestablishmentarianism" * 8
URL = "https://example.org/" + "/".join(f"segment-{number}_part" for number in range(40))
LONG_BODY = f"""
# Heading {WORD}

A paragraph with {WORD} and {URL} and [a link]({URL}).

- {WORD}
- {URL}
  - nested {WORD}

| {WORD} | short |
|---|---|
| {URL} | {WORD} |

```flow
caption: {WORD}
{WORD[:70]} -> Another node with a long and wordy name: {WORD}, {URL}
```

```
{WORD}{WORD}
```
"""


def test_long_words_and_addresses_stay_on_their_pages_and_slides(write_brief, built):
    result, out = built(write_brief(LONG_BODY, title=WORD))
    assert words_off_page(out / "brief.pdf") == []
    assert shapes_off_slide(out / "brief.pptx") == []
    pdf = squeeze(pdf_text(out / "brief.pdf"))
    assert WORD in pdf and URL in pdf
    assert WORD in squeeze(" ".join(deck_texts(out / "brief.pptx")))


def test_very_large_images_are_scaled_onto_the_page_and_slide(write_brief, built, tmp_path):
    PILImage.new("RGB", (6000, 4000), "teal").save(tmp_path / "wide.png")
    PILImage.new("RGB", (4, 5000), "navy").save(tmp_path / "tall.png")
    result, out = built(write_brief("# Pictures\n\n![Wide](wide.png)\n\n![Tall](tall.png)\n"))
    reader = pypdf.PdfReader(out / "brief.pdf")
    boxes = image_boxes(out / "brief.pdf")
    assert len(boxes) == 2
    for page, x0, y0, x1, y1 in boxes:
        media = reader.pages[page - 1].mediabox
        assert 0 <= x0 < x1 <= float(media.width) and 0 <= y0 < y1 <= float(media.height)
    pictures = [
        shape for slide in Presentation(out / "brief.pptx").slides for shape in slide.shapes if shape.shape_type == 13
    ]
    assert len(pictures) == 2
    assert shapes_off_slide(out / "brief.pptx") == []


def test_a_decompression_bomb_is_refused_on_its_line(write_brief, refused, tmp_path):
    PILImage.new("1", (20_000, 20_000)).save(tmp_path / "bomb.png")  # 400 megapixels in 50 kB
    brief = write_brief("# Pictures\n\nText.\n\n![Bomb](bomb.png)\n")
    [problem] = refused(brief)
    assert problem.line == line_of(brief, "bomb.png")
    assert "'bomb.png'" in problem.message and "too large" in problem.message
    assert problem.hint == f"scale it below {MAX_PIXELS // 1_000_000} megapixels"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.png", b""),
        ("text.png", b"not a picture at all"),
        ("header-only.png", b"\x89PNG\r\n\x1a\n" + bytes(40)),
        ("truncated.png", None),
    ],
)
def test_a_corrupt_image_is_refused_on_its_line(write_brief, refused, tmp_path, name, content):
    if content is None:
        PILImage.new("RGB", (300, 300), "red").save(tmp_path / "whole.png")
        content = (tmp_path / "whole.png").read_bytes()[:200]
    (tmp_path / name).write_bytes(content)
    brief = write_brief(f"# Pictures\n\n![Broken]({name})\n")
    [problem] = refused(brief)
    assert problem.line == line_of(brief, name)
    assert f"image '{name}' cannot be read" in problem.message


@pytest.mark.parametrize("name", ["drawing.svg", "disguised.png"])
def test_an_svg_image_without_a_size_is_refused_on_its_line(write_brief, refused, tmp_path, name):
    (tmp_path / name).write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    brief = write_brief(f"# Pictures\n\nText first.\n\n![Vector]({name})\n")
    [problem] = refused(brief)
    assert problem.line == line_of(brief, name)
    assert problem.message == f"SVG image '{name}' cannot be drawn: the SVG has no size to draw"


def test_a_broken_svg_image_is_refused_on_its_line(write_brief, refused, tmp_path):
    (tmp_path / "broken.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10'")
    brief = write_brief("# Pictures\n\n![Vector](broken.svg)\n")
    [problem] = refused(brief)
    assert problem.line == line_of(brief, "broken.svg") and "cannot be drawn: not valid SVG" in problem.message


def test_hundreds_of_items_and_rows_continue_on_further_pages_and_slides(write_brief, built):
    items = "\n".join(f"- point number {number} of the long list" for number in range(300))
    rows = "\n".join(f"| row {number} | value {number} | {WORD[:40]} |" for number in range(300))
    result, out = built(
        write_brief(f"# Many points\n\n{items}\n\n# Big table\n\n| a | b | c |\n|---|---|---|\n{rows}\n")
    )
    titles = [slide.shapes.title.text for slide in Presentation(out / "brief.pptx").slides if slide.shapes.title]
    assert titles.count("Many points") == 1 and titles.count("Many points (cont.)") >= 5
    tables = [title for title in titles if title.startswith("Big table")]
    assert len(tables) >= 5 and tables == [f"Big table ({n}/{len(tables)})" for n in range(1, len(tables) + 1)]
    deck, pdf = " ".join(deck_texts(out / "brief.pptx")), pdf_text(out / "brief.pdf")
    for number in (0, 150, 299):
        assert f"point number {number} of the long list" in deck and f"value {number}" in deck
        assert f"point number {number} of the long list" in pdf and f"value {number}" in pdf
    assert result.pages >= 10
    assert shapes_off_slide(out / "brief.pptx") == []
    assert words_off_page(out / "brief.pdf") == []


def test_warnings_alone_leave_the_exit_code_0(write_brief, tmp_path):
    brief = write_brief("# Sec\x07tion\n\nA rocket 🚀.\n")
    result = run(str(brief), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"brief.md:{line_of(brief, '# Sec')}: warning: removed control characters U+0007" in result.stderr
    assert f"brief.md:{line_of(brief, 'rocket')}: warning: no installed font can draw 🚀" in result.stderr
    assert "brief.pdf" in result.stdout
