"""A long brief whose outputs are current is skipped as up to date, like a short one."""

from __future__ import annotations

from briefkit.pipeline import build


def test_a_long_brief_is_up_to_date_after_its_build(write_brief, tmp_path):
    prose = "Reporting suggests the supply relationship has deepened over the past year. " * 3
    brief = write_brief("".join(f"# Section {n}\n\n{prose}\n\n{prose}\n\n- a point\n- another\n\n" for n in range(160)))
    out = tmp_path / "out"
    build(brief, out)
    report = (out / "brief.pdf").read_bytes()
    assert len(report) - report.rfind(b"/BriefkitFingerprint") > 65536  # the stamp lies far from the end
    assert build(brief, out).up_to_date
