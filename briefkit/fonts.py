"""Font files: theme font names in, file paths, reportlab registrations, faces and text widths out.

Widths, character maps and family names come from `fontcache`, which parses each file once per
machine; only the report, which embeds the fonts, registers them with reportlab, as fonts
rebuilt from that same parse.

Fonts are looked up in the project's assets/fonts/ first, then among the fonts bundled with
briefkit (briefkit/data/fonts/), then among the DejaVu fonts that ship inside matplotlib (found
without importing matplotlib, which is slow to import). Every renderer measures with these
same files, so the deck's line breaking matches what the fonts really draw.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import fontcache
from .fontcache import metrics
from .places import ASSETS_DIR, BUNDLED_DIR
from .theme import FontFamily

FONTS_DIR = ASSETS_DIR / "fonts"  # the project's own fonts
BUNDLED_FONTS_DIR = BUNDLED_DIR / "fonts"  # installed with the package
STYLES = ("regular", "bold", "italic", "bold_italic")


def bundled_font_dir() -> Path:
    """matplotlib's folder of DejaVu TrueType fonts."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; run: python -m pip install -e .")
    return Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"


def font_file(name: str) -> Path | None:
    """The file for a font named in a theme, or None when neither folder holds it.

    A name leading out of its folder (`../`, an absolute path) finds nothing there.
    """
    for folder in font_folders():
        try:
            candidate = (folder / name).resolve()
            found = candidate.is_file()
        except (OSError, RuntimeError, ValueError):
            continue
        if found and candidate.is_relative_to(folder):
            return candidate
    return None


def font_folders() -> tuple[Path, ...]:
    """The folders a theme's fonts may come from, in lookup order: the project's, briefkit's, matplotlib's."""
    return FONTS_DIR.resolve(), *_installed_font_folders()


@cache
def _installed_font_folders() -> tuple[Path, Path]:
    """briefkit's and matplotlib's font folders, resolved once: installed files do not move
    while a process runs (a build looks fonts up some 90 times, 0.3 ms each before)."""
    return BUNDLED_FONTS_DIR.resolve(), bundled_font_dir().resolve()


