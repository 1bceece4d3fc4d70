"""Font files parsed once per machine: a TrueType file in, what reportlab reads of it out.

reportlab parses the whole file whenever a font is registered or measured, about 10 ms per file
in every run (a theme has twelve, a script fallback several thousand glyphs more). Here each
file is parsed once by reportlab itself and what the parse found (the attributes its
`TTFontFile.extractInfo` sets: names, metrics, flags, the character map, widths, horizontal
metrics and glyph offsets) is kept in a small file named by the hash of the font file's bytes,
so a changed font is parsed afresh and an unchanged one is never parsed again. Which hash a
file has is remembered by its path, size, modification time and inode, so a file is read and
hashed again only when one of these changes.

Two readers share that file: `metrics`, what measuring needs (the deck, diagram and chart
labels, the slide run writer: widths, the missing glyph's width, the mapped code points and the
family name), and `parsed_state`, everything, from which `truetype.cached_font` rebuilds the
font the report registers and embeds.

The folder is $BRIEFKIT_CACHE_DIR, else $XDG_CACHE_HOME/briefkit, else ~/.cache/briefkit. Files
are written whole or not at all (a temporary file renamed over), a file that cannot be read, was
written by another reportlab or does not describe the font it is named after is parsed again
and rewritten, and a folder that cannot be written leaves everything as it was, only slower.
Nothing is unpickled: the file is a JSON header and arrays of numbers.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import tempfile
from array import array
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

FORMAT = 2  # bumped whenever what a cached parse holds changes
LAYOUT = f"{sys.byteorder} I{array('I').itemsize} d{array('d').itemsize}"  # how this machine stores the arrays
CACHE_ENV = "BRIEFKIT_CACHE_DIR"
SUFFIX = ".font"
# The file's bytes and the scale function: set again by whoever rebuilds a font.
TRANSIENT = frozenset({"_ttf_data", "_pdfScale"})


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
    """The metrics of the TrueType file `path`, from its cached parse (parsed and kept first when
    the cache lacks it). Raises what reportlab raises for a file it cannot parse."""
    record = _record(path)
    if record is None:
        return parse(path)
    fields = record.fields(names=str)  # reportlab's name type is not needed (nor imported) to measure
    widths = dict(zip(record.array("charWidths.keys"), record.array("charWidths.values"), strict=True))
    codes = frozenset(record.array("charToGlyph.keys"))
    return FontMetrics(_text(fields["familyName"]), fields["defaultWidth"], widths, codes)


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


def truetype_face(path: Path):
    """reportlab's `TTFontFace` of `path`, as `TTFontFace(str(path))` makes it, with what its
    parse finds taken from the cache: only the file's bytes and table directory are read, and
    each large table (character map, widths, glyph offsets...) is built when first read, so a
    registered font the report never sets costs next to nothing. Each call gives a face of its
    own (shaping adds to a face's character map)."""
    record = _record(path)
    if record is None:
        from reportlab.pdfbase.ttfonts import TTFontFace

        return TTFontFace(str(path))
    face = _bare_face(path, _cached_face_type())
    face.__dict__.update(record.fields())
    face._pdfScale = _scale(face.unitsPerEm)
    face._unread = dict.fromkeys(record.tables(), record)
    return face


@cache
def _cached_face_type() -> type:
    """A `TTFontFace` whose large tables are read from its record (`_unread`) when first used."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):
        def __getattr__(self, name: str):  # only for names not set yet
            unread = self.__dict__.get("_unread")
            if not unread or name not in unread:
                raise AttributeError(name)
            value = self.__dict__[name] = unread.pop(name).table(name)
            if not unread:
                del self._unread
            return value

    return CachedFace


def parse(path: Path) -> FontMetrics:
    """The metrics of `path` from a fresh parse by reportlab, as `TTFont` parses a font it registers."""
    state = parse_state(path)
    widths, codes = dict(state["charWidths"]), frozenset(state["charToGlyph"])
    return FontMetrics(_text(state["familyName"]), state["defaultWidth"], widths, codes)


def parse_state(path: Path) -> dict[str, object]:
    """What reportlab's parse of `path` sets on a face beyond what reading its table directory
    sets (the attributes `TTFontFile.extractInfo` sets), by attribute name; TRANSIENT ones left out."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    parsed, bare = vars(TTFontFace(str(path))), vars(_bare_face(path))
    return {
        name: value
        for name, value in parsed.items()
        if name not in TRANSIENT and (name not in bare or bare[name] != value)
    }


def _bare_face(path: Path, kind: type | None = None):
    """A `TTFontFace` (or a `kind` of it) of `path` as far as its constructor gets before the
    parse: the file's bytes, header and table directory read."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace, TTFontParser

    kind = kind or TTFontFace
    face = kind.__new__(kind)
    pdfmetrics.TypeFace.__init__(face, None)
    TTFontParser.__init__(face, str(path), validate=0)
    return face


def _scale(units_per_em: int):
    """The function reportlab's parse sets as `_pdfScale`: font units to thousandths of the size."""
    if units_per_em == 1000:
        return lambda x: x
    per_unit = 1000 / units_per_em
    return lambda x: x * per_unit


def _text(name: object) -> str:
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


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


@cache
def _record(path: Path) -> _Record | None:
    """The cached parse of `path`: read from the cache, else parsed, kept and read back from
    what was kept (so a first run rebuilds fonts as every later one does), once a process (the
    metrics and the report's font share it). None when the parse holds something the file
    cannot store, which leaves `path` parsed on every use."""
    folder = cache_dir() / "fonts"
    digest = content_hash(path, folder)
    stored = folder / f"{digest}{SUFFIX}"
    try:
        return _Record.read(stored.read_bytes(), digest)
    except (OSError, ValueError, TypeError, KeyError, IndexError, OverflowError):
        pass
    try:
        data = _dumps(parse_state(path), digest)
    except _Unstorable:
        return None
    _write(stored, data)
    return _Record.read(data, digest)


class _Unstorable(Exception):
    """A parse holds a value the cache file has no form for."""


@dataclass(frozen=True)
class _Record:
    """A cached parse read back: the small attributes as JSON, the large ones as arrays of
    numbers in `payload`, each `parts` entry a (type code, offset, count) of one array."""

    header: dict
    payload: bytes

    @classmethod
    def read(cls, data: bytes, digest: str) -> _Record:
        """The record in `data`; raises ValueError when it is damaged, of another format, layout
        or reportlab, or not the parse of the font whose hash is `digest`."""
        from reportlab import Version

        line, payload = data.split(b"\n", 1)
        header = json.loads(line)
        if (
            header["format"] != FORMAT
            or header["sha256"] != digest
            or header["layout"] != LAYOUT
            or header["reportlab"] != Version
            or not isinstance(header["fields"], dict)
            or not isinstance(header["arrays"], dict)
            or hashlib.blake2b(payload, digest_size=16).hexdigest() != header["check"]
        ):
            raise ValueError("not this font's parse")
        for kind, parts in header["arrays"].values():
            if kind not in PARTS or len(parts) != len(PARTS[kind]):
                raise ValueError("an array of no known kind")
            for code, offset, count, whole in parts:
                if code not in ARRAY_CODES or type(offset) is not int or type(count) is not int:
                    raise ValueError("an array of no known type")
                if any(type(end) is not int or not 0 <= start < end <= count for start, end in whole):
                    raise ValueError("a run of integers out of its array")
                if not 0 <= offset <= offset + count * array(code).itemsize <= len(payload):
                    raise ValueError("an array out of its file")
            if kind in ("map", "pairs", "lists") and parts[0][2] != parts[1][2]:
                raise ValueError("columns of unequal lengths")
        record = cls(header, payload)
        for name, (kind, parts) in header["arrays"].items():
            if kind == "lists" and sum(record.array(name, 1)) != parts[2][2]:
                raise ValueError("lists of other lengths than their counts")
        record.fields(names=str)  # a field of no known form raises here
        return record

    def fields(self, names=None) -> dict[str, object]:
        """The small attributes, names made by `names` from their text (reportlab's TTFNameBytes
        when None)."""
        if names is None:
            from reportlab.pdfbase.ttfonts import TTFNameBytes

            def names(text: str) -> bytes:
                return TTFNameBytes(text.encode("utf-8"))

        return {name: _from_json(value, names) for name, value in self.header["fields"].items()}

    def array(self, name: str, part: int | None = None) -> array | list:
        """Part `part` of the array kept for the attribute `name` ("charWidths.values": part 1):
        an array, or a list where integers stand among floats."""
        if part is None:
            name, label = name.split(".")
            part = PARTS[self.header["arrays"][name][0]].index(label)
        code, offset, count, whole = self.header["arrays"][name][1][part]
        found = array(code)
        found.frombytes(self.payload[offset : offset + count * found.itemsize])
        if not whole:
            return found
        numbers = found.tolist()
        for start, end in whole:
            numbers[start:end] = map(int, numbers[start:end])
        return numbers

    def tables(self) -> tuple[str, ...]:
        """The names of the attributes kept as arrays."""
        return tuple(self.header["arrays"])

    def table(self, name: str) -> object:
        """The attribute `name` kept as arrays, in new objects of the types reportlab's parse made."""
        kind, parts = self.header["arrays"][name]
        columns = [_listed(self.array(name, part)) for part in range(len(parts))]
        if kind == "map":
            return dict(zip(*columns, strict=True))
        if kind == "lists":
            keys, counts, items = columns
            starts = list(accumulate(counts, initial=0))
            return dict(zip(keys, map(items.__getitem__, map(slice, starts, starts[1:])), strict=False))
        if kind == "pairs":
            return list(zip(*columns, strict=True))
        return columns[0]


def _listed(numbers: array | list) -> list:
    return numbers.tolist() if isinstance(numbers, array) else numbers


# How the large attributes are kept: the arrays of each kind, in order.
PARTS = {
    "map": ("keys", "values"),
    "lists": ("keys", "counts", "items"),
    "pairs": ("first", "second"),
    "list": ("items",),
}
ARRAY_CODES = ("I", "q", "d")


def _dumps(state: dict[str, object], digest: str) -> bytes:
    """A cache file of the parse `state`: a JSON header line, then the arrays of its large
    attributes (integers as uint32 or int64, floats as float64, exactly reportlab's) laid out as
    this machine stores them (`LAYOUT`). Raises _Unstorable for a value it has no form for."""
    from reportlab import Version

    fields, arrays, chunks, offset = {}, {}, [], 0
    for name, value in state.items():
        kind_columns = _as_arrays(value)
        if kind_columns is None:
            fields[name] = _to_json(value)
            continue
        kind, columns = kind_columns
        parts = []
        for column in columns:
            packed, whole = _packed(column)
            parts.append([packed.typecode, offset, len(packed), whole])
            chunk = packed.tobytes()
            chunks.append(chunk)
            offset += len(chunk)
        arrays[name] = [kind, parts]
    payload = b"".join(chunks)
    header = {
        "format": FORMAT,
        "reportlab": Version,
        "sha256": digest,
        "layout": LAYOUT,
        "fields": fields,
        "arrays": arrays,
        "check": hashlib.blake2b(payload, digest_size=16).hexdigest(),
    }
    return json.dumps(header, separators=(",", ":"), allow_nan=False).encode() + b"\n" + payload


def _as_arrays(value: object) -> tuple[str, list[list]] | None:
    """(kind, columns) for a large attribute kept as arrays: a dict of integers to numbers or to
    lists of numbers, a list of number pairs or of numbers; None for any other value."""
    if isinstance(value, dict) and value and all(type(key) is int for key in value):
        if all(type(item) is list for item in value.values()):
            items = [item for items in value.values() for item in items]
            return "lists", [list(value), [len(items) for items in value.values()], items]
        return "map", [list(value), list(value.values())]
    if type(value) is list and len(value) > 8:
        if all(type(item) is tuple and len(item) == 2 for item in value):
            return "pairs", [[first for first, _ in value], [second for _, second in value]]
        return "list", [value]
    return None


def _packed(numbers: list) -> tuple[array, list[list[int]]]:
    """`numbers` as an array, with the [start, end) runs of integers among floats: all integers
    (uint32 where they fit, else int64), else float64 with those runs (reportlab's horizontal
    metrics hold the font's integer widths, then the last of them scaled, as floats)."""
    kinds = {type(number) for number in numbers}
    if kinds <= {int}:
        for code in ("I", "q"):
            try:
                return array(code, numbers), []
            except OverflowError:
                pass
        raise _Unstorable("an integer beyond 64 bits")
    if not kinds <= {int, float} or any(type(number) is int and abs(number) > 2**53 for number in numbers):
        raise _Unstorable("numbers a float cannot hold")
    whole, start = [], None
    for place, number in enumerate([*numbers, 0.0]):
        if type(number) is int and start is None:
            start = place
        elif type(number) is not int and start is not None:
            whole.append([start, place])
            start = None
    return array("d", numbers), whole


def _to_json(value: object) -> object:
    """`value` in JSON, its type kept: names (reportlab's TTFNameBytes), bytes and tuples tagged."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, TTFNameBytes):
        return {"name": value.ustr}
    if type(value) is bytes:
        return {"bytes": value.hex()}
    if type(value) is tuple:
        return {"tuple": [_to_json(item) for item in value]}
    if type(value) is list:
        return [_to_json(item) for item in value]
    if value is None or type(value) in (bool, int, str) or (type(value) is float and math.isfinite(value)):
        return value
    raise _Unstorable(f"a value of type {type(value).__name__}")


def _from_json(value: object, names) -> object:
    """The value `_to_json` made `value` of, a name made by `names` from its text."""
    if isinstance(value, list):
        return [_from_json(item, names) for item in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if type(inner) is not (list if tag == "tuple" else str):
            raise ValueError(f"a {tag} of no known form")
        if tag == "name":
            return names(inner)
        if tag == "bytes":
            return bytes.fromhex(inner)
        if tag == "tuple":
            return tuple(_from_json(item, names) for item in inner)
        raise ValueError(f"no known tag: {tag}")
    return value


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
