"""Themes: the bundled default, partial themes laid over it, and located errors for bad values.

Theme files are written into tmp_path, which is also the working directory, so errors print as
`mine.yaml:LINE: message (hint: ...)`.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import briefkit.theme
from briefkit.errors import ContentError
from briefkit.read import read_document
from briefkit.theme import DEFAULT_THEME, PROJECT_DIR, Theme, load_theme, theme_path


@pytest.fixture
def brief(tmp_path, monkeypatch):
    """A brief's path in tmp_path (the working directory); themes are looked up next to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "brief.md"


@pytest.fixture
def theme(brief):
    """theme(yaml) -> the Theme of a file mine.yaml holding `yaml`, named as a path in the brief."""

    def theme(text: str | bytes) -> Theme:
        path = brief.parent / "mine.yaml"
        path.write_bytes(textwrap.dedent(text).encode() if isinstance(text, str) else text)
        return load_theme("mine.yaml", brief, 6)

    return theme


@pytest.fixture
def error(theme):
    """error(yaml) -> the formatted ContentError of a theme file holding `yaml`."""

    def error(text: str | bytes) -> str:
        with pytest.raises(ContentError) as caught:
            theme(text)
        return str(caught.value)

    return error


# ---------------------------------------------------------------- the default theme


def test_the_default_theme_loads_with_its_documented_values(brief):
    default = load_theme(None, brief)
    assert (default.page_size, default.margin_mm, default.justify, default.toc, default.heading_numbers) == (
        "A4",
        20.0,
        True,
        True,
        False,
    )
    assert (default.logo, default.pptx_template) == (None, None)
    assert default.fonts.body.regular == "DejaVuSerif.ttf"
    assert default.fonts.mono.bold_italic == "DejaVuSansMono-BoldOblique.ttf"
    assert (default.sizes.body, default.sizes.leading, default.sizes.slide_body_min) == (10.0, 14.5, 18.0)
    assert (default.colors.accent, default.colors.label_fill) == ("#1f3a5f", "#ffffff")
    assert default.files == (DEFAULT_THEME,)


def test_default_by_name_or_by_path_is_the_same_theme(brief):
    relative = Path("..") / DEFAULT_THEME.relative_to(PROJECT_DIR)
    inside = PROJECT_DIR / "content" / "brief.md"
    assert load_theme("default", brief) == load_theme(None, brief) == load_theme(str(relative), inside)
    assert theme_path(None, brief) == theme_path("default", brief) == DEFAULT_THEME


def test_importing_the_theme_module_first_works():
    """briefkit.theme and briefkit.read import each other's modules; either may be imported first."""
    code = "import briefkit.theme as t, briefkit.read; print(t.load_theme(None, t.Path()).page_size)"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "A4", "")


# ---------------------------------------------------------------- partial themes


def test_a_partial_theme_overrides_the_default_key_by_key(theme, brief):
    mine = theme(
        """\
        page_size: Letter
        justify: no
        toc: Off
        margin_mm: 12.5
        colors:
          accent: "#AA0000"
        fonts:
          body:
            regular: DejaVuSans-Bold.ttf
        sizes:
          h1: 20
        """
    )
    default = load_theme(None, brief)
    assert (mine.page_size, mine.justify, mine.toc, mine.margin_mm) == ("Letter", False, False, 12.5)
    assert mine.colors == dataclasses.replace(default.colors, accent="#AA0000")
    assert mine.fonts.body == dataclasses.replace(default.fonts.body, regular="DejaVuSans-Bold.ttf")
    assert mine.fonts.heading == default.fonts.heading
    assert mine.sizes == dataclasses.replace(default.sizes, h1=20.0)
    assert mine.heading_numbers == default.heading_numbers
    assert mine.files == (DEFAULT_THEME, (brief.parent / "mine.yaml").resolve())


