"""Reading a brief's Markdown body into the model: every construct, its line, and every error.

Bodies here follow a three-line front matter, so the body's first line is file line 4.
Errors are compared as users see them, `PATH:LINE: message (hint: ...)`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

import briefkit.theme
from briefkit.errors import ContentError
from briefkit.model import (
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Emphasis,
    Flow,
    Image,
    ImagePlaceholder,
    InlineImage,
    InternalLink,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    MinorHeading,
    NoteRef,
    Paragraph,
    Quote,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Table,
    TaskBox,
    Text,
    Underline,
    plain_text,
)
from briefkit.read import parse_document, read_document
from briefkit.read.text import strip_forbidden

HEAD = "---\ntitle: T\n---\n"
LINK_HINT = "(hint: a handout can only link web and mail addresses; write the full https:// address)"


def png(path: Path, size: tuple[int, int] = (6, 4)) -> Path:
    """A real PNG at `path`, small unless `size` says otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, "navy").save(path)
    return path


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The brief's folder, also the working directory, with a project assets/ of its own."""
    brief_dir = tmp_path / "content"
    brief_dir.mkdir()
    assets = tmp_path / "assets"
    assets.mkdir()
    monkeypatch.setattr(briefkit.theme, "ASSETS_DIR", assets)
    monkeypatch.chdir(brief_dir)
    return brief_dir


@pytest.fixture
def read(folder):
    """read(body) -> (Document, Warnings) of content/brief.md holding HEAD + body."""

    def read(body: str):
        path = folder / "brief.md"
        path.write_text(HEAD + body, encoding="utf-8")
        return read_document(path)

    return read


@pytest.fixture
def blocks(read):
    """blocks(body) -> the preamble of a body without headings, asserting there are no warnings."""

    def blocks(body: str):
        document, warnings = read(body)
        assert warnings == []
        return document.preamble

    return blocks


@pytest.fixture
def error(read):
    """error(body) -> the formatted ContentError the body raises."""

    def error(body: str) -> str:
        with pytest.raises(ContentError) as caught:
            read(body)
        return str(caught.value)

    return error


def para(*inlines, line: int) -> Paragraph:
    return Paragraph(tuple(inlines), line)


def item(text: str, line: int, *more) -> ListItem:
    return ListItem((para(Text(text), line=line), *more), line)


# ---------------------------------------------------------------- sections and headings


def test_sections_subsections_and_minor_headings(read):
    document, warnings = read(
        "Lead paragraph.\n"
        "\n"
        "# One\n"
        "\n"
        "Intro of one.\n"
        "\n"
        "## One point one\n"
        "\n"
        "### Minor\n"
        "#### Deeper *still*\n"
        "\n"
        "# Two\n"
        "Right under.\n"
    )
    assert warnings == []
    assert document.preamble == (para(Text("Lead paragraph."), line=4),)
    one, two = document.sections
    assert (one.level, one.title, one.line) == (1, "One", 6)
    assert one.blocks == (para(Text("Intro of one."), line=8),)
    (sub,) = one.subsections
    assert (sub.level, sub.title, sub.line) == (2, "One point one", 10)
    assert sub.blocks == (
        MinorHeading(3, (Text("Minor"),), 12, "minor"),
        MinorHeading(4, (Text("Deeper "), Emphasis((Text("still"),))), 13, "deeper-still"),
    )
    assert (two.title, two.line, two.subsections) == ("Two", 15, ())
    assert two.blocks == (para(Text("Right under."), line=16),)
    assert document.keywords == "One, Two"
    assert [s.title for s in document.all_sections()] == ["One", "One point one", "Two"]


def test_setext_headings_are_sections_too(read):
    document, _ = read("Title\n=====\n\nSub\n---\n")
    (section,) = document.sections
    assert (section.title, section.line, section.subsections[0].title, section.subsections[0].line) == (
        "Title",
        4,
        "Sub",
        7,
    )


def test_a_subsection_before_any_section_becomes_a_section(read):
    document, _ = read("## Early\n\ntext\n")
    assert [(s.level, s.title, s.line) for s in document.sections] == [(1, "Early", 4)]


