"""A flow slide's diagram is laid out for the box the slide really gives it: its layered layout
is chosen by the text size it reaches in that box, and a lead that costs the diagram the least
text size a reader needs goes to the notes when the diagram draws larger without it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

try:  # tests/ as a package, or as a plain folder on sys.path
    from .test_diagram_layered import SANCTIONS, flow, traders
except ImportError:
    from test_diagram_layered import SANCTIONS, flow, traders

from briefkit.diagram.draw_pptx import MAX_TEXT_SIZE
from briefkit.diagram.layout import LAYERED_FORMS, _theme_layered, layout_flow
from briefkit.diagram.readable import slide_minimum, slide_text

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")

LEAD = "Nine economies trade goods, arms and money around the sanctions; several links are reported once."


def brief(rows, lead: bool) -> str:
    lines = "\n".join(f"{a} -> {b}: {items}" for a, b, items in rows)
    return f"---\ntitle: T\n---\n\n# Routes\n\n{LEAD + chr(10) * 2 if lead else ''}```flow\n{lines}\n```\n"


def build(tmp_path: Path, name: str, text: str):
    """The flow slide's smallest diagram text size read back from the pptx, its text, its
    notes, and the build's warnings."""
    from pptx import Presentation

    from briefkit import pipeline

    folder = tmp_path / name
    folder.mkdir()
    (folder / "brief.md").write_text(text)
    result = pipeline.build(folder / "brief.md", folder / "out", formats=("pptx",), force=True)
    (path,) = (folder / "out").glob("*.pptx")
    (slide,) = [s for s in Presentation(path).slides if any(x.name.startswith("Flow") for x in s.shapes)]
    drawn = b"".join(etree.tostring(s._element) for s in slide.shapes if s.name.startswith("Flow"))
    size = min(int(sz) / 100 for sz in re.findall(rb'<a:rPr[^>]*\bsz="(\d+)"', drawn))
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame and not s.name.startswith("Flow"))
    notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
    return size, text, notes, result.warnings


def rows_of(spec) -> list[tuple[str, str, str]]:
    """A flow's edges as (source, target, items) rows, unconfirmed items marked '?'."""
    items = [", ".join(i.text + ("" if i.confirmed else "?") for i in e.items) for e in spec.edges]
    return [(e.source, e.target, text) for e, text in zip(spec.edges, items, strict=True)]


@pytest.mark.parametrize("rows", [SANCTIONS, rows_of(traders())], ids=["9 economies", "25 traders"])
def test_a_lead_never_shrinks_the_diagram_below_its_size_without_it(tmp_path, rows):
    bare, _, _, bare_warnings = build(tmp_path, "bare", brief(rows, False))
    led, text, notes, warnings = build(tmp_path, "led", brief(rows, True))
    least = slide_minimum(len({name for a, b, _ in rows for name in (a, b)}))
    assert led >= min(bare, least) - 0.01  # a lead may cost size the diagram can spare
    if led < least:  # the lead cost the diagram its size: it went to the notes, and a warning tells
        assert "Nine economies" not in text and "Nine economies" in notes
    for size, found, line in ((bare, bare_warnings, 7), (led, warnings, 9)):
        told = [w for w in found if "on its slide" in w.message]
        assert (size >= least - 0.01) != bool(told)
        assert all(w.line == line and "split" in (w.hint or "") for w in told)


def test_a_lead_that_leaves_the_diagram_its_size_stays_on_the_slide(tmp_path):
    size, text, notes, warnings = build(tmp_path, "small", brief(SANCTIONS[:4], True))
    assert size >= slide_minimum(4) and "Nine economies" in text
    assert not [w for w in warnings if "on its slide" in w.message]


@pytest.mark.parametrize("box", [(864.0, 336.0), (600.0, 420.0), (420.0, 600.0)])
def test_the_layered_layout_is_the_one_drawn_largest_in_its_box(box):
    from briefkit.fonts import family_files
    from briefkit.theme import load_theme

    theme = load_theme(None, Path("brief.md"))
    spec = flow(SANCTIONS)
    fonts = tuple(sorted((style, str(path)) for style, path in family_files(theme.fonts.heading).items()))
    chosen = slide_text(layout_flow(spec, theme, box=box), *box)
    assert chosen >= slide_text(layout_flow(spec, theme), *box) - 1e-9
    upright = [slide_text(_theme_layered(spec, fonts, theme.sizes.diagram, "LR", f, None), *box) for f in LAYERED_FORMS]
    assert chosen >= max(upright) - 1e-9 or chosen == MAX_TEXT_SIZE


# ---------------------------------------------------------------- readable where it can be

