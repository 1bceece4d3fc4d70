"""Figure exports are redrawn only when what they are drawn from changed, or when forced."""

from __future__ import annotations

from briefkit.pipeline import build

FLOW = "# Flows\n\nSome prose.\n\n```flow\nA -> B: shells\n```\n"


def test_an_edit_to_the_prose_keeps_the_figure_exports(write_brief, tmp_path):
    brief = write_brief(FLOW)
    out = tmp_path / "out"
    first = build(brief, out)
    figures = sorted(path for path in first.written if path.suffix in (".png", ".svg"))
    assert [path.name for path in figures] == ["brief-flow-1.png", "brief-flow-1.svg"]
    before = {path: path.read_bytes() for path in figures}

    brief.write_text(brief.read_text() + "\nAnother paragraph.\n")
    edited = build(brief, out)
    assert {path.suffix for path in edited.written} == {".pdf", ".pptx"}
    assert {path: path.read_bytes() for path in figures} == before

    brief.write_text(brief.read_text().replace("A -> B: shells", "A -> B: shells, fuel"))
    assert set(figures) <= set(build(brief, out).written)
    assert set(figures) <= set(build(brief, out, force=True).written)


def test_a_missing_export_is_drawn_again(write_brief, tmp_path):
    brief = write_brief(FLOW)
    out = tmp_path / "out"
    build(brief, out)
    (out / "brief-flow-1.svg").unlink()
    assert not build(brief, out).up_to_date
    assert (out / "brief-flow-1.svg").is_file()
