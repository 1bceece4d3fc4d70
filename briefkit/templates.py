"""Slide templates made safe: a .pptx path in, the clean package bytes and what was dropped out.

A template only lends the deck its look, so only the parts that make the look are taken: the
presentation part, its slide masters and layouts, their themes, the images they use, and the
presentation, view and table-style properties. Everything else is dropped and listed: slides
and notes, macros (vbaProject.bin), OLE objects and ActiveX controls, embedded fonts, custom
XML, tags, comments, thumbnails and the template's own metadata (docProps: its author, its
paths), and every external relationship (linked images, hyperlinks, `javascript:` and `file:`
targets). References to a dropped relationship are removed from the XML that holds them.

The package is checked from its zip directory before a byte is inflated (entry count, part
sizes, total size, compression ratio) and read through a bounded reader, so a zip bomb is a
`TemplateError` at once. Standard library and lxml only (lxml comes with python-pptx).
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_ENTRIES = 2000
MAX_PART_BYTES = 32 * 1024 * 1024  # a 4K photo as PNG stays well below
MAX_TOTAL_BYTES = 96 * 1024 * 1024
MAX_RATIO = 200  # inflated size over compressed size, for parts above RATIO_FROM bytes
RATIO_FROM = 1024 * 1024

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_TYPES = {  # a deck, a macro-enabled deck, a template, a show: all become a plain deck
    MAIN,
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}
KEPT = {  # relationship types (after the last '/') followed from a kept part
    "officeDocument",
    "slideMaster",
    "slideLayout",
    "theme",
    "image",
    "presProps",
    "viewProps",
    "tableStyles",
}
# Elements that only make sense with their relationship: dropped whole when it goes.
WHOLE = {f"{{{_P}}}{name}" for name in ("sldId", "notesMasterId", "handoutMasterId", "embeddedFont", "custData")}
WHOLE |= {f"{{{_P}}}{name}" for name in ("tags", "control", "oleObj")}


class TemplateError(ValueError):
    """A template that cannot be used: `message` says why, `hint` what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class CleanTemplate:
    data: bytes  # the sanitised package, ready for python-pptx
    dropped: tuple[str, ...]  # what was left out, in words: "macros (ppt/vbaProject.bin)", ...