def test_heading_titles_are_plain_text(read):
    document, _ = read("# The **bold** `code` [link](https://example.org) &amp; <b>x</b> <y>\n")
    assert document.sections[0].title == "The bold code link & x <y>"


def test_a_heading_without_text_is_an_error(error):
    assert error("text\n\n#\n") == "brief.md:6: heading without text"
    assert error("##   \n") == "brief.md:4: heading without text"


def test_nesting_deeper_than_the_parser_reads_is_an_error_not_silently_dropped(error, blocks):
    hint = " (hint: use at most a few levels of nesting)"
    assert error("intro\n\n" + "> " * 25 + "deep\n") == "brief.md:6: lists and quotes nest too deeply to read" + hint
    deep_list = "".join("  " * depth + f"- item {depth}\n" for depth in range(25))
    assert error(deep_list).startswith("brief.md:")
    assert "nest too deeply" in error(deep_list)
    assert len(blocks("> " * 8 + "fine\n")) == 1


# ---------------------------------------------------------------- paragraphs and inlines


def test_soft_and_hard_line_breaks(blocks):
    assert blocks("one\ntwo  \nthree\\\nfour\n") == (
        para(Text("one two"), LineBreak(), Text("three"), LineBreak(), Text("four"), line=4),
    )


def test_inline_bold_italic_code_and_links_nest(blocks):
    assert blocks("**bold *both*** _it_ `a *b*` [**go** here](https://example.org/a?b=1) <mailto:a@b.org>\n") == (
        para(
            Strong((Text("bold "), Emphasis((Text("both"),)))),
            Text(" "),
            Emphasis((Text("it"),)),
            Text(" "),
            Code("a *b*"),
            Text(" "),
            Link("https://example.org/a?b=1", (Strong((Text("go"),)), Text(" here"))),
            Text(" "),
            Link("mailto:a@b.org", (Text("mailto:a@b.org"),)),
            line=4,
        ),
    )


def test_autolinks_reference_links_and_upper_case_schemes_are_links(blocks):
    (paragraph,) = blocks(
        "<https://a.example> <me@b.example> [ref][r] [up](HTTPS://C.example)\n\n[r]: http://r.example\n"
    )
    assert [node for node in paragraph.inlines if isinstance(node, Link)] == [
        Link("https://a.example", (Text("https://a.example"),)),
        Link("mailto:me@b.example", (Text("me@b.example"),)),
        Link("http://r.example", (Text("ref"),)),
        Link("HTTPS://C.example", (Text("up"),)),
    ]


def test_bare_urls_are_links_as_on_github(blocks):
    assert blocks("see https://example.org today\n") == (
        para(Text("see "), Link("https://example.org", (Text("https://example.org"),)), Text(" today"), line=4),
    )


def test_markup_characters_that_are_not_html_stay_literal(blocks):
    assert blocks("x<y>z R&D <152 mm> &amp; &lt;b&gt; 5 < 6 \\*not em\\* <notatag>\n") == (
        para(Text("x<y>z R&D <152 mm> & <b> 5 < 6 *not em* <notatag>"), line=4),
    )


def test_html_formatting_tags_apply_and_comments_vanish(blocks):
    assert blocks(
        "<b>b</b> <i>i</i> <kbd>Ctrl</kbd><br><sub>2</sub><sup>n</sup> <s>x</s> <u>u</u> <!-- gone -->\n"
    ) == (
        para(
            Strong((Text("b"),)),
            Text(" "),
            Emphasis((Text("i"),)),
            Text(" "),
            Code("Ctrl"),
            LineBreak(),
            Subscript((Text("2"),)),
            Superscript((Text("n"),)),
            Text(" "),
            Strike((Text("x"),)),
            Text(" "),
            Underline((Text("u"),)),
            Text(" "),
            line=4,
        ),
    )


