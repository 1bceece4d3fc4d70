"""The slide rules for real content, checked on plans built from the model: tables that fit,
no empty slides, prose that is not a wall, titles that never lose words silently, list items
in source order."""

from __future__ import annotations

import dataclasses
import datetime
import random
from pathlib import Path

import pytest
from builders import bullets, para, section
from PIL import Image as PILImage

from briefkit.errors import Warnings
from briefkit.model import (
    CodeBlock,
    Document,
    Flow,
    FlowEdge,
    FlowItem,
    FlowSpec,
    Image,
    ListBlock,
    ListItem,
    Meta,
    Table,
    Text,
)
from briefkit.render.deck import plan_deck
from briefkit.render.deck.fit import (
    CELL_X,
    HEIGHT_SLACK,
    PROSE_WORDS,
    TABLE_SIZE,
    TABLE_SIZE_MIN,
    paginate_table,
    row_height,
)
from briefkit.render.deck.plan import BODY_GAP, RULE_GAP, SLIDE_HEIGHT, SLIDE_WIDTH
from briefkit.render.deck.text import WIDTH_SLACK, Measure, Span, plain, spans_of
from briefkit.theme import load_theme

PATH = Path("content/test.md")
WORDS = "rail customs imagery vessel transponder containers satellite filings arrival pier night yard".split()


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


@pytest.fixture(scope="module")
def measure(theme):
    return Measure(theme)


def document(*sections, title: str = "Rules brief", preamble=(), title_line: int = 2) -> Document:
    meta = Meta(
        title=title,
        subtitle=None,
        authors=("A. Writer",),
        date=datetime.date(2026, 1, 15),
        classification="OFFICIAL",
        theme=None,
        key_lines=(("title", title_line),),
    )
    return Document(PATH, meta, tuple(preamble), tuple(sections))


def plan(doc, theme):
    warnings = Warnings()
    return plan_deck(doc, theme, warnings), warnings


def content(deck):
    return [s for s in deck.slides if s.kind != "title"]


def cells(*texts: str) -> tuple:
    return tuple((Text(t),) for t in texts)


