"""Font metrics kept per machine: a TrueType file in, what measuring needs of it out.

Measuring (the deck, diagram and chart labels, the slide run writer) needs four things of a
font: the advance width of each code point, the width of a missing glyph, the code points the
font maps and its family name. reportlab parses the whole file for them, about 10 ms per file in
every run; here they are parsed once and kept in a small file named by the hash of the
font file's bytes, so a changed font is parsed afresh and an unchanged one is never parsed
again. Which hash a file has is remembered by its path, size, modification time and inode, so a
file is read and hashed again only when one of these changes.

The folder is $BRIEFKIT_CACHE_DIR, else $XDG_CACHE_HOME/briefkit, else ~/.cache/briefkit. Files
are written whole or not at all (a temporary file renamed over), a file that cannot be read or
does not describe the font it is named after is parsed again and rewritten, and a folder that
cannot be written leaves measuring as it was, only slower. The widths are reportlab's own, so
what is measured here is what the report, the deck and the figures were always measured with.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FORMAT = 1  # bumped whenever what a metrics file holds changes
LAYOUT = f"{sys.byteorder} I{array('I').itemsize}"  # how this machine stores the arrays
_CODE, _WIDTH = array("I").itemsize, array("d").itemsize
CACHE_ENV = "BRIEFKIT_CACHE_DIR"


@dataclass(frozen=True, eq=False)
class FontMetrics:
    """What measuring needs of one TrueType file, as reportlab reads it.

    `widths` maps code points to advance widths in thousandths of the font size (reportlab's
    `charWidths`), `default_width` is that of a code point the font lacks, `codes` the code
    points the font maps to a glyph (its character map) and `family` the family name it stores.
    """

    family: str
    default_width: float
    widths: dict[int, float]
    codes: frozenset[int]

    @property
    def charWidths(self) -> dict[int, float]:  # the names reportlab's width function reads
        return self.widths

    @property
    def defaultWidth(self) -> float:
        return self.default_width


class _Measured:
    """What reportlab's width function takes for a font: something with a `face`."""

    __slots__ = ("face",)

    def __init__(self, face: FontMetrics):
        self.face = face


def cache_dir() -> Path:
    """The folder font metrics are kept in (it may not exist yet)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefkit"


@cache
def metrics(path: Path) -> FontMetrics:
    """The metrics of the TrueType file `path`: from the cache when it holds them, else parsed
    (and then kept). Raises what reportlab raises for a file it cannot parse."""
    folder = cache_dir() / "fonts"
    digest = content_hash(path, folder)
    stored = folder / f"{digest}.metrics"
    found = _load(stored, digest)
    if found is not None:
        return found
    parsed = parse(path)
    _write(stored, _dumps(parsed, digest))
    return parsed


@cache
def measurer(path: Path) -> _Measured:
    """The font `path` as reportlab's width function takes it (see `text_width`)."""
    return _Measured(metrics(path))


def text_width(text: str, path: Path, size: float) -> float:
    """Width in points of `text` set in the TrueType file `path` at `size` points.

    Summed by reportlab's own function (`instanceStringWidthTTF`, C or Python), so the result is
    the same float reportlab's `stringWidth` gives for the registered font.
    """
    from reportlab.lib.rl_accel import instanceStringWidthTTF

    return instanceStringWidthTTF(measurer(path), text, size)


def parse(path: Path) -> FontMetrics:
    """The metrics of `path`, parsed by reportlab as `TTFont` parses a font it registers."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(path), validate=0)
    name = face.familyName
    family = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
    return FontMetrics(family, face.defaultWidth, dict(face.charWidths), frozenset(face.charToGlyph))


def content_hash(path: Path, folder: Path) -> str:
    """The SHA-256 of the file `path`'s bytes, remembered in `folder` by the file's path, size,
    modification time and inode: read and hashed again only when one of them has changed."""
    stat = path.stat()
    seen = [str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino]
    note = folder / "seen" / f"{hashlib.sha256(str(path).encode()).hexdigest()[:32]}.json"
    try:
        remembered = json.loads(note.read_bytes())
        if remembered[:4] == seen and isinstance(remembered[4], str) and len(remembered[4]) == 64:
            return remembered[4]
    except (OSError, ValueError, TypeError, IndexError, KeyError):
        pass
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while piece := handle.read(1 << 20):
            digest.update(piece)
    _write(note, json.dumps([*seen, digest.hexdigest()]).encode())
    return digest.hexdigest()


def _dumps(found: FontMetrics, digest: str) -> bytes:
    """A metrics file: a JSON header line, then the code points with widths (uint32), their
    widths (float64, exactly reportlab's) and the mapped code points (uint32), laid out as
    this machine stores them (`LAYOUT`)."""
    coded = sorted(found.widths)
    payload = b"".join(
        (
            array("I", coded).tobytes(),
            array("d", [found.widths[code] for code in coded]).tobytes(),
            array("I", sorted(found.codes)).tobytes(),
        )
    )
    header = {
        "format": FORMAT,
        "sha256": digest,
        "layout": LAYOUT,
        "family": found.family,
        "default_width": found.default_width,
        "widths": len(coded),
        "codes": len(found.codes),
        "check": hashlib.blake2b(payload, digest_size=16).hexdigest(),
    }
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + payload


def _load(stored: Path, digest: str) -> FontMetrics | None:
    """The metrics in the file `stored`, or None when it is missing, damaged, written by another
    version or in another `LAYOUT`, or not the metrics of the font whose hash is `digest`."""
    try:
        data = stored.read_bytes()
        line, payload = data.split(b"\n", 1)
        header = json.loads(line)
        widths, codes = header["widths"], header["codes"]
        if (
            header["format"] != FORMAT
            or header["sha256"] != digest
            or header["layout"] != LAYOUT
            or not isinstance(header["family"], str)
            or not isinstance(header["default_width"], float)
            or not isinstance(widths, int)
            or not isinstance(codes, int)
            or len(payload) != (_CODE + _WIDTH) * widths + _CODE * codes
            or hashlib.blake2b(payload, digest_size=16).hexdigest() != header["check"]
        ):
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    coded, values, mapped = array("I"), array("d"), array("I")
    middle, end = _CODE * widths, (_CODE + _WIDTH) * widths
    coded.frombytes(payload[:middle])
    values.frombytes(payload[middle:end])
    mapped.frombytes(payload[end:])
    widths_of = dict(zip(coded, values, strict=True))
    return FontMetrics(header["family"], header["default_width"], widths_of, frozenset(mapped))


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; a folder that cannot be written is passed by."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(name, path)
        except BaseException:
            os.unlink(name)
            raise
    except OSError:
        pass