def test_other_html_tags_are_dropped_keeping_their_text_with_one_warning(read):
    document, warnings = read(
        "<div align=center>\n<b>bold</b> R&D\n</div>\n\nA <span>phrase</span> <video src=x> <a>y</a>\n"
    )
    assert document.preamble == (
        para(Strong((Text("bold"),)), Text(" R&D"), line=4),
        para(Text("A phrase  y"), line=8),
    )
    assert [w.format("warning") for w in warnings] == [
        "brief.md:4: warning: HTML tags <div>, <video> are not drawn; their text is kept "
        "(hint: write the formatting in Markdown)"
    ]


def test_scripts_and_styles_vanish_with_their_content(read):
    document, warnings = read("Text <script>alert(1)</script> and <style>p{}</style> more\n\n<!-- a\ncomment -->\n")
    assert document.preamble == (para(Text("Text  and  more"), line=4),)
    assert "<script>, <style>" in warnings[0].message


def test_code_blocks_keep_their_text(blocks):
    assert blocks("    indented\n      more\n\n```python\nx = 1\n\n  y\n```\n\n~~~\ntilde\n~~~\n") == (
        CodeBlock("indented\n  more", 4),
        CodeBlock("x = 1\n\n  y", 7),
        CodeBlock("tilde", 13),
    )


def test_thematic_breaks_leave_no_block(blocks):
    assert blocks("a\n\n---\n\nb\n") == (para(Text("a"), line=4), para(Text("b"), line=8))


# ---------------------------------------------------------------- lists and quotes


def test_tight_and_loose_lists_give_the_same_items(blocks):
    tight = blocks("- a\n- b\n")
    loose = blocks("- a\n\n- b\n")
    assert tight == (ListBlock((item("a", 4), item("b", 5)), False, 1, 4),)
    assert loose == (ListBlock((item("a", 4), item("b", 6)), False, 1, 4),)


def test_a_loose_item_keeps_all_its_paragraphs(blocks):
    assert blocks("1. first\n\n   second paragraph\n2. next\n") == (
        ListBlock(
            (ListItem((para(Text("first"), line=4), para(Text("second paragraph"), line=6)), 4), item("next", 7)),
            True,
            1,
            4,
        ),
    )


@pytest.mark.parametrize(("marker", "start"), [("1.", 1), ("3.", 3), ("0)", 0), ("007.", 7)])
def test_ordered_lists_keep_their_start(blocks, marker, start):
    (block,) = blocks(f"{marker} a\n")
    assert (block.ordered, block.start) == (True, start)


def test_lists_nest_three_levels_and_keep_their_kinds(blocks):
    assert blocks("- one\n  1. two\n     - three\n- back\n") == (
        ListBlock(
            (
                item(
                    "one",
                    4,
                    ListBlock((item("two", 5, ListBlock((item("three", 6),), False, 1, 6)),), True, 1, 5),
                ),
                item("back", 7),
            ),
            False,
            1,
            4,
        ),
    )


def test_lists_deeper_than_three_levels_are_shown_flat_with_a_warning(read):
    document, warnings = read("- a\n  - b\n    - c\n      - d\n        - e\n")
    level3 = document.preamble[0].items[0].blocks[1].items[0].blocks[1]
    (item3,) = level3.items
    assert [block for block in item3.blocks] == [
        para(Text("c"), line=6),
        para(Text("– "), Text("d"), line=7),
        para(Text("– "), Text("– "), Text("e"), line=8),
    ]
    assert sorted(w.format("warning") for w in warnings) == [
        "brief.md:7: warning: lists nest at most 3 levels; deeper items are shown flat",
        "brief.md:8: warning: lists nest at most 3 levels; deeper items are shown flat",
    ]


def test_quotes_hold_paragraphs_and_lists(blocks):
    assert blocks("> said\n> again\n>\n> - point\n\nafter\n") == (
        Quote((para(Text("said again"), line=4), ListBlock((item("point", 7),), False, 1, 7)), 4),
        para(Text("after"), line=9),
    )


# ---------------------------------------------------------------- tables


