"""Themes: theme YAML files in, one typed `Theme` out, shared by every renderer.

A brief's `theme:` names a theme (without .yaml) in the project's assets/themes/ or among the
themes bundled with briefkit (briefkit/data/themes/), or a path relative to the brief. Its keys
override the default theme key by key, so a theme only states what it changes. The default
theme is the bundled one, with the project's own assets/themes/default.yaml laid over it when
there is one. Unknown keys and bad values are located errors, like content errors.

The project is the folder briefkit runs in (see briefkit.places): its assets/ holds the
project's themes, fonts, logos and images, and extends (or, name for name, overrides) what is
bundled.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_type_hints

from .errors import ContentError, Problem
from .places import ASSETS_DIR, BUNDLED_DIR, BUNDLED_THEMES_DIR, DEFAULT_THEME, PROJECT_DIR, THEMES_DIR  # noqa: F401
from .read import decode
from .read.limits import MAX_THEME_BYTES, read_bounded
from .read.yamlnodes import Entry, load_mapping, mapping, scalar, unknown_key


@dataclass(frozen=True)
class FontFamily:
    """Four font files; names as written, resolved by briefkit.fonts."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@dataclass(frozen=True)
class Fonts:
    """The report's and figures' families, and the slides' (open fonts metric-compatible with
    fonts every presenter has, so a slide measured here fits in PowerPoint)."""

    body: FontFamily
    heading: FontFamily
    mono: FontFamily
    slide_body: FontFamily
    slide_heading: FontFamily
    slide_mono: FontFamily


@dataclass(frozen=True)
class Sizes:
    body: float
    leading: float
    small: float
    h1: float
    h2: float
    h3: float
    cover_title: float
    slide_title: float
    slide_title_min: float
    slide_body: float
    slide_body_min: float
    diagram: float


@dataclass(frozen=True)
class Colors:
    """Colours as '#rrggbb' strings."""

    text: str
    muted: str
    accent: str
    accent_soft: str
    rule: str
    banner_fill: str
    banner_text: str
    node_fill: str
    node_border: str
    node_text: str
    edge: str
    label_fill: str


@dataclass(frozen=True)
class Theme:
    page_size: str
    margin_mm: float
    justify: bool
    toc: bool
    heading_numbers: bool
    logo: Path | None
    pptx_template: Path | None
    fonts: Fonts
    sizes: Sizes
    colors: Colors
    files: tuple[Path, ...]  # the theme files read, default first: they shape the outputs

    @property
    def page_points(self) -> tuple[float, float]:
        """Width and height of the report's page in points."""
        return PAGE_POINTS[self.page_size]

    @property
    def column_width(self) -> float:
        """Width of the report's text column in points: the page less a margin on each side."""
        return self.page_points[0] - 2 * self.margin_mm * POINTS_PER_MM


POINTS_PER_MM = 72 / 25.4
PAGE_POINTS = {"A4": (210 * POINTS_PER_MM, 297 * POINTS_PER_MM), "Letter": (612.0, 792.0)}
PAGE_SIZES = tuple(PAGE_POINTS)
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def theme_dirs() -> tuple[Path, ...]:
    """The folders a theme name is looked up in, the project's first."""
    return (THEMES_DIR, BUNDLED_THEMES_DIR)


def theme_names() -> list[str]:
    """Every theme a brief can name, project and bundled alike."""
    return sorted({path.stem for folder in theme_dirs() for path in folder.glob("*.yaml")})


def default_themes() -> list[Path]:
    """The default theme's files, bundled first: the project's default.yaml is laid over it."""
    project = THEMES_DIR / DEFAULT_THEME.name
    return [DEFAULT_THEME, project] if project.is_file() else [DEFAULT_THEME]


def theme_path(name: str | None, brief: Path) -> Path:
    """Where the theme named in a brief lives: a theme name or a path relative to the brief."""
    if not name:
        return DEFAULT_THEME
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        for folder in theme_dirs():
            if (folder / f"{name}.yaml").is_file():
                return folder / f"{name}.yaml"
    return (brief.parent / name).resolve()