TRUETYPE = (b"\x00\x01\x00\x00", b"true")
REQUIRED_TABLES = (b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name")


def font_problem(name: str) -> tuple[str, str] | None:
    """(message, hint) saying why the font a theme names cannot be used, or None when it can.

    The file must lie in assets/fonts/ or matplotlib's fonts and be a whole TrueType font: its
    table directory is read (no font library needed), so a file cut short is found too.
    """
    path = font_file(name)
    if path is None:
        if any(_exists(folder / name) for folder in font_folders()):
            return f"font '{name}' lies outside assets/fonts/ and the bundled fonts", "name a file in assets/fonts/"
        return f"font '{name}' is in neither {FONTS_DIR} nor matplotlib's fonts", "put the font file into assets/fonts/"
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(12)
            tables = handle.read(16 * int.from_bytes(head[4:6], "big")) if len(head) == 12 else b""
    except OSError as exc:
        return f"font '{name}' cannot be read: {exc.strerror or exc}", "check the file"
    if head[:4] == b"OTTO":
        return (
            f"font '{name}' is an OpenType font with CFF outlines, which the report and the deck cannot embed",
            "use the TrueType (.ttf) version of the font",
        )
    if head[:4] == b"ttcf":
        return f"font '{name}' is a font collection (.ttc)", "extract the one font you need as a .ttf file"
    if head[:4] not in TRUETYPE:
        return f"font '{name}' is not a TrueType font", "name a .ttf file"
    found = {}
    for start in range(0, len(tables) - 15, 16):
        tag, offset, length = tables[start : start + 4], *struct.unpack(">II", tables[start + 8 : start + 16])
        found[tag] = offset + length
    if len(tables) < 16 * int.from_bytes(head[4:6], "big") or any(end > size for end in found.values()):
        return f"font '{name}' cannot be read: the file is cut short", "replace it by a whole copy of the font"
    missing = [tag.decode() for tag in REQUIRED_TABLES if tag not in found]
    if missing:
        return f"font '{name}' cannot be read: it lacks the {', '.join(missing)} tables", "name a complete .ttf file"
    return None


def _exists(path: Path) -> bool:
    try:
        return path.resolve().is_file()
    except (OSError, RuntimeError, ValueError):
        return False


def family_files(family: FontFamily) -> dict[str, Path]:
    """The four files of a family by style; a missing file raises FileNotFoundError naming it."""
    files = {}
    for style in STYLES:
        name = getattr(family, style)
        path = font_file(name)
        if path is None:
            raise FileNotFoundError(f"font '{name}' is in neither {FONTS_DIR}, briefkit's fonts nor matplotlib's")
        files[style] = path
    return files


@cache
def register(path: Path) -> str:
    """Register a TrueType file with reportlab once; returns the reportlab font name.

    The font is reportlab's `TTFont(name, path)` with its face rebuilt from the per-machine
    parse (`fontcache.truetype_face`): the same font, without parsing the file in every run.
    """
    from reportlab.pdfbase import pdfmetrics

    name = path.stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(truetype_font(name, path))
    return name


def truetype_font(name: str, path: Path):
    """reportlab's `TTFont(name, str(path))`, its face taken from `fontcache.truetype_face`.

    What `TTFont.__init__` sets besides its face is set here as it sets it (reportlab is pinned
    below 6 for this; a test holds the two fonts' attributes equal).
    """
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = fontcache.truetype_face(path)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


def family_name(path: Path) -> str:
    """The family name stored in a TrueType file, as presentation clients look fonts up."""
    return metrics(path).family


@dataclass(frozen=True)
class Face:
    """A registered font as CSS and SVG name it: its family, whether it is bold or italic (or
    oblique), and the generic family a viewer without it falls back to."""

    family: str
    bold: bool
    italic: bool
    generic: str


@cache
def face(name: str) -> Face:
    """The face of the font registered as `name` (see `register`), read from its file: the
    family it stores, its weight class (bold from 600 on), its slant and whether it is fixed-pitch."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import FF_FIXED, FF_FORCEBOLD, FF_ITALIC

    font = pdfmetrics.getFont(name).face
    family = family_name(Path(font.filename))
    serif = "Serif" in family and "Sans" not in family
    generic = "monospace" if font.flags & FF_FIXED else "serif" if serif else "sans-serif"
    return Face(family, bool(font.flags & FF_FORCEBOLD), bool(font.flags & FF_ITALIC), generic)


# Open fonts drawn with the same advance widths as fonts presenters' machines have (Windows,
# macOS, Office): a deck measured with the first names the second, so what fits here fits there.
# LibreOffice substitutes each back when the named font is missing.
METRIC_TWINS = {
    "Carlito": "Calibri",
    "Caladea": "Cambria",
    "Liberation Sans": "Arial",
    "Liberation Serif": "Times New Roman",
    "Liberation Mono": "Courier New",
}


def presented_name(path: Path) -> str:
    """The family a slide names for text measured with the font file `path`."""
    name = family_name(path)
    return METRIC_TWINS.get(name, name)


def register_family(family: FontFamily) -> dict[str, str]:
    """Register a family's four files and tie them together for <b>/<i> in paragraphs."""
    from reportlab.lib.fonts import addMapping

    names = {style: register(path) for style, path in family_files(family).items()}
    addMapping(names["regular"], 0, 0, names["regular"])
    addMapping(names["regular"], 1, 0, names["bold"])
    addMapping(names["regular"], 0, 1, names["italic"])
    addMapping(names["regular"], 1, 1, names["bold_italic"])
    return names


def text_width(text: str, path: Path, size: float) -> float:
    """Width in points of `text` set in the font file `path` at `size` points (`fontcache`)."""
    return fontcache.text_width(text, path, size)


# ---------------------------------------------------------------- glyph coverage

# TrueType files (reportlab and python-pptx cannot use CFF/OTF outlines) that draw what the theme
# fonts lack, tried in this order: DejaVu Sans (bundled; Arabic, Hebrew, symbols), Nanum Gothic
# (Debian fonts-nanum; Hangul), Droid Sans Fallback (Debian fonts-droid-fallback; Chinese, Japanese).
FALLBACK_FONTS = ("DejaVuSans.ttf", "NanumGothic.ttf", "DroidSansFallbackFull.ttf")
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


def coverage(path: Path) -> frozenset[int]:
    """The code points the TrueType file `path` maps to a glyph (`fontcache`)."""
    return metrics(path).codes


@cache
def fallback_files() -> tuple[Path, ...]:
    """The fallback fonts present on this machine, in FALLBACK_FONTS order."""
    found = []
    for name in FALLBACK_FONTS:
        path = font_file(name) or next(
            (hit for folder in SYSTEM_FONT_DIRS if folder.is_dir() for hit in sorted(folder.rglob(name))), None
        )
        if path is not None:
            found.append(path)
    return tuple(found)


@cache
def drawable(path: Path) -> frozenset[str]:
    """The characters the TrueType file `path` draws, whitespace included (it needs no glyph).

    A set of characters, so a whole string is checked at once (`drawable(path).issuperset(text)`)
    instead of character by character: most text lies wholly in the theme font.
    """
    return frozenset(map(chr, coverage(path))) | _WHITESPACE


# every character str.isspace() accepts lies below U+3001 (U+3000, the ideographic space, is the last)
_WHITESPACE = frozenset(char for char in map(chr, range(0x3001)) if char.isspace())


def font_runs(text: str, primary: Path) -> list[tuple[str, Path | None]]:
    """`text` cut into runs by the font that draws them.

    Each run is (text, font): font is None where the primary font draws the text (whitespace
    counts as drawable) and also where no installed font can, so the character stays in the text
    layer; callers report those with `uncovered`. Otherwise font is the first fallback that draws it.
    """
    covered = drawable(primary)
    if covered.issuperset(text):
        return [(text, None)] if text else []
    runs: list[tuple[str, Path | None]] = []
    for char in text:
        font = None if char in covered else next((p for p in fallback_files() if char in drawable(p)), None)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + char, font)
        else:
            runs.append((char, font))
    return runs


def uncovered(text: str, fonts: tuple[Path, ...]) -> str:
    """The distinct characters of `text` that none of `fonts` draws, in order of first appearance."""
    missing = set(text).difference(*map(drawable, fonts))
    return "".join(char for char in dict.fromkeys(text) if char in missing) if missing else ""
