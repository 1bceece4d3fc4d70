"""Up to date means complete: a build is skipped only when every output it would write exists and
was made from the current inputs, and --check applies the same rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.pipeline import FORMATS, build
from briefkit.sync import check_brief

FLOW = "# Section\n\nProse.\n\n```flow\nA -> B: goods\n```\n"


def in_sync(brief: Path, out: Path) -> bool:
    return not check_brief(brief, out).differing


@pytest.fixture
def brief(write_brief):
    return write_brief(FLOW)


def test_separate_report_and_deck_builds_leave_a_full_build_to_draw_the_figures(brief, tmp_path):
    out = tmp_path / "out"
    assert not build(brief, out, ("pdf",)).up_to_date
    assert not build(brief, out, ("pptx",)).up_to_date
    assert build(brief, out, ("pdf",)).up_to_date and build(brief, out, ("pptx",)).up_to_date
    assert not in_sync(brief, out)  # the figure exports were never written

    full = build(brief, out, FORMATS)
    assert not full.up_to_date
    assert {path.name for path in full.written} >= {"brief-flow-1.png", "brief-flow-1.svg"}
    assert in_sync(brief, out)
    assert build(brief, out, FORMATS).up_to_date


def test_figures_drawn_from_older_inputs_are_stale_for_build_and_check_alike(brief, tmp_path):
    out = tmp_path / "out"
    build(brief, out, FORMATS)
    old_png = (out / "brief-flow-1.png").read_bytes()
    brief.write_text(brief.read_text().replace("A -> B: goods", "A -> B: other goods"))
    build(brief, out, ("pdf",))
    build(brief, out, ("pptx",))  # the report and the deck are current, the exports still show "goods"
    outcome = check_brief(brief, out)
    assert "brief-flow-1.png: stale" in "\n".join(outcome.lines) and out / "brief-flow-1.png" in outcome.differing

    full = build(brief, out, FORMATS)
    assert not full.up_to_date and out / "brief-flow-1.png" in full.written
    assert (out / "brief-flow-1.png").read_bytes() != old_png
    assert in_sync(brief, out) and build(brief, out, FORMATS).up_to_date


def test_a_deleted_figure_export_is_rebuilt_and_fails_the_check(brief, tmp_path):
    out = tmp_path / "out"
    build(brief, out, FORMATS)
    (out / "brief-flow-1.svg").unlink()
    assert not in_sync(brief, out)
    rebuilt = build(brief, out, FORMATS)
    assert not rebuilt.up_to_date and (out / "brief-flow-1.svg").is_file()
    assert in_sync(brief, out)


def test_a_report_only_build_keeps_figures_that_are_still_current(brief, tmp_path):
    out = tmp_path / "out"
    build(brief, out, FORMATS)
    brief.write_text(brief.read_text().replace("Prose.", "Other prose."))
    build(brief, out, ("pdf",))
    build(brief, out, ("pptx",))
    assert in_sync(brief, out)  # the flow did not change, so its exports are still the right ones
    assert build(brief, out, FORMATS).up_to_date


def test_creating_a_project_settings_file_makes_the_outputs_out_of_date(brief, tmp_path, monkeypatch):
    import briefkit.places

    out = tmp_path / "out"
    monkeypatch.setattr(briefkit.places, "PROJECT_DIR", tmp_path)
    build(brief, out, ("pdf",))
    assert build(brief, out, ("pdf",)).up_to_date
    (tmp_path / "briefkit.yaml").write_text("classification: SECRET\n")
    assert not build(brief, out, ("pdf",)).up_to_date
    assert build(brief, out, ("pdf",)).up_to_date