def load_theme(name: str | None, brief: Path, brief_line: int = 0) -> Theme:
    """The theme a brief asks for, merged over the default theme."""
    try:
        path = theme_path(name, brief)
        found = path.is_file()
    except (OSError, RuntimeError, ValueError):  # names no file system accepts, symlink loops
        found = False
    if not found:
        bundled = ", ".join(theme_names())
        raise ContentError.at(brief, brief_line, f"theme '{name}' not found", f"bundled themes: {bundled}")
    lines: dict[str, tuple[Path, int]] = {}
    files = default_themes()
    if path not in files:
        files.append(path)
    values: dict = {}
    for file in files:
        values = _read(file, Theme, values, lines)
    theme = _build(Theme, values, files=tuple(files))
    _check_relations(theme, lines)
    return theme


def _read(path: Path, cls: type, base: dict, lines: dict[str, tuple[Path, int]]) -> dict:
    try:
        data = read_bounded(path, MAX_THEME_BYTES, "a theme lists a few dozen keys")
    except OSError as exc:
        raise ContentError.at(path, 0, f"cannot read theme: {exc.strerror or exc}") from None
    return _merge(path, load_mapping(decode(data, path), path, 1), cls, base, lines)  # bad bytes located, like briefs


def _merge(path: Path, entries: dict[str, Entry], cls: type, base: dict, lines: dict, prefix: str = "") -> dict:
    """Typed values of `entries` for dataclass `cls`, laid over `base` key by key.

    `lines` records where each value was set, by dotted key ("sizes.body": (file, line)).
    """
    hints = get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls) if f.name != "files"]
    merged = dict(base)
    for key, entry in entries.items():
        if key not in known:
            raise unknown_key(path, entry, known, "theme")
        kind = hints[key]
        lines[prefix + key] = (path, entry.line)
        if dataclasses.is_dataclass(kind):
            merged[key] = _merge(path, mapping(path, entry), kind, base.get(key, {}), lines, f"{prefix}{key}.")
        else:
            merged[key] = _convert(path, entry, kind, cls)
    return merged


# Sensible ranges of the theme's numbers: (least, most, unit); sizes in points.
RANGES = {
    (Theme, "margin_mm"): (5, 60, "mm"),
    **{(Sizes, key): (6, 24, "pt") for key in ("body", "h3", "diagram")},
    (Sizes, "leading"): (6, 48, "pt"),
    (Sizes, "small"): (4, 24, "pt"),
    **{(Sizes, key): (6, 48, "pt") for key in ("h1", "h2")},
    (Sizes, "cover_title"): (12, 96, "pt"),
    **{(Sizes, key): (12, 60, "pt") for key in ("slide_title", "slide_title_min")},
    **{(Sizes, key): (10, 40, "pt") for key in ("slide_body", "slide_body_min")},
}
# Pairs of sizes where the first must not exceed the second.
ORDERED = (("small", "body"), ("body", "leading"), ("slide_title_min", "slide_title"), ("slide_body_min", "slide_body"))


def _check_relations(theme: Theme, lines: dict[str, tuple[Path, int]]) -> None:
    """A located error where one size exceeds another it must stay below (see ORDERED)."""
    for smaller, larger in ORDERED:
        low, high = getattr(theme.sizes, smaller), getattr(theme.sizes, larger)
        if low <= high:
            continue
        places = [lines[f"sizes.{key}"] for key in (smaller, larger)]
        latest = [place for place in places if place[0] == theme.files[-1]] or places
        path, line = max(latest, key=lambda place: place[1])
        message = f"sizes: '{smaller}' ({low:g}) must not exceed '{larger}' ({high:g})"
        raise ContentError.at(path, line, message, f"make '{smaller}' at most '{larger}'")


