"""Output files: all-or-nothing replacement, stale temp cleanup, fingerprints read back."""

from __future__ import annotations

import zipfile
from pathlib import Path

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

    dead = tmp_path / ".x.pdf.999999999.ab12cd34.briefkit-tmp"
    live = tmp_path / f".x.pdf.{os.getpid()}.ab12cd34.briefkit-tmp"
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


# ---------------------------------------------------------------- writes that cannot be subverted


def test_links_planted_at_temporary_names_or_at_an_output_are_never_written_through(tmp_path):
    import os

    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_bytes(b"precious")
    for name in ("a.pdf", "b.pptx"):  # the names a build used to write its temporary files at
        (out / f".{name}.{os.getpid()}.briefkit-tmp").symlink_to(victim)
    (out / "b.pptx").symlink_to(victim)
    replace_all({out / "a.pdf": b"new a", out / "b.pptx": b"new b"})
    assert victim.read_bytes() == b"precious"
    assert not (out / "b.pptx").is_symlink() and (out / "b.pptx").read_bytes() == b"new b"
    assert (out / "a.pdf").read_bytes() == b"new a" and not (out / "a.pdf").is_symlink()


def test_temporary_files_get_fresh_random_names(tmp_path, monkeypatch):
    seen = []
    real_replace = outputs.os.replace

    def spy(source, target):
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", spy)
    replace_all({tmp_path / "a.pdf": b"1"})
    replace_all({tmp_path / "a.pdf": b"2"})
    assert len(set(seen)) == 2


def test_a_failing_second_replacement_restores_the_first_and_reports_the_error(tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"old a")
    (tmp_path / "b.pptx").write_bytes(b"old b")
    real_replace, calls = outputs.os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", failing_replace)
    with pytest.raises(PermissionError):
        replace_all({tmp_path / "a.pdf": b"new a", tmp_path / "b.pptx": b"new b", tmp_path / "c.json": b"new"})
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == {"a.pdf": b"old a", "b.pptx": b"old b"}


KILL_AT_SECOND_REPLACE = """
import os, sys
from pathlib import Path
from briefkit import outputs
real, calls = os.replace, []
def killing(source, target):
    calls.append(target)
    if len(calls) == 2:
        os._exit(9)
    real(source, target)
outputs.os.replace = killing
{action}
"""


def kill_at_second_replace(action: str) -> None:
    """Run `action` in a new process that dies as it replaces its second output."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    code = KILL_AT_SECOND_REPLACE.format(action=action)
    assert subprocess.run([sys.executable, "-c", code], env=env, timeout=300).returncode == 9


def test_a_build_killed_between_two_replacements_is_repaired_by_the_next_one(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"old a")
    (out / "b.pptx").write_bytes(b"old b")
    kill_at_second_replace(
        f"outputs.replace_all({{Path({str(out)!r}) / 'a.pdf': b'new a', Path({str(out)!r}) / 'b.pptx': b'new b'}})"
    )
    assert (out / "a.pdf").read_bytes() == b"new a"  # the mismatched pair the kill left
    assert sorted(outputs.interrupted(out)) == ["a.pdf", "b.pptx"]
    outputs.tidy(out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == {"a.pdf": b"old a", "b.pptx": b"old b"}
    assert outputs.interrupted(out) == []


def test_check_reports_a_build_killed_between_replacements_and_the_next_build_repairs_it(write_brief, tmp_path, capsys):
    from briefkit.cli import main
    from briefkit.pipeline import build

    brief, out = write_brief("# Points\n\n- one\n"), tmp_path / "out"
    build(brief, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    brief.write_text(brief.read_text() + "- two\n")
    kill_at_second_replace(f"from briefkit.pipeline import build; build(Path({str(brief)!r}), Path({str(out)!r}))")
    assert main(["--check", str(brief), "--out", str(out)]) == 1
    assert "a build was killed while replacing brief.pdf, brief.pptx" in capsys.readouterr().out
    outputs.tidy(out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    build(brief, out)
    assert main(["--check", str(brief), "--out", str(out)]) == 0


def test_the_manifest_holds_no_path_of_the_build_machine_and_survives_a_move(write_brief, tmp_path):
    import json
    import shutil

    from PIL import Image

    from briefkit.pipeline import build
    from briefkit.theme import PROJECT_DIR

    project = tmp_path / "project"
    project.mkdir()
    Image.new("RGB", (4, 4), "white").save(project / "pic.png")
    brief = write_brief("# S\n\n![A picture](pic.png)\n", name="project/brief.md")
    build(brief, project / "out")
    manifest = (project / "out" / ".brief.briefkit.json").read_text()
    for machine_path in (str(tmp_path), str(PROJECT_DIR), "site-packages", "/root", "/home"):
        assert machine_path not in manifest, machine_path
    assert json.loads(manifest)["inputs"][:2] == ["brief.md", "briefkit:data/themes/default.yaml"]
    moved = tmp_path / "elsewhere"
    shutil.move(project, moved)
    assert build(moved / "brief.md", moved / "out").up_to_date
    Image.new("RGB", (4, 4), "black").save(moved / "pic.png")
    assert not build(moved / "brief.md", moved / "out").up_to_date


def test_a_journal_of_a_build_still_running_is_not_reported_as_killed(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "a.pdf").write_bytes(b"a")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / f".briefkit.{sleeper.pid}.x1y2.briefkit-journal").write_text('[["a.pdf", null]]')
        assert outputs.interrupted(tmp_path) == []
    finally:
        sleeper.kill()
        sleeper.wait()
    assert outputs.interrupted(tmp_path) == ["a.pdf"]
    assert os.path.exists(tmp_path / "a.pdf")
