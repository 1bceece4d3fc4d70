"""Escaped markup characters do not cut a report paragraph into pieces (the `<` flood).

Each entity reportlab parses becomes a fragment of its own, and laying a paragraph out costs
per fragment on every page it spans; joined fragments keep the flood as cheap as plain text.
"""

from __future__ import annotations

from reportlab.lib.styles import getSampleStyleSheet

from briefkit.render.pdf.fragments import Paragraph


def test_entities_between_text_of_one_style_make_one_fragment():
    style = getSampleStyleSheet()["Normal"]
    assert len(Paragraph("a &lt; b &amp; c &gt; d" * 500, style).frags) == 1
    marked = Paragraph("plain &lt; <b>bold &lt; bold</b> &lt; plain", style)
    assert [frag.text for frag in marked.frags] == ["plain < ", "bold < bold", " < plain"]


def test_a_flood_of_escaped_characters_prints_whole(write_brief, tmp_path):
    import pypdf

    from briefkit.pipeline import build

    flood = "<" * 9000
    brief = write_brief(f"# S\n\n{flood}\n\nafter the flood\n")
    build(brief, tmp_path / "out", formats=("pdf",))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "out" / "brief.pdf").pages)
    assert text.count("<") >= 9000 and "after the flood" in text
