"""The pptx package around the slides: template in, layouts, notes, properties and bytes out.

- `open_deck` loads the plan's template (or python-pptx's default), drops any slides it holds
  and the bare prompts of its masters and layouts (`strip_prompts`),
  sets the plan's slide size (scaling master and layout shapes when it differs, as python-pptx's
  4:3 default does from the own 16:9 design) and takes the layouts the plan names (indices into
  all masters' layouts, master by master).
- `Slides` and `Notes` add slides and notes slides in constant time each (see their docstrings);
  python-pptx's own `add_slide` and `notes_slide` search the whole package or presentation for
  every new slide, which made a 1,115-slide deck spend 8 of its 14 s adding slides.
- `set_properties` fills the core properties from the plan and the stamp.
- `stable_zip` rewrites the saved package with fixed entry times and a sorted order, so the same
  inputs give the same bytes.
"""

from __future__ import annotations

import copy
import datetime
import io
import zipfile
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import namespaces, qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.oxml.text import CT_RegularTextRun
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.util import Pt

from ...model import Meta
from ...stamp import Stamp
from ...templates import template_bytes
from ..deck.plan import DeckPlan
from ..deck.template import all_layouts, strip_prompts
from ..deck.text import clean

TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
MAX_PROPERTY = 255  # python-pptx refuses longer core-property strings


@dataclass
class Deck:
    presentation: object
    title_layout: object
    content_layout: object
    section_layout: object | None  # the template's section-header layout, for dividers


def open_deck(plan: DeckPlan) -> Deck:
    """A presentation ready for slides: the plan's size, empty, with the layouts the plan names."""
    presentation = Presentation(io.BytesIO(template_bytes(plan.template)) if plan.template else None)
    _drop_slides(presentation)
    strip_prompts(presentation)
    _resize(presentation, plan.frame.slide_width, plan.frame.slide_height)
    layouts = all_layouts(presentation)
    section = layouts[plan.section_layout] if plan.section_layout is not None else None
    return Deck(presentation, layouts[plan.title_layout], layouts[plan.content_layout], section)


def placeholder(slide, types: set):
    """The slide's first placeholder element (`p:sp`) of one of `types`, or None."""
    return placeholder_in(slide.shapes._spTree, types)


_PH = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces=namespaces("p"))


def placeholder_in(tree, types: set):
    """The first placeholder shape among the children of `tree` (a `p:spTree`) of one of `types`.

    Reads the elements, not python-pptx's placeholder proxies (0.3 ms a slide), finds each
    shape's `p:ph` with one compiled XPath (python-pptx compiles its path anew on every lookup)
    and compares its type as written: a `p:ph` without one is an object placeholder.
    """
    wanted = {kind.xml_value for kind in types}
    for shape in tree.iter_shape_elms():
        found = _PH(shape)
        if found and found[0].get("type", PP_PLACEHOLDER.OBJECT.xml_value) in wanted:
            return shape
    return None


def _drop_slides(presentation) -> None:
    id_list = presentation.slides._sldIdLst
    for slide_id in list(id_list):
        presentation.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def _resize(presentation, width_points: float, height_points: float) -> None:
    """Set the slide size and stretch master and layout shapes to it."""
    width, height = Pt(width_points), Pt(height_points)
    sx, sy = width / presentation.slide_width, height / presentation.slide_height
    presentation.slide_width, presentation.slide_height = width, height
    if abs(sx - 1) < 1e-6 and abs(sy - 1) < 1e-6:
        return
    for master in presentation.slide_masters:
        for element in (master._element, *(layout._element for layout in master.slide_layouts)):
            for offset in element.iter(qn("a:off")):
                offset.set("x", str(round(int(offset.get("x")) * sx)))
                offset.set("y", str(round(int(offset.get("y")) * sy)))
            for extent in element.iter(qn("a:ext")):
                if extent.get("cx") is not None:
                    extent.set("cx", str(round(int(extent.get("cx")) * sx)))
                    extent.set("cy", str(round(int(extent.get("cy")) * sy)))


class Slides:
    """Adds slides with counted part names and slide ids, each a copy of its layout's first one.

    python-pptx's `Slides.add_slide` costs time in proportion to the deck for every slide: it
    relates the new part through `_Relationships.get_or_add`, which rebuilds a by-type index of
    every relationship of the presentation, picks the slide id by scanning every `p:sldId` and
    names the part by counting them (lxml counts an element's children one by one). A new part
    can have no relationship yet, so it is added directly; ids and part names count up from what
    the (emptied) presentation holds, which is exactly what python-pptx would pick. The layout's
    placeholders are cloned by python-pptx once per layout and copied afterwards.
    Measured on a 5,559-slide deck: counting the slide list alone took 27 of its 90 s.
    """

    def __init__(self, presentation):
        self._part = presentation.part
        self._id_list = presentation.slides._sldIdLst
        self._next_id = self._id_list._next_id
        self._count = len(self._id_list)
        self._blanks: dict[object, object] = {}
        self._rel_id = ""  # the presentation's relationship to the last added slide

    def add(self, layout):
        """A new slide on `layout` holding the layout's placeholders, appended to the deck."""
        self._count += 1
        partname = PackURI(f"/ppt/slides/slide{self._count}.xml")
        blank = self._blanks.get(layout.part)
        if blank is None:
            part = SlidePart.new(partname, self._part.package, layout.part)
            part.slide.shapes.clone_layout_placeholders(layout)
            self._blanks[layout.part] = copy.deepcopy(part._element)
        else:
            part = SlidePart(partname, CT.PML_SLIDE, self._part.package, copy.deepcopy(blank))
            _relate(part, layout.part, RT.SLIDE_LAYOUT)
        self._rel_id = _relate(self._part, part, RT.SLIDE)
        self._id_list._add_sldId(id=self._next_id, rId=self._rel_id)
        self._next_id += 1
        return part.slide

    def finish(self, slide) -> None:
        """Keep the last added slide, now complete, and its notes slide as their XML bytes only.

        Held as element trees until the deck is saved, a 1,115-slide deck's slides and notes took
        140 MiB; as bytes in plain python-pptx parts, which the package saves as they are, they
        take a fifth of that. Relationships move over unchanged, so the saved bytes are the same.
        """
        presentation_rel = self._part.rels[self._rel_id]
        written = _written(slide.part)
        retarget(presentation_rel, written)
        for rel in written.rels.values():
            if rel.reltype == RT.NOTES_SLIDE:
                notes = _written(rel.target_part)
                retarget(rel, notes)
                for back in notes.rels.values():
                    if back.reltype == RT.SLIDE:
                        retarget(back, written)


