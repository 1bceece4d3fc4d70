"""How an output on disk differs from the one the build makes, in words a person understands.

In: the bytes a build makes of one output and the bytes found on disk. Out: lines such as
`page 3: "Fuel: 40 t" where the build has "Fuel: 20 t"`, `slide 4: added ("Invented
conclusion")`, `slide 5, shape "Arrow 3": drawn differently (first difference: a:ln/a:prstDash)`.
A PDF is compared page by page (pypdf: text, then drawing), a deck slide by slide in the order
it shows them (python-pptx: each shape's text, then its XML, then the notes), then every other
part of either package. Both libraries are imported here only, lazily.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import zipfile
from collections.abc import Iterator

QUOTED = 60  # characters of a text shown in a line


def describe(suffix: str, built: bytes, found: bytes) -> list[str]:
    """What differs between `built` (the build's bytes) and `found` (on disk), most telling first."""
    describer = {".pdf": _pdf, ".pptx": _pptx}.get(suffix)
    lines: list[str] = []
    if describer:
        try:
            lines = list(describer(built, found))
        except Exception as exc:  # whatever a reader trips over, the file is not the build's
            return [f"cannot be read ({type(exc).__name__}: {exc})"]
    return lines or ["its bytes differ (the same text and drawing: the file was saved again or repacked)"]


# ---------------------------------------------------------------- PDF


def _pdf(built: bytes, found: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    want, have = PdfReader(io.BytesIO(built)), PdfReader(io.BytesIO(found))
    if len(want.pages) != len(have.pages):
        yield f"has {len(have.pages)} pages where the build has {len(want.pages)}"
    for number, (page, other) in enumerate(zip(want.pages, have.pages, strict=False), start=1):
        texts = page.extract_text().splitlines(), other.extract_text().splitlines()
        changes = list(_text_changes(*texts))
        for change in changes:
            yield f"page {number}: {change}"
        if not changes and _page_drawing(page) != _page_drawing(other):
            yield f"page {number}: drawn differently (the same text)"
    for number in range(len(have.pages) + 1, len(want.pages) + 1):
        yield f"page {number}: missing ({_quote(_first_line(want.pages[number - 1].extract_text()))})"
    for number in range(len(want.pages) + 1, len(have.pages) + 1):
        yield f"page {number}: added ({_quote(_first_line(have.pages[number - 1].extract_text()))})"
    info = dict(want.metadata or {}), dict(have.metadata or {})
    for name in sorted(set(info[0]) | set(info[1])):
        built_value, found_value = (str(values.get(name, "")) for values in info)
        if built_value != found_value:
            change = f'"{_quote(found_value)}" where the build has "{_quote(built_value)}"'
            yield f"document property {name.lstrip('/')}: {change}"


def _page_drawing(page) -> str:
    """A hash of what a page draws: its content stream and the images and forms it uses."""
    digest = hashlib.sha256()
    contents = page.get_contents()
    digest.update(contents.get_data() if contents is not None else b"")
    resources = page.get("/Resources")
    objects = resources.get_object().get("/XObject") if resources is not None else None
    for name, ref in sorted((objects.get_object() if objects is not None else {}).items()):
        digest.update(name.encode())
        digest.update(ref.get_object().get_data())
    return digest.hexdigest()


# ---------------------------------------------------------------- deck


def _pptx(built: bytes, found: bytes) -> Iterator[str]:
    from pptx import Presentation

    want, have = Presentation(io.BytesIO(built)), Presentation(io.BytesIO(found))
    slides = [_Slide(slide) for slide in want.slides], [_Slide(slide) for slide in have.slides]
    if len(slides[0]) != len(slides[1]):
        yield f"has {len(slides[1])} slides where the build has {len(slides[0])}"
    yield from _slide_changes(*slides)
    yield from _part_changes(built, found)


class _Slide:
    """One slide as compared: its shapes (name, text, XML), its notes, and a hash of all."""

    def __init__(self, slide):
        from lxml import etree

        self.shapes = [(shape.name, _shape_text(shape), etree.tostring(shape._element)) for shape in slide.shapes]
        self.notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        self.title = next((text for _, text, _ in self.shapes if text.strip()), "")
        self.hash = hashlib.sha256(repr((self.shapes, self.notes)).encode()).hexdigest()


def _shape_text(shape) -> str:
    """A shape's text: its paragraphs, its table's cells, or the text of the shapes it groups."""
    from pptx.shapes.group import GroupShape

    if isinstance(shape, GroupShape):
        return "\n".join(_shape_text(inner) for inner in shape.shapes)
    if shape.has_table:
        return "\n".join(cell.text for row in shape.table.rows for cell in row.cells)
    return shape.text_frame.text if shape.has_text_frame else ""


def _slide_changes(want: list[_Slide], have: list[_Slide]) -> Iterator[str]:
    """Slides added, missing, moved or changed, numbered as the deck on disk shows them."""
    matcher = difflib.SequenceMatcher(None, [s.hash for s in want], [s.hash for s in have], autojunk=False)
    place = {slide.hash: number for number, slide in enumerate(want, start=1)}
    found_at = {slide.hash: number for number, slide in enumerate(have, start=1)}
    for tag, w1, w2, h1, h2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and w2 - w1 == h2 - h1:
            for offset in range(w2 - w1):
                yield from _one_slide(want[w1 + offset], have[h1 + offset], h1 + offset + 1, place)
            continue
        for number in range(h1 + 1, h2 + 1):
            slide = have[number - 1]
            if slide.hash in place:
                yield f"slide {number}: is the build's slide {place[slide.hash]} (slides moved)"
            else:
                yield f'slide {number}: added ("{_quote(slide.title)}")'
        for number in range(w1 + 1, w2 + 1):
            if want[number - 1].hash not in found_at:
                yield f'the build\'s slide {number} is missing ("{_quote(want[number - 1].title)}")'


def _one_slide(want: _Slide, have: _Slide, number: int, place: dict[str, int]) -> Iterator[str]:
    if have.hash in place:
        yield f"slide {number}: is the build's slide {place[have.hash]} (slides moved)"
        return
    where = f"slide {number}"
    for index in range(max(len(want.shapes), len(have.shapes))):
        if index >= len(have.shapes):
            yield f'{where}: shape "{want.shapes[index][0]}" is missing ("{_quote(want.shapes[index][1])}")'
            continue
        if index >= len(want.shapes):
            yield f'{where}: shape "{have.shapes[index][0]}" added ("{_quote(have.shapes[index][1])}")'
            continue
        (name, text, xml), (_, other_text, other_xml) = want.shapes[index], have.shapes[index]
        changes = list(_text_changes(text.splitlines(), other_text.splitlines()))
        for change in changes:
            yield f'{where}, shape "{name}": {change}'
        if not changes and xml != other_xml:
            yield f'{where}, shape "{name}": drawn differently (first difference: {_first_difference(xml, other_xml)})'
    for change in _text_changes(want.notes.splitlines(), have.notes.splitlines()):
        yield f"{where}, speaker notes: {change}"


def _part_changes(built: bytes, found: bytes) -> Iterator[str]:
    """Package parts other than slides and notes that differ, are missing or were added."""
    with zipfile.ZipFile(io.BytesIO(built)) as want, zipfile.ZipFile(io.BytesIO(found)) as have:
        names = set(want.namelist()), set(have.namelist())
        compared = [n for n in sorted(names[0] | names[1]) if not n.startswith(("ppt/slides/", "ppt/notesSlides/"))]
        for name in compared:
            if name not in names[1]:
                yield f"part {name}: missing"
            elif name not in names[0]:
                yield f"part {name}: added"
            elif want.read(name) != have.read(name):
                yield f"part {name}: differs{_core_note(name, want.read(name), have.read(name))}"


def _core_note(name: str, built: bytes, found: bytes) -> str:
    if name != "docProps/core.xml":
        return ""
    return f" (first difference: {_first_difference(built, found)})"


def _first_difference(built: bytes, found: bytes) -> str:
    """The path of the first element or attribute where two XML texts differ, e.g. 'a:ln/a:prstDash'."""
    from lxml import etree

    def walk(one, two, path: str) -> str | None:
        name = _short_tag(one)
        here = f"{path}/{name}" if path else name
        if one.tag != two.tag:
            return f"{here} (the deck has {_short_tag(two)})"
        if dict(one.attrib) != dict(two.attrib):
            keys = sorted(k for k in set(one.attrib) | set(two.attrib) if one.get(k) != two.get(k))
            return f"{here}@{_short_name(keys[0], one)}"
        if (one.text or "").strip() != (two.text or "").strip():
            return f"{here} text"
        kids, other_kids = list(one), list(two)
        for a, b in zip(kids, other_kids, strict=False):
            found_path = walk(a, b, here)
            if found_path:
                return found_path
        if len(kids) != len(other_kids):
            longer = kids if len(kids) > len(other_kids) else other_kids
            return f"{here}/{_short_tag(longer[min(len(kids), len(other_kids))])}"
        return None

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    one, two = etree.fromstring(built, parser), etree.fromstring(found, parser)
    return walk(one, two, "") or "the XML's form"


def _short_tag(element) -> str:
    return _short_name(element.tag, element) if isinstance(element.tag, str) else "comment"


def _short_name(name: str, element) -> str:
    """'{uri}local' as 'prefix:local', with the prefix the document uses for that namespace."""
    if not name.startswith("{"):
        return name
    uri, local = name[1:].split("}", 1)
    prefix = next((p for p, u in element.nsmap.items() if u == uri and p), None)
    return f"{prefix}:{local}" if prefix else local


# ---------------------------------------------------------------- text


def _text_changes(want: list[str], have: list[str]) -> Iterator[str]:
    """Lines of text changed, missing or added, as a person would say it."""
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    for tag, w1, w2, h1, h2 in matcher.get_opcodes():
        old, new = " ".join(want[w1:w2]), " ".join(have[h1:h2])
        if tag == "replace":
            yield f'"{_quote(new)}" where the build has "{_quote(old)}"'
        elif tag == "delete":
            yield f'lacks "{_quote(old)}"'
        elif tag == "insert":
            yield f'adds "{_quote(new)}"'


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"