def test_pipe_tables_keep_header_rows_and_aligns(blocks):
    (table,) = blocks("| Left | Centre | Right | None |\n|:-----|:------:|------:|------|\n| a | **b** | `c` |\n")
    assert table == Table(
        header=((Text("Left"),), (Text("Centre"),), (Text("Right"),), (Text("None"),)),
        rows=(((Text("a"),), (Strong((Text("b"),)),), (Code("c"),), ()),),
        aligns=("left", "center", "right", None),
        line=4,
    )


def test_a_bad_link_in_a_table_row_names_the_row(error):
    assert error("| a |\n|---|\n| ok |\n| [x](ftp://h) |\n") == (
        f"brief.md:7: link 'ftp://h' is not an http, https or mailto link {LINK_HINT}"
    )


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("href", ["ftp://host/x", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_links_of_other_schemes_are_errors(error, href):
    assert error(f"Intro\n\nSee [here]({href}).\n") == (
        f"brief.md:6: link '{href}' is not an http, https or mailto link {LINK_HINT}"
    )


@pytest.mark.parametrize(
    ("href", "message"),
    [
        ("LICENSE-MIT", "relative link 'LICENSE-MIT' cannot be followed from a handout; its text is kept unlinked"),
        ("/docs/x", "relative link '/docs/x' cannot be followed from a handout; its text is kept unlinked"),
        ("../a.md#b", "relative link '../a.md#b' cannot be followed from a handout; its text is kept unlinked"),
        ("#nowhere", "link '#nowhere' names no heading of the brief; its text is kept unlinked"),
        ("", "a link without an address; its text is kept unlinked"),
    ],
)
def test_relative_and_empty_links_keep_their_text_unlinked_with_a_warning(read, href, message):
    document, warnings = read(f"Intro\n\nSee [the *text*]({href}).\n")
    assert document.preamble[1] == para(Text("See the "), Emphasis((Text("text"),)), Text("."), line=6)
    assert [(w.line, w.message) for w in warnings] == [(6, message)]


def test_anchor_links_link_the_heading_by_its_id_or_its_slug(read):
    document, warnings = read(
        "See [terms](#terms), [usage](#how-to-use-it) and [again](#usage-1).\n\n"
        "# Terms {#terms .unnumbered}\n\n## How to *use* it?\n\n### Usage\n\n### Usage\n"
    )
    assert warnings == []
    links = [node for node in document.preamble[0].inlines if isinstance(node, InternalLink)]
    assert links == [
        InternalLink("terms", (Text("terms"),)),
        InternalLink("how-to-use-it", (Text("usage"),)),
        InternalLink("usage-1", (Text("again"),)),
    ]
    section = document.sections[0]
    assert (section.title, section.anchor) == ("Terms", "terms")
    assert (section.subsections[0].title, section.subsections[0].anchor) == ("How to use it?", "how-to-use-it")
    assert [block.anchor for block in section.subsections[0].blocks] == ["usage", "usage-1"]


def test_a_long_bad_link_is_shortened_in_the_message(error):
    href = "ftp://" + "x" * 100
    assert (
        error(f"[x]({href})\n") == f"brief.md:4: link '{href[:57]}...' is not an http, https or mailto link {LINK_HINT}"
    )


def test_a_bad_link_names_its_own_line_inside_a_long_paragraph(error):
    assert error("one\ntwo  \nthree [x](ftp://h)\n") == (
        f"brief.md:6: link 'ftp://h' is not an http, https or mailto link {LINK_HINT}"
    )


# ---------------------------------------------------------------- images


def test_an_image_in_its_own_paragraph_is_a_figure_with_its_caption(read, folder):
    picture = png(folder / "figs" / "map.png")
    document, warnings = read("Before.\n\n![The **reported** routes](figs/map.png)\n")
    assert warnings == []
    assert document.preamble[1] == Image(picture.resolve(), "The reported routes", 6)
    assert document.images() == (document.preamble[1],)


def test_images_are_lifted_out_of_paragraphs_after_their_text(read, folder):
    png(folder / "a.png", (400, 300))  # pictures among words too tall to draw beside them
    png(folder / "b c.png", (200, 128))
    document, _ = read("Text first\n![one](a.png) and ![two](<b c.png>)\n![three](b%20c.png)\n")
    assert document.preamble == (
        para(Text("Text first and"), line=4),
        Image((folder / "a.png").resolve(), "one", 5),
        Image((folder / "b c.png").resolve(), "two", 5),
        Image((folder / "b c.png").resolve(), "three", 6),
    )


def test_a_small_picture_among_words_is_drawn_inline_and_one_on_its_own_line_is_a_figure(read, folder):
    badge = png(folder / "badge.png", (90, 20)).resolve()
    icon = png(folder / "icon.png", (127, 127)).resolve()
    document, warnings = read(
        "Built ![passing](badge.png) today, see ![i](icon.png).\n"
        "![own line](badge.png)\n"
        "*![emphasised, alone](icon.png)*\n"
        "![a](badge.png) ![b](icon.png)\n"
    )
    assert warnings == []
    assert document.preamble == (
        para(
            Text("Built "),
            InlineImage(badge, "passing", 4),
            Text(" today, see "),
            InlineImage(icon, "i", 4),
            Text("."),
            line=4,
        ),
        Image(badge, "own line", 5),
        Image(icon, "emphasised, alone", 6),
        Image(badge, "a", 7),
        Image(icon, "b", 7),
    )


def test_a_remote_picture_among_words_shows_its_caption_and_one_alone_a_placeholder(read, folder):
    document, warnings = read(
        "Status: ![build passing](https://ci.example/b.svg) as of today.\n\n![chart](https://example.org/c.png)\n"
    )
    assert document.preamble == (
        para(Text("Status: "), InlineImage(None, "build passing", 4), Text(" as of today."), line=4),
        ImagePlaceholder("https://example.org/c.png", "chart", 6),
    )
    assert [warning.line for warning in warnings] == [4, 6]


def test_a_missing_picture_among_words_is_one_error(error):
    assert error("See ![x](missing.png) here.\n") == (
        "brief.md:4: image 'missing.png' not found (hint: paths are relative to the brief)"
    )


def test_an_image_line_counts_breaks_inside_a_multi_line_caption(read, folder):
    png(folder / "a.png")
    document, _ = read("![a caption\nover two lines](a.png)\n![next](a.png)\n")  # next is on line 6
    assert [(image.caption, image.line) for image in document.images()] == [
        ("a caption over two lines", 4),
        ("next", 6),
    ]


def test_images_resolve_in_the_project_assets_folder(read, folder):
    picture = png(folder.parent / "assets" / "logos" / "mark.png")
    document, _ = read("![Mark](logos/mark.png)\n\n![Again](../assets/logos/mark.png)\n")
    assert [image.path for image in document.images()] == [picture.resolve(), picture.resolve()]


def test_a_file_next_to_the_brief_wins_over_assets(read, folder):
    png(folder.parent / "assets" / "same.png")
    local = png(folder / "same.png")
    assert read("![x](same.png)\n")[0].images()[0].path == local.resolve()


def test_a_symlink_inside_the_folder_resolves_to_its_target(read, folder):
    target = png(folder / "real.png")
    (folder / "alias.png").symlink_to(target)
    assert read("![x](alias.png)\n")[0].images()[0].path == target.resolve()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("![x](missing.png)", "image 'missing.png' not found (hint: paths are relative to the brief)"),
        ("![x](figs)", "image 'figs' not found (hint: paths are relative to the brief)"),
        ("![x]()", "image without a path"),
        (
            "![x](data:image/png;base64," + "A" * 200 + ")",
            "image '" + ("data:image/png;base64," + "A" * 200)[:57] + "...' is not a file "
            "(hint: save the image next to the brief or in assets/)",
        ),
        (
            "![x](file:///etc/x.png)",
            "image 'file:///etc/x.png' is not a file (hint: save the image next to the brief or in assets/)",
        ),
    ],
)
def test_image_errors_name_the_image_line(error, folder, body, message):
    (folder / "figs").mkdir()
    assert error(f"Some text\nfollowed by\n{body}\n") == f"brief.md:6: {message}"


