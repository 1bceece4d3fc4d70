"""Links between the parts of a brief on slides and pages, read back from the built files.

`#anchor` links (to a heading's `{#id}` or its slug) jump to the first slide of that heading in
the deck, and to the heading's page in the report; the deck stays schema-valid and LibreOffice
follows its jumps.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
from conftest import require_tool
from pptx import Presentation
from pptx.oxml.ns import qn
from xsd import schema_errors

from briefkit.pipeline import build

JUMP = "ppaction://hlinksldjump"

LINKED = """\
---
title: Linked
---

See [the usage](#usage), the [terms](#terms) and the [details](#details) before starting.

# Terms {#terms .unnumbered}

- A term is a word; see [the usage](#usage) and the [details](#details).
- Another term follows it, with [fine print](#fine-print).

# How to use it {#usage}

- Read the [terms](#terms) first.
- Then use it.

## Fine print

Small words of prose that nobody reads but everyone should, at least once.

### Minor details {#details}

- One detail, linked back to [how to use it](#usage).
"""


def built(tmp_path: Path, text: str) -> tuple[Path, Path]:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    build(path, tmp_path / "out", force=True)
    return tmp_path / "out" / "doc.pdf", tmp_path / "out" / "doc.pptx"


def jumps(pptx: Path) -> list[tuple[int, str, str]]:
    """(slide index, linked text, title of the slide it jumps to) of every slide jump in the deck."""
    deck = Presentation(pptx)
    titles = {slide.part.partname: slide.shapes.title.text_frame.text for slide in deck.slides}
    found = []
    for index, slide in enumerate(deck.slides):
        for run in slide.shapes._spTree.iter(qn("a:r")):
            link = run.find(f"{qn('a:rPr')}/{qn('a:hlinkClick')}")
            if link is None or link.get("action") != JUMP:
                continue
            rel = slide.part.rels[link.get(qn("r:id"))]
            assert not rel.is_external
            found.append((index, run.find(qn("a:t")).text, titles[rel.target_part.partname]))
    return found


def test_anchor_links_jump_to_the_first_slide_of_their_heading(tmp_path):
    _, pptx = built(tmp_path, LINKED)
    found = jumps(pptx)
    assert ("the usage", "How to use it") in [(text, title) for _, text, title in found]
    assert [(text, title) for _, text, title in found if text == "terms"] == [("terms", "Terms")]
    assert ("details", "Fine print") in [(text, title) for _, text, title in found]
    assert ("fine print", "Fine print") in [(text, title) for _, text, title in found]
    assert ("how to use it", "How to use it") in [(text, title) for _, text, title in found]


def test_a_linked_run_looks_like_a_link(tmp_path):
    _, pptx = built(tmp_path, LINKED)
    slide = Presentation(pptx).slides[-1]
    run = next(r for r in slide.shapes._spTree.iter(qn("a:r")) if r.find(qn("a:t")).text == "how to use it")
    plain = next(r for r in slide.shapes._spTree.iter(qn("a:r")) if "One detail" in r.find(qn("a:t")).text)
    r_pr, plain_pr = run.find(qn("a:rPr")), plain.find(qn("a:rPr"))
    assert r_pr.get("u") == "sng" and plain_pr.get("u") is None
    colour = f"{qn('a:solidFill')}/{qn('a:srgbClr')}"
    assert r_pr.find(colour).get("val") != plain_pr.find(colour).get("val")


def test_a_deck_with_slide_jumps_is_schema_valid_and_deterministic(tmp_path):
    _, pptx = built(tmp_path, LINKED)
    data = pptx.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slides = [n for n in package.namelist() if re.match(r"ppt/slides/[^/]+\.xml$", n)]
        for name in slides:
            assert schema_errors(package.read(name)) == [], name
        names = package.namelist()
    assert not [n for n in names if n.startswith("ppt/slides/") and n.endswith(".xml") and n not in slides]
    again, _ = tmp_path / "again", None
    again.mkdir()
    _, second = built(again, LINKED)
    assert second.read_bytes() == data


def _destinations(reader) -> list[tuple[int, float]]:
    """(page index, top) of every internal link of the report, in page order."""
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            destination = annotation.get_object().get("/Dest")
            if destination is None:
                continue
            if not isinstance(destination, list):  # a named destination
                named = reader.named_destinations[str(destination)]
                found.append((reader.get_page_number(named.page), float(named.top)))
            else:
                found.append((reader.get_page_number(destination[0].get_object()), float(destination[3])))
    return found


def _baseline(page, needle: str) -> float:
    """The baseline height of the first text run on `page` holding `needle`."""
    found = []

    def visit(text, cm, tm, font, size):
        if needle in text:
            found.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found[0]


def test_anchor_links_in_the_report_go_to_their_headings_page(tmp_path):
    filler = "".join(f"Filler paragraph {n} takes up a line or two of the page and says little.\n\n" for n in range(40))
    text = LINKED.replace("- Then use it.\n", f"- Then use it.\n\n{filler}")
    text = text.replace("fine print](#fine-print).\n", f"fine print](#fine-print).\n\n{filler}")
    pdf, _ = built(tmp_path, text)
    reader = pypdf.PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    headings = ["How to use it", "Terms", "Minor details"]  # the preamble's links, then the sections'
    headings += ["How to use it", "Minor details", "Fine print", "Terms", "How to use it"]
    where = {h: next(n for n, page in enumerate(pages) if re.search(rf"(^|\n)[\d. ]*{h}\n", page)) for h in headings}
    assert len(set(where.values())) >= 3  # the filler puts the headings on different pages
    destinations = _destinations(reader)
    assert [page for page, _ in destinations] == [where[h] for h in headings]
    for (page, top), heading in zip(destinations, headings, strict=True):
        baseline = _baseline(reader.pages[page], heading)
        assert baseline <= top <= baseline + 40  # the link lands just above the heading


def test_libreoffice_follows_the_slide_jumps(tmp_path):
    soffice = require_tool("soffice")
    _, pptx = built(tmp_path, LINKED)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(pptx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    reader = pypdf.PdfReader(tmp_path / "doc.pdf")
    landed = []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            destination = annotation.get_object().get("/Dest")
            if destination is not None:
                target = reader.pages[reader.get_page_number(destination[0].get_object())]
                landed.append((number, target.extract_text().split("\n")[0]))
    assert [(slide, title) for slide, _, title in jumps(pptx)] == landed


def test_a_minor_heading_link_jumps_to_the_slide_showing_its_label(tmp_path):
    points = "".join(f"- Point {n} says something worth a line of its own on the slide.\n" for n in range(14))
    text = (
        "---\ntitle: Long\n---\n\n# Start\n\n- Go to the [late label](#late).\n\n"
        f"# Many points\n\n{points}\n### Late label {{#late}}\n\n- The point under the late label.\n"
    )
    _, pptx = built(tmp_path, text)
    [(_, linked, title)] = jumps(pptx)
    assert linked == "late label" and title == "Many points (cont.)"
    deck = Presentation(pptx)
    target = next(s for s in deck.slides if s.shapes.title.text_frame.text == title)
    assert "Late label" in "".join(shape.text_frame.text for shape in target.shapes if shape.has_text_frame)
