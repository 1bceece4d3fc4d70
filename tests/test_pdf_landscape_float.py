"""A diagram that takes a landscape page of its own floats like any figure: the text written after
it fills the page it is written on, the landscape page follows, and the rest goes on upright.
Judged on the built PDF by page shape (mediabox) and by where the words land."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from builders import para, section
from test_pdf import document, outline, render
from test_pdf_pages import filler, page_of, words

from briefkit.diagram.layout import LAYERED_FORMS, _theme_layered
from briefkit.fonts import family_files
from briefkit.model import Flow, FlowEdge, FlowItem, FlowSpec
from briefkit.render.pdf.page import geometry
from briefkit.render.pdf.styles import build_styles
from briefkit.theme import load_theme

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")

STAGES = ("Mine", "Smelter", "Trader", "Shipper", "Buyer")
PLACES = ("Norilsk", "Almaty", "Dubai", "Istanbul", "Baku")


def chains(tag: str) -> FlowSpec:
    """25 nodes in five wide chains of five, with cross links: drawn larger on a page turned sideways."""
    links = list(zip(STAGES, STAGES[1:], strict=False))
    rows = [(f"{a} {p}{tag}", f"{b} {p}{tag}", "ore, metal?") for p in PLACES for a, b in links]
    rows += [(f"Trader {p}{tag}", f"Shipper {q}{tag}", "cargo") for p, q in zip(PLACES, PLACES[1:], strict=False)]
    edges = tuple(
        FlowEdge(a, b, tuple(FlowItem(i.strip().rstrip("?"), not i.endswith("?")) for i in items.split(",")), n)
        for n, (a, b, items) in enumerate(rows, start=2)
    )
    nodes = tuple(dict.fromkeys(name for a, b, _ in rows for name in (a, b)))
    return FlowSpec(f"Metal chains{tag}", nodes, edges, 1)


@pytest.fixture(scope="module")
def flows() -> tuple[list[Flow], dict]:
    """The two chains and, for the report, their widest form left to right: a layout that reads
    larger on a page turned sideways (the report's own choice would take a folded, upright one)."""
    theme = load_theme(None, Path("content/test.md"))
    specs = [chains(""), chains(" B")]
    fonts = tuple(sorted((style, str(file)) for style, file in family_files(theme.fonts.heading).items()))
    wide = {spec: _theme_layered(spec, fonts, theme.sizes.diagram, "LR", LAYERED_FORMS[0], None) for spec in specs}
    return [Flow(spec, 1) for spec in specs], wide


def after(count: int) -> list:
    """`count` paragraphs, each marked by its first word AfterN."""
    return [para(filler(90, f"After{n}")) for n in range(1, count + 1)]


def shapes(data: bytes) -> list[bool]:
    """For each page, whether it is turned sideways (wider than high)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.mediabox.width > page.mediabox.height for page in reader.pages]


def fullness(data: bytes, found, page: int) -> float:
    """How far down its text frame an upright page's text reaches, 0 to 1."""
    theme = load_theme(None, Path("content/test.md"))
    geo = geometry(theme, build_styles(theme))
    _, y, _, height = geo.frame
    top = geo.height - y - height  # the frame's top, measured down from the page's top
    body = [w.bottom for w in found if w.page == page and top - 1 < w.top and w.bottom < top + height + 1]
    return (max(body) - top) / height if body else 0.0


def check_no_stranded_page(data: bytes, found) -> None:
    """No upright page but the last is left less than half full."""
    turned = shapes(data)
    for number, sideways in enumerate(turned[1:-1], start=2):  # the cover is its own page
        if not sideways:
            assert fullness(data, found, number) > 0.5, f"page {number} is left part-empty"


def test_the_text_after_a_landscape_diagram_fills_the_page_before_it(tmp_path, flows):
    (flow, _), layouts = flows
    body = section("Routes", para(filler(120, "Before")), flow, *after(8))
    doc = document(body, section("NextHead", para(filler(40, "Later"))))
    data, _, _ = render(doc, layouts, toc=False)
    found, turned = words(data, tmp_path), shapes(data)
    (sideways,) = [n for n, wide in enumerate(turned, start=1) if wide]
    assert page_of(found, "Figure") == sideways and page_of(found, "Norilsk") == sideways
    assert page_of(found, "Before") == sideways - 1
    assert page_of(found, "After1") == sideways - 1  # written after it, set before it: it fits there
    assert page_of(found, "After8") > sideways and not turned[page_of(found, "After8") - 1]
    check_no_stranded_page(data, found)
    text = pypdf.PdfReader(io.BytesIO(data)).pages[sideways - 1].extract_text()
    assert f"Page {sideways} of {len(turned)}" in text and "Test brief" in text  # header and footer


def test_two_landscape_diagrams_in_a_row_take_two_pages_after_the_text(tmp_path, flows):
    (first, second), layouts = flows
    doc = document(section("Routes", para(filler(120, "Before")), first, second, *after(8)))
    data, _, _ = render(doc, layouts, toc=False)
    found, turned = words(data, tmp_path), shapes(data)
    sideways = [n for n, wide in enumerate(turned, start=1) if wide]
    assert len(sideways) == 2 and sideways[1] == sideways[0] + 1
    assert page_of(found, "Norilsk") == sideways[0] and page_of(found, "B") == sideways[1]  # in their order
    assert [w.text for w in found if w.text in ("1:", "2:")] == ["1:", "2:"]
    assert page_of(found, "After1") == sideways[0] - 1
    check_no_stranded_page(data, found)


@pytest.mark.parametrize("then", ["end", "section"])
def test_a_landscape_diagram_closing_a_section_leaves_no_empty_page(tmp_path, flows, then):
    (flow, _), layouts = flows
    closing = section("Routes", para(filler(120, "Before")), flow)
    doc = document(closing) if then == "end" else document(closing, section("NextHead", *after(3)))
    data, pages, _ = render(doc, layouts, toc=False)
    found, turned = words(data, tmp_path), shapes(data)
    (sideways,) = [n for n, wide in enumerate(turned, start=1) if wide]
    assert pages == len(turned) and all(any(w.page == n for w in found) for n in range(1, pages + 1))
    assert page_of(found, "Before") == sideways - 1
    if then == "end":
        assert sideways == pages  # the report ends on it: no empty page after
    else:
        assert page_of(found, "NextHead") == page_of(found, "After1") == sideways - 1
        check_no_stranded_page(data, found)


def test_a_heading_over_a_landscape_diagram_goes_with_the_text_after_it(tmp_path, flows):
    (flow, _), layouts = flows
    moved = 0
    for count in range(500, 680, 30):  # the heading lands ever lower on the page
        doc = document(section("Opening", para(filler(count, "Before"))), section("MapHead", flow, *after(4)))
        data, _, _ = render(doc, layouts, toc=False)
        found, turned = words(data, tmp_path), shapes(data)
        (sideways,) = [n for n, wide in enumerate(turned, start=1) if wide]
        head = page_of(found, "MapHead")
        assert head == page_of(found, "After1") < sideways, count  # never alone at a page's foot
        assert not turned[head - 1]
        moved += head > page_of(found, "Before")
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert [(title, number + 1) for title, number, _ in outline(reader)] == [
            ("Opening", page_of(found, "Opening")),
            ("MapHead", head),
        ]
    assert moved  # some lengths push the heading to the next page


@pytest.mark.parametrize("then", ["end", "section"])
def test_a_section_of_only_a_landscape_diagram_takes_its_heading_along(tmp_path, flows, then):
    (flow, _), layouts = flows
    sections = [section("Opening", para(filler(120, "Before"))), section("MapHead", flow)]
    doc = document(*sections, *([section("NextHead", *after(3))] if then == "section" else []))
    data, pages, _ = render(doc, layouts, toc=False)
    found, turned = words(data, tmp_path), shapes(data)
    (sideways,) = [n for n, wide in enumerate(turned, start=1) if wide]
    assert page_of(found, "MapHead") == page_of(found, "Norilsk") == sideways
    assert all(any(w.page == n for w in found) for n in range(1, pages + 1))  # no empty page
    if then == "end":
        assert sideways == pages == page_of(found, "Before") + 1
    else:
        assert page_of(found, "Before") < sideways < page_of(found, "NextHead")