def test_an_image_outside_the_allowed_folders_is_refused(error, folder):
    png(folder.parent / "secret.png")
    outside = "(hint: copy it next to the brief or into assets/)"
    assert (
        error("![x](../secret.png)\n")
        == f"brief.md:4: image '../secret.png' lies outside the brief's folder and assets/ {outside}"
    )
    absolute = str((folder.parent / "secret.png").resolve())
    assert error(f"![x]({absolute})\n") == (
        f"brief.md:4: image '{absolute}' lies outside the brief's folder and assets/ {outside}"
    )


def test_an_image_escaping_through_a_symlink_is_refused(error, folder, tmp_path):
    secret = png(tmp_path / "elsewhere" / "secret.png")
    (folder / "innocent.png").symlink_to(secret)
    (folder / "linked").symlink_to(secret.parent, target_is_directory=True)
    outside = "lies outside the brief's folder and assets/ (hint: copy it next to the brief or into assets/)"
    assert error("![x](innocent.png)\n") == f"brief.md:4: image 'innocent.png' {outside}"
    assert error("text\n\n![x](linked/secret.png)\n") == f"brief.md:6: image 'linked/secret.png' {outside}"


@pytest.mark.parametrize("source", ["https://example.org/a.png", "//example.org/a.png", "/img/none.png"])
def test_a_remote_or_unfound_site_image_becomes_a_placeholder_with_a_warning(read, source):
    document, warnings = read(f"Text\n\n![The map]({source})\n")
    assert document.preamble[1] == ImagePlaceholder(source, "The map", 6)
    assert [(w.line, w.message.split(";")[1]) for w in warnings] == [
        (6, " a placeholder with its address stands in its place")
    ]
    assert document.images() == ()