def test_an_empty_theme_file_is_the_default_theme(theme, brief):
    mine = theme("# nothing to change\n")
    assert dataclasses.replace(mine, files=()) == dataclasses.replace(load_theme(None, brief), files=())


@pytest.mark.parametrize(("written", "value"), [("true", True), ("Yes", True), ("ON", True), ("False", False)])
def test_booleans_accept_the_usual_words(theme, written, value):
    assert theme(f"heading_numbers: {written}\n").heading_numbers is value


def test_a_bundled_theme_is_found_by_name(brief, tmp_path, monkeypatch):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "dark.yaml").write_text('colors:\n  text: "#000000"\n')
    monkeypatch.setattr(briefkit.theme, "THEMES_DIR", bundled)
    dark = load_theme("dark", brief)
    assert (dark.colors.text, dark.files) == ("#000000", (DEFAULT_THEME, bundled / "dark.yaml"))


def test_logo_and_template_resolve_next_to_the_theme_or_in_assets(theme, brief, monkeypatch):
    from PIL import Image
    from pptx import Presentation

    Image.new("RGB", (8, 8), "navy").save(brief.parent / "logo.png")
    assets = brief.parent / "assets"
    assets.mkdir()
    Presentation().save(assets / "corporate.pptx")
    monkeypatch.setattr(briefkit.theme, "ASSETS_DIR", assets)
    mine = theme("logo: logo.png\npptx_template: corporate.pptx\n")
    assert mine.logo == (brief.parent / "logo.png").resolve()
    assert mine.pptx_template == (assets / "corporate.pptx").resolve()
    assert theme("logo: null\npptx_template: ~\n").logo is None


def test_the_theme_a_brief_names_is_located_in_the_brief(brief):
    brief.write_text("---\ntitle: T\ndate: 2026-01-01\n\n\ntheme: nope\n---\nBody\n")
    document, _ = read_document(brief)
    with pytest.raises(ContentError) as caught:
        load_theme(document.meta.theme, brief, document.meta.line_of("theme"))
    assert str(caught.value) == "brief.md:6: theme 'nope' not found (hint: bundled themes: default)"


# ---------------------------------------------------------------- errors


def test_a_theme_path_that_is_missing_or_a_folder_is_not_found(brief):
    (brief.parent / "folder.yaml").mkdir()
    for name in ("missing.yaml", "folder.yaml", "../elsewhere/x.yaml"):
        with pytest.raises(ContentError) as caught:
            load_theme(name, brief, 3)
        assert str(caught.value) == f"brief.md:3: theme '{name}' not found (hint: bundled themes: default)"


def test_unknown_keys_suggest_near_misses_on_their_line(error):
    assert error("justify: true\npage_sise: A4\n") == (
        "mine.yaml:2: unknown theme key 'page_sise' (hint: did you mean 'page_size'?)"
    )
    assert error("colors:\n  text: '#000000'\n  acent: '#000000'\n") == (
        "mine.yaml:3: unknown theme key 'acent' (hint: did you mean 'accent'?)"
    )
    assert error("fonts:\n  body:\n    regular: DejaVuSans.ttf\n    bolditalic: B.ttf\n") == (
        "mine.yaml:4: unknown theme key 'bolditalic' (hint: did you mean 'bold_italic'?)"
    )


def test_an_unknown_key_far_from_any_lists_the_known_keys(error):
    assert error("sizes:\n  huge: 40\n") == (
        "mine.yaml:2: unknown theme key 'huge' (hint: known keys: body, leading, small, h1, h2, h3, cover_title, "
        "slide_title, slide_title_min, slide_body, slide_body_min, diagram)"
    )


@pytest.mark.parametrize("written", ["red", "'#12345'", "'#1234567'", "'#12345g'", "'1f3a5f'"])
def test_a_bad_colour_is_an_error_on_its_line(error, written):
    shown = written.strip("'")
    assert error(f"colors:\n  text: '#000000'\n  accent: {written}\n") == (
        f"mine.yaml:3: colour 'accent' must be #rrggbb, not '{shown}'"
    )


