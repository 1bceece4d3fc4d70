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
import re
import shutil
import tempfile
import unicodedata
import weakref
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ... import fonts, measure
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
_BREAKS = re.compile("[\t\n\r]")  # white space a paragraph sets as a space
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

    def _source(self, path: Path) -> str:
        """The file a paragraph reads for the inline picture at `path`: the file itself when it can
        be drawn as it is, else a rendering in a private temporary folder named by its content
        (an SVG's PNG, a turned photograph upright: `read.images.drawable`)."""
        from ...read.images import drawable
        from ...read.svg import is_svg, svg_png

        if is_svg(path):
            data = svg_png(path, INLINE_SVG_SCALE)
        else:
            found = drawable(path)
            if isinstance(found, str):
                return found
            data = found.getvalue()
        if self._renderings is None:  # removed with this converter, or when the process ends
            self._renderings = Path(tempfile.mkdtemp(prefix="briefkit-"))
            weakref.finalize(self, shutil.rmtree, self._renderings, True)
        suffix = ".jpg" if data.startswith(b"\xff\xd8") else ".png"
        target = self._renderings / f"{hashlib.sha256(data).hexdigest()[:24]}{suffix}"
        if not target.exists():
            target.write_bytes(data)
        return str(target)

    def _image(self, node: InlineImage, line: int, role: str) -> str:
        """An inline image at its own size (a pixel a point), upright, no taller than
        INLINE_IMAGE_HEIGHT times the text; its caption where it cannot be drawn (remote). A
        paragraph holds only raster image files, so an SVG one is rendered at INLINE_SVG_SCALE
        pixels a point (see `_source`)."""
        size = inline_image_size(node, self._styles.para["body"].fontSize)
        if size is None:
            return self.text(node.caption, line, role) if node.caption else ""
        source = self._source(node.path)
        return f'<img src={quoteattr(source)} width="{size[0]:.2f}" height="{size[1]:.2f}" valign="middle"/>'


def inline_image_size(node: InlineImage, text_size: float) -> tuple[float, float] | None:
    """The size an inline image is drawn at beside `text_size` text (upright, a pixel a point),
    or None where its caption stands in for it (a remote image)."""
    from ...read.images import natural_size

    if node.path is None:
        return None
    width, height = natural_size(node.path)
    scale = min(1.0, text_size * INLINE_IMAGE_HEIGHT / height, INLINE_IMAGE_WIDTH / width)
    return width * scale, height * scale


@dataclass(frozen=True)
class Run:
    """A piece of text and the face file that sets it (fallbacks are measured by
    briefkit.measure); an inline image is a run without text, `width` points wide; a hard line
    break a run of "\\n"."""

    text: str
    font: Path
    width: float = 0.0


def runs(
    inlines: tuple[Inline, ...], faces: dict[str, dict[str, Path]], text_size: float, role: str = "body",
    bold: bool = False,
) -> tuple[Run, ...]:  # fmt: skip
    """Model inlines as the runs `Markup.inlines` sets them in: each text in the (bold, italic)
    face of its role's family (code in the mono family, task boxes in the heading family)."""
    out: list[Run] = []

    def walk(nodes: tuple[Inline, ...], role: str, bold: bool, italic: bool) -> None:
        for node in nodes:
            font = measure.face(faces[role], bold, italic)
            if isinstance(node, Text):
                out.append(Run(_BREAKS.sub(" ", node.text), font))
            elif isinstance(node, TaskBox):
                out.append(Run(node.text, measure.face(faces["heading"], bold, italic)))
            elif isinstance(node, Code):
                out.append(Run(node.text, measure.face(faces["mono"], bold, italic)))
            elif isinstance(node, NoteRef):
                out.append(Run(node.mark, font))
            elif isinstance(node, LineBreak):
                out.append(Run("\n", font))
            elif isinstance(node, InlineImage):
                size = inline_image_size(node, text_size)
                out.append(Run("", font, size[0]) if size else Run(node.caption, font))
            elif hasattr(node, "children"):  # links and styles: Strong and Emphasis change the face
                walk(node.children, role, bold or isinstance(node, Strong), italic or isinstance(node, Emphasis))
            else:
                raise TypeError(f"unknown inline {node!r}")

    walk(inlines, role, bold, False)
    return tuple(out)


def anchor_name(anchor: str) -> str:
    """The PDF destination name of a heading's anchor."""
    return "anchor-" + anchor


def _describe(chars: str) -> str:
    """'한 (U+D55C), 😀 (U+1F600)': each character with its code point, at most twelve."""
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in chars[:12])
    return shown + (f" and {len(chars) - 12} more" if len(chars) > 12 else "")