def test_a_site_path_resolves_next_to_the_brief(read, folder):
    picture = png(folder / "img" / "x.png")
    document, warnings = read("![x](/img/x.png)\n")
    assert warnings == [] and document.images() == (Image(picture.resolve(), "x", 4),)


def test_images_inside_lists_quotes_tables_and_links_are_drawn_inline(read, folder):
    picture = png(folder / "badge.png").resolve()
    document, warnings = read(
        "- see ![the *map*](badge.png)\n\n> ![q](badge.png)\n\n| h |\n|---|\n| ![t](badge.png) |\n\n"
        "[![build](badge.png)](https://ci.example) text\n\n# Head ![h](badge.png)\n"
    )
    assert warnings == []
    assert document.preamble[0].items[0].blocks[0] == para(Text("see "), InlineImage(picture, "the map", 4), line=4)
    assert document.preamble[1] == Quote((para(InlineImage(picture, "q", 6), line=6),), 6)
    assert document.preamble[2].rows == (((InlineImage(picture, "t", 10),),),)
    assert document.preamble[3] == para(
        Link("https://ci.example", (InlineImage(picture, "build", 12),)), Text(" text"), line=12
    )
    assert document.sections[0].title == "Head"
    assert len(document.images()) == 4  # a heading is plain text: its image is left out


def test_a_remote_badge_shows_its_caption_with_a_warning(read):
    document, warnings = read("[![build passing](https://ci.example/b.svg)](https://ci.example)\n")
    assert document.preamble[0] == para(Link("https://ci.example", (InlineImage(None, "build passing", 4),)), line=4)
    assert [w.message for w in warnings] == [
        "image 'https://ci.example/b.svg' is remote and is not fetched; its caption is shown instead"
    ]


# ---------------------------------------------------------------- flows inside the body


def test_a_flow_block_becomes_a_flow_at_its_fence_line(read):
    document, _ = read("# S\n\n```flow\nA -> B: x\n```\n")
    (flow,) = document.sections[0].blocks
    assert isinstance(flow, Flow)
    assert (flow.line, flow.spec.line, flow.spec.edges[0].line) == (6, 6, 7)
    assert document.flows() == (flow.spec,)