def _convert(path: Path, entry: Entry, kind, owner: type):
    if entry.node.tag == "tag:yaml.org,2002:null" or scalar(path, entry) in ("", "null", "~"):
        if "None" in str(kind):
            return None
        if owner is Colors:  # `accent: #1f3a5f` unquoted is a comment, so the value is null
            raise ContentError.at(
                path,
                entry.line,
                f"colour '{entry.key}' needs a value",
                f'write it in quotes, e.g. {entry.key}: "#1f3a5f"; an unquoted # starts a comment',
            )
        raise ContentError.at(path, entry.line, f"'{entry.key}' needs a value")
    text = scalar(path, entry)
    if kind is bool:
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise ContentError.at(path, entry.line, f"'{entry.key}' must be true or false, not '{text}'")
    if kind is float:
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 < value < 1000:
            raise ContentError.at(path, entry.line, f"'{entry.key}' must be a positive number, not '{text}'")
        least, most, unit = RANGES.get((owner, entry.key), (0, 1000, ""))
        if not least <= value <= most:
            message = f"'{entry.key}' must be between {least} and {most} {unit}, not '{text}'"
            raise ContentError.at(path, entry.line, message, "the default theme's values are a good start")
        return value
    if "Path" in str(kind):
        resolved = _asset(path, entry, text)
        _check_file(path, entry, resolved)
        return resolved
    if owner is FontFamily:
        _check_font(path, entry, text)
    if owner is Colors and not _HEX.fullmatch(text):
        raise ContentError.at(path, entry.line, f"colour '{entry.key}' must be #rrggbb, not '{text}'")
    if entry.key == "page_size" and text not in PAGE_SIZES:
        raise ContentError.at(path, entry.line, f"page_size must be one of {', '.join(PAGE_SIZES)}, not '{text}'")
    return text


def _asset(theme_file: Path, entry: Entry, name: str) -> Path:
    """The file `name` in the theme's folder or in assets/; never one outside them."""
    outside = None
    for folder in asset_folders(theme_file):
        try:
            candidate = (folder / name).resolve()
            found = candidate.is_file()
        except (OSError, RuntimeError, ValueError):  # names no file system accepts, link loops
            continue
        if found and candidate.is_relative_to(folder):
            return candidate
        outside = outside or (candidate if found else None)
    where = "put the file next to the theme file or into briefkit's assets/"
    if outside:
        message = f"'{entry.key}': file '{name}' lies outside the theme's folder and assets/"
        raise ContentError.at(theme_file, entry.line, message, where)
    raise ContentError.at(theme_file, entry.line, f"'{entry.key}': file '{name}' not found", where)


def asset_folders(theme_file: Path) -> tuple[Path, ...]:
    """The folders a theme's files may come from: its own folder, the project's assets/ and the
    assets bundled with briefkit."""
    return tuple(dict.fromkeys((theme_file.parent.resolve(), ASSETS_DIR.resolve(), BUNDLED_DIR.resolve())))


def _check_file(theme_file: Path, entry: Entry, file: Path) -> None:
    """A located error unless `file` is what key `entry` needs: a clean template, a sound image."""
    from .read.images import image_problem
    from .templates import TemplateError, clean_template

    if entry.key == "logo":
        found = image_problem(file)
        if found:
            raise ContentError.at(theme_file, entry.line, f"logo: {found[0]}", found[1])
    if entry.key == "pptx_template":
        try:
            clean_template(file)
        except TemplateError as error:
            raise ContentError.at(theme_file, entry.line, f"pptx_template: {error.message}", error.hint) from None


def _check_font(theme_file: Path, entry: Entry, name: str) -> None:
    from .fonts import font_problem

    found = font_problem(name)
    if found:
        raise ContentError.at(theme_file, entry.line, *found)


def template_warnings(theme: Theme) -> list[Problem]:
    """A warning naming what the theme's slide template carried and the deck leaves out."""
    from .templates import clean_template

    if theme.pptx_template is None:
        return []
    dropped = clean_template(theme.pptx_template).dropped
    if not dropped:
        return []
    source, line = _key_place(theme, "pptx_template")
    shown = ", ".join(dropped[:8]) + (f" and {len(dropped) - 8} more" if len(dropped) > 8 else "")
    message = f"the slide template's {shown} left out of the deck"
    return [Problem(source, line, message, "a template lends the deck its masters, layouts and theme only")]


def _key_place(theme: Theme, key: str) -> tuple[Path, int]:
    """The theme file and line that set top-level `key` (the last file setting it)."""
    for path in reversed(theme.files):
        entries = load_mapping(decode(path.read_bytes(), path), path, 1)
        if key in entries:
            return path, entries[key].line
    return theme.files[-1], 0


def _build(cls: type, values: dict, **extra):
    hints = get_type_hints(cls)
    kwargs = {}
    for field in dataclasses.fields(cls):
        if field.name in extra:
            kwargs[field.name] = extra[field.name]
        elif dataclasses.is_dataclass(hints[field.name]):
            kwargs[field.name] = _build(hints[field.name], values.get(field.name, {}))
        else:
            kwargs[field.name] = values[field.name]
    return cls(**kwargs)
