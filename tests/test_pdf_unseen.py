"""The report on content of the kinds briefs bring that the sample does not: long lists after
headings, code with tabs, pictures of extreme shapes, and the like. Each test reads the PDF as
a reader sees it: which page holds which words, and where."""

from __future__ import annotations

from builders import bullets, para, section
from test_pdf import document, render
from test_pdf_pages import filler, page_of, words


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
