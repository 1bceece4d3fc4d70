"""The PDF report survives hostile content: long tokens, odd scripts, giant cells and pictures."""

from __future__ import annotations

import io
import subprocess

import pypdf
import pytest
from builders import bullets, para, section
from conftest import require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from test_pdf import document, flat, outline, page_texts, render

from briefkit import fonts
from briefkit.model import CodeBlock, Flow, FlowSpec, Image, Link, ListBlock, Paragraph, Quote, Table, Text

LONG_TOKEN = "Pneumonoultramicroscopic" * 12
LONG_URL = "https://example.org/" + "/".join(f"segment-{n}_part.{n}" for n in range(40))
NASTY = (
    f"{LONG_TOKEN} then {LONG_URL} then <script>alert('&amp;')</script> & R&D <br/> "
    "Korean 한국어 텍스트, Arabic العربية, emoji 🚀🙂, Greek αβγ, Chinese 中文 — all on one line."
)


def test_the_nastiest_text_builds_and_names_what_it_cannot_draw(tmp_path):
    doc = document(
        section(
            "Nasty 한국 <title>",
            para(NASTY, 7),
            Paragraph((Link(LONG_URL, (Text(LONG_URL),)),), 9),
            Table(((Text("x" * 200),), (Text("한"),)), (((Text(LONG_TOKEN),), (Text("🙂"),)),), (None, None), 11),
            line=5,
        ),
        title="Title with 🚀 and 한",
    )
    data, pages, warnings = render(doc)
    text = page_texts(data, tmp_path)
    joined = "".join("".join(page.split()) for page in text)  # long tokens wrap mid-word
    assert LONG_TOKEN in joined
    assert "<script>alert('&amp;')</script>&R&D<br/>" in joined
    assert "Korean" in flat(" ".join(text)) and "Greek αβγ" in flat(" ".join(text))

    by_line = {}
    for problem in warnings:
        by_line.setdefault(problem.line, []).append(problem.message)
    assert "🚀" in " ".join(by_line[0]) and "🙂" in " ".join(by_line[7])
    assert any("no installed font" in message and "U+1F680" in message for message in by_line[7])
    assert "한" in " ".join(by_line[5]) and "한" in " ".join(by_line[7])
    assert any("right-to-left" in message for message in by_line[7])


@pytest.mark.skipif(not any(0xD55C in fonts.coverage(p) for p in fonts.fallback_files()), reason="no Hangul font")
def test_hangul_is_drawn_with_a_fallback_font(tmp_path):
    data, _, warnings = render(document(section("Korean", para("한국어 텍스트", 3))))
    assert "한국어 텍스트" in flat(" ".join(page_texts(data, tmp_path)))
    assert any("fallback" in problem.message and "U+D55C" in problem.message for problem in warnings)
    assert not any("no installed font" in problem.message for problem in warnings)


def test_a_table_row_taller_than_a_page_splits(tmp_path):
    tall = (Text("A very tall cell. " * 900),)
    table = Table(
        ((Text("Key"),), (Text("Value"),)),
        (((Text("row"),), tall), ((Text("next"),), (Text("end"),))),
        (None, "right"),
        3,
    )
    data, pages, _ = render(document(section("Tall", table)))
    texts = page_texts(data, tmp_path)
    assert pages >= 4
    assert sum("Key" in text for text in texts) >= 2  # the header row repeats
    assert " ".join(texts).count("cell.") == 900  # nothing lost where the row splits


def test_a_huge_image_is_scaled_into_the_frame(tmp_path):
    picture = tmp_path / "wide.png"
    PILImage.new("RGB", (6000, 300), "steelblue").save(picture)
    tall = tmp_path / "tall.png"
    PILImage.new("L", (200, 5000), 128).save(tall)
    require_tool("pdfimages")
    doc = document(section("Figures", Image(picture, "A very wide picture", 4), Image(tall, "A tall one", 6)))
    data, _, _ = render(doc)
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert "Figure 1: A very wide picture" in text and "Figure 2: A tall one" in text
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "report.pdf")], capture_output=True, text=True)
    drawn = []  # (width, height) in points, from pixel size and resolution
    for row in listing.stdout.splitlines()[2:]:
        cols = row.split()
        drawn.append((int(cols[3]) / int(cols[12]) * 72, int(cols[4]) / int(cols[13]) * 72))
    assert len(drawn) == 2
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    frame_width = float(page.width) - 2 * 20 * 72 / 25.4
    wide, tall_one = drawn
    assert wide[0] == pytest.approx(frame_width, rel=0.02)  # fitted to the width
    assert wide[1] == pytest.approx(frame_width / 20, rel=0.05)  # aspect kept
    assert tall_one[1] < float(page.height) * 0.6 and tall_one[0] / tall_one[1] == pytest.approx(0.04, rel=0.05)


def test_an_unreadable_image_is_a_located_error(tmp_path):
    from briefkit.errors import ContentError

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    with pytest.raises(ContentError) as caught:
        render(document(section("Figures", Image(broken, "Broken", 12))))
    assert caught.value.problems[0].line == 12


@pytest.mark.parametrize(
    "block",
    [
        Quote((), 2),
        ListBlock((), False, 1, 2),
        CodeBlock("", 2),
        Table(((Text("Only a header"),),), (), (None,), 2),
        Flow(FlowSpec(None, (), (), 2), 2),
    ],
    ids=["quote", "list", "code", "table", "flow"],
)
def test_empty_blocks_do_not_break_the_build(block):
    _, pages, _ = render(document(section("Empty", block, para("After."))))
    assert pages == 2


def test_a_brief_with_nothing_but_a_title_is_just_a_cover():
    _, pages, _ = render(document(authors=(), subtitle=None, classification=None))
    assert pages == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1, max_size=300))
def test_any_printable_text_builds(text):
    doc = document(
        section(text[:80], para(text, 3), Table(((Text(text),),), (((Text(text),),),), (None,), 5)),
        title=text[:100],
        classification=text[:20],
    )
    data, pages, _ = render(doc)
    assert data.startswith(b"%PDF") and pages >= 2


@pytest.mark.parametrize("follower", [para("What follows it.", 4), bullets("", line=4)])
def test_a_heading_taller_than_a_page_runs_on_and_keeps_one_bookmark(tmp_path, follower):
    # a title of one unbreakable word wraps to more lines than a page holds: it is split like
    # running text, its bookmark and contents entry at its start, and every letter is kept
    word = "Lorem" * 600
    doc = document(section(word, follower, line=3), section("After", para("The end.", 7), line=6))
    data, pages, _ = render(doc)
    text = page_texts(data, tmp_path)
    assert pages >= 3
    heading_lines = [line for page in text for line in page.splitlines() if line and set(line) <= set("Lorem")]
    assert "".join(heading_lines) == word
    reader = pypdf.PdfReader(io.BytesIO(data))
    marks = outline(reader)
    assert [title for title, _, _ in marks] == [word, "After"]
    heading_start = next(n for n, page in enumerate(text) if "LoremLorem" in page)
    assert marks[0][1] == heading_start
    assert "After" in text[marks[1][1]]
