"""A brief is untrusted input: nothing in it runs, reaches the network or reads outside its folders.

YAML is loaded safely (no tags, anchors or deep nesting, all refused on their line before any
tree is built); images must resolve, symlinks included, into the brief's folder or assets/;
links are http, https or mailto only; the outputs carry nothing that runs.
"""

from __future__ import annotations

import os
import re
import socket
import xml.etree.ElementTree as ET
import zipfile

import pypdf
import pytest
from PIL import Image as PILImage
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from readback import line_of

from briefkit.errors import ContentError
from briefkit.pipeline import build
from briefkit.read.markdown import LINK_SCHEMES


def refused(brief, out) -> list:
    """The problems of a build of `brief` that must fail."""
    with pytest.raises(ContentError) as caught:
        build(brief, out, force=True)
    return caught.value.problems


# ---------------------------------------------------------------- YAML


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:os.system [touch {marker}]",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom {marker}",
    ],
)
def test_yaml_tags_are_refused_on_their_line_and_never_run(write_brief, tmp_path, value):
    marker = tmp_path / "ran"
    brief = write_brief("# S\n\nText.\n", subtitle=value.format(marker=marker))
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == line_of(brief, "subtitle:")
    assert "YAML tag" in problem.message and "not allowed" in problem.message
    assert not marker.exists()


