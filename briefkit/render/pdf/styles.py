"""The report's type and colour: a Theme in, registered fonts and reportlab paragraph styles out.

One `Styles` value holds everything the other PDF modules need to set text: the reportlab names
of the theme's three font families (registered here, so <b> and <i> map to the right files), the
font files used to check glyph coverage, the fallback fonts (registered on first use), colours,
and one ParagraphStyle per kind of text. Spacing follows one rhythm: multiples of the body leading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.fonts import addMapping, tt2ps
from reportlab.lib.styles import ParagraphStyle

from ... import fonts
from ...theme import Theme


@dataclass(frozen=True)
class Palette:
    text: Color
    muted: Color
    accent: Color
    accent_soft: Color
    rule: Color
    banner_fill: Color
    banner_text: Color


@dataclass(frozen=True)
class Styles:
    body_font: dict[str, str]  # style ('regular', 'bold', ...) -> reportlab font name
    heading_font: dict[str, str]
    mono_font: dict[str, str]
    files: dict[str, Path]  # role ('body', 'heading', 'mono') -> regular file, for glyph coverage
    faces: dict[str, dict[str, Path]]  # role -> style -> file, for measuring (briefkit.measure)
    colors: Palette
    small: float
    rhythm: float  # the body leading: vertical spacing is a multiple of it
    para: dict[str, ParagraphStyle]

    @staticmethod
    def fallback(path: Path) -> str:
        """The reportlab name of the fallback font file `path`, registered when text first needs it:
        parsing the fallback fonts up front cost about 0.1 s in every cold build, most of which
        never draw a character outside the theme fonts."""
        return _register_single(path)


def build_styles(theme: Theme) -> Styles:
    """Register the theme's fonts and derive every paragraph style; fallback fonts come later,
    when some text needs them (`Styles.fallback`)."""
    body = fonts.register_family(theme.fonts.body)
    heading = fonts.register_family(theme.fonts.heading)
    mono = fonts.register_family(theme.fonts.mono)
    palette = Palette(*(HexColor(getattr(theme.colors, name)) for name in Palette.__dataclass_fields__))
    faces = {
        role: fonts.family_files(family)
        for role, family in (("body", theme.fonts.body), ("heading", theme.fonts.heading), ("mono", theme.fonts.mono))
    }
    return Styles(
        body_font=body,
        heading_font=heading,
        mono_font=mono,
        files={role: files["regular"] for role, files in faces.items()},
        faces=faces,
        colors=palette,
        small=theme.sizes.small,
        rhythm=theme.sizes.leading,
        para=_paragraph_styles(theme, body, heading, mono, palette),
    )


@cache
def _register_single(path: Path) -> str:
    """A fallback font has one file: bold and italic runs inside it reuse that file, unless the
    font is also a theme family (DejaVu Sans), whose own bold and italic files then stay mapped."""
    name = fonts.register(path)
    for bold, italic in ((1, 0), (0, 1), (1, 1)):
        try:
            tt2ps(name, bold, italic)
        except ValueError:
            addMapping(name, bold, italic, name)
    return name


def _paragraph_styles(
    theme: Theme, body: dict[str, str], heading: dict[str, str], mono: dict[str, str], c: Palette
) -> dict[str, ParagraphStyle]:
    s = theme.sizes
    rhythm = s.leading
    base = ParagraphStyle(
        "body",
        fontName=body["regular"],
        fontSize=s.body,
        leading=s.leading,
        textColor=c.text,
        alignment=TA_JUSTIFY if theme.justify else TA_LEFT,
        spaceAfter=rhythm * 0.6,
        allowWidows=0,
        allowOrphans=0,
        # long words and URLs wrap at any character (reportlab's splitLongWords); its URL-aware
        # splitting (uriWasteReduce) is left off because it lets the rest of a long URL overrun the margin
        bulletFontName=body["regular"],
    )

    def derive(name: str, **changes) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    def head(name: str, size: float, color: Color, before: float, after: float) -> ParagraphStyle:
        return derive(
            name,
            fontName=heading["bold"],
            fontSize=size,
            leading=size * 1.25,
            textColor=color,
            alignment=TA_LEFT,
            spaceBefore=before,
            spaceAfter=after,
        )

    small_text = s.small + 1
    return {
        "body": base,
        "item": derive("item", spaceAfter=rhythm * 0.2, alignment=TA_LEFT),  # short lines: ragged reads better
        "quote": derive("quote", fontName=body["italic"], spaceAfter=rhythm * 0.3),
        "code": derive(
            "code",
            fontName=mono["regular"],
            fontSize=s.body * 0.85,
            leading=s.body * 0.85 * 1.35,
            alignment=TA_LEFT,
            backColor=c.accent_soft,
            borderPadding=(rhythm * 0.4, rhythm * 0.6),
            leftIndent=rhythm * 0.6,  # the tinted box, not the text, lines up with the column
            rightIndent=rhythm * 0.6,
            spaceBefore=rhythm * 0.6,
            spaceAfter=rhythm * 1.0,
        ),
        "h1": head("h1", s.h1, c.accent, rhythm * 1.6, rhythm * 0.6),
        "h2": head("h2", s.h2, c.text, rhythm * 1.1, rhythm * 0.4),
        "h3": head("h3", s.h3, c.text, rhythm * 0.6, rhythm * 0.2),
        "caption": derive(
            "caption",
            fontName=heading["regular"],
            fontSize=small_text,
            leading=small_text * 1.35,
            textColor=c.muted,
            alignment=TA_CENTER,
            spaceBefore=rhythm * 0.4,
            spaceAfter=rhythm * 1.0,
        ),
        "cell": derive(
            "cell", fontSize=small_text + 0.5, leading=(small_text + 0.5) * 1.3, alignment=TA_LEFT, spaceAfter=0
        ),
        "cell_head": derive(
            "cell_head",
            fontName=heading["bold"],
            fontSize=small_text + 0.5,
            leading=(small_text + 0.5) * 1.3,
            alignment=TA_LEFT,
            spaceAfter=0,
        ),
        "header": derive(
            "header",
            fontName=heading["regular"],
            fontSize=s.small + 0.5,
            leading=(s.small + 0.5) * 1.2,
            textColor=c.muted,
            alignment=TA_LEFT,
        ),
        "banner": derive(
            "banner",
            fontName=heading["bold"],
            fontSize=s.small + 0.5,
            leading=(s.small + 0.5) * 1.2,
            textColor=c.banner_text,
            alignment=TA_CENTER,
        ),
        "toc_title": head("toc_title", s.h1, c.accent, 0, rhythm),
        "toc1": derive(
            "toc1",
            fontName=heading["bold"],
            fontSize=s.body,
            leading=rhythm * 1.1,
            alignment=TA_LEFT,
            spaceBefore=rhythm * 0.5,
            spaceAfter=0,
        ),
        "toc2": derive(
            "toc2", fontSize=s.body, leading=rhythm * 1.1, leftIndent=rhythm * 1.2, alignment=TA_LEFT, spaceAfter=0
        ),
        "cover_title": head("cover_title", s.cover_title, c.accent, 0, rhythm),
        "cover_subtitle": derive(
            "cover_subtitle",
            fontName=heading["regular"],
            fontSize=s.h1,
            leading=s.h1 * 1.3,
            textColor=c.muted,
            alignment=TA_LEFT,
            spaceAfter=rhythm * 2,
        ),
        "cover_meta": derive(
            "cover_meta", fontSize=s.body + 1, leading=(s.body + 1) * 1.45, alignment=TA_LEFT, spaceAfter=0
        ),
    }
