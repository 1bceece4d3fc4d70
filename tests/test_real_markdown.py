"""Markdown as people write it for other tools, built into both outputs and read back.

Each document below is written the way a project's own pages are: a README with badges and
relative links, a wiki page with footnotes and inline HTML, a talk written for a slide tool, a
vignette with inline notes and sub/superscripts. Each builds into a PDF and a deck; every piece
of its text is found in the PDF in reading order and in the deck (on a slide or in its notes),
and no markup character of a construct the reader understands shows up literally. Then the
problems of one run, the hang and the crash that quotes and empty items caused, footnotes on
the page that cites them, anchor links, and a property test over random documents.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pytest
from conftest import PROJECT_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from pptx import Presentation
from readback import deck_texts, pdf_text

from briefkit.pipeline import build

HANG_GUARD = 240  # seconds: a build still running then is hung (a guard, not a speed limit)


@contextmanager
def hang_guard(seconds: int = HANG_GUARD):
    """Fail instead of waiting forever when a build does not end."""

    def hung(signum, frame):
        raise AssertionError(f"the build did not end within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def squeeze(text: str) -> str:
    """Text with all white space removed (line breaks and hyphenation differ by output)."""
    return re.sub(r"\s+", "", text)


def assert_in_order(text: str, pieces: list[str], where: str) -> None:
    """Each piece occurs in `text` after the one before it."""
    position = 0
    flat = squeeze(text)
    for piece in pieces:
        found = flat.find(squeeze(piece), position)
        assert found >= 0, f"{where}: {piece!r} missing or out of order"
        position = found + len(squeeze(piece))


README = """\
---
title: widgetry
description: A small library for widgets
tags: [python, widgets]
lang: en
layout: default
permalink: /widgetry/
---