def retarget(rel, part) -> None:
    """Point the relationship `rel` at `part`, now and for every later reader.

    python-pptx keeps a relationship's target part once it is first read (its `target_part` is
    a lazy property, read for instance by every search for an image already in the package), so
    the kept part is dropped too: else the package would save the part it first pointed at, such
    as a slide's placeholder, in the real slide's place.
    """
    rel._target = part
    rel.__dict__.pop("target_part", None)


def _relate(source, target, reltype: str) -> str:
    """The id of a new relationship from `source` to `target`, a part it is not related to yet.

    python-pptx's `relate_to` first looks for an existing one, indexing every relationship of
    `source` by type on each call.
    """
    return source.rels._add_relationship(reltype, target)


def _written(part) -> Part:
    """A plain part holding `part`'s serialised XML and its relationships.

    The relationships go into the instance dictionary entry in which python-pptx's lazyproperty
    keeps a part's relationships once made.
    """
    written = Part(part.partname, part.content_type, part.package, part.blob)
    written.__dict__["_rels"] = part.rels
    return written


class Notes:
    """Adds notes slides numbered by this counter, each a copy of the first one's placeholders.

    python-pptx names a new notes slide by walking every part of the package (quadratic for large
    decks), clones the notes master's placeholders through its shape proxies each time (1.5 ms
    a slide) and finds the notes text through them again (2 ms); the counter, a copied blank and
    the notes placeholder's element give the same XML in constant time.
    """

    def __init__(self, presentation):
        self._package = presentation.part.package
        self._master = presentation.part.notes_master_part
        self._count = 0
        self._blank = None

    def add(self, slide, text: str) -> None:
        self._count += 1
        partname = PackURI(f"/ppt/notesSlides/notesSlide{self._count}.xml")
        element = CT_NotesSlide.new() if self._blank is None else copy.deepcopy(self._blank)
        part = NotesSlidePart(partname, CT.PML_NOTES_SLIDE, self._package, element)
        _relate(part, self._master, RT.NOTES_MASTER)
        _relate(part, slide.part, RT.SLIDE)
        if self._blank is None:
            part.notes_slide.clone_master_placeholders(self._master.notes_master)
            self._blank = copy.deepcopy(element)
        _relate(slide.part, part, RT.NOTES_SLIDE)
        body = placeholder_in(element.cSld.spTree, {PP_PLACEHOLDER.BODY}).get_or_add_txBody()
        body.clear_content()  # then the XML python-pptx's `TextFrame.text` writes, without its proxies
        for line in clean(text).split("\n"):
            para = etree.SubElement(body, qn("a:p"))
            for index, piece in enumerate(line.split("\v")):  # a vertical tab is a line break
                if index:
                    etree.SubElement(para, qn("a:br"))
                if piece:
                    run = etree.SubElement(para, qn("a:r"))
                    etree.SubElement(run, qn("a:t")).text = CT_RegularTextRun._escape_ctrl_chars(piece)


def set_properties(presentation, meta: Meta, keywords: str, stamp: Stamp) -> None:
    """Core properties: what the deck is, who wrote it, when, and the stamp it was built with."""
    props = presentation.core_properties
    props.title = _short(clean(meta.title))
    props.subject = _short(clean(meta.subject or meta.subtitle or ""))
    props.author = props.last_modified_by = _short(clean(", ".join(meta.authors)))
    props.keywords = _short(keywords)
    props.category = _short(clean(meta.classification or ""))
    props.comments = ""
    if meta.lang:
        props.language = meta.lang
    props.identifier = stamp.fingerprint
    props.revision = 1
    moment = stamp.timestamp.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    props.created = props.modified = props.last_printed = moment


def _short(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1].rstrip() + "…"


def save(presentation, when: datetime.datetime) -> bytes:
    """The package as zip bytes: every entry dated `when`, [Content_Types].xml first, the rest
    sorted, so the same inputs give the same bytes.

    python-pptx's own PackageWriter serialises the parts; only its zip output is replaced by
    `_Entries`, which collects them so they are compressed once, in a stable order. Saving through
    `Presentation.save` and rewriting that zip compressed everything twice: 0.5 s of a 1,115-slide
    deck's 1.5 s save.
    """
    entries = _Entries()
    package = presentation.part.package
    writer = PackageWriter(io.BytesIO(), package._rels, tuple(package.iter_parts()))
    writer._write_content_types_stream(entries)
    writer._write_pkg_rels(entries)
    writer._write_parts(entries)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(entries, key=lambda name: (name != "[Content_Types].xml", name)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()


class _Entries(dict):
    """Stands in for python-pptx's zip writer: {member name: bytes}."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self[pack_uri.membername] = blob
