"""Structure inside slide text, read back from built decks: the parts of a nested quote keep
their levels and order on their callout, and small images inside text (badges) are drawn as
small pictures beside it, not as captions and not as figures of their own.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from briefkit.pipeline import build

NESTED = """\
---
title: Quotes
---

# Nested

> Outer quote opens the callout.
>
> > Inner quote, one level in.
> >
> > > Innermost quote, two levels in.
>
> - a list in a quote
> - its second item
>
>       code in a quote
>       second code line
>
> Outer quote closes it.
"""


def built(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    build(path, tmp_path / "out", force=True)
    return tmp_path / "out" / "doc.pptx"


def paragraphs(shape) -> list[tuple[str, int]]:
    """(text, left margin in points) of every paragraph of a text shape."""
    found = []
    for para in shape.text_frame._txBody.iter(qn("a:p")):
        p_pr = para.find(qn("a:pPr"))
        left = int(p_pr.get("marL", "0")) if p_pr is not None else 0
        found.append(("".join(t.text for t in para.iter(qn("a:t"))), round(Emu(left).pt)))
    return found


def callout_text(slide) -> list[tuple[str, int]]:
    shape = next(s for s in slide.shapes if s.has_text_frame and "Outer quote opens" in s.text_frame.text)
    return paragraphs(shape)


def test_a_nested_quote_keeps_each_part_on_its_own_paragraph_indented_by_level(tmp_path):
    deck = Presentation(built(tmp_path, NESTED))
    parts = callout_text(deck.slides[1])
    assert [text for text, _ in parts] == [
        "Outer quote opens the callout.",
        "Inner quote, one level in.",
        "Innermost quote, two levels in.",
        "• a list in a quote",
        "• its second item",
        "code in a quote",
        "second code line",
        "Outer quote closes it.",
    ]
    left = {text: margin for text, margin in parts}
    assert left["Outer quote opens the callout."] == 0 == left["Outer quote closes it."]
    assert 0 < left["Inner quote, one level in."] < left["Innermost quote, two levels in."]
    assert left["code in a quote"] == 0


def test_a_quote_below_bullets_keeps_its_parts_too(tmp_path):
    text = NESTED.replace("# Nested\n\n", "# Nested\n\n- a key point\n\n")
    text = text.replace("\n>       code in a quote\n>       second code line\n>", "")
    deck = Presentation(built(tmp_path, text))
    slide = deck.slides[1]
    assert any(s.has_text_frame and s.text_frame.text == "a key point" for s in slide.shapes)
    assert [t for t, _ in callout_text(slide)][:3] == [
        "Outer quote opens the callout.",
        "Inner quote, one level in.",
        "Innermost quote, two levels in.",
    ]
