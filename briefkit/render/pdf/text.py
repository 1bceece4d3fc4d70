"""Model text to reportlab paragraph markup, safely.

In: inline runs or plain strings from the document model, the line they came from and the role
of the font that will set them ('body', 'heading', 'mono'). Out: a markup string for a reportlab
Paragraph in which every content character is escaped (so `<b>` or `R&D` print literally),
runs the role's font cannot draw are wrapped in a fallback <font>, and links are clickable.
Characters outside the theme fonts are collected per source line and reported as warnings once
the whole document has been converted.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ... import fonts
from ...errors import Warnings
from ...model import Code, Emphasis, Inline, LineBreak, Link, Strong, Text
from .styles import Styles

_RTL = {"R", "AL"}
_FALLBACK_PACKAGES = "fonts-nanum fonts-droid-fallback"


class Markup:
    """Converts model text to paragraph markup for one document and remembers what it could not draw."""

    def __init__(self, styles: Styles, path: Path) -> None:
        self._styles = styles
        self._path = path
        self._missing: dict[int, str] = {}  # source line -> characters outside the theme fonts

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
        if isinstance(node, Strong):
            return f"<b>{self.inlines(node.children, line, role)}</b>"
        if isinstance(node, Emphasis):
            return f"<i>{self.inlines(node.children, line, role)}</i>"
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


def _describe(chars: str) -> str:
    """'한 (U+D55C), 😀 (U+1F600)': each character with its code point, at most twelve."""
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in chars[:12])
    return shown + (f" and {len(chars) - 12} more" if len(chars) > 12 else "")
