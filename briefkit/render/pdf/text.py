"""Model text to reportlab paragraph markup, safely.

In: inline runs or plain strings from the document model, the line they came from and the role
of the font that will set them ('body', 'heading', 'mono'). Out: a markup string for a reportlab
Paragraph in which every content character is escaped (so `<b>` or `R&D` print literally),
runs the role's font cannot draw are wrapped in a fallback <font>, and links are clickable:
external ones open their address, `#anchor` ones go to the heading's destination
(`anchor_name`), footnote citations to their note at the foot of the page. Inline images are
drawn at their own size, at most a little taller than the text. Characters outside the theme
fonts are collected per source line and reported as warnings once
the whole document has been converted.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import unicodedata
import weakref
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ... import fonts
from ...errors import Warnings
from ...model import (
    Code,
    Emphasis,
    Highlight,
    Inline,
    InlineImage,
    InternalLink,
    LineBreak,
    Link,
    NoteRef,
    Strike,
    Strong,
    Subscript,
    Superscript,
    TaskBox,
    Text,
    Underline,
)
from .notes import note_name
from .styles import Styles

_RTL = {"R", "AL"}
_SIMPLE_TAGS = {Strong: "b", Emphasis: "i", Strike: "strike", Underline: "u", Subscript: "sub", Superscript: "super"}
INLINE_IMAGE_HEIGHT = 1.6  # an inline image is at most this many times the font size tall
INLINE_IMAGE_WIDTH = 240.0  # and at most this wide, in points, so it fits any column
INLINE_SVG_SCALE = 4.0  # pixels a point of an inline SVG image's rendering
_FALLBACK_PACKAGES = "fonts-nanum fonts-droid-fallback"


class Markup:
    """Converts model text to paragraph markup for one document and remembers what it could not draw."""

    def __init__(self, styles: Styles, path: Path) -> None:
        self._styles = styles
        self._path = path
        self._missing: dict[int, str] = {}  # source line -> characters outside the theme fonts
        self._renderings: Path | None = None  # the folder of inline SVG images' PNG renderings

    def inlines(self, inlines: tuple[Inline, ...], line: int, role: str = "body") -> str:
        """Markup for a run of inlines set in the `role` font family."""
        return "".join(self._inline(node, line, role) for node in inlines)

    def text(self, text: str, line: int, role: str = "body") -> str:
        """Markup for plain text: escaped, with fallback fonts where the role font lacks glyphs."""
        primary = self._styles.files[role]
        parts = []
        for run, font in fonts.font_runs(text, primary):
            if font is None:
                parts.append(escape(run))
            else:
                parts.append(f'<font name="{self._styles.fallback(font)}">{escape(run)}</font>')
        missing = fonts.uncovered(text, (primary,))
        if missing:
            self._missing[line] = "".join(dict.fromkeys(self._missing.get(line, "") + missing))
        return "".join(parts)

    def report(self, warnings: Warnings) -> None:
        """Add one warning per source line whose characters the theme fonts cannot draw."""
        for line in sorted(self._missing):
            chars = self._missing[line]
            nowhere = fonts.uncovered(chars, fonts.fallback_files())
            fallback = "".join(char for char in chars if char not in nowhere)
            if fallback:
                warnings.add(
                    self._path,
                    line,
                    f"characters not in the theme fonts, drawn with a fallback font: {_describe(fallback)}",
                )
            if nowhere:
                warnings.add(
                    self._path,
                    line,
                    f"no installed font can draw {_describe(nowhere)}; the PDF shows empty boxes",
                    f"write symbols and emoji as words; for Korean, Chinese and Japanese install TrueType fonts "
                    f"(Debian: {_FALLBACK_PACKAGES})",
                )
            if any(unicodedata.bidirectional(char) in _RTL for char in chars):
                warnings.add(self._path, line, "right-to-left text is set left to right, without shaping")
        self._missing.clear()

    def _inline(self, node: Inline, line: int, role: str) -> str:
        if isinstance(node, Text):
            return self.text(node.text, line, role)
        if isinstance(node, TaskBox):  # the sans family has the ballot boxes that serif faces lack
            heading = self._styles.heading_font["regular"]
            return f'<font name="{heading}">{self.text(node.text, line, "heading")}</font>'
        tag = _SIMPLE_TAGS.get(type(node))
        if tag:
            return f"<{tag}>{self.inlines(node.children, line, role)}</{tag}>"
        if isinstance(node, Highlight):
            color = self._styles.colors.accent_soft.hexval().replace("0x", "#")
            return f'<span backColor="{color}">{self.inlines(node.children, line, role)}</span>'
        if isinstance(node, InternalLink):
            label = self.inlines(node.children, line, role)
            color = self._styles.colors.accent.hexval().replace("0x", "#")
            return f'<a href={quoteattr("#" + anchor_name(node.anchor))} color="{color}">{label}</a>'
        if isinstance(node, NoteRef):
            color = self._styles.colors.accent.hexval().replace("0x", "#")
            mark = self.text(node.mark, line, role)
            return f'<a href={quoteattr("#" + note_name(node.number))} color="{color}">{mark}</a>'
        if isinstance(node, InlineImage):
            return self._image(node, line, role)
        if isinstance(node, Code):
            mono = self._styles.mono_font["regular"]
            return f'<font name="{mono}">{self.text(node.text, line, "mono")}</font>'
        if isinstance(node, Link):
            label = self.inlines(node.children, line, role)
            color = self._styles.colors.accent.hexval().replace("0x", "#")
            return f'<link href={quoteattr(node.url)} color="{color}"><u>{label}</u></link>'
        if isinstance(node, LineBreak):
            return "<br/>"
        raise TypeError(f"unknown inline {node!r}")

    def _svg_png(self, path: Path) -> tuple[str, tuple[float, float]]:
        """The file of a PNG rendering of an SVG image, named by its content, and its size in points."""
        from ...read.svg import svg_drawing, svg_png

        drawing = svg_drawing(path)
        png = svg_png(path, INLINE_SVG_SCALE)
        if self._renderings is None:  # removed with this converter, or when the process ends
            self._renderings = Path(tempfile.mkdtemp(prefix="briefkit-"))
            weakref.finalize(self, shutil.rmtree, self._renderings, True)
        target = self._renderings / f"{hashlib.sha256(png).hexdigest()[:24]}.png"
        if not target.exists():
            target.write_bytes(png)
        return str(target), (drawing.width, drawing.height)

    def _image(self, node: InlineImage, line: int, role: str) -> str:
        """An inline image at its own size (a pixel a point), no taller than INLINE_IMAGE_HEIGHT
        times the text; its caption where it cannot be drawn (remote). A paragraph holds only
        raster image files, so an SVG one is rendered at INLINE_SVG_SCALE pixels a point into a
        private temporary folder, read from there when the paragraph is made and removed with
        this converter."""
        from ...read.svg import is_svg

        if node.path is None:
            return self.text(node.caption, line, role) if node.caption else ""
        if is_svg(node.path):
            source, (width, height) = self._svg_png(node.path)
        else:
            from reportlab.lib.utils import ImageReader

            source = str(node.path)
            width, height = ImageReader(source).getSize()
        limit = self._styles.para["body"].fontSize * INLINE_IMAGE_HEIGHT
        scale = min(1.0, limit / height, INLINE_IMAGE_WIDTH / width)
        return (
            f'<img src={quoteattr(source)} width="{width * scale:.2f}" height="{height * scale:.2f}" valign="middle"/>'
        )


def anchor_name(anchor: str) -> str:
    """The PDF destination name of a heading's anchor."""
    return "anchor-" + anchor


def _describe(chars: str) -> str:
    """'한 (U+D55C), 😀 (U+1F600)': each character with its code point, at most twelve."""
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in chars[:12])
    return shown + (f" and {len(chars) - 12} more" if len(chars) > 12 else "")