def test_an_unquoted_colour_is_a_comment_and_the_hint_says_so(error):
    assert error("colors:\n  accent: #1f3a5f\n") == (
        "mine.yaml:2: colour 'accent' needs a value "
        '(hint: write it in quotes, e.g. accent: "#1f3a5f"; an unquoted # starts a comment)'
    )


@pytest.mark.parametrize("written", ["maybe", "1", "'y'", "tru"])
def test_a_bad_bool_is_an_error_on_its_line(error, written):
    assert error(f"toc: true\njustify: {written}\n") == (
        f"mine.yaml:2: 'justify' must be true or false, not '{written.strip(chr(39))}'"
    )


@pytest.mark.parametrize("written", ["a4", "A5", "letter", "US Letter"])
def test_a_bad_page_size_is_an_error_on_its_line(error, written):
    assert error(f"page_size: {written}\n") == f"mine.yaml:1: page_size must be one of A4, Letter, not '{written}'"


@pytest.mark.parametrize("written", ["0", "-1", "abc", "20mm", "nan", "inf", "1e9"])
def test_a_bad_number_is_an_error_on_its_line(error, written):
    assert error(f"sizes:\n  body: 10\n  h1: {written}\n") == (
        f"mine.yaml:3: 'h1' must be a positive number, not '{written}'"
    )


def test_a_value_that_needs_one(error):
    assert error("page_size:\n") == "mine.yaml:1: 'page_size' needs a value"
    assert error("fonts:\n  mono:\n    regular: ~\n") == "mine.yaml:3: 'regular' needs a value"


def test_sections_must_be_mappings_and_values_must_be_text(error):
    assert error("fonts: DejaVu\n") == "mine.yaml:1: 'fonts' must be a mapping of 'key: value' lines"
    assert error("colors: ['#000000']\n") == "mine.yaml:1: 'colors' must be a mapping of 'key: value' lines"
    assert error("page_size: [A4]\n") == (
        "mine.yaml:1: 'page_size' must be text, not a list or mapping (hint: write one value after page_size:)"
    )
    assert error("- page_size\n") == "mine.yaml:1: expected 'key: value' lines (hint: write e.g. title: My brief)"


def test_a_missing_logo_is_an_error_on_its_line(error):
    assert error("toc: true\nlogo: nowhere.png\n") == (
        "mine.yaml:2: 'logo': file 'nowhere.png' not found"
        " (hint: put the file next to the theme file or into briefkit's assets/)"
    )


def test_yaml_problems_in_a_theme_are_located(error):
    assert error("toc: true\ncolors: {accent: '#000000'\n") == (
        "mine.yaml:2: invalid YAML: expected ',' or '}', but got '<stream end>' while parsing a flow mapping"
    )
    assert error("toc: &t true\njustify: *t\n") == (
        "mine.yaml:1: YAML anchors and aliases are not allowed (hint: write each value out)"
    )
    assert error("toc: true\nmargin_mm: !!float 3\n") == "mine.yaml:2: YAML tag tag:yaml.org,2002:float is not allowed"
    assert error("toc: true\n\ntoc: false\n") == "mine.yaml:3: duplicate key 'toc' (hint: first given on line 1)"
    assert error("toc: true\njustify: tr\x07ue\n") == (
        "mine.yaml:2: invalid YAML: character U+0007 is not allowed (hint: remove control characters)"
    )


def test_bad_bytes_in_a_theme_name_their_line(error):
    assert error(b"toc: true\r\npage_size: A\xd64\r\n") == (
        "mine.yaml:2: this line is not valid UTF-8 text (hint: save the file as UTF-8)"
    )


def test_crlf_theme_files_keep_their_lines(error):
    assert error(b"toc: true\r\n\r\njustify: 2\r\n") == "mine.yaml:3: 'justify' must be true or false, not '2'"
