"""The report on content of the kinds briefs bring that the sample does not: long lists after
headings, code with tabs, pictures of extreme shapes, and the like. Each test reads the PDF as
a reader sees it: which page holds which words, and where."""

from __future__ import annotations

from builders import bullets, para, section
from test_pdf import document, render
from test_pdf_pages import filler, page_of, words

from briefkit.model import CodeBlock, NoteRef, Paragraph, Text


def test_a_long_list_after_a_heading_starts_below_it_on_the_same_page(tmp_path):
    """A list too long for the rest of the page starts there, under its heading, rather than
    leaving most of the page blank."""
    items = [f"Entry{n} of the register" for n in range(60)]
    doc = document(section("First", para(filler(80, "Opening"))), section("Register", bullets(*items, ordered=True)))
    found = words(render(doc)[0], tmp_path)
    assert page_of(found, "Register") == page_of(found, "Opening") == 2
    assert page_of(found, "Entry0") == page_of(found, "Entry1") == 2


def test_a_nested_list_after_a_heading_starts_below_it_on_the_same_page(tmp_path):
    """The same for a list whose items carry lists of their own."""
    items = [(f"Point{n} in short", [f"Detail{n} " + filler(30)]) for n in range(12)]
    doc = document(section("First", para(filler(80, "Opening"))), section("Points", bullets(*items)))
    found = words(render(doc)[0], tmp_path)
    assert page_of(found, "Points") == page_of(found, "Point0") == page_of(found, "Opening") == 2


def test_tabs_in_code_indent_to_the_next_tab_stop(tmp_path):
    """A tab in code moves the text on to the next stop of four columns, as editors show it,
    at the start of a line and inside it."""
    code = CodeBlock("Top = 1\n\tTabbed = 2\n    Spaced = 3\nab\tCol = 4\nabcd\tNext = 5\n", 1)
    found = words(render(document(section("Code", code)))[0], tmp_path)
    x = {word.text: word.x0 for word in found}
    top = next(word for word in found if word.text == "Top")
    column, em = top.x0, (top.x1 - top.x0) / 3  # one monospaced character
    assert abs(x["Tabbed"] - x["Spaced"]) < 0.5 and abs(x["Tabbed"] - (column + 4 * em)) < 0.5
    assert abs(x["Col"] - x["Tabbed"]) < 0.5  # "ab" and a tab reach the same stop
    assert abs(x["Next"] - (column + 8 * em)) < 0.5  # four characters fill a stop: the tab goes to the next


def test_a_footnote_longer_than_a_page_goes_on_at_the_foot_of_the_next(tmp_path):
    """A note too long for one page's foot continues at the next page's foot: no line of it
    is drawn over the text, the running header or another line of the note."""
    note = (Text(filler(1400, "NoteStart") + " NoteEnd"),)
    cite = Paragraph((Text(filler(60, "Claim")), NoteRef(1, note), Text(" " + filler(300, "After"))), 3)
    doc = document(section("Notes", cite))
    found = words(render(doc)[0], tmp_path)
    for page in {word.page for word in found}:
        boxes = [word for word in found if word.page == page]
        for n, one in enumerate(boxes):
            for other in boxes[n + 1 :]:
                overlap_x = min(one.x1, other.x1) - max(one.x0, other.x0)
                overlap_y = min(one.bottom, other.bottom) - max(one.top, other.top)
                assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{one.text!r} and {other.text!r} overlap on page {page}"
    assert page_of(found, "NoteStart") == page_of(found, "Claim")
    assert page_of(found, "NoteEnd") > page_of(found, "NoteStart")
    assert sum(word.text.startswith("NoteEnd") for word in found) == 1


def test_a_long_footnote_cited_at_the_very_end_keeps_all_its_text(tmp_path):
    """The rest of a note cited by the last words of the brief gets a page of its own."""
    note = (Text(filler(1400, "NoteStart") + " NoteEnd"),)
    doc = document(section("Notes", Paragraph((Text("Closing claim"), NoteRef(1, note)), 3)))
    found = words(render(doc)[0], tmp_path)
    assert page_of(found, "NoteStart") == page_of(found, "Closing") == 2
    assert page_of(found, "NoteEnd") > 2


def test_a_paragraph_citing_a_note_starts_under_its_heading_on_the_same_page(tmp_path):
    """A long paragraph that cites a note, after a heading, starts on the page the text before
    it leaves room on, instead of taking its heading to the next page."""
    cite = Paragraph((Text(filler(40, "Claim")), NoteRef(1, (Text("A short note."),)), Text(" " + filler(600))), 3)
    doc = document(section("First", para(filler(120, "Opening"))), section("Cited", cite))
    found = words(render(doc)[0], tmp_path)
    assert page_of(found, "Cited") == page_of(found, "Claim") == page_of(found, "Opening") == 2