CASPIAN = (  # twelve actors trading fuel, parts and payments (eleven nodes)
    ("Refinery A", "Trader Baku", "diesel, jet fuel"),
    ("Trader Baku", "Shipping Co Aktau", "diesel"),
    ("Shipping Co Aktau", "Port Makhachkala", "diesel, lubricants?"),
    ("Port Makhachkala", "Army Depot South", "diesel"),
    ("Parts Maker Shenzhen", "Forwarder Almaty", "bearings, microchips?"),
    ("Forwarder Almaty", "Trader Baku", "bearings"),
    ("Forwarder Almaty", "Army Depot South", "microchips?"),
    ("Bank Dubai", "Trader Baku", "letters of credit?"),
    ("Trader Baku", "Bank Dubai", "commissions?"),
    ("Army Depot South", "Repair Yard Rostov", "damaged engines"),
    ("Repair Yard Rostov", "Army Depot South", "rebuilt engines"),
    ("Bank Yerevan", "Forwarder Almaty", "payments?"),
    ("Shell Firm Tbilisi", "Bank Yerevan", "invoices?, deposits?"),
    ("Refinery A", "Shell Firm Tbilisi", "fuel receipts?"),
    ("Port Makhachkala", "Repair Yard Rostov", "spare parts?"),
)


def nickel() -> list[tuple[str, str, str]]:
    """Eleven actors along a nickel route, with its money and a second buyer."""
    return [
        ("Mine Norilsk", "Smelter Ural", "nickel ore"),
        ("Smelter Ural", "Trader Dubai", "nickel, cobalt?"),
        ("Trader Dubai", "Shipper Aktau", "nickel"),
        ("Shipper Aktau", "Port Baku", "nickel, copper?"),
        ("Port Baku", "Buyer Istanbul", "nickel"),
        ("Buyer Istanbul", "Bank Zurich", "payments"),
        ("Bank Zurich", "Trader Dubai", "letters of credit?"),
        ("Insurer London", "Shipper Aktau", "cover?"),
        ("Broker Geneva", "Trader Dubai", "contracts"),
        ("Smelter Ural", "Plant Tianjin", "cobalt"),
        ("Plant Tianjin", "Buyer Istanbul", "batteries?"),
        ("Trader Dubai", "Bank Zurich", "commissions?"),
    ]


@pytest.mark.parametrize("rows", [SANCTIONS, CASPIAN, nickel()], ids=["9 economies", "Caspian", "nickel"])
def test_a_flow_of_up_to_twenty_nodes_is_drawn_at_twelve_points_where_the_slide_allows(tmp_path, rows):
    size, _, _, warnings = build(tmp_path, "net", brief(rows, False))
    assert size >= slide_minimum(len({name for a, b, _ in rows for name in (a, b)})) == 12.0
    assert not [w for w in warnings if "on its slide" in w.message]


def test_the_choice_puts_a_legible_layout_before_a_larger_one_and_a_readable_one_before_the_flow_direction():
    import dataclasses

    from briefkit.diagram.layered import legible
    from briefkit.diagram.layout import choose_layered
    from briefkit.theme import load_theme

    theme = load_theme(None, Path("brief.md"))
    spec = flow(SANCTIONS)
    made = layout_flow(spec, theme, box=(864.0, 409.6))
    assert legible(made)
    node, label = made.nodes[0].box, made.edges[0].label
    covered = dataclasses.replace(label, box=dataclasses.replace(label.box, x=node.x, y=node.y))
    crowded = dataclasses.replace(made, edges=(dataclasses.replace(made.edges[0], label=covered), *made.edges[1:]))
    assert not legible(crowded)

    def sized(layout, factor: float):  # the same drawing, its text drawn `factor` times larger
        return dataclasses.replace(layout, width=made.width / factor, height=made.height / factor)

    box = (made.width, made.height)  # the made layout is drawn at its own size, 9 pt
    shapes = {"LR": sized(made, 1.2), "TB": sized(crowded, 1.5)}
    assert choose_layered(spec, lambda direction, form, depth: shapes[direction], None, box) == shapes["LR"]
    shapes = {"LR": sized(made, 1.1), "TB": sized(made, 1.3)}  # neither readable: the larger
    assert choose_layered(spec, lambda direction, form, depth: shapes[direction], None, box) == shapes["TB"]
    shapes = {"LR": sized(made, 1.34), "TB": sized(made, 1.6)}  # both readable: left to right
    assert choose_layered(spec, lambda direction, form, depth: shapes[direction], None, box) == shapes["LR"]
    shapes = {"LR": sized(made, 1.3), "TB": sized(made, 1.34)}  # only top to bottom readable
    assert choose_layered(spec, lambda direction, form, depth: shapes[direction], None, box) == shapes["TB"]
