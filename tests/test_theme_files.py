"""The files a theme names are contained and checked; its numbers stay within sensible ranges.

Every problem is located on the theme's line with a hint: a font that is missing, outside the
font folders or not TrueType; a logo outside the theme's folder and assets/ or not a sound
image; a template that is not a deck (see test_templates.py); sizes out of range.
"""

from __future__ import annotations

import textwrap

import pytest
from PIL import Image

from briefkit.errors import ContentError
from briefkit.fonts import bundled_font_dir
from briefkit.theme import load_theme


@pytest.fixture
def problem(tmp_path, monkeypatch):
    """problem(theme yaml) -> the one located Problem loading a theme that holds it gives."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "themes").mkdir()

    def problem(text: str):
        path = tmp_path / "themes" / "mine.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        with pytest.raises(ContentError) as caught:
            load_theme("themes/mine.yaml", tmp_path / "brief.md", 3)
        [found] = caught.value.problems
        assert found.path == path and found.hint, found
        return found

    return problem


def fonts(regular: str) -> str:
    return f"toc: false\nfonts:\n  body:\n    regular: {regular}\n"


def test_a_font_path_leaving_the_font_folders_is_refused(problem, tmp_path):
    (tmp_path / "secret.ttf").write_bytes((bundled_font_dir() / "DejaVuSans.ttf").read_bytes())
    found = problem(fonts("../../../../../../../../" + str(tmp_path / "secret.ttf")))
    assert found.line == 4 and "outside" in found.message
    found = problem(fonts("/etc/passwd"))
    assert found.line == 4 and ("outside" in found.message or "not found" in found.message)


@pytest.mark.parametrize(
    ("head", "said"),
    [(b"OTTO\x00\x0a", "CFF"), (b"ttcf\x00\x02", "collection"), (b"root:x:0:0", "not a TrueType font")],
    ids=["otf", "ttc", "text"],
)
def test_a_font_that_is_not_truetype_is_a_located_error(problem, tmp_path, monkeypatch, head, said):
    import briefkit.fonts

    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "Odd.ttf").write_bytes(head + bytes(200))
    monkeypatch.setattr(briefkit.fonts, "FONTS_DIR", folder)
    found = problem(fonts("Odd.ttf"))
    assert found.line == 4 and said in found.message


def test_a_truncated_truetype_font_is_a_located_error(problem, tmp_path, monkeypatch):
    import briefkit.fonts

    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "Cut.ttf").write_bytes((bundled_font_dir() / "DejaVuSans.ttf").read_bytes()[:3000])
    monkeypatch.setattr(briefkit.fonts, "FONTS_DIR", folder)
    found = problem(fonts("Cut.ttf"))
    assert found.line == 4 and "cannot be read" in found.message


def test_a_logo_outside_the_theme_folder_and_assets_is_refused(problem, tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "secret.png")
    found = problem("toc: false\nlogo: ../secret.png\n")
    assert found.line == 2 and "outside" in found.message
    found = problem("toc: false\nlogo: /etc/passwd\n")
    assert found.line == 2 and "outside" in found.message


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"not an image", "cannot be read"), (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"), (None, "too large")],
    ids=["text", "svg", "bomb"],
)
def test_a_bad_logo_is_a_located_error(problem, tmp_path, content, said):
    logo = tmp_path / "themes" / "logo.png"
    if content is None:
        Image.new("1", (9000, 9000)).save(logo)  # 81 megapixels in a few kilobytes
    else:
        logo.write_bytes(content)
    found = problem("toc: false\nlogo: logo.png\n")
    assert found.line == 2 and said in found.message


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("margin_mm: 500\n", 1, "margin_mm"),
        ("sizes:\n  body: 0.0001\n", 2, "body"),
        ("sizes:\n  slide_body: 20\n  slide_body_min: 30\n", 3, "slide_body_min"),
        ("sizes:\n  slide_title_min: 40\n", 2, "slide_title_min"),
        ("sizes:\n  h1: 900\n", 2, "h1"),
        ("sizes:\n  leading: 8\n", 2, "leading"),
    ],
    ids=["margin", "tiny body", "body min above body", "title min above title", "huge h1", "leading below body"],
)
def test_theme_numbers_out_of_range_are_located_errors(problem, text, line, said):
    found = problem(text)
    assert found.line == line and said in found.message


def test_sensible_numbers_are_accepted(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("margin_mm: 12.5\nsizes:\n  body: 11\n  leading: 15\n  slide_body_min: 16\n", encoding="utf-8")
    theme = load_theme(str(path), tmp_path / "brief.md")
    assert (theme.margin_mm, theme.sizes.body, theme.sizes.slide_body_min) == (12.5, 11.0, 16.0)


def test_bad_theme_files_end_as_located_lines_from_the_command_line(tmp_path, capsys):
    from briefkit.cli import main

    (tmp_path / "logo.png").write_bytes(b"GIF89a broken")
    (tmp_path / "mine.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    brief = tmp_path / "brief.md"
    brief.write_text("---\ntitle: T\ndate: 2026-01-01\ntheme: mine.yaml\n---\n# S\n\nText.\n", encoding="utf-8")
    assert main([str(brief), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and f"{tmp_path / 'mine.yaml'}:1: " in err and "(hint: " in err


def test_a_huge_theme_file_is_refused_without_reading_it_all(problem):
    from briefkit.read.limits import MAX_THEME_BYTES

    found = problem("toc: false\n" + "# padding\n" * (MAX_THEME_BYTES // 10))
    assert found.message == f"the file is larger than {MAX_THEME_BYTES:,} bytes" and found.line > 1
