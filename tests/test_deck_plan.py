"""The deck plan's rules, checked on documents built from the model, without writing a pptx."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from builders import bullets, para, section

from briefkit.errors import Warnings
from briefkit.model import (
    CodeBlock,
    Document,
    Flow,
    FlowEdge,
    FlowItem,
    FlowSpec,
    Meta,
    MinorHeading,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
)
from briefkit.render.deck import plan_deck
from briefkit.render.deck.fit import HEIGHT_SLACK, bullet_height, prose_height
from briefkit.render.deck.plan import SLIDE_HEIGHT, SLIDE_WIDTH
from briefkit.render.deck.text import Measure, plain
from briefkit.theme import load_theme

PATH = Path("content/test.md")
PROJECT_DIR = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- builders


def flow(caption: str | None = "Supply", line: int = 1) -> Flow:
    edges = (
        FlowEdge("North", "South", (FlowItem("grain", True), FlowItem("fuel", False)), line),
        FlowEdge("South", "North", (FlowItem("tools", True),), line),
    )
    return Flow(FlowSpec(caption, ("North", "South"), edges, line), line)


def table(rows: int, line: int = 1) -> Table:
    header = ((Text("Item"),), (Text("Amount"),), (Text("Note"),))
    body = tuple(((Text(f"Item {n}"),), (Text(str(n * 10)),), (Text("a short note"),)) for n in range(rows))
    return Table(header, body, (None, "right", None), line)


def document(*sections: Section, title: str = "Test brief: a subtitle", classification: str | None = "RESTRICTED"):
    meta = Meta(
        title=title,
        subtitle="What the tests look at",
        authors=("A. Writer", "B. Reviewer"),
        date=datetime.date(2026, 1, 15),
        classification=classification,
        theme=None,
    )
    return Document(PATH, meta, (para("Before the first heading."),), tuple(sections))


def rich_document() -> Document:
    """One of everything a deck shows."""
    literal = Paragraph((Text("Some "), Strong((Text("<b>literal</b> *stars*"),)), Text(" text.")), 41)
    return document(
        section(
            "Overview",
            para("First paragraph of the argument.", 3),
            para("Second paragraph.", 4),
            bullets("Point one", ("Point two", ["Detail a", ("Detail b", ["Deeper"])]), line=5),
            line=2,
        ),
        section("Flows", flow("Who sends what"), para("Flows explained.", 11), line=10),
        section(
            "Figures",
            MinorHeading(3, (Text("Counts"),), 21),
            bullets("Counted twice", "Counted once", ordered=True, line=22),
            table(3, 23),
            Quote((para("A quotation worth showing.", 30),), 30),
            CodeBlock("x = 1\ny = 2\n", 32),
            line=20,
        ),
        section("Prose only", literal, line=40, subsections=(section("Detail", bullets("Sub point"), level=2),)),
    )


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


@pytest.fixture(scope="module")
def measure(theme):
    return Measure(theme)


def plan(doc, theme):
    warnings = Warnings()
    return plan_deck(doc, theme, warnings), warnings


def headings(deck) -> list[str]:
    return [s.title.text if s.kind == "title" else s.heading.text for s in deck.slides]


# ---------------------------------------------------------------- rules


def test_it_plans_one_slide_per_section_block_and_subsection(theme):
    deck, warnings = plan(rich_document(), theme)
    assert [s.kind for s in deck.slides] == [
        "title", "agenda", "bullets", "prose", "flow", "bullets", "table", "quote", "code", "prose", "bullets",
    ]  # fmt: skip
    assert headings(deck)[2:] == [
        "Overview", "Flows", "Who sends what", "Figures", "Figures", "Figures", "Figures", "Prose only", "Detail",
    ]  # fmt: skip
    assert not warnings
    title = deck.slides[0]
    assert title.title.text == "Test brief: a subtitle"
    assert title.subtitle.text == "What the tests look at"
    assert title.byline.text == "A. Writer, B. Reviewer · 15 January 2026"
    assert title.notes == "Test brief: a subtitle\n\nBefore the first heading."


def test_agenda_only_with_three_or_more_sections(theme):
    two, _ = plan(document(section("A", bullets("a")), section("B", bullets("b"))), theme)
    assert "agenda" not in [s.kind for s in two.slides]
    three, _ = plan(document(*(section(t, bullets("x")) for t in "ABC")), theme)
    agenda = three.slides[1]
    assert agenda.kind == "agenda"
    assert [plain(b.spans) for b in agenda.bullets] == ["A", "B", "C"]
    assert [b.marker for b in agenda.bullets] == ["1.", "2.", "3."]


def test_bullets_keep_nesting_up_to_three_levels(theme):
    deck, _ = plan(rich_document(), theme)
    overview = deck.slides[2]
    assert [(b.level, plain(b.spans)) for b in overview.bullets] == [
        (0, "Point one"), (0, "Point two"), (1, "Detail a"), (1, "Detail b"), (2, "Deeper"),
    ]  # fmt: skip
    assert [b.marker for b in overview.bullets] == ["•", "•", "–", "–", "▪"]
    assert overview.bullets[2].indent > overview.bullets[0].indent
    figures = deck.slides[5]
    assert [(b.heading, b.marker, plain(b.spans)) for b in figures.bullets] == [
        (True, "", "Counts"), (False, "1.", "Counted twice"), (False, "2.", "Counted once"),
    ]  # fmt: skip


def test_notes_hold_every_paragraph_of_the_section_on_its_first_slide(theme):
    deck, _ = plan(rich_document(), theme)
    assert deck.slides[2].notes == (
        "First paragraph of the argument.\n\nSecond paragraph.\n\n"
        "• Point one\n• Point two\n    – Detail a\n    – Detail b\n        ▪ Deeper"
    )
    assert deck.slides[3].notes == "Flows explained."
    assert deck.slides[4].notes == ""
    assert deck.slides[5].notes == "Counts\n\n1. Counted twice\n2. Counted once\n\n“A quotation worth showing.”"


def test_markup_characters_stay_literal(theme):
    deck, _ = plan(rich_document(), theme)
    prose = deck.slides[9]
    assert plain(prose.paragraphs[0]) == "Some <b>literal</b> *stars* text."
    assert [s.bold for s in prose.paragraphs[0]] == [False, True, False]


def test_a_300_bullet_section_splits_into_continuation_slides_that_fit(theme, measure):
    texts = [f"Bullet {n} says something long enough to wrap onto a second line now and then" for n in range(300)]
    deck, _ = plan(document(section("Long list", bullets(*texts))), theme)
    slides = deck.slides[1:]
    assert len(slides) > 10
    assert slides[0].heading.text == "Long list"
    assert all(s.heading.text == "Long list (cont.)" and s.continued for s in slides[1:])
    assert [plain(b.spans) for s in slides for b in s.bullets] == texts
    for slide in slides:
        used = sum(bullet_height(measure, b, slide.body.width) for b in slide.bullets)
        assert used <= slide.body.height - HEIGHT_SLACK
        assert slide.body.bottom < deck.frame.footer.top
    assert len({b.size for s in slides for b in s.bullets}) == 1  # one size on every slide of the list


def test_a_bullet_too_long_for_a_slide_is_split_between_sentences(theme, measure):
    sentences = [f"Sentence {n} of one very long bullet that keeps going." for n in range(80)]
    deck, _ = plan(document(section("One", bullets(" ".join(sentences)))), theme)
    slides = deck.slides[1:]
    assert len(slides) >= 2
    pieces = [plain(s.bullets[0].spans) for s in slides]
    assert " ".join(pieces) == " ".join(sentences)
    assert all(piece.endswith(".") for piece in pieces)
    assert [s.bullets[0].marker for s in slides] == ["•"] + [""] * (len(slides) - 1)
    for slide in slides:
        assert bullet_height(measure, slide.bullets[0], slide.body.width) <= slide.body.height


def test_a_short_list_grows_back_to_the_body_size_and_a_longer_one_shrinks_to_fit(theme):
    short, _ = plan(document(section("S", bullets("a", "b"))), theme)
    assert short.slides[1].bullets[0].size == theme.sizes.slide_body
    texts = [f"Item {n} with a few words" for n in range(11)]
    fitted, _ = plan(document(section("S", bullets(*texts))), theme)
    assert len(fitted.slides) == 2
    assert theme.sizes.slide_body_min <= fitted.slides[1].bullets[0].size < theme.sizes.slide_body


def test_long_titles_shrink_then_wrap_and_never_leave_the_slide(theme):
    medium = "A title that is a little too long for the largest size on one line"
    long = " ".join(["A very long title"] * 24)
    deck, warnings = plan(document(section(medium, bullets("x")), section(long, bullets("y"), line=9)), theme)
    first, second = deck.slides[1].heading, deck.slides[2].heading
    assert first.lines <= 2 and theme.sizes.slide_title_min <= first.size <= theme.sizes.slide_title
    assert second.size == theme.sizes.slide_title_min and second.lines == 4
    assert second.text.endswith("…")
    assert [w.line for w in warnings] == [9]
    assert deck.slides[2].notes.startswith(long + "\n\n")
    assert deck.slides[2].body.top > deck.slides[1].body.top
    for heading in (first, second):
        assert heading.box.right <= SLIDE_WIDTH and heading.box.bottom < SLIDE_HEIGHT / 2


def test_prose_that_fits_is_shown_whole(theme):
    deck, warnings = plan(document(section("Short", para("One sentence. Two sentences."))), theme)
    assert deck.slides[1].kind == "prose" and not deck.slides[1].cut
    assert plain(deck.slides[1].paragraphs[0]) == "One sentence. Two sentences."
    assert not warnings


def test_too_much_prose_shows_whole_sentences_and_warns_at_the_section(theme, measure):
    text = " ".join(f"Sentence number {n} carries part of a long argument." for n in range(120))
    deck, warnings = plan(document(section("Wordy", para(text, 8), line=7)), theme)
    slide = deck.slides[1]
    assert slide.kind == "prose" and slide.cut
    shown = plain(slide.paragraphs[0])
    assert shown.endswith("argument. …") and text.startswith(shown[:-2])
    assert prose_height(measure, slide.paragraphs, slide.size, slide.body.width) <= slide.body.height
    assert slide.notes == text
    (warning,) = warnings
    assert warning.line == 7 and "Wordy" in warning.message and "key points" in warning.hint


def test_long_tables_continue_with_the_header_repeated(theme):
    deck, _ = plan(document(section("Numbers", table(60))), theme)
    slides = [s for s in deck.slides if s.kind == "table"]
    assert len(slides) > 2
    count = len(slides)
    assert [s.heading.text for s in slides] == [f"Numbers ({n}/{count})" for n in range(1, count + 1)]
    assert all(plain(s.table.header[0]) == "Item" for s in slides)
    assert [plain(r[0]) for s in slides for r in s.table.rows] == [f"Item {n}" for n in range(60)]
    for slide in slides:
        assert slide.table.height <= slide.body.height
        assert slide.table.width == pytest.approx(slide.body.width)


def test_flow_slides_carry_the_spec_and_its_placed_diagram(theme):
    deck, _ = plan(document(section("A", flow(None)), section("B", flow("Named"))), theme)
    flows = [s for s in deck.slides if s.kind == "flow"]
    assert [s.heading.text for s in flows] == ["A", "B"]  # each is its section's only content
    assert flows[0].caption is None and plain(flows[1].caption.spans) == "Named"
    for slide in flows:
        placed, body = slide.placed, slide.body
        assert placed.layout.nodes and [n.name for n in placed.layout.nodes] == list(slide.spec.nodes)
        assert placed.box.width == pytest.approx(placed.layout.width * placed.scale)
        assert body.left <= placed.box.left and placed.box.right <= body.right + 1e-6


def test_a_section_with_only_subsections_gets_a_divider(theme):
    parent = section("Part one", subsections=(section("Child", bullets("x"), level=2),))
    deck, _ = plan(document(parent), theme)
    assert [s.kind for s in deck.slides] == ["title", "section", "bullets"]
    assert deck.slides[1].label == "01"


def test_the_default_brief_plans_a_deck(theme):
    read = pytest.importorskip("briefkit.read")
    doc, _ = read.read_document(PROJECT_DIR / "content" / "brief.md")
    deck, warnings = plan(doc, theme)
    sections = [s.title for s in doc.sections]
    assert deck.slides[1].kind == "agenda"
    assert [plain(b.spans) for b in deck.slides[1].bullets] == sections
    assert set(sections) <= set(headings(deck))
    assert any(s.kind == "flow" for s in deck.slides)
    assert not warnings


# ---------------------------------------------------------------- quotes beside key points


def test_a_quote_that_fits_below_the_bullets_joins_their_slide(theme):
    doc = document(
        section("End", para("Prose.", 2), Quote((para("Short and sharp.", 3),), 3), bullets("a", "b", line=4))
    )
    deck, _ = plan(doc, theme)
    [slide] = [s for s in deck.slides if s.kind in ("bullets", "quote")]
    assert slide.kind == "bullets" and slide.callout is not None
    assert plain(slide.callout.spans) == "Short and sharp."
    body, box = slide.body, slide.callout.box
    assert body.top < box.top and box.top + box.height <= body.top + body.height


def test_a_quote_keeps_its_own_slide_after_a_table_or_when_bullets_leave_no_room(theme):
    after_table = section("T", bullets("a"), table(2, 5), Quote((para("Quoted.", 9),), 9), line=1)
    crowded = section("C", bullets(*[f"point {n} with some words to wrap the line" for n in range(9)]), line=20)
    crowded = dataclasses.replace(crowded, blocks=(*crowded.blocks, Quote((para("Quoted. " * 12, 30),), 30)))
    deck, _ = plan(document(after_table, crowded), theme)
    kinds = [s.kind for s in deck.slides if s.kind != "title"]
    assert kinds.count("quote") == 2
    assert all(getattr(s, "callout", None) is None for s in deck.slides if s.kind == "bullets")


def test_a_one_word_bullet_taller_than_its_area_still_goes_on_a_page_once(theme):
    from briefkit.render.deck.fit import paginate_bullets
    from briefkit.render.deck.plan import Box, Bullet
    from briefkit.render.deck.text import Span

    bullet = Bullet(0, (Span("Limits"),), "•", 24.0, 26.0, 26.0)
    pages = paginate_bullets(Measure(theme), (bullet,), Box(0, 0, 400, 10))  # not even one line fits
    assert [[plain(b.spans) for b in page] for page in pages] == [["Limits"]]
