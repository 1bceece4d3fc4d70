"""The slide rules as a reader of the built deck sees them: a long analytic brief built to .pptx
and read back with python-pptx."""

from __future__ import annotations

import re
import zipfile

import pytest
from analytic_brief import TITLE, write_analytic_brief
from pptx import Presentation
from pptx.util import Emu
from readback import shapes_off_slide
from xsd import schema_errors

from briefkit.pipeline import build
from briefkit.sync import check_brief

FOOTER = re.compile(r"·|^[1-9]\d*$|^OFFICIAL-SENSITIVE$")  # footer, slide number, banner


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("analytic")
    brief = write_analytic_brief(folder / "brief")
    out = folder / "out"
    result = build(brief, out, force=True)
    return brief, out, result, Presentation(out / "analytic.pptx")


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def body_texts(slide) -> list[str]:
    """Every text on the slide but its title, the banners, the footer and the slide number."""
    found = []
    for shape in slide.shapes:
        if shape == slide.shapes.title:
            continue
        if shape.has_text_frame:
            found += [p.text for p in shape.text_frame.paragraphs if p.text and not FOOTER.search(p.text)]
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


def test_the_deck_opens_with_nothing_outside_its_slides_and_in_sync_with_the_brief(built):
    brief, out, result, deck = built
    assert shapes_off_slide(out / "analytic.pptx") == []
    assert check_brief(brief, out).lines == []
    assert [w.line for w in result.warnings] == [17, 102]  # the two prose sections over 60 words


def test_every_slide_is_schema_valid(built):
    _, out, _, _ = built
    with zipfile.ZipFile(out / "analytic.pptx") as package:
        parts = [n for n in package.namelist() if re.match(r"ppt/slides/[^/]+\.xml$", n)]
        assert len(parts) > 15
        for name in parts:
            assert schema_errors(package.read(name)) == [], name


def test_the_full_title_is_in_the_first_slides_notes_and_the_core_properties(built):
    _, _, _, deck = built
    first = deck.slides[0]
    assert first.shapes.title.text_frame.text == TITLE  # four lines at most, nothing cut
    assert first.notes_slide.notes_text_frame.text.startswith(TITLE)
    assert deck.core_properties.title == TITLE


def test_every_slide_shows_more_than_its_title(built):
    _, _, _, deck = built
    for slide in list(deck.slides)[1:]:
        pictures = [s for s in slide.shapes if s.shape_type is not None and s.shape_type == 13]
        drawn = pictures or any(s.shape_type == 6 for s in slide.shapes)  # a picture or a diagram group
        assert body_texts(slide) or drawn, title_of(slide)


def test_the_30_row_table_fills_five_numbered_slides_at_most_at_12_to_14_pt(built):
    _, _, _, deck = built
    titles = [title_of(s) for s in deck.slides]
    voyages = [t for t in titles if t.startswith("Observed voyages")]
    assert 1 < len(voyages) <= 5
    assert voyages == [f"Observed voyages ({n}/{len(voyages)})" for n in range(1, len(voyages) + 1)]
    rows = 0
    for slide in deck.slides:
        if title_of(slide).startswith("Observed voyages"):
            (table,) = [s.table for s in slide.shapes if s.has_table]
            rows += len(table.rows) - 1
            sizes = {
                r.font.size.pt for row in table.rows for c in row.cells for p in c.text_frame.paragraphs for r in p.runs
            }
            assert sizes <= {12.0, 13.0, 14.0}
            assert table.rows[0].cells[0].text == "Date"
    assert rows == 30


def test_empty_headings_get_no_slide_and_a_divider_lists_what_follows(built):
    _, _, _, deck = built
    titles = [title_of(s) for s in deck.slides]
    assert "Annexes" not in titles and "Sources" not in titles
    (divider,) = [s for s in deck.slides if title_of(s) == "Method"]
    texts = body_texts(divider)
    assert "08" in texts and [t for t in texts if t != "08"] == ["Limits", "Confidence"]
    agenda = body_texts(deck.slides[1])
    assert "Annexes" not in agenda and len(agenda) == 11


def test_a_lone_figure_shares_its_sections_slide_with_its_lead_and_caption(built):
    _, _, _, deck = built
    (mast,) = [s for s in deck.slides if title_of(s) == "Loading mast"]
    assert body_texts(mast) == ["A single crane loads every container.", "The crane at berth three"]
    (picture,) = [s for s in mast.shapes if s.shape_type == 13]
    caption = next(s for s in mast.shapes if s.has_text_frame and s.text_frame.text == "The crane at berth three")
    assert picture.top + picture.height <= caption.top
    assert Emu(caption.top + caption.height).pt < 540 - 20


def test_a_list_item_keeps_its_parts_in_source_order(built):
    _, _, _, deck = built
    (actors,) = [s for s in deck.slides if title_of(s) == "Actors"]
    assert body_texts(actors) == [
        "Port operators at Rajin.",
        "Run the container yard.",
        "Share the pier with fishing fleets.",
        "They report to the provincial authority, which keeps no public filings.",
        "ais --gap 6h --port RAJIN",
        "The rail company on the Russian side.",
    ]
