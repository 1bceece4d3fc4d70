"""The PDF report as a reader sees it: text, order, pages, bookmarks, metadata, fonts, links."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from builders import bullets, para, section
from conftest import DEFAULT_BRIEF, require_tool

from briefkit.errors import Warnings
from briefkit.model import (
    Code,
    CodeBlock,
    Document,
    Emphasis,
    Flow,
    FlowEdge,
    FlowItem,
    FlowSpec,
    Link,
    ListBlock,
    ListItem,
    Meta,
    MinorHeading,
    Paragraph,
    Quote,
    Section,
    Strong,
    Text,
)
from briefkit.render.pdf import render_pdf
from briefkit.stamp import Stamp
from briefkit.theme import load_theme

# ---------------------------------------------------------------- builders

STAMP = Stamp("0123456789ab", datetime.date(2026, 11, 24))


def document(*sections: Section, preamble: tuple = (), **meta) -> Document:
    values = dict(
        title="Test brief: a subtitle-free title",
        subtitle="What the subtitle says",
        authors=("Ada Analyst", "Ben Writer"),
        date=datetime.date(2026, 11, 24),
        classification="Restricted",
        theme=None,
    )
    values.update(meta)
    return Document(Path("content/test.md"), Meta(**values), tuple(preamble), tuple(sections))


def render(doc: Document, layouts: dict | None = None, **theme_changes) -> tuple[bytes, int, Warnings]:
    theme = dataclasses.replace(load_theme(None, doc.path), **theme_changes)
    warnings = Warnings()
    data, pages = render_pdf(doc, theme, layouts or {}, STAMP, warnings)
    return data, pages, warnings


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    """pdftotext's view of each page (layout order, as a reader copies it)."""
    require_tool("pdftotext")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces, for phrase searches."""
    return re.sub(r"\s+", " ", text)


def outline(reader: pypdf.PdfReader) -> list:
    """The bookmarks as nested [(title, page index, [children])]."""

    def walk(items) -> list:
        out: list = []
        for item in items:
            if isinstance(item, list):
                out[-1][2].extend(walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item), []))
        return out

    return walk(reader.outline)


SAMPLE = document(
    section(
        "Background",
        para("The first paragraph of the background.", 10),
        bullets("First point", "Second point", line=12),
        subsections=(
            section("Origins", para("Where it began.", 16), level=2, line=15),
            section("Recent turns", para("What changed lately.", 19), level=2, line=18),
        ),
        line=8,
    ),
    section("Findings", para("Findings in brief.", 23), line=22),
    preamble=(para("A preamble paragraph before any heading.", 5),),
)


# ---------------------------------------------------------------- structure


def test_it_nests_bookmarks_like_the_headings():
    data, _, _ = render(SAMPLE)
    tree = outline(pypdf.PdfReader(io.BytesIO(data)))
    titles = [(title, [child[0] for child in children]) for title, _, children in tree]
    assert titles == [("Background", ["Origins", "Recent turns"]), ("Findings", [])]
    assert all(page >= 1 for _, page, _ in tree)  # never the cover


def test_it_numbers_headings_when_the_theme_asks(tmp_path):
    data, _, _ = render(SAMPLE, heading_numbers=True)
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert "1 Background" in text and "1.1 Origins" in text and "1.2 Recent turns" in text and "2 Findings" in text
    titles = [title for title, _, _ in outline(pypdf.PdfReader(io.BytesIO(data)))]
    assert titles == ["1 Background", "2 Findings"]


def test_it_keeps_every_heading_item_and_paragraph_in_reading_order(tmp_path):
    data, pages, _ = render(SAMPLE)
    text = flat(" ".join(page_texts(data, tmp_path)[1:]))
    expected = [
        "A preamble paragraph before any heading.",
        "Background",
        "The first paragraph of the background.",
        "First point",
        "Second point",
        "Origins",
        "Where it began.",
        "Recent turns",
        "What changed lately.",
        "Findings",
        "Findings in brief.",
    ]
    positions = [text.index(phrase) for phrase in expected]
    assert positions == sorted(positions)


def test_every_page_shows_its_number_the_stamp_and_the_classification(tmp_path):
    long_doc = document(*(section(f"Part {n}", *(para("Words " * 120, n) for _ in range(6))) for n in range(1, 4)))
    data, pages, _ = render(long_doc)
    texts = page_texts(data, tmp_path)
    assert len(texts) == pages > 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert text.count("RESTRICTED") >= 2  # top and bottom banners
        assert STAMP.text in text
    assert all("Test brief" in text for text in texts[1:])  # running header with the short title


def test_the_cover_carries_title_subtitle_authors_date_and_classification(tmp_path):
    data, _, _ = render(SAMPLE)
    cover = flat(page_texts(data, tmp_path)[0])
    for phrase in (
        "Test brief: a subtitle-free title",
        "What the subtitle says",
        "Ada Analyst",
        "Ben Writer",
        "24 November 2026",
        "Restricted",
    ):
        assert phrase in cover
    assert "Background" not in cover


def test_unclassified_briefs_have_no_banner(tmp_path):
    data, _, _ = render(dataclasses.replace(SAMPLE, meta=dataclasses.replace(SAMPLE.meta, classification=None)))
    assert all("RESTRICTED" not in text for text in page_texts(data, tmp_path))


def test_contents_appear_only_with_four_sections_and_link_to_them(tmp_path):
    four = document(*(section(f"Chapter {n}", para(f"Body {n}.")) for n in range(1, 5)))
    data, _, _ = render(four)
    texts = page_texts(data, tmp_path)
    assert "Contents" in texts[1] and all(f"Chapter {n}" in texts[1] for n in range(1, 5))
    reader = pypdf.PdfReader(io.BytesIO(data))
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len({str(link["/Dest"][0]) for link in links}) >= 1 and len(links) >= 4

    data, _, _ = render(document(*four.sections[:3]))
    assert all("Contents" not in text for text in page_texts(data, tmp_path))
    data, _, _ = render(four, toc=False)
    assert all("Contents" not in text for text in page_texts(data, tmp_path))


# ---------------------------------------------------------------- print and file


def test_page_size_follows_the_theme():
    a4, _, _ = render(SAMPLE)
    letter, _, _ = render(SAMPLE, page_size="Letter")
    a4_box = pypdf.PdfReader(io.BytesIO(a4)).pages[0].mediabox
    letter_box = pypdf.PdfReader(io.BytesIO(letter)).pages[0].mediabox
    assert (round(float(a4_box.width)), round(float(a4_box.height))) == (595, 842)
    assert (round(float(letter_box.width)), round(float(letter_box.height))) == (612, 792)


def test_metadata_describes_the_brief_and_its_build():
    data, _, _ = render(SAMPLE)
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert info.title == "Test brief: a subtitle-free title"
    assert info.author == "Ada Analyst, Ben Writer"
    assert info.subject == "What the subtitle says"
    assert info["/Keywords"] == "Background, Findings"
    assert info["/Creator"].startswith("briefkit ")
    assert info.creation_date == info.modification_date
    assert info.creation_date.date() == STAMP.timestamp.date()
    assert info["/BriefkitFingerprint"] == STAMP.fingerprint
    assert b"/BriefkitFingerprint (0123456789ab)" in data


def test_the_same_inputs_give_the_same_bytes():
    first, _, _ = render(SAMPLE)
    second, _, _ = render(SAMPLE)
    assert first == second


def test_only_embedded_truetype_fonts(tmp_path):
    require_tool("pdffonts")
    data, _, _ = render(SAMPLE)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    rows = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "TrueType" in row and re.search(r"\byes\s+yes\s+yes\b", row), row


def test_qpdf_finds_the_file_clean(tmp_path):
    require_tool("qpdf")
    data, _, _ = render(SAMPLE)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- blocks and inlines


def test_markup_characters_print_literally(tmp_path):
    tricky = "Tags like <b>bold</b>, x<y>z, R&D and &amp; stay as written"
    doc = document(section("Escapes & <i>tags</i>", para(tricky), Quote((para("<quote> & more"),), 3)))
    data, _, _ = render(doc)
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert tricky in text
    assert "Escapes & <i>tags</i>" in text
    assert "<quote> & more" in text


def test_inline_styles_and_links(tmp_path):
    inlines = (
        Text("Plain, "),
        Strong((Text("strong"),)),
        Text(", "),
        Emphasis((Text("emphasis"),)),
        Text(", "),
        Code("code_sample()"),
        Text(" and "),
        Link("https://example.org/a?b=1&c=2", (Text("a link"),)),
        Text("."),
    )
    data, _, _ = render(document(section("Inlines", Paragraph(inlines, 2))))
    assert "Plain, strong, emphasis, code_sample() and a link." in flat(" ".join(page_texts(data, tmp_path)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    uris = [
        a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", []) if "/A" in a.get_object()
    ]
    assert uris == ["https://example.org/a?b=1&c=2"]


def test_lists_nest_three_deep_and_numbered_lists_keep_their_start(tmp_path):
    deepest = bullets("Level three")
    middle = ListBlock((ListItem((para("Level two"), deepest), 2),), False, 1, 2)
    outer = ListBlock((ListItem((para("Level one"), middle), 1),), False, 1, 1)
    numbered = bullets("Third step", "Fourth step", ordered=True, start=3)
    from_zero = bullets("Zeroth", "First", ordered=True, start=0)
    data, _, _ = render(document(section("Lists", outer, numbered, from_zero)))
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert text.index("Level one") < text.index("Level two") < text.index("Level three")
    assert "3. Third step" in text and "4. Fourth step" in text
    assert "0. Zeroth" in text and "1. First" in text


def test_minor_headings_code_and_quotes(tmp_path):
    code = CodeBlock("def f(x):\n    return x  # " + "long comment " * 20 + "\n", 5)
    doc = document(
        section("Blocks", MinorHeading(3, (Text("A minor heading"),), 2), code, Quote((para("A quoted line."),), 9))
    )
    data, _, _ = render(doc)
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert "A minor heading" in text and "def f(x):" in text and "A quoted line." in text
    assert text.count("long comment") == 20  # wrapped, not cut


FLOW = FlowSpec(
    "Who sends what",
    ("North", "South"),
    (FlowEdge("North", "South", (FlowItem("grain", True), FlowItem("oil", False)), 4),),
    3,
)


def test_a_flow_without_a_layout_becomes_a_numbered_table(tmp_path):
    doc = document(section("Flows", para("Before."), Flow(FLOW, 3), para("After.")))
    data, _, _ = render(doc)
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert "Figure 1: Who sends what" in text
    assert "grain; oil (unconfirmed)" in text
    assert text.index("Before.") < text.index("grain") < text.index("After.")


def test_a_laid_out_flow_is_drawn_as_a_numbered_figure_in_embedded_fonts(tmp_path):
    layout_module = pytest.importorskip("briefkit.diagram.layout")
    pytest.importorskip("briefkit.diagram.draw_pdf")
    theme = load_theme(None, Path("content/test.md"))
    doc = document(section("Flows", para("Before."), Flow(FLOW, 3), para("After.")))
    data, _, _ = render(doc, {FLOW: layout_module.layout_flow(FLOW, theme)})
    text = flat(" ".join(page_texts(data, tmp_path)))
    assert "Figure 1: Who sends what" in text
    assert text.index("Before.") < text.index("North") < text.index("Figure 1") < text.index("After.")
    assert "From To" not in text  # drawn, not tabulated
    fonts = {
        font["/BaseFont"]
        for page in pypdf.PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("+" in name for name in fonts), fonts  # subset-embedded TrueType only


def test_the_logo_sits_on_the_cover(tmp_path):
    PIL = pytest.importorskip("PIL.Image")
    logo = tmp_path / "logo.png"
    PIL.new("RGB", (300, 100), "navy").save(logo)
    data, _, _ = render(SAMPLE, logo=logo)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages[0].images) == 1
    assert all(not page.images for page in reader.pages[1:])


# ---------------------------------------------------------------- the real brief


def test_the_default_brief_builds(tmp_path):
    read = pytest.importorskip("briefkit.read")
    layout = pytest.importorskip("briefkit.diagram.layout")
    doc, _ = read.read_document(DEFAULT_BRIEF)
    theme = load_theme(doc.meta.theme, doc.path)
    data, pages, warnings = render(doc, {spec: layout.layout_flow(spec, theme) for spec in doc.flows()})
    assert pages >= 3 and not warnings
    text = flat(" ".join(page_texts(data, tmp_path)))
    for sec in doc.all_sections():
        assert sec.title in text
    tree = outline(pypdf.PdfReader(io.BytesIO(data)))
    assert [title for title, _, _ in tree] == [sec.title for sec in doc.sections]
