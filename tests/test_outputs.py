"""Output files: all-or-nothing replacement, stale temp cleanup, fingerprints read back."""

from __future__ import annotations

import zipfile

import pytest

from briefkit import outputs
from briefkit.outputs import Targets, clean_stale_temps, pdf_fingerprint, pptx_fingerprint, replace_all
from briefkit.pipeline import prepare


def test_replace_all_moves_every_file_into_place(tmp_path):
    files = {tmp_path / "a.pdf": b"new a", tmp_path / "b.pptx": b"new b"}
    replace_all(files)
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == {"a.pdf": b"new a", "b.pptx": b"new b"}


def test_a_failure_while_writing_replaces_nothing_and_leaves_no_temp_files(tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"old a")
    (tmp_path / "b.pptx").write_bytes(b"old b")
    real_fsync, calls = outputs.os.fsync, []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(outputs.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        replace_all({tmp_path / "a.pdf": b"new a", tmp_path / "b.pptx": b"new b"})
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == {"a.pdf": b"old a", "b.pptx": b"old b"}


def test_stale_temps_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    import os

    dead = tmp_path / ".x.pdf.999999999.briefkit-tmp"
    live = tmp_path / f".x.pdf.{os.getpid()}.briefkit-tmp"
    other = tmp_path / "keep.pdf"
    for path in (dead, live, other):
        path.write_bytes(b"x")
    clean_stale_temps(tmp_path)
    assert not dead.exists() and live.exists() and other.exists()


def test_fingerprints_are_read_back_from_pdf_and_pptx(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /BriefkitFingerprint (0123abcd4567) /Title (x) >>\nendobj\n%%EOF\n")
    assert pdf_fingerprint(pdf) == "0123abcd4567"
    deck = tmp_path / "a.pptx"
    with zipfile.ZipFile(deck, "w") as archive:
        archive.writestr(
            "docProps/core.xml", "<cp:coreProperties><dc:identifier>89ef</dc:identifier></cp:coreProperties>"
        )
    assert pptx_fingerprint(deck) == "89ef"
    assert pdf_fingerprint(tmp_path / "missing.pdf") is None
    (tmp_path / "broken.pptx").write_bytes(b"not a zip")
    assert pptx_fingerprint(tmp_path / "broken.pptx") is None


def test_stale_figure_exports_are_found_by_number(tmp_path):
    for name in ("b-flow-1.png", "b-flow-2.svg", "b-flow-3.png", "b-flow-x.png", "other-flow-5.png"):
        (tmp_path / name).write_bytes(b"")
    targets = Targets(tmp_path, "b", flow_count=1)
    assert sorted(path.name for path in targets.stale_figures()) == ["b-flow-2.svg", "b-flow-3.png"]


def test_the_fingerprint_follows_every_input(write_brief, tmp_path):
    from PIL import Image

    Image.new("RGB", (4, 4), "white").save(tmp_path / "pic.png")
    brief = write_brief("# S\n\n![A picture](pic.png)\n")
    first = prepare(brief, tmp_path / "out").stamp.fingerprint
    assert prepare(brief, tmp_path / "out").stamp.fingerprint == first
    Image.new("RGB", (4, 4), "black").save(tmp_path / "pic.png")
    second = prepare(brief, tmp_path / "out").stamp.fingerprint
    assert second != first
    (tmp_path / "mine.yaml").write_text("toc: false\n")
    brief.write_text(brief.read_text().replace("title:", "theme: mine.yaml\ntitle:"))
    assert prepare(brief, tmp_path / "out").stamp.fingerprint not in (first, second)