@pytest.mark.parametrize(
    "body", ["- item\n\n  ```flow\n  A -> B: x\n  ```\n", "> q\n>\n> ```flow\n> A -> B: x\n> ```\n"]
)
def test_a_flow_block_inside_a_list_or_quote_is_an_error(error, body):
    assert error(body) == (
        "brief.md:6: a flow block must stand at section level, not in a list or quote"
        " (hint: move the block out of the list or quote, with no indent)"
    )


def test_other_fences_are_code_blocks(blocks):
    assert blocks("```flowchart\nA -> B\n```\n") == (CodeBlock("A -> B", 4),)


# ---------------------------------------------------------------- text hygiene


def test_control_characters_from_entities_are_removed_with_a_warning(read):
    document, warnings = read("ok\nform&#12;feed&#13; &#x85;\n")  # markdown-it itself turns &#x85; into U+FFFD
    assert document.preamble == (para(Text("ok formfeed \ufffd"), line=4),)
    assert [w.format() for w in warnings] == ["brief.md:5: removed control characters U+000C, U+000D"]


def test_raw_control_characters_are_removed_with_a_warning_on_their_line(read):
    document, warnings = read("# Ti\x07tle\n\n- it\x1bem\n\n```\nco\x00de\n```\n")
    assert document.sections[0].title == "Title"
    assert document.sections[0].blocks[0].items[0] == item("item", 6)
    assert document.sections[0].blocks[1] == CodeBlock("code", 8)
    assert [w.line for w in warnings] == [4, 6, 9]


def test_crlf_and_cr_line_ends_keep_lines(folder):
    body = "# One\n\ntext\n\n- a\n- b\n"
    for ending in ("\r\n", "\r"):
        path = folder / "brief.md"
        path.write_bytes((HEAD + body).replace("\n", ending).encode())
        document, _ = read_document(path)
        assert [b.line for b in document.all_blocks()] == [6, 8, 8, 9]
        assert document.sections[0].blocks[1].items[1] == item("b", 9)


# ---------------------------------------------------------------- properties

FRAGMENTS = st.sampled_from(
    [
        "# ", "## ", "### ", "- ", "* ", "1. ", "2) ", "> ", "    ", "  ", "```", "```flow\n", "~~~", "|", "|---|",
        ":-:", "---", "***", "**", "*", "_", "`", "[", "]", "(", ")", "![", "](", "<", ">", "&amp;", "&#12;", "&#0;",
        "\\", "\t", "A -> B: x, y?", "caption: c", "https://e.org", "mailto:a@b.org", "ftp://x", "a.png", "\x07",
        "\u2028", "é", "北", "text", "word ", "\n", "\n\n", "===", "<div>", "</div>", "-->",
    ]
)  # fmt: skip
BODIES = st.lists(st.lists(FRAGMENTS, max_size=12).map("".join), max_size=25).map("\n".join)


@pytest.fixture(scope="module")
def property_folder(tmp_path_factory):
    """A brief folder with one real image, so generated images can succeed as well as fail."""
    folder = tmp_path_factory.mktemp("prop")
    png(folder / "a.png")
    return folder


def _reading_order(document):
    """(kind, line) of every heading, block and flow edge, in reading order."""
    out = []

    def walk(blocks):
        for block in blocks:
            out.append((type(block).__name__, block.line))
            if isinstance(block, ListBlock):
                for entry in block.items:
                    out.append(("item", entry.line))
                    walk(entry.blocks)
            elif isinstance(block, Quote):
                walk(block.blocks)
            elif isinstance(block, Flow):
                out.extend(("edge", edge.line) for edge in block.spec.edges)

    walk(document.preamble)
    for section in document.all_sections():
        out.append(("section", section.line))
        walk(section.blocks)
    return out


def _texts(node):
    """Every string of text the model holds below `node`."""
    if isinstance(node, (Text, Code)):
        yield node.text
    for child in getattr(node, "children", ()) or getattr(node, "inlines", ()):
        yield from _texts(child)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES)