def voyages(rows: int, seed: int = 7, line: int = 5) -> Table:
    """A voyage table like analysts bring: five short columns and a remark of 10-20 words."""
    rng = random.Random(seed)
    ports = ["Vladivostok", "Rajin", "Khasan", "Vostochny", "Wonsan", "Chongjin", "Nakhodka", "Tumangang"]
    body = []
    for n in range(rows):
        remark = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20))).capitalize() + "."
        route = f"{rng.choice(ports)} → {rng.choice(ports)}"
        volume = f"{rng.randint(100, 900)} t"
        confidence = rng.choice(["High", "Moderate", "Low"])
        body.append(cells(f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}", route, "crude oil", volume, confidence, remark))
    header = cells("Date", "Route", "Cargo", "Volume", "Confidence", "Remarks")
    return Table(header, tuple(body), (None, None, None, "right", None, None), line)


def register(rows: int, line: int = 5) -> Table:
    """A nine-column register with short values."""
    header = cells("Vessel", "Flag", "IMO", "Tonnage", "Departure", "Arrival", "Cargo", "AIS gap", "Status")
    body = tuple(
        cells(
            f"Vessel-{n:02d}",
            "Sierra Leone",
            str(9300000 + 17 * n),
            f"{n + 4}k DWT",
            "Vladivostok",
            "Tumangang",
            "machine tools",
            f"{n % 30} days",
            "Under review",
        )
        for n in range(rows)
    )
    return Table(header, body, (None,) * 9, line)


def table_slides(deck):
    return [s for s in deck.slides if s.kind == "table"]


def words_fit(measure, table_fit) -> bool:
    """No word of any cell is wider than its column's text area, so none is broken."""
    for index, row in enumerate((table_fit.header, *table_fit.rows)):
        for cell, width in zip(row, table_fit.col_widths, strict=True):
            room = (width - 2 * CELL_X) * WIDTH_SLACK
            if any(w > room + 1e-6 for w in measure.word_widths(cell, table_fit.size, "body", index == 0)):
                return False
    return True


# ---------------------------------------------------------------- tables that fit


def test_a_30_row_table_with_a_prose_column_fits_on_five_slides_at_most(theme, measure):
    deck, warnings = plan(document(section("Voyages", voyages(30))), theme)
    slides = table_slides(deck)
    assert len(slides) <= 5
    count = len(slides)
    assert [s.heading.text for s in slides] == [f"Voyages ({n}/{count})" for n in range(1, count + 1)]
    assert [plain(r[0]) for s in slides for r in s.table.rows] == [
        plain(spans_of(r[0])) for r in voyages(30).rows
    ]  # every row, in order, none cut
    for slide in slides:
        assert TABLE_SIZE_MIN <= slide.table.size <= TABLE_SIZE
        assert words_fit(measure, slide.table)
        assert slide.table.height <= slide.body.height - HEIGHT_SLACK + 1e-6
        assert slide.body.top > slide.heading.box.bottom and slide.body.bottom < deck.frame.footer.top
    assert not warnings


def test_the_prose_column_gets_the_room_and_short_columns_keep_their_words(theme, measure):
    deck, _ = plan(document(section("Voyages", voyages(30))), theme)
    widths = table_slides(deck)[0].table.col_widths
    assert max(widths) == widths[-1] and widths[-1] > 0.35 * sum(widths)
    deck, _ = plan(document(section("Register", register(14))), theme)
    for slide in table_slides(deck):
        assert words_fit(measure, slide.table)  # "Confidence", "9300017", "Departure" never split


def test_table_text_stays_at_14_pt_when_shrinking_would_not_save_a_slide(theme):
    deck, _ = plan(document(section("Voyages", voyages(4))), theme)
    [slide] = table_slides(deck)
    assert slide.table.size == TABLE_SIZE and slide.heading.text == "Voyages"


def test_rows_are_packed_so_no_slide_could_take_the_next_row(theme, measure):
    deck, _ = plan(document(section("Voyages", voyages(60))), theme)
    slides = table_slides(deck)
    for slide, after in zip(slides, slides[1:], strict=False):
        fit = slide.table
        following = row_height(measure, after.table.rows[0], fit.col_widths, fit.size, False)
        assert fit.height + following > slide.body.height - HEIGHT_SLACK


def test_a_table_needing_more_than_six_slides_warns_at_its_line_and_points_to_the_report(theme):
    deck, warnings = plan(document(section("Voyages", voyages(120, line=31))), theme)
    assert len(table_slides(deck)) > 6
    (warning,) = warnings
    assert warning.line == 31 and "slides" in warning.message and "PDF" in warning.hint


def test_bullets_stay_at_the_body_sizes_beside_smaller_table_text(theme):
    deck, _ = plan(document(section("Mixed", bullets("one", "two"), voyages(10))), theme)
    bullet_sizes = [b.size for s in deck.slides if s.kind == "bullets" for b in s.bullets]
    assert bullet_sizes and min(bullet_sizes) >= theme.sizes.slide_body_min


# ---------------------------------------------------------------- no empty slides


def test_a_heading_only_subsection_or_section_gets_no_slide(theme):
    doc = document(
        section("Findings", bullets("a"), subsections=(section("Sources", level=2),)),
        section("Empty"),
        section("Outlook", bullets("b")),
    )
    deck, _ = plan(doc, theme)
    titles = [s.heading.text for s in content(deck)]
    assert titles == ["Findings", "Outlook"]  # two sections with slides: no agenda either


def test_a_section_introducing_subsections_gets_one_divider_listing_them(theme):
    children = (section("Sources", level=2), section("Limits", para("Short."), level=2))
    parent = section("Method", subsections=(*children, section("Gaps", bullets("x"), level=2)))
    deck, _ = plan(document(section("Intro", bullets("a")), parent, section("End", bullets("b"))), theme)
    slides = content(deck)
    assert [s.kind for s in slides] == ["agenda", "bullets", "section", "prose", "bullets", "bullets"]
    divider = slides[2]
    assert divider.heading.text == "Method" and divider.label == "02"
    assert [plain(b.spans) for b in divider.bullets] == ["Limits", "Gaps"]
    assert divider.list_box.top >= divider.body.top and divider.list_box.bottom <= divider.body.bottom


@pytest.fixture(scope="module")
def picture(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("images") / "wide.png"
    PILImage.new("RGB", (1200, 300), "#336699").save(path)
    return path


def test_a_section_whose_only_content_is_an_image_shows_it_on_its_own_slide_with_the_caption_beneath(theme, picture):
    deck, _ = plan(document(section("Port imagery", Image(picture, "Rajin pier, March", 4), line=3)), theme)
    [slide] = content(deck)
    assert slide.kind == "image" and slide.heading.text == "Port imagery"
    assert plain(slide.caption.spans) == "Rajin pier, March"
    image, caption = slide.body, slide.caption.box
    assert image.width / image.height == pytest.approx(4.0)
    assert slide.heading.box.bottom < image.top and image.bottom < caption.top < caption.bottom
    assert caption.bottom < deck.frame.footer.top and image.right <= SLIDE_WIDTH - 48 + 1e-6


def test_a_short_lead_sentence_goes_with_the_figure_after_it(theme):
    spec = FlowSpec("Reported flows", ("A", "B"), (FlowEdge("A", "B", (FlowItem("fuel", True),), 6),), 6)
    lead = "Fuel moves north by rail."
    deck, _ = plan(document(section("Supply", para(lead, 4), Flow(spec, 6), line=3)), theme)
    [slide] = content(deck)
    assert slide.kind == "flow" and slide.heading.text == "Supply"
    assert plain(slide.lead.spans) == lead and plain(slide.caption.spans) == "Reported flows"
    assert slide.lead.box.bottom < slide.body.top and slide.body.bottom < slide.caption.box.top
    assert slide.notes == lead


def test_a_lead_sentence_sits_above_the_first_table_slide(theme):
    lead = "The table lists every voyage observed in the period."
    deck, _ = plan(document(section("Voyages", para(lead, 4), voyages(30))), theme)
    slides = table_slides(deck)
    assert len(content(deck)) == len(slides)  # no prose slide before the table
    assert plain(slides[0].lead.spans) == lead and all(s.lead is None for s in slides[1:])
    assert slides[0].lead.box.bottom < slides[0].body.top
    assert slides[0].table.height <= slides[0].body.height


def test_a_long_paragraph_before_a_figure_stays_prose(theme):
    long = " ".join(f"Sentence {n} explains the chart." for n in range(10))
    spec = FlowSpec(None, ("A", "B"), (FlowEdge("A", "B", (FlowItem("fuel", True),), 6),), 6)
    deck, _ = plan(document(section("Supply", para(long, 4), Flow(spec, 6))), theme)
    assert [s.kind for s in content(deck)] == ["prose", "flow"]
    assert content(deck)[1].lead is None


# ---------------------------------------------------------------- prose is not a wall


def sentences(count: int, words: int = 10) -> str:
    return " ".join(f"Sentence {n} " + " ".join(WORDS[: words - 3]) + " here." for n in range(count))


def test_a_slide_shows_at_most_sixty_words_of_whole_sentences_and_the_notes_the_rest(theme):
    text = sentences(15)  # 150 words
    deck, warnings = plan(document(section("Wordy", para(text, 8), line=7)), theme)
    [slide] = content(deck)
    shown = " ".join(plain(p) for p in slide.paragraphs)
    assert len(shown.split()) <= PROSE_WORDS + 1  # the ellipsis counts as a word here
    assert shown.endswith("here. …") and text.startswith(shown[:-2])
    assert slide.notes == text
    (warning,) = warnings
    assert warning.line == 7 and "key points" in warning.hint


def test_prose_within_sixty_words_is_shown_whole(theme):
    text = sentences(5)  # 50 words
    deck, warnings = plan(document(section("Brief", para(text))), theme)
    [slide] = content(deck)
    assert plain(slide.paragraphs[0]) == text and not slide.cut and not warnings


def test_a_first_sentence_longer_than_sixty_words_is_cut_after_sixty(theme):
    text = " ".join(WORDS * 8) + "."
    deck, _ = plan(document(section("Run-on", para(text))), theme)
    [slide] = content(deck)
    assert len(plain(slide.paragraphs[0]).split()) == PROSE_WORDS + 1


# ---------------------------------------------------------------- titles never lose words


TITLE_200 = (
    "Shipping Patterns in the Sea of Japan and the Rail Links Behind Them: How Fuel, Munitions and "
    "Machine Tools Move Between Rajin, Vladivostok and Vostochny When the Transponders Go Quiet in the Winter of 2025"
)


def test_a_200_character_title_shrinks_and_wraps_on_the_title_slide_without_losing_words(theme):
    assert len(TITLE_200) >= 200
    deck, warnings = plan(document(section("A", bullets("a")), title=TITLE_200, preamble=(para("Lead."),)), theme)
    title = deck.slides[0].title
    assert title.text == TITLE_200 and title.lines <= 4
    assert title.box.right <= SLIDE_WIDTH and title.box.bottom < SLIDE_HEIGHT
    assert deck.slides[0].notes == f"{TITLE_200}\n\nLead."
    assert not warnings


def test_a_title_beyond_four_lines_is_cut_with_a_warning_at_its_line_and_kept_whole_in_the_notes(theme):
    long = " ".join([TITLE_200] * 3)
    deck, warnings = plan(document(section("A", bullets("a")), title=long, title_line=3), theme)
    title = deck.slides[0].title
    assert title.text.endswith("…") and title.lines == 4
    assert deck.slides[0].notes == long
    (warning,) = warnings
    assert warning.line == 3 and "title" in warning.message


def test_a_section_title_follows_the_same_rules(theme):
    heading = " ".join(["Section heading that runs on"] * 12)
    deck, warnings = plan(document(section(heading, bullets("a"), line=12)), theme)
    [slide] = content(deck)
    assert slide.heading.lines == 4 and slide.heading.text.endswith("…")
    assert slide.notes.startswith(heading)
    assert [w.line for w in warnings] == [12]


# ---------------------------------------------------------------- reading order inside list items


def test_everything_inside_a_list_item_stays_in_source_order_on_the_slide_and_in_the_notes(theme):
    item = ListItem(
        (
            para("Expect shorter port calls."),
            bullets("Fewer imagery passes.", "More night arrivals."),
            para("A continuation paragraph that belongs to the first item."),
            CodeBlock("ais --gap 6h", 9),
        ),
        5,
    )
    second = ListItem((para("Insurance gaps will widen."),), 10)
    deck, _ = plan(document(section("Outlook", ListBlock((item, second), True, 1, 5))), theme)
    [slide] = content(deck)
    assert [(b.level, b.marker, plain(b.spans)) for b in slide.bullets] == [
        (0, "1.", "Expect shorter port calls."),
        (1, "–", "Fewer imagery passes."),
        (1, "–", "More night arrivals."),
        (0, "", "A continuation paragraph that belongs to the first item."),
        (0, "", "ais --gap 6h"),
        (0, "2.", "Insurance gaps will widen."),
    ]
    assert slide.bullets[4].spans == (Span("ais --gap 6h", code=True),)
    assert slide.bullets[3].indent == slide.bullets[0].indent
    assert slide.notes.split("\n") == [
        "1. Expect shorter port calls.",
        "    – Fewer imagery passes.",
        "    – More night arrivals.",
        "   A continuation paragraph that belongs to the first item.",
        "   ais --gap 6h",
        "2. Insurance gaps will widen.",
    ]


# ---------------------------------------------------------------- the planner against its own pagination


def test_a_table_never_takes_more_slides_than_its_rows_need_at_the_smallest_size(theme, measure):
    table = voyages(45)
    deck, _ = plan(document(section("Voyages", table)), theme)
    slides = table_slides(deck)
    header = tuple(spans_of(c) for c in table.header)
    rows = tuple(tuple(spans_of(c) for c in r) for r in table.rows)
    at_smallest, _ = paginate_table(measure, header, rows, table.aligns, slides[1].body, TABLE_SIZE_MIN)
    assert len(slides) <= len(at_smallest)


def test_a_caption_too_long_for_a_title_goes_beneath_the_figure_under_the_sections_title(theme, picture):
    caption = " ".join(["A caption that describes every frame of the panorama in turn"] * 5)
    doc = document(section("Imagery", bullets("a point"), Image(picture, caption, 6), line=3))
    deck, warnings = plan(doc, theme)
    image = content(deck)[1]
    assert image.heading.text == "Imagery" and plain(image.caption.spans) == caption
    assert not warnings


def test_a_subtitle_too_long_for_the_title_slide_warns_at_its_line_and_stays_whole_in_the_notes(theme):
    doc = document(section("A", bullets("a")))
    long = " ".join(["a subtitle that keeps going"] * 30)
    meta = dataclasses.replace(doc.meta, subtitle=long, key_lines=(("title", 2), ("subtitle", 3)))
    deck, warnings = plan(dataclasses.replace(doc, meta=meta), theme)
    assert deck.slides[0].subtitle.text.endswith("…")
    assert long in deck.slides[0].notes
    assert [w.line for w in warnings] == [3]


@pytest.mark.parametrize("words", range(6, 14))
def test_numbered_table_titles_that_wrap_still_sit_above_the_table(theme, words):
    title = " ".join(["Observed voyages"] * words)[: 6 * words + 10]
    deck, _ = plan(document(section(title, voyages(30))), theme)
    for slide in table_slides(deck):
        assert slide.heading.box.bottom + RULE_GAP + BODY_GAP <= slide.body.top + 1e-6
        assert slide.table.height <= slide.body.height - HEIGHT_SLACK + 1e-6
