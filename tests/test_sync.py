"""`--check` renders the brief again and proves the outputs on disk are what it builds.

Also here: what the build command does with outputs that are already up to date, and that a
build is reproducible byte for byte in any output folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_DIR

from briefkit.pipeline import build

BODY = """
Opening words before any heading.

# First section

A paragraph about supply lines.

- first point
- second point
  - a nested point

### Minor label

> A quoted remark.

```flow
caption: Who sends what
Alpha -> Beta: shells, missiles?
```

# Second section

1. numbered point
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "build.py"), *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check(brief: Path, out: Path) -> subprocess.CompletedProcess:
    return run("--check", str(brief), "--out", str(out))


@pytest.fixture
def built(write_brief, tmp_path) -> tuple[Path, Path]:
    """A brief built into tmp_path/out: (brief, output folder)."""
    brief = write_brief(BODY)
    out = tmp_path / "out"
    build(brief, out)
    return brief, out


# ---------------------------------------------------------------- --check on real outputs


def test_check_passes_on_a_fresh_build(built):
    result = check(*built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{built[0]}: in sync with {built[1] / 'brief.pdf'}, {built[1] / 'brief.pptx'}")


def test_check_passes_on_the_default_brief(default_build):
    out = default_build.written[0].parent
    result = check(default_build.source, out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_finds_text_that_page_and_slide_breaks_cut(write_brief, tmp_path):
    sentence = "Supply lines carry shells, fuel and parts across the border every week."
    paragraphs = "\n\n".join(" ".join([sentence] * 9) for _ in range(12))
    brief = write_brief(f"# Long section\n\n{paragraphs}\n\n- short item\n- {' '.join([sentence] * 40)}\n")
    build(brief, tmp_path / "out")
    result = check(brief, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_names_stale_outputs_and_the_changed_text_after_a_content_edit(built):
    brief, out = built
    brief.write_text(brief.read_text().replace("- second point", "- second, revised point"))
    result = check(brief, out)
    assert result.returncode == 1
    assert f"{out / 'brief.pdf'}: stale: the content changed since" in result.stdout
    assert f"{out / 'brief.pptx'}: stale: the content changed since" in result.stdout
    assert "second, revised point" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith(f"{brief}: OUT OF SYNC")


def test_check_names_a_bullet_edited_by_hand_in_the_deck(built):
    brief, out = built
    replace_deck_text(out / "brief.pptx", "second point", "an invented point")
    result = check(brief, out)
    assert result.returncode == 1
    problems = result.stdout.strip().splitlines()[:-1]
    assert problems[0].startswith(f"{out / 'brief.pptx'}: modified after the build")
    assert any('"an invented point" where the build has "second point"' in line for line in problems), problems


def test_check_names_missing_outputs(built):
    brief, out = built
    (out / "brief.pptx").unlink()
    (out / "brief-flow-1.svg").unlink()
    result = check(brief, out)
    assert result.returncode == 1
    assert f"{out / 'brief.pptx'}: missing\n" in result.stdout
    assert f"{out / 'brief-flow-1.svg'}: missing\n" in result.stdout
    assert not any(line.startswith(f"{out / 'brief.pdf'}:") for line in result.stdout.splitlines())


def test_check_reports_an_unreadable_output(built):
    brief, out = built
    (out / "brief.pdf").write_bytes(b"not a pdf")
    result = check(brief, out)
    assert result.returncode == 1
    assert f"{out / 'brief.pdf'}: cannot be read" in result.stdout


def test_check_of_a_brief_with_a_content_error_exits_2_with_the_located_problem(write_brief, tmp_path):
    brief = write_brief("# Section\n\nText.\n", clasification="red")
    result = check(brief, tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{brief}:2: unknown front matter key 'clasification'")
    assert "Traceback" not in result.stderr


def replace_deck_text(path: Path, old: str, new: str) -> None:
    """Change one paragraph of the deck's text the way a person editing the slide would."""
    from pptx import Presentation

    deck = Presentation(str(path))
    for slide in deck.slides:
        for shape in slide.shapes:
            for paragraph in shape.text_frame.paragraphs if shape.has_text_frame else ():
                if paragraph.text == old:
                    paragraph.runs[0].text = new
                    for run in paragraph.runs[1:]:
                        run.text = ""
                    deck.save(str(path))
                    return
    raise AssertionError(f"no paragraph {old!r} in {path}")


# ---------------------------------------------------------------- up to date, forced, reproducible


def test_a_second_build_is_skipped_as_up_to_date_and_force_rebuilds(write_brief, tmp_path):
    brief, out = write_brief(BODY), tmp_path / "out"
    first = run(str(brief), "--out", str(out))
    assert first.returncode == 0 and "up to date" not in first.stdout
    before = (out / "brief.pdf").stat().st_ino
    again = run(str(brief), "--out", str(out))
    assert again.returncode == 0
    assert again.stdout.strip() == f"{brief}: up to date"
    assert (out / "brief.pdf").stat().st_ino == before
    forced = run(str(brief), "--out", str(out), "--force")
    assert forced.returncode == 0
    assert "up to date" not in forced.stdout and "pages" in forced.stdout
    assert check(brief, out).returncode == 0


def test_two_builds_in_different_folders_give_identical_bytes(write_brief, tmp_path):
    brief = write_brief(BODY)
    first, second = build(brief, tmp_path / "a"), build(brief, tmp_path / "b")
    names = sorted(path.name for path in first.written)
    assert names == ["brief-flow-1.png", "brief-flow-1.svg", "brief.pdf", "brief.pptx"]
    assert names == sorted(path.name for path in second.written)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