def test_any_body_reads_or_fails_with_a_located_content_error(property_folder, body):
    data = (HEAD + body).encode("utf-8")
    last_line = (HEAD + body).replace("\u2028", "").count("\n") + 1
    try:
        document, warnings = parse_document(data, property_folder / "brief.md")
    except ContentError as exc:
        assert all(4 <= problem.line <= last_line for problem in exc.problems), exc
        return
    order = [line for _, line in _reading_order(document)]
    assert all(4 <= line <= last_line for line in order)
    assert order == sorted(order)
    assert all(1 <= w.line <= last_line for w in warnings)
    for block in document.all_blocks():
        for text in _texts(block):
            assert text == strip_forbidden(text)
        if isinstance(block, Image):
            assert block.path == (property_folder / "a.png").resolve()
    for section in document.all_sections():
        assert section.title and section.title == strip_forbidden(section.title)


def test_the_default_brief_reads_without_warnings():
    document, warnings = read_document(Path(briefkit.theme.PROJECT_DIR) / "content" / "brief.md")
    assert warnings == []
    assert document.meta.title.startswith("Arms for Influence")
    assert document.flows()
    lines = [line for _, line in _reading_order(document)]
    assert lines == sorted(lines)
    assert os.path.basename(document.path) == "brief.md"


def test_an_html_image_is_drawn_inline_and_a_remote_one_shows_its_alt_text(read, folder):
    picture = png(folder / "logo.png").resolve()
    document, warnings = read(
        '<p align="center"><img src="logo.png" alt="Logo &amp; mark"></p>\n\n'
        "A <img src=https://x.org/a.png alt=remote> b\n"
    )
    assert document.preamble == (
        para(InlineImage(picture, "Logo & mark", 4), line=4),
        para(Text("A "), InlineImage(None, "remote", 6), Text(" b"), line=6),
    )
    assert [w.message for w in warnings] == [
        "image 'https://x.org/a.png' is remote and is not fetched; its caption is shown instead",
        "HTML tags <p> are not drawn; their text is kept",
    ]


def test_footnotes_are_numbered_by_first_citation_and_uncited_ones_warn(read):
    document, warnings = read(
        "B[^b] A[^a] again[^b] and^[inline *note*].\n\n[^a]: Note a.\n[^b]: Note b.\n[^c]: Never.\n"
    )
    refs = [node for node in document.preamble[0].inlines if isinstance(node, NoteRef)]
    assert [(ref.number, plain_text(ref.note)) for ref in refs] == [
        (1, "Note b."),
        (2, "Note a."),
        (1, "Note b."),
        (3, "inline note"),
    ]
    assert plain_text(document.preamble[0].inlines) == "B¹ A² again¹ and³."
    assert [(w.line, w.message) for w in warnings] == [(8, "footnote '[^c]' is never cited; its text is left out")]


def test_extensions_read_as_their_own_kinds(read):
    document, warnings = read(
        "~~gone~~ H~2~O x^2^\n\n- [x] done\n- [ ] open\n\nTerm\n: Its *meaning*.\n\n> [!CAUTION]\n> Hot.\n"
    )
    assert warnings == []
    paragraph, tasks, definitions, alert = document.preamble
    assert paragraph == para(
        Strike((Text("gone"),)), Text(" H"), Subscript((Text("2"),)), Text("O x"), Superscript((Text("2"),)), line=4
    )
    assert [item.blocks[0].inlines[0] for item in tasks.items] == [TaskBox(True), TaskBox(False)]
    assert definitions == DefinitionList(
        (Definition((Text("Term"),), (para(Text("Its "), Emphasis((Text("meaning"),)), Text("."), line=10),), 9),), 9
    )
    assert alert == Quote((para(Strong((Text("Caution"),)), line=12), para(Text("Hot."), line=13)), 12)


def test_a_footnote_in_a_section_title_is_left_out_with_a_warning(read):
    document, warnings = read("# Title[^a]\n\nText[^a].\n\n[^a]: Note.\n")
    assert document.sections[0].title == "Title"
    assert [(w.line, w.message) for w in warnings] == [(4, "a footnote in a section title is left out")]