def test_a_billion_laughs_alias_bomb_is_refused_on_its_first_anchor(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{chr(98 + n)}: &{chr(98 + n)} [{','.join([f'*{chr(97 + n)}'] * 9)}]" for n in range(9)]
    brief = tmp_path / "brief.md"
    brief.write_text("---\ntitle: Laughs\n" + "\n".join(levels) + "\n---\n# S\n")
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == 3 and problem.message == "YAML anchors and aliases are not allowed"


@pytest.mark.parametrize("nesting", ["[" * 4_000 + "]" * 4_000, "{a: " * 1_500 + "}" * 1_500])
def test_deeply_nested_yaml_is_refused_on_its_line(tmp_path, nesting):
    brief = tmp_path / "brief.md"
    brief.write_text(f"---\ntitle: Deep\nsubtitle: {nesting}\n---\n# S\n")
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == 3 and problem.message == "YAML nested too deeply"


@pytest.mark.parametrize("prefix", ["- ", "> ", "1. ", "> - "])
def test_deeply_nested_markdown_is_refused_on_its_line(write_brief, tmp_path, prefix):
    brief = write_brief("# S\n\nText.\n\n" + prefix * 1_000 + "deep\n")
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == line_of(brief, "deep")
    assert problem.message == "lists and quotes nest too deeply to read"


# ---------------------------------------------------------------- images stay inside


@pytest.fixture
def outside(tmp_path):
    """A real picture in a folder next to the brief's own, outside every allowed folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    PILImage.new("RGB", (4, 4), "red").save(folder / "secret.png")
    return folder / "secret.png"


@pytest.mark.parametrize("reference", ["../elsewhere/secret.png", "%2e%2e/elsewhere/secret.png", "{absolute}"])
def test_images_outside_the_allowed_folders_are_refused(write_brief, tmp_path, outside, reference):
    (tmp_path / "content").mkdir()
    brief = write_brief("# S\n\n![Secret](" + reference.format(absolute=outside) + ")\n", name="content/brief.md")
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == line_of(brief, "![Secret]")
    assert "lies outside the brief's folder and assets/" in problem.message


def test_a_symlink_out_of_the_folder_is_refused_after_resolving(write_brief, tmp_path, outside):
    (tmp_path / "content").mkdir()
    os.symlink(outside, tmp_path / "content" / "inside.png")
    brief = write_brief("# S\n\n![Secret](inside.png)\n", name="content/brief.md")
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == line_of(brief, "inside.png") and "'inside.png' lies outside" in problem.message


@pytest.mark.parametrize(
    ("reference", "prepare"),
    [
        ("loop.png", lambda folder: os.symlink("loop.png", folder / "loop.png")),
        ("nul%00.png", lambda folder: None),
        ("x" * 300 + ".png", lambda folder: None),
        ("a/" * 3_000 + "b.png", lambda folder: None),
    ],
    ids=["symlink-loop", "nul-byte", "long-name", "long-path"],
)
def test_image_paths_no_file_system_accepts_are_located_errors(write_brief, tmp_path, reference, prepare):
    prepare(tmp_path)
    brief = write_brief(f"# S\n\n![Odd]({reference})\n")
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == line_of(brief, "![Odd]")
    assert problem.message.startswith("image '") and len(problem.message) < 200


# ---------------------------------------------------------------- no network, safe links


def test_a_build_never_opens_a_network_connection(write_brief, tmp_path, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during a build")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    PILImage.new("RGB", (40, 30), "navy").save(tmp_path / "map.png")
    linked = "[site](https://example.org/x) <mailto:desk@example.org> <http://example.com>"
    brief = write_brief(f"# S\n\n{linked}\n\n![Map](map.png)\n\n- [item](https://example.net)\n")
    result = build(brief, tmp_path / "out", force=True)
    assert result.pages and result.slides
    remote = write_brief(
        "# S\n\n![Remote](https://example.org/map.png)\n\n[![b](https://x.org/b.png)](https://x.org)\n",
        name="remote.md",
    )
    result = build(remote, tmp_path / "out", force=True)
    assert [w.message.split(";")[0] for w in result.warnings] == [
        "image 'https://example.org/map.png' is remote and is not fetched",
        "image 'https://x.org/b.png' is remote and is not fetched",
    ]
    assert attempts == []


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "<vbscript:msgbox>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "[x](smb://host/share)",
        "[x][ref] by reference\n\n[ref]: javascript:alert(1)",
    ],
)
def test_only_http_https_and_mailto_links_are_accepted(write_brief, tmp_path, link):
    brief = write_brief(f"# S\n\nA {link}\n")
    [problem] = refused(brief, tmp_path / "out")
    assert "is not an http, https or mailto link" in problem.message
    assert problem.line == line_of(brief, f"A {link[:4]}")


def test_relative_links_are_text_without_any_link_in_either_output(write_brief, tmp_path):
    brief = write_brief("# S\n\nA [page](relative/page.html), [host](//example.org/x) and [top](#nowhere).\n")
    result = build(brief, tmp_path / "out", force=True)
    assert len(result.warnings) == 3
    reader = pypdf.PdfReader(tmp_path / "out" / "brief.pdf")
    assert not any(page.get("/Annots") for page in reader.pages)
    deck = (tmp_path / "out" / "brief.pptx").read_bytes()
    assert b"relative/page.html" not in deck and b"example.org/x" not in deck


SVG_WITH_SCRIPT = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60">
<script>fetch('https://example.org/steal')</script>
<style>@import url(https://example.org/x.css); rect { fill: url(https://example.org/p.svg#a) }</style>
<rect width="120" height="60" fill="#246" onload="alert(1)"/>
<image xlink:href="https://example.org/track.png" width="5" height="5"/>
<use href="file:///etc/passwd#x"/>
<foreignObject><p>html</p></foreignObject>
<text x="5" y="30">&secret;</text>
</svg>
"""


def test_an_svg_image_is_drawn_with_no_script_no_entity_and_no_outside_reference(write_brief, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access during a build")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (tmp_path / "pic.svg").write_text(SVG_WITH_SCRIPT)
    brief = write_brief("# S\n\n![Vector](pic.svg)\n")
    result = build(brief, tmp_path / "out", force=True)
    assert result.pages and result.slides
    with zipfile.ZipFile(tmp_path / "out" / "brief.pptx") as deck:
        [svg] = [name for name in deck.namelist() if name.endswith(".svg")]
        stored = deck.read(svg).decode()
        assert any(name.endswith(".png") for name in deck.namelist())  # the fallback picture
    for needle in ("script", "fetch", "onload", "example.org", "file:", "foreignObject", "@import", "root:"):
        assert needle not in stored, needle
    pdf = (tmp_path / "out" / "brief.pdf").read_bytes()
    assert b"root:" not in pdf and b"example.org" not in pdf


# ---------------------------------------------------------------- nothing that runs

ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/OpenAction", "/AA", "/EmbeddedFiles", "/RichMedia", "/XFA"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute"}


def pdf_objects(reader: pypdf.PdfReader):
    """Every dictionary reachable from the trailer, each visited once."""
    seen, stack = set(), [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            yield node
            stack.extend(value for key, value in node.items() if key != "/Parent")
        elif isinstance(node, ArrayObject):
            stack.extend(node)


@pytest.fixture
def linked_build(write_brief, tmp_path):
    """A brief with links in prose, lists, tables and quotes, a figure and a flow, built."""
    PILImage.new("RGB", (40, 30), "navy").save(tmp_path / "map.png")
    body = """
    # One

    See [the site](https://example.org/a?b=1&c=2), <mailto:desk@example.org> and [upper](HTTP://EXAMPLE.COM).

    - [in a list](https://example.net/list)

    | [in a cell](https://example.net/cell) | x |
    |---|---|
    | y | z |

    > [in a quote](https://example.net/quote)

    ![Map](map.png)

    ```flow
    A -> B: goods
    ```

    # Two

    # Three

    # Four
    """
    out = tmp_path / "out"
    build(write_brief(body), out, force=True)
    return out


def test_the_pdf_holds_no_active_content_and_only_safe_links(linked_build):
    reader = pypdf.PdfReader(linked_build / "brief.pdf")
    uris = []
    for node in pdf_objects(reader):
        assert not ACTIVE_KEYS & set(node.keys()), sorted(node.keys())
        assert node.get("/S") not in ACTIVE_ACTIONS
        if node.get("/Subtype") == "/Link":
            action = node.get("/A")
            assert (action is None) != ("/Dest" not in node)  # an internal jump or one action
            if action is not None:
                action = action.get_object()
                assert action["/S"] == "/URI"
                uris.append(str(action["/URI"]))
    assert len(uris) >= 5
    assert all(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", uri)[0][:-1].lower() in LINK_SCHEMES for uri in uris)


def test_the_deck_links_only_to_safe_addresses(linked_build):
    targets = []
    with zipfile.ZipFile(linked_build / "brief.pptx") as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                for relation in ET.fromstring(archive.read(name)):
                    if relation.get("TargetMode") == "External":
                        targets.append(relation.get("Target"))
                        assert relation.get("Type").endswith("/hyperlink")
        assert not [name for name in archive.namelist() if re.search("vbaProject|activeX|embeddings/", name)]
    assert targets and all(target.split(":", 1)[0].lower() in LINK_SCHEMES for target in targets)


def test_the_svg_export_holds_no_script_events_or_outside_references(linked_build):
    for element in ET.parse(linked_build / "brief-flow-1.svg").iter():
        assert element.tag.rsplit("}", 1)[-1] not in ("script", "foreignObject", "iframe")
        for name, value in element.attrib.items():
            assert not name.rsplit("}", 1)[-1].lower().startswith("on"), name
            if name.endswith("href"):
                assert value.startswith("#"), value


@pytest.mark.parametrize("theme", ["x" * 300, "loop.yaml"], ids=["long-name", "symlink-loop"])
def test_theme_paths_no_file_system_accepts_are_located_errors(write_brief, tmp_path, theme):
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    brief = write_brief("# S\n\nText.\n", theme=theme)
    [problem] = refused(brief, tmp_path / "out")
    assert problem.line == line_of(brief, "theme:")