[![Build status](badge.png)](https://ci.example.org/widgetry) [![Coverage](https://img.example.org/cov.svg)](https://cov.example.org)

Widgetry makes widgets. See [Installation](#installation), the [licence](LICENSE-MIT) and
the [changelog](/docs/CHANGES.md).

## Installation {#installation}

Run `pip install widgetry`, then press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop it.<br>
That is all.

- [x] Packaged for PyPI
- [ ] Packaged for ~~Conda~~ later

> [!WARNING]
> Version 1 drops support for old widgets.

#### Configuration

Settings
: Read from `widgetry.toml`.

Environment
: Variables named `WIDGETRY_*` win over the file.

<!-- maintainers: keep this list short -->
<details>
<summary>More options</summary>
Options are documented in the manual.
</details>
"""
README_TEXT = [
    "Widgetry makes widgets. See Installation, the licence and the changelog.",
    "Installation",
    "Run pip install widgetry, then press Ctrl+C to stop it.",
    "That is all.",
    "☑ Packaged for PyPI",
    "☐ Packaged for Conda later",
    "Warning",
    "Version 1 drops support for old widgets.",
    "Configuration",
    "Settings",
    "Read from widgetry.toml.",
    "Environment",
    "Variables named WIDGETRY_* win over the file.",
    "More options",
    "Options are documented in the manual.",
]
README_WARNINGS = [
    "front matter keys briefkit does not use are ignored: layout, permalink",
    "image 'https://img.example.org/cov.svg' is remote and is not fetched; its caption is shown instead",
    "relative link 'LICENSE-MIT' cannot be followed from a handout; its text is kept unlinked",
    "relative link '/docs/CHANGES.md' cannot be followed from a handout; its text is kept unlinked",
    "HTML tags <details> are not drawn; their text is kept",
]

WIKI = """\
---
title: "Shipping routes"
author: Research desk
date: July 17, 2006
keywords: shipping, routes
redirect_from: /old/routes
...

Routes changed twice[^twice] in the period, and again after the storm^[Reported by two crews.].

# Ports

The main port handles H~2~O tankers and 10^6^ tonnes a year.[^twice] Smaller ports
<span class="note">see the annex</span> handle the rest, and the <mark>numbers</mark> are
<sub>low</sub> and <sup>rising</sup>, with <s>no</s> <u>few</u> gaps.

| Port | Badge | Share[^share] |
|---|---|---|
| North | ![ok](badge.png) | 60 % |
| South | ![late](badge.png) | 40 % |

[^twice]: Once in spring and once in autumn.

[^share]: Of the tonnage, not of the ships.
"""
WIKI_TEXT = [
    "Routes changed twice¹ in the period, and again after the storm².",
    "Ports",
    "The main port handles H2O tankers and 106 tonnes a year.¹",
    "Smaller ports see the annex handle the rest, and the numbers are low and rising, with no few gaps.",
    "Port",
    "North",
    "60 %",
    "South",
    "40 %",
]
WIKI_NOTES = ["Once in spring and once in autumn.", "Reported by two crews.", "Of the tonnage, not of the ships."]

TALK = """\
---
marp: true
theme: default
paginate: true
title: A talk written for slides
date: 2026-03-01T09:30:00+01:00
---

# Why widgets {#why .lead}

- They are small
- They are cheap
  - and plentiful

##### A deep label

1.
2. Second point after an empty one

# Nested quotes

> The outer voice
>
> > The inner voice
>
> - a list in a quote
>
>       code in a quote

![Remote diagram](https://example.org/diagram.png)

Back to [the start](#why).
"""
TALK_TEXT = [
    "Why widgets",
    "They are small",
    "They are cheap",
    "and plentiful",
    "A deep label",
    "Second point after an empty one",
    "Nested quotes",
    "The outer voice",
    "The inner voice",
    "a list in a quote",
    "code in a quote",
    "Image not included",
    "https://example.org/diagram.png",
    "Remote diagram",
    "Back to the start.",
]

MARKUP = ["[^", "^[", "~~", "{#", "[!", "<kbd>", "<br>", "<!--", "- [", "<span", "<sub>", "<sup>", "<mark>", "<s>"]
MARKUP += ["<u>", "<details>", "maintainers", "](", "~2~", "^6^", ".lead", "marp"]


@pytest.fixture
def badge(tmp_path) -> Path:
    path = tmp_path / "badge.png"
    PILImage.new("RGB", (90, 20), "green").save(path)
    return path


def built(tmp_path, text: str):
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    with hang_guard():
        result = build(path, tmp_path / "out", force=True)
    return result, tmp_path / "out" / "doc.pdf", tmp_path / "out" / "doc.pptx"


@pytest.mark.parametrize(
    ("text", "pieces", "notes", "warnings"),
    [
        (README, README_TEXT, [], README_WARNINGS),
        (WIKI, WIKI_TEXT, WIKI_NOTES, ["front matter keys briefkit does not use are ignored: redirect_from"]),
        (TALK, TALK_TEXT, [], None),
    ],
    ids=["readme", "wiki", "talk"],
)
def test_documents_written_for_other_tools_build_complete_in_both_outputs(
    tmp_path, badge, text, pieces, notes, warnings
):
    result, pdf, pptx = built(tmp_path, text)
    if warnings is not None:
        assert [w.message.split(" (hint")[0] for w in result.warnings] == warnings
    report = pdf_text(pdf)
    assert_in_order(report, pieces, "PDF")
    deck = " ".join(deck_texts(pptx))
    for piece in [*pieces, *notes]:
        assert squeeze(piece) in squeeze(deck), f"deck: {piece!r} missing"
    for piece in notes:
        assert squeeze(piece) in squeeze(report), f"PDF: note {piece!r} missing"
    for mark in MARKUP:
        assert mark not in report, f"PDF shows {mark!r}"
        assert mark not in deck, f"deck shows {mark!r}"


def test_the_readme_keeps_its_metadata_and_draws_its_badge_inline(tmp_path, badge):
    _, pdf, pptx = built(tmp_path, README)
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.subject == "A small library for widgets"
    assert reader.metadata["/Keywords"] == "python, widgets"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    properties = Presentation(pptx).core_properties
    assert (properties.subject, properties.keywords, properties.language) == (
        "A small library for widgets",
        "python, widgets",
        "en",
    )
    first_body_page = reader.pages[1]
    images = [name for name in first_body_page["/Resources"]["/XObject"]]
    assert len(images) == 1  # the local badge, drawn inline; the remote one is its caption
    assert "Coverage" in first_body_page.extract_text()


def test_anchor_links_jump_to_their_heading_in_the_pdf(tmp_path, badge):
    _, pdf, _ = built(tmp_path, README)
    reader = pypdf.PdfReader(pdf)
    internal = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Dest") is not None:
                target, _, _, top, _ = annotation["/Dest"]
                internal.append((reader.get_page_number(target.get_object()), float(top)))
    assert len(internal) == 1  # "Installation"; the relative links are plain text
    page, top = internal[0]
    text = reader.pages[page].extract_text()
    assert "Installation" in text and "Run pip install widgetry" in text
    heading_top = _top_of(reader.pages[page], "Installation")
    assert heading_top <= top <= heading_top + 40  # the link lands just above the heading


def _runs(page) -> list[tuple[float, str]]:
    """(baseline height, text) of every text run on a PDF page."""
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        found.append((tm[5] * cm[3] + cm[5], text))

    page.extract_text(visitor_text=visit)
    return found


def _top_of(page, needle: str) -> float:
    """The baseline height of the last text run on `page` that holds `needle`."""
    return [y for y, text in _runs(page) if needle in text][-1]


def test_the_deck_knows_which_slide_each_anchor_leads_to(tmp_path):
    from briefkit.errors import Warnings
    from briefkit.read import parse_document
    from briefkit.render.deck import plan_deck
    from briefkit.theme import load_theme

    path = tmp_path / "talk.md"
    doc, _ = parse_document(TALK.encode(), path)
    plan = plan_deck(doc, load_theme(None, path, 0), Warnings())
    anchors = dict(plan.anchors)
    assert plan.slides[anchors["why"]].heading.text == "Why widgets"
    assert plan.slides[anchors["nested-quotes"]].heading.text == "Nested quotes"


# ---------------------------------------------------------------- footnotes


def test_a_footnote_sits_at_the_foot_of_the_page_that_cites_it(tmp_path):
    filler = "".join(
        f"Filler paragraph {n} says little but takes a whole line or two of the page.\n\n" for n in range(70)
    )
    cite = "The citing sentence.[^far] After it.\n\n"
    text = f"---\ntitle: Notes\n---\n\n# One\n\n{filler}{cite}{filler}[^far]: The far note.\n"
    _, pdf, _ = built(tmp_path, text)
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    citing = [n for n, page in enumerate(pages) if "The citing sentence" in page]
    holding = [n for n, page in enumerate(pages) if "The far note." in page]
    assert len(citing) == 1 and citing == holding
    page = pages[citing[0]]
    assert page.index("The far note.") > page.index("The citing sentence")  # below the text, at the foot
    assert citing[0] > 1  # not the first body page: the note followed its citation


def test_footnotes_never_overlap_the_text_above_them(tmp_path):
    notes = "".join(f"[^{n}]: Note {n} is a longer note that runs on for a while to take space.\n" for n in range(30))
    cites = "".join(f"Sentence {n} cites a note.[^{n}] " for n in range(30))
    text = f"---\ntitle: Notes\n---\n\n# One\n\n{cites}\n\n{cites.replace('cites', 'repeats')}\n\n{notes}"
    _, pdf, _ = built(tmp_path, text)
    report = squeeze(pdf_text(pdf))
    for n in range(30):
        assert report.count(squeeze(f"Note {n} is a longer note")) == 1
        assert squeeze(f"Sentence {n} cites a note.") in report
    for page in pypdf.PdfReader(pdf).pages:
        runs = _runs(page)
        notes = [y for y, text in runs if "longer note" in text]
        body = [y for y, text in runs if "Sentence" in text]
        if notes and body:
            assert max(notes) < min(body)  # every note below every line of text


def test_a_slide_citing_a_footnote_names_it_above_the_footer_and_in_the_notes(tmp_path):
    text = "---\ntitle: Notes\n---\n\n# Points\n\n- A point with a source[^src]\n- Another\n\n[^src]: The source.\n"
    _, _, pptx = built(tmp_path, text)
    slide = Presentation(pptx).slides[1]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert "¹ The source." in texts
    assert "A point with a source¹\nAnother" in texts
    assert "¹ The source." in slide.notes_slide.notes_text_frame.text
    source = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "¹ The source.")
    footer = next(s for s in slide.shapes if s.has_text_frame and "·" in s.text_frame.text)
    assert source.top + source.height <= footer.top


# ---------------------------------------------------------------- bounded time and crashes


def test_nested_quotes_with_a_list_and_code_longer_than_a_page_build(tmp_path):
    items = "".join(f"> - item {n} with words enough to fill a line\n>\n>       code line {n}\n>\n" for n in range(40))
    text = f"---\ntitle: Q\n---\n\n# S\n\nIntro.\n\n> Outer\n>\n> > inner\n>\n{items}> after\n"
    result, pdf, _ = built(tmp_path, text)
    report = pdf_text(pdf)
    assert_in_order(report, ["Outer", "inner", "item 0", "code line 0", "item 39", "code line 39", "after"], "PDF")
    assert result.pages >= 3


def test_a_quote_inside_a_list_item_with_a_nested_quote_builds(tmp_path):
    text = "---\ntitle: Q\n---\n\n# S\n\n- item\n\n  > outer\n  >\n  > > inner\n  >\n  > - a\n  >\n  >       code\n"
    _, pdf, pptx = built(tmp_path, text)
    assert_in_order(pdf_text(pdf), ["item", "outer", "inner", "a", "code"], "PDF")


@pytest.mark.parametrize("body", ["1.\n", "-\n", "1.\n2. two\n", "- [ ]\n", "# S\n\n1.\n"])
def test_empty_list_items_build(tmp_path, body):
    result, pdf, pptx = built(tmp_path, f"---\ntitle: E\n---\n\n{body}")
    assert pdf.is_file() and pptx.is_file() and result.pages >= 1


# ---------------------------------------------------------------- every problem in one run


def test_every_problem_of_a_brief_is_reported_in_one_run(tmp_path):
    brief = tmp_path / "bad.md"
    brief.write_text(
        textwrap.dedent(
            """\
            ---
            title: Many mistakes
            clasification: SECRET
            date: someday
            ---

            # One

            A [bad link](javascript:alert(1)) here.

            ![Missing](nowhere.png)

            ```flow
            A -> A: loop
            ```

            ![Outside](../../etc/passwd.png)
            """
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "build.py", str(brief), "--out", str(tmp_path / "out")],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert run.returncode == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == [3, 4, 9, 11, 14, 17], run.stderr
    assert "did you mean 'classification'" in lines[0]
    assert "bad date 'someday'" in lines[1]
    assert "javascript:alert(1)" in lines[2]
    assert "nowhere.png' not found" in lines[3]
    assert "Traceback" not in run.stderr


def test_at_most_twenty_problems_are_listed(tmp_path):
    body = "".join(f"[x{n}](ftp://h/{n})\n\n" for n in range(30))
    brief = tmp_path / "many.md"
    brief.write_text(f"---\ntitle: T\n---\n\n{body}", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "build.py", str(brief), "--out", str(tmp_path / "out")],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 20


# ---------------------------------------------------------------- random documents

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "theta"])


@st.composite
def phrase(draw) -> tuple[str, str]:
    """(Markdown, the words it shows) for a short run of inline constructs."""
    words = draw(st.lists(WORDS, min_size=1, max_size=3))
    text = " ".join(words)
    kinds = ["plain", "strong", "em", "strike", "sub", "sup", "kbd", "span", "code", "link", "anchor", "relative"]
    kind = draw(st.sampled_from(kinds))
    source = {
        "plain": text,
        "strong": f"**{text}**",
        "em": f"*{text}*",
        "strike": f"~~{text}~~",
        "sub": f"<sub>{text}</sub>",
        "sup": f"<sup>{text}</sup>",
        "kbd": f"<kbd>{text}</kbd>",
        "span": f'<span class="x">{text}</span>',
        "code": f"`{text}`",
        "link": f"[{text}](https://example.org/{words[0]})",
        "anchor": f"[{text}](#h0)",
        "relative": f"[{text}](docs/{words[0]}.md)",
    }[kind]
    return source, text


def shown_on_slides(levels: list[int]) -> list[bool]:
    """Whether each block reaches the slides, by the blocks' heading levels (0: not a heading):
    a '#' or '##' heading with nothing under it, not even in its subsections, gets no slide."""
    shown = []
    for index, level in enumerate(levels):
        if level not in (1, 2):
            shown.append(True)
            continue
        after = levels[index + 1 :]
        end = next((n for n, later in enumerate(after) if later in (1, 2) and later <= level), len(after))
        shown.append(any(later not in (1, 2) for later in after[:end]))
    return shown


@st.composite
def document(draw) -> tuple[str, list[str], list[bool], list[str]]:
    """A random brief of block constructs, the texts it must show, which reach the slides, and
    the words it must not show (comments, the captions of images drawn inline)."""
    blocks: list[str] = []
    texts: list[str] = []
    notes: list[str] = []
    levels: list[int] = []
    hidden: list[str] = []
    kinds = ["heading", "para", "list", "tasks", "quote", "alert", "deflist", "code", "note", "table", "badge", "html"]
    for index in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from([*kinds, "empty", "deep"]))
        source, text = draw(phrase())
        levels.append(0)
        if kind == "heading":
            level = draw(st.integers(1, 6))
            blocks.append(f"{'#' * level} {text} {{#h{index}}}")
            levels[-1] = level
        elif kind == "para":
            blocks.append(source)
        elif kind == "list":
            blocks.append(f"- {source}\n  1. {text} again")
            text = f"{text} {text} again"
        elif kind == "tasks":
            blocks.append(f"- [x] {source}\n- [ ]")
        elif kind == "quote":
            nested = draw(st.booleans())
            blocks.append(f"> {source}\n>\n> > {text} inner\n>\n> - item\n>\n>       code" if nested else f"> {source}")
            text = f"{text} {text} inner item code" if nested else text
        elif kind == "alert":
            blocks.append(f"> [!TIP]\n> {source}")
        elif kind == "deflist":
            blocks.append(f"Term{index}\n: {source}")
            text = f"Term{index} {text}"
        elif kind == "code":
            blocks.append(f"```\n{text}\n```")
        elif kind == "table":
            blocks.append(
                f"| head{index} | b |\n|---|:-:|\n| {source} | [![cap{index}](badge.png)](https://example.org) |"
            )
            text = f"head{index} b {text}"
            hidden.append(f"cap{index}")
        elif kind == "badge":
            blocks.append(f"- {source} ![cap{index}](badge.png) tail{index}\n- after{index}")
            text = f"{text} tail{index} after{index}"
            hidden.append(f"cap{index}")
        elif kind == "html":
            blocks.append(f"{source}<br>next{index} <!-- comment{index} -->")
            text = f"{text} next{index}"
            hidden.append(f"comment{index}")
        elif kind == "empty":
            blocks.append(f"1.\n2. {source}")
        elif kind == "deep":
            blocks.append(f"> > > {source}\n> >\n> > - {text} listed\n>\n> outer{index}")
            text = f"{text} {text} listed outer{index}"
        else:
            blocks.append(f"{source}[^n{index}]")
            notes.append(f"[^n{index}]: note {index} {text}")
            text = f"{text} note {index} {text}"
        texts.append(text)
    return "\n\n".join(blocks + notes) + "\n", texts, shown_on_slides(levels), hidden


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document())
def test_random_documents_of_these_constructs_build_without_losing_text(tmp_path_factory, sample):
    body, texts, on_slides, hidden = sample
    folder = tmp_path_factory.mktemp("random")
    PILImage.new("RGB", (60, 20), "green").save(folder / "badge.png")
    result, pdf, pptx = built(folder, f"---\ntitle: Random\n---\n\n{body}")
    report = squeeze(pdf_text(pdf))
    deck = squeeze(" ".join(deck_texts(pptx)))
    for text, shown in zip(texts, on_slides, strict=True):
        for word in text.split():
            assert word in report, (word, body)
            assert word in deck or not shown, (word, body)
    for word in hidden:
        assert word not in report and word not in deck, (word, body)
    for mark in ["[^", "~~", "{#", "[!", "<sub>", "<kbd>", "<span", "- [", "](", "<br", "<!--", "![", "|"]:
        assert mark not in report and mark not in deck, (mark, body)


def test_lists_and_tables_over_several_pages_carry_each_note_on_the_page_of_its_citation(tmp_path):
    items = "".join(f"- item {n} with a note[^n{n}] and words to fill the line\n" for n in range(60))
    rows = "".join(f"| r{n} | cell with a note[^t{n}] |\n" for n in range(50))
    notes = "".join(f"[^n{n}]: List note {n}.\n" for n in range(60))
    notes += "".join(f"[^t{n}]: Table note {n}.\n" for n in range(50))
    _, pdf, _ = built(tmp_path, f"---\ntitle: L\n---\n\n# S\n\n{items}\n| a | b |\n|---|---|\n{rows}\n{notes}")
    pages = pypdf.PdfReader(pdf).pages
    assert len(pages) > 3
    for page in pages:
        text = page.extract_text()
        cited = {f"List note {n}." for n in re.findall(r"item (\d+) with", text)}
        cited |= {f"Table note {n}." for n in re.findall(r"\br(\d+)\b", text)}
        shown = set(re.findall(r"(?:List|Table) note \d+\.", text))
        assert shown == cited


@pytest.mark.parametrize("level", [3, 4, 5, 6])
def test_every_minor_heading_level_is_a_label_on_its_slide(tmp_path, level):
    text = f"---\ntitle: H\n---\n\n# Section\n\n- a point\n\n{'#' * level} Label of level {level}\n\n- another point\n"
    _, _, pptx = built(tmp_path, text)
    slide = Presentation(pptx).slides[1]
    body = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert f"a point\nLabel of level {level}\nanother point" in body
