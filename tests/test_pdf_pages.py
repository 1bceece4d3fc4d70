"""How the report breaks its pages, judged on the built PDF by where its words land.

Every test marks the text it cares about with unique words (a heading "HeadN", the first word of
the block after it "LeadN") and reads their pages and positions back with `pdftotext -bbox`.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from builders import bullets, para, section
from conftest import require_tool
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from readback import image_boxes
from test_pdf import document, render

from briefkit.model import CodeBlock, Flow, FlowEdge, FlowItem, FlowSpec, Image, Quote, Table, Text
from briefkit.theme import load_theme

FILLER = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda".split()


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


def words(data: bytes, tmp_path: Path) -> list[Word]:
    """Every word of the PDF with its page and box (top-down coordinates), in reading order."""
    require_tool("pdftotext")
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        for x0, y0, x1, y1, text in _WORD.findall(page):
            found.append(Word(number, float(x0), float(y0), float(x1), float(y1), text.replace("&amp;", "&")))
    return found


def page_of(found: list[Word], text: str) -> int:
    pages = [word.page for word in found if word.text == text]
    assert pages, f"{text!r} is not in the PDF"
    return pages[0]


def filler(count: int, tag: str = "") -> str:
    """`count` words of running text; the first is `tag` when given."""
    text = [FILLER[n % len(FILLER)] for n in range(count)]
    if tag:
        text[0] = tag
    return " ".join(text) + "."


def picture(tmp_path: Path, name: str, width: int, height: int) -> Path:
    path = tmp_path / name
    PILImage.new("RGB", (width, height), (60, 90, 140)).save(path)
    return path


def cells(*texts: str) -> tuple:
    return tuple((Text(text),) for text in texts)


def assert_headings_keep_their_leads(found: list[Word], count: int) -> None:
    for n in range(count):
        assert page_of(found, f"Head{n}") == page_of(found, f"Lead{n}"), f"Head{n} ends a page"


# ---------------------------------------------------------------- keep with next


def test_a_heading_never_ends_a_page_whatever_follows_it(tmp_path):
    """Sections of growing length move each heading down the page until one falls at its foot."""
    path = picture(tmp_path, "tall.png", 400, 700)
    sections = []
    for n in range(14):
        kind = n % 4
        if kind == 0:
            lead = para(filler(60, f"Lead{n}"))
        elif kind == 1:
            lead = Table(
                cells("Key", "Value"),
                tuple(cells(f"Lead{n}" if r == 0 else "k", "v" * 3) for r in range(12)),
                (None, None),
                1,
            )
        elif kind == 2:
            lead = Image(path, f"Lead{n} picture", 1)
        else:
            lead = CodeBlock("\n".join(f"Lead{n} = {r}" if r == 0 else f"line_{r} = {r}" for r in range(14)), 1)
        body = para(filler(40 + 37 * n))
        sections.append(section(f"Head{n}", lead, body, subsections=(section(f"Sub{n}", para(filler(30 + 11 * n))),)))
    data, _, _ = render(document(*sections), toc=False)
    assert_headings_keep_their_leads(words(data, tmp_path), 14)


@pytest.mark.parametrize("words_before", range(560, 700, 14))
def test_a_heading_stays_with_the_quote_that_follows_it(tmp_path, words_before):
    """A quote opens with spacing and its band before its first line: the heading must still
    share its page with that first line, wherever the page ends."""
    quote = Quote((para(filler(120, "QuoteStart")),), 1)
    sections = [section("Before", para(filler(words_before, "Lead0"))), section("HeadQ", quote)]
    pdf, _, _ = render(document(*sections), toc=False)
    found = words(pdf, tmp_path)
    assert page_of(found, "HeadQ") == page_of(found, "QuoteStart")


def test_short_blocks_after_headings_share_a_page(tmp_path):
    short = (
        CodeBlock("x = 1\ny = 2", 1),
        Table(cells("Key", "Value"), (cells("a", "b"),), (None, None), 1),
        Quote((para("Quoted."),), 1),
    )
    doc = document(*(section(f"Head{n}", block) for n, block in enumerate(short * 2)))
    data, pages, _ = render(doc, toc=False)
    found = words(data, tmp_path)
    assert pages == 2 and {page_of(found, f"Head{n}") for n in range(6)} == {2}


def test_no_paragraph_leaves_a_single_line_on_either_page(tmp_path):
    sections = [section(f"Part {n}", *(para(_numbered(f"p{n}x{m}", 70 + 23 * m)) for m in range(6))) for n in range(4)]
    data, _, _ = render(document(*sections), toc=False)
    _assert_no_lonely_lines(words(data, tmp_path))


def _numbered(tag: str, count: int) -> str:
    """A paragraph whose every word names its paragraph: TAGw0 TAGw1 ..."""
    return " ".join(f"{tag}w{n}" for n in range(count))


def _assert_no_lonely_lines(found: list[Word]) -> None:
    lines: dict[str, dict[int, set[float]]] = {}
    for word in found:
        match = re.fullmatch(r"(p\d+x\d+)w\d+\.?", word.text)
        if match:
            lines.setdefault(match[1], {}).setdefault(word.page, set()).add(round(word.top))
    for tag, pages in lines.items():
        if len(pages) > 1:
            assert all(len(tops) >= 2 for tops in pages.values()), f"{tag} leaves one line alone: {pages}"


@st.composite
def briefs(draw, image: Path):
    """Random sections: paragraphs of random lengths, tables of random size, images."""
    sections = []
    for n in range(draw(st.integers(3, 7))):
        blocks = []
        for m in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["para", "para", "table", "image", "quote", "list", "code"]))
            tag = f"Lead{n}" if m == 0 else f"b{n}x{m}"
            if kind == "para":
                blocks.append(para(filler(draw(st.integers(5, 400)), tag)))
            elif kind == "table":
                rows = draw(st.integers(1, 40))
                body = tuple(cells(tag if r == 0 else "cell", filler(draw(st.integers(1, 30)))) for r in range(rows))
                blocks.append(Table(cells("Name", "Remarks"), body, (None, None), 1))
            elif kind == "list":
                items = [
                    filler(draw(st.integers(3, 60)), tag if i == 0 else "") for i in range(draw(st.integers(1, 6)))
                ]
                blocks.append(bullets(*items))
            elif kind == "code":
                lines = [f"{tag} = 0"] + [f"line_{r} = {r}" for r in range(draw(st.integers(1, 40)))]
                blocks.append(CodeBlock("\n".join(lines), 1))
            elif kind == "quote":
                blocks.append(Quote((para(filler(draw(st.integers(5, 120)), tag)),), 1))
            else:
                blocks.append(Image(image, f"{tag} caption", 1))
        sections.append(section(f"Head{n}", *blocks))
    return sections


@settings(
    max_examples=6,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # each example builds a PDF: no long shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_property_every_heading_shares_its_page_with_what_follows(tmp_path, data):
    image = picture(tmp_path, "figure.png", data.draw(st.integers(200, 900)), data.draw(st.integers(200, 1200)))
    sections = data.draw(briefs(image))
    pdf, _, _ = render(document(*sections), toc=False)
    found = words(pdf, tmp_path)
    assert_headings_keep_their_leads(found, len(sections))
    captions = [word for word in found if word.text == "Figure"]
    numbers = [int(next(w for w in found[found.index(c) + 1 :]).text.rstrip(":")) for c in captions]
    assert numbers == sorted(numbers)  # figures keep their order
    reader_boxes = image_boxes(tmp_path / "pages.pdf")
    assert {page for page, *_ in reader_boxes} <= {caption.page for caption in captions}  # each with its caption
    for n, sec in enumerate(sections):  # a figure waits at most one page behind the text after it
        for m, block in enumerate(sec.blocks[:-1]):
            if isinstance(block, Image):
                written = page_of(found, f"b{n}x{m + 1}")
                assert page_of(found, block.caption.split()[0]) <= written + 1


# ---------------------------------------------------------------- floats


def test_a_figure_that_does_not_fit_goes_to_the_next_page_while_the_text_fills_this_one(tmp_path):
    path = picture(tmp_path, "tall.png", 500, 900)
    doc = document(
        section(
            "Floats",
            para(filler(300, "Before")),
            Image(path, "The tall one", 5),
            para(filler(1200, "After")),
        )
    )
    data, _, _ = render(doc, toc=False)
    found = words(data, tmp_path)
    before, after, caption = page_of(found, "Before"), page_of(found, "After"), page_of(found, "Figure")
    assert after == before  # the text after the figure fills the page the figure left
    assert caption == before + 1  # the figure waits one page, no more
    (box,) = image_boxes(tmp_path / "pages.pdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    frame_top = float(reader.pages[0].mediabox.height) - 90
    assert box[0] == caption and box[4] > frame_top  # at the top of its page


def test_captions_are_centred_under_their_figures(tmp_path):
    path = picture(tmp_path, "small.png", 200, 120)
    data, _, _ = render(document(section("Figures", para("Text."), Image(path, "Centred caption", 3))), toc=False)
    found = words(data, tmp_path)
    line = [word for word in found if word.page == 2 and word.text in ("Figure", "1:", "Centred", "caption")]
    width = float(pypdf.PdfReader(io.BytesIO(data)).pages[1].mediabox.width)
    centre = (min(w.x0 for w in line) + max(w.x1 for w in line)) / 2
    assert abs(centre - width / 2) < 2


# ---------------------------------------------------------------- tables


NINE = ("Vessel", "Flag", "IMO", "Tonnage", "Departure", "Arrival", "Cargo", "Insurer", "Containers")


def _nine_columns(rows: int = 8) -> Table:
    body = tuple(
        cells(
            f"Vessel-{r:02d}",
            "Mongolia",
            f"93000{r:02d}",
            "25k DWT",
            "Vladivostok",
            "Chongjin",
            "fertiliser",
            "Underwritten",
            "containers",
        )
        for r in range(rows)
    )
    return Table(cells(*NINE), body, (None,) * 9, 3)


def test_no_table_word_is_broken_when_it_can_fit_its_column(tmp_path):
    table = _nine_columns()
    data, _, _ = render(document(section("Register", table)), toc=False)
    found = {word.text for word in words(data, tmp_path)}
    for cell in (*table.header, *(cell for row in table.rows for cell in row)):
        for word in cell[0].text.split():
            assert word in found, f"{word!r} is broken"


def test_a_word_wider_than_any_column_breaks_with_a_hyphen(tmp_path):
    token = "Supercalifragilisticexpialidocious" * 6
    table = Table(cells("Key", "Value"), (cells(token, "short"),), (None, None), 3)
    data, _, _ = render(document(section("Long", table)), toc=False)
    found = words(data, tmp_path)
    pieces = [word.text for word in found if len(word.text) > 3 and word.text.rstrip("-") in token]
    assert len(pieces) >= 2 and all(piece.endswith("-") for piece in pieces[:-1])
    assert "".join(piece[:-1] for piece in pieces[:-1]) + pieces[-1] == token


def test_a_prose_column_gets_the_room_short_columns_do_not_need(tmp_path):
    body = tuple(cells("2025-01-01", "High", filler(40, f"Row{r}")) for r in range(3))
    table = Table(cells("Date", "Confidence", "Remarks"), body, (None,) * 3, 3)
    data, _, _ = render(document(section("Prose", table)), toc=False)
    found = words(data, tmp_path)
    date = next(word for word in found if word.text == "2025-01-01")
    remark = next(word for word in found if word.text == "Row0")
    right = max(word.x1 for word in found if word.top == remark.top and word.x0 >= remark.x0)
    assert right - remark.x0 > 2 * (date.x1 - date.x0) * 2  # the prose column is the widest by far


def test_a_row_moves_to_the_next_page_whole(tmp_path):
    body = tuple(cells(f"Start{r}", filler(120) + f" End{r}") for r in range(6))  # "... lambda. End3"
    for before in range(200, 800, 60):  # the table starts ever lower on the page
        table = Table(cells("Key", "Remarks"), body, (None, None), 3)
        data, _, _ = render(document(section("Rows", para(filler(before)), table)), toc=False)
        found = words(data, tmp_path)
        for r in range(6):
            assert page_of(found, f"Start{r}") == page_of(found, f"End{r}"), f"row {r} is split"
        pages = [page_of(found, f"Start{r}") for r in range(6)]
        assert pages.count(pages[-1]) >= 2 or len(set(pages)) == 1  # the last row never goes alone


def test_a_table_too_wide_shrinks_its_text_then_turns_the_page(tmp_path):
    data, _, _ = render(document(section("Register", _nine_columns())), toc=False)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert all(page.mediabox.width < page.mediabox.height for page in reader.pages)  # shrunk, still portrait
    found = words(data, tmp_path)
    heights = [word.bottom - word.top for word in found if word.text.startswith("Vessel-")]
    assert min(heights) >= 7 * 0.9  # never below 7 pt

    wide = ("Identifier", "Departure", "Arrival", "Underwritten", "Designation", "Containers") * 2
    body = tuple(cells(*(f"{name}{r}" for name in wide)) for r in range(6))
    doc = document(
        section("Before", para("Text before.")),
        section("Register", Table(cells(*wide), body, (None,) * 12, 3)),
        section("After", para("Text after.")),
    )
    data, _, _ = render(doc, toc=False)
    found = words(data, tmp_path)
    reader = pypdf.PdfReader(io.BytesIO(data))
    turned = page_of(found, "Identifier0")
    box = reader.pages[turned - 1].mediabox
    assert box.width > box.height  # a landscape page of its own
    assert page_of(found, "Register") == turned  # with the heading that introduces it
    assert page_of(found, "Before") < turned < page_of(found, "After")
    for page in (turned - 2, page_of(found, "After") - 1):  # the pages around it (0-based)
        assert reader.pages[page].mediabox.width < reader.pages[page].mediabox.height
    assert f"Page {turned} of" in reader.pages[turned - 1].extract_text()


# ---------------------------------------------------------------- cover and contents


def test_a_long_title_keeps_the_whole_cover_on_page_one(tmp_path):
    title = ("A Very Long Title About Shipping Patterns in the Sea of Japan " * 4)[:200]
    doc = document(section("Body", para("Body text.")), title=title, authors=("One", "Two", "Three"))
    data, _, warnings = render(doc, toc=False)
    found = words(data, tmp_path)
    assert page_of(found, "CLASSIFICATION") == 1 and page_of(found, "Three") == 1
    assert page_of(found, "Body") == 2 and not warnings


def test_a_title_too_long_even_when_shrunk_is_warned_about_and_still_fits(tmp_path):
    doc = document(section("Body", para("Body text.")), title="Endless title words " * 120)
    data, _, warnings = render(doc, toc=False)
    found = words(data, tmp_path)
    assert page_of(found, "CLASSIFICATION") == 1 and page_of(found, "Body") == 2
    assert [problem.line for problem in warnings if "cover" in problem.message] == [0]


def test_contents_never_leave_a_page_with_a_line_or_two(tmp_path):
    for subsections in range(22, 34, 2):  # from a contents just over one page to a comfortable two
        subs = [section(f"Topic {n}", para("Text."), level=2) for n in range(subsections)]
        chapters = [
            section(f"Chapter{n}", para(f"Opening{n} words."), subsections=tuple(subs[n::12])) for n in range(12)
        ]
        data, _, _ = render(document(*chapters))
        found = words(data, tmp_path)
        opening = page_of(found, "Opening0")
        start = next(n for n, w in enumerate(found) if w.text == "Contents")
        named = [w for w in found[start:] if w.text == "Topic" or w.text.startswith("Chapter")]
        entries = named[: 12 + subsections]  # the contents lines; the headings themselves follow
        last = max(w.page for w in entries)
        on_last = len({round(w.top) for w in entries if w.page == last})
        assert last == 2 or on_last > 5 or opening == last, (subsections, last, on_last)
        reader = pypdf.PdfReader(io.BytesIO(data))
        links = [
            annot.get_object()
            for page in reader.pages[1:last]
            for annot in page.get("/Annots", [])
            if "/Dest" in annot.get_object()
        ]
        assert len(links) >= 12 + subsections  # every entry is a link


def test_long_pages_stay_byte_identical(tmp_path):
    path = picture(tmp_path, "figure.png", 400, 800)
    doc = document(
        section("Head", para(filler(500)), Image(path, "Figure", 3), para(filler(300))),
        section("Wide", _nine_columns(30)),
    )
    first, _, _ = render(doc)
    second, _, _ = render(doc)
    assert first == second


def test_a_flow_diagram_floats_like_an_image(tmp_path):
    layout_module = pytest.importorskip("briefkit.diagram.layout")
    pytest.importorskip("briefkit.diagram.draw_pdf")
    nodes = ("North", "South", "East", "West", "Centre")
    edges = tuple(FlowEdge(a, b, (FlowItem("grain", True),), 4) for a, b in zip(nodes, nodes[1:], strict=False))
    spec = FlowSpec("Who sends what", nodes, edges, 3)
    theme = load_theme(None, Path("content/test.md"))
    layouts = {spec: layout_module.layout_flow(spec, theme)}
    for before in (450, 520, 590):
        doc = document(section("Flows", para(filler(before, "Before")), Flow(spec, 3), para(filler(900, "After"))))
        data, _, _ = render(doc, layouts, toc=False)
        found = words(data, tmp_path)
        figure, first = page_of(found, "Figure"), page_of(found, "Before")
        assert figure in (first, first + 1)
        if figure == first + 1:  # it waited: the text after it filled the page it left
            assert any(word.page == first for word in found if word.text == "After")
            north = next(word for word in found if word.text == "North")
            assert north.page == figure and north.top < 200  # at the top of the next page


def test_a_waiting_figure_never_stands_alone_on_its_page(tmp_path):
    path = picture(tmp_path, "tall.png", 500, 900)
    for before in range(300, 700, 40):
        doc = document(
            section("First", para(filler(before)), Image(path, "Tall", 3), para(filler(40))),
            section("Second", para(filler(900, "Next"))),
        )
        data, _, _ = render(doc, toc=False)
        found = words(data, tmp_path)
        figure = page_of(found, "Figure")
        text = [word for word in found if word.page == figure and word.text in FILLER]
        assert text, f"the figure stands alone on page {figure} (before={before})"


def test_a_row_taller_than_a_page_splits_inside_itself(tmp_path):
    body = (cells("Short", "row"), cells("Giant", filler(2500, "GiantStart") + " GiantEnd"), cells("After", "row"))
    data, _, _ = render(document(section("Rows", Table(cells("Key", "Remarks"), body, (None, None), 3))), toc=False)
    found = words(data, tmp_path)
    start, end = page_of(found, "GiantStart"), page_of(found, "GiantEnd")
    assert end > start == page_of(found, "Short")  # split where it began, not pushed to a new page
    headers = sorted(word.page for word in found if word.text == "Key")
    assert headers == list(range(start, end + 1))  # the header once on every page, never mid-page