def clean_template(path: Path) -> CleanTemplate:
    """The sanitised form of the template at `path` (cached while the file is unchanged)."""
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise TemplateError(f"cannot read the template: {exc.strerror or exc}", "check the path") from None
    return _clean(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _clean(path: str, _size: int, _mtime: int) -> CleanTemplate:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _read_bounded(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError) as exc:
        raise TemplateError(f"the template is not a PowerPoint file ({exc})", NOT_A_DECK) from None
    return _sanitise(parts)


NOT_A_DECK = "name a .pptx or .potx saved by PowerPoint, Keynote or LibreOffice Impress"


def _read_bounded(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every entry's bytes, refusing from the directory alone what would inflate too far."""
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > MAX_ENTRIES:
        raise TemplateError(f"the template holds {len(entries)} files (at most {MAX_ENTRIES})", BOMB)
    total = 0
    for info in entries:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            raise TemplateError(
                f"the template's part {info.filename} inflates to {info.file_size:,} bytes"
                f" ({ratio:,.0f} times its packed size): a zip bomb?",
                BOMB,
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise TemplateError(f"the template inflates to {total:,} bytes (at most {MAX_TOTAL_BYTES:,})", BOMB)
    parts = {}
    for info in entries:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)  # the directory may lie: never read past its word
        if len(data) > info.file_size:
            raise TemplateError(f"the template's part {info.filename} is larger than its zip entry says", BOMB)
        parts[info.filename] = data
    return parts


BOMB = "save the template again from PowerPoint, without embedded media or objects"


def _xml(data: bytes, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"the template's part {name} is not valid XML ({exc})", NOT_A_DECK) from None


def _sanitise(parts: dict[str, bytes]) -> CleanTemplate:
    """Keep what the masters and layouts need; return the new package and what was dropped."""
    from lxml import etree

    if "[Content_Types].xml" not in parts or "_rels/.rels" not in parts:
        raise TemplateError("the template is not a PowerPoint file (no package structure)", NOT_A_DECK)
    types = _xml(parts["[Content_Types].xml"], "[Content_Types].xml")
    dropped: list[str] = []
    kept: dict[str, bytes] = {}
    queue = [("", "_rels/.rels")]
    main = None
    while queue:
        source, rels_name = queue.pop()
        if rels_name not in parts:
            continue
        rels = _xml(parts[rels_name], rels_name)
        gone: set[str] = set()
        for rel in list(rels):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                dropped.append(f"an external link ({kind} to {target[:80]})")
            elif kind not in KEPT:
                dropped.append(f"{_what(kind)} ({_resolve(source, target)})")
            else:
                name = _resolve(source, target)
                if name not in parts:
                    raise TemplateError(f"the template's part {name} is missing", NOT_A_DECK)
                if kind == "officeDocument":
                    main = name
                if name not in kept:
                    kept[name] = parts[name]
                    queue.append((name, _rels_of(name)))
                continue
            gone.add(rel.get("Id"))
            rels.remove(rel)
        kept[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        if gone and source:
            kept[source] = _without(kept[source], gone, source)
    if main is None or _content_type(types, main) not in MAIN_TYPES:
        raise TemplateError("the template is not a PowerPoint deck (no presentation part)", NOT_A_DECK)
    kept["[Content_Types].xml"] = _types_for(types, kept, main)
    return CleanTemplate(_zip(kept), tuple(dict.fromkeys(dropped)))


def _what(kind: str) -> str:
    names = {
        "vbaProject": "macros",
        "oleObject": "an OLE object",
        "package": "an embedded package",
        "control": "an ActiveX control",
        "activeXControl": "an ActiveX control",
        "customXml": "custom XML",
        "core-properties": "foreign metadata",
        "extended-properties": "foreign metadata",
        "custom-properties": "foreign metadata",
        "thumbnail": "a thumbnail",
        "slide": "a slide",
        "notesMaster": "the notes master",
        "handoutMaster": "the handout master",
        "font": "an embedded font",
        "tags": "tags",
        "commentAuthors": "comment authors",
    }
    return names.get(kind, f"a '{kind}' part")


def _resolve(source: str, target: str) -> str:
    """The part name a relationship of `source` points at ('' for the package itself)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _rels_of(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _without(data: bytes, gone: set[str], name: str) -> bytes:
    """`data` (a part's XML) with every reference to the relationship ids `gone` removed."""
    from lxml import etree

    root = _xml(data, name)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attribute in [a for a in element.attrib if a.startswith(f"{{{_R}}}") and element.get(a) in gone]:
            if element.tag in WHOLE:
                holder = _holder(element)
                if holder.getparent() is not None:
                    holder.getparent().remove(holder)
                break
            del element.attrib[attribute]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _holder(element):
    """What goes with `element`: an OLE object or control takes its whole frame along."""
    if element.tag in {f"{{{_P}}}oleObj", f"{{{_P}}}control"}:
        for ancestor in element.iterancestors():
            if ancestor.tag == f"{{{_P}}}graphicFrame":
                return ancestor
    return element


def _content_type(types, name: str) -> str | None:
    for override in types.iter(f"{{{_TYPES}}}Override"):
        if override.get("PartName", "").lstrip("/") == name:
            return override.get("ContentType")
    extension = name.rsplit(".", 1)[-1].lower()
    for default in types.iter(f"{{{_TYPES}}}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def _types_for(types, kept: dict[str, bytes], main: str) -> bytes:
    """[Content_Types].xml for the kept parts only; the presentation part as a plain deck."""
    from lxml import etree

    root = etree.Element(f"{{{_TYPES}}}Types", nsmap={None: _TYPES})
    extensions = {name.rsplit(".", 1)[-1].lower() for name in kept if "." in name}
    for default in types.iter(f"{{{_TYPES}}}Default"):
        if default.get("Extension", "").lower() in extensions and "macroEnabled" not in default.get("ContentType", ""):
            etree.SubElement(
                root, f"{{{_TYPES}}}Default", Extension=default.get("Extension"), ContentType=default.get("ContentType")
            )
    for name in sorted(kept):
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        content_type = MAIN if name == main else _content_type(types, name)
        if content_type:
            etree.SubElement(root, f"{{{_TYPES}}}Override", PartName=f"/{name}", ContentType=content_type)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts[name], zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def template_bytes(template: Path) -> bytes:
    """The template without what a deck must not carry on, or a ContentError at its path.

    Kept per file and version: the deck's planner reads the template's layouts and the writer
    builds on it, and both take the same cleaned bytes.
    """
    from .errors import ContentError

    try:
        stat = template.stat()
        return _cleaned(template, stat.st_size, stat.st_mtime_ns)
    except OSError as exc:
        raise ContentError.at(template, 0, f"cannot read template: {exc.strerror or exc}") from None
    except TemplateError as error:
        raise ContentError.at(template, 0, error.message, error.hint) from None


@functools.lru_cache(maxsize=4)
def _cleaned(template: Path, _size: int, _mtime: int) -> bytes:
    return clean_template(template).data
