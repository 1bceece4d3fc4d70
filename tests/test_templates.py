"""Slide templates are sanitised: a template lends the deck its look and nothing else.

A hostile template (macros, external links, an OLE object pointing at a local file, custom
XML, someone else's metadata) still yields a clean deck and a warning naming what was left
out; a zip bomb or a file that is not a deck is a located error on the theme's line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pptx
import pytest

from briefkit.errors import ContentError
from briefkit.pipeline import build
from briefkit.templates import TemplateError, clean_template

DEFAULT = Path(pptx.__file__).parent / "templates" / "default.pptx"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = '<Relationship Id="{id}" Type="' + R + '/{kind}" Target="{target}"{mode}/>'


def hostile_template(path: Path) -> Path:
    """python-pptx's default template with active content and foreign metadata added."""
    with zipfile.ZipFile(DEFAULT) as source:
        parts = {name: source.read(name) for name in source.namelist()}

    def relate(rels: str, id_: str, kind: str, target: str, external: bool = False) -> None:
        mode = ' TargetMode="External"' if external else ""
        rel = REL.format(id=id_, kind=kind, target=target, mode=mode).encode()
        parts[rels] = parts[rels].replace(b"</Relationships>", rel + b"</Relationships>")

    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro AutoOpen Shell"
    relate("ppt/_rels/presentation.xml.rels", "rIdVba", "vbaProject", "vbaProject.bin")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    relate("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "rIdWeb", "image", "http://tracker.example/p.png", True)
    relate("ppt/slideMasters/_rels/slideMaster1.xml.rels", "rIdJs", "hyperlink", "javascript:alert(1)", True)
    relate("ppt/slideMasters/_rels/slideMaster1.xml.rels", "rIdOle", "oleObject", "file:///etc/passwd", True)
    parts["customXml/item1.xml"] = b"<tracking>customer 4711</tracking>"
    relate("_rels/.rels", "rIdCx", "customXml", "customXml/item1.xml")
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>", b"<dc:description>C:\\Users\\mallory\\plans.docx</dc:description></cp:coreProperties>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.fixture
def themed(write_brief, tmp_path):
    """themed(template name) -> a brief whose theme (line 2) names that template."""

    def themed(template: str) -> Path:
        (tmp_path / "corporate.yaml").write_text(f"toc: false\npptx_template: {template}\n", encoding="utf-8")
        return write_brief("# One\n\n- a\n- b\n", theme="corporate.yaml")

    return themed


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(f"== {name}\n" + archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_a_hostile_template_gives_a_clean_deck_and_a_warning(themed, tmp_path):
    hostile_template(tmp_path / "hostile.pptx")
    result = build(themed("hostile.pptx"), tmp_path / "out")
    text = package_text(tmp_path / "out" / "brief.pptx")
    for bad in ("vbaProject", 'TargetMode="External"', "tracker.example", "javascript:", "/etc/passwd"):
        assert bad not in text, bad
    assert "mallory" not in text and "customer 4711" not in text and "customXml" not in text
    assert "thumbnail" not in text and "printerSettings" not in text
    [warning] = [w for w in result.warnings if "slide template" in w.message]
    assert warning.path == tmp_path / "corporate.yaml" and warning.line == 2
    for named in ("macros (ppt/vbaProject.bin)", "an external link", "custom XML", "foreign metadata"):
        assert named in warning.message, named


def test_a_zip_bomb_template_is_refused_from_its_directory(themed, tmp_path):
    bomb = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(DEFAULT) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("ppt/media/image1.png", bytes(24 * 1024 * 1024))
    with pytest.raises(TemplateError, match="zip bomb"):
        clean_template(bomb)
    with pytest.raises(ContentError) as caught:
        build(themed("bomb.pptx"), tmp_path / "out")
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (tmp_path / "corporate.yaml", 2) and problem.hint


def test_a_part_larger_than_its_directory_entry_says_is_refused(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(DEFAULT) as source, zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    raw = bytearray(data.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo("ppt/presentation.xml")
    # the central directory claims ten bytes: a reader that trusts it must stop there
    central = raw.rfind(b"PK\x01\x02", 0, len(raw))
    while central >= 0:
        name_length = int.from_bytes(raw[central + 28 : central + 30], "little")
        if raw[central + 46 : central + 46 + name_length] == b"ppt/presentation.xml":
            raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
            break
        central = raw.rfind(b"PK\x01\x02", 0, central)
    assert info.file_size > 10
    (tmp_path / "liar.pptx").write_bytes(bytes(raw))
    with pytest.raises(TemplateError):
        clean_template(tmp_path / "liar.pptx")


@pytest.mark.parametrize("content", [b"plain words", b"PK\x03\x04broken", b""], ids=["text", "broken zip", "empty"])
def test_a_template_that_is_not_a_deck_is_a_located_error(themed, tmp_path, content):
    (tmp_path / "notes.pptx").write_bytes(content)
    with pytest.raises(ContentError) as caught:
        build(themed("notes.pptx"), tmp_path / "out")
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (tmp_path / "corporate.yaml", 2)
    assert "not a PowerPoint" in problem.message and problem.hint


def test_a_word_document_is_not_taken_for_a_deck(themed, tmp_path):
    with zipfile.ZipFile(tmp_path / "letter.pptx", "w") as archive:
        archive.writestr(
            "[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        )
        archive.writestr(
            "_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
        )
    with pytest.raises(ContentError, match="not a PowerPoint deck"):
        build(themed("letter.pptx"), tmp_path / "out")
