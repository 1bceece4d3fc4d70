"""Markdown written for other tools, read into the model the way its authors meant it.

Each test takes a construct that READMEs, static-site posts, note apps, documentation sites and
Pandoc documents use, and checks what the reader makes of it: the text a reader of the PDF and
the deck sees, with no markup of a construct the reader understands left in it, and a located
warning where meaning is lost. Bodies follow a three-line front matter, so the body's first line
is file line 4.
"""

from __future__ import annotations

import pytest
from PIL import Image as PILImage

from briefkit.errors import ContentError
from briefkit.model import (
    Code,
    CodeBlock,
    Emphasis,
    Highlight,
    Image,
    InlineImage,
    InternalLink,
    LineBreak,
    Link,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
    Underline,
    plain_text,
)
from briefkit.read import read_document

HEAD = "---\ntitle: T\n---\n"


@pytest.fixture
def read(tmp_path, monkeypatch):
    """read(body, head=HEAD) -> (Document, Warnings) of brief.md holding head + body."""

    monkeypatch.chdir(tmp_path)

    def read(body: str, head: str = HEAD):
        path = tmp_path / "brief.md"
        path.write_text(head + body, encoding="utf-8")
        return read_document(path)

    return read


@pytest.fixture
def problems(read):
    """problems(body) -> the formatted lines of the ContentError the body raises."""

    def problems(body: str, head: str = HEAD) -> list[str]:
        with pytest.raises(ContentError) as caught:
            read(body, head)
        return [problem.format() for problem in caught.value.problems]

    return problems


def texts(blocks) -> list[str]:
    """The plain text of each paragraph among `blocks`, quotes' contents flattened in."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append(plain_text(block.inlines))
        elif isinstance(block, Quote):
            found += texts(block.blocks)
    return found


def label_of(quote: Quote) -> str:
    """The bold label a callout quote leads with, or '' for a plain quote."""
    first = quote.blocks[0]
    if isinstance(first, Paragraph) and len(first.inlines) == 1 and isinstance(first.inlines[0], Strong):
        return plain_text(first.inlines[0].children)
    return ""


# ---------------------------------------------------------------- every problem in one run


def test_a_bad_chart_does_not_hide_the_other_problems_of_the_brief(problems):
    found = problems(
        "```flow\nA -> : x\n```\n"  # line 4, the bad edge on 5
        "\n"
        "```chart\ntype: columns\n| K | V |\n|---|---|\n| a | 1 |\n```\n"  # fence on line 8
        "\n"
        "- item\n\n  ```chart\n  type: pie\n  | K | V |\n  |---|---|\n  | a | 1 |\n  ```\n"  # fence on 17
        "\n"
        "[bad](javascript:alert(1))\n"  # line 24
    )
    lines = [int(line.split(":")[1]) for line in found]
    assert lines == sorted(lines)
    assert lines == [5, 9, 17, 24]
    assert all("(hint:" in line for line in found)


# ---------------------------------------------------------------- callouts of every dialect


def quotes_of(document) -> list[Quote]:
    return [block for block in document.all_blocks() if isinstance(block, Quote)]


@pytest.mark.parametrize(
    ("body", "label", "text"),
    [
        ("> [!note]- Collapsed title\n> Callout body text.\n", "Collapsed title", "Callout body text."),
        ("> [!tip] A **bold** tip\n> With a title.\n", "A bold tip", "With a title."),
        ("> [!info]\n> Info callout.\n", "Info", "Info callout."),
        ("> [!warning]+\n> Expanded warning.\n", "Warning", "Expanded warning."),
        ("> [!FAQ]- Why?\n", "Why?", None),
        ("!!! note\n    This is a note admonition.\n", "Note", "This is a note admonition."),
        ('!!! warning "Title"\n    Warning body\n    on two lines.\n', "Title", "Warning body on two lines."),
        ('??? tip "Collapsible"\n    Hidden tip.\n', "Collapsible", "Hidden tip."),
        ('!!! danger ""\n    No title.\n', "", "No title."),
        ("::: warning\nThis is a warning div.\n:::\n", "Warning", "This is a warning div."),
        ('::: {.note title="Heads up"}\nA note div.\n:::\n', "Heads up", "A note div."),
        ("::: {.callout-tip}\nQuarto tip.\n:::\n", "Tip", "Quarto tip."),
    ],
)
def test_callouts_admonitions_and_fenced_divs_are_labelled_quotes(read, body, label, text):
    document, warnings = read(body)
    assert warnings == []
    (quote,) = quotes_of(document)
    assert label_of(quote) == label
    shown = texts(quote.blocks)
    assert shown == ([label] if label else []) + ([text] if text else [])
    for mark in ("[!", "!!!", "???", ":::", "{."):
        assert all(mark not in piece for piece in shown)


def test_a_fenced_div_of_no_callout_class_keeps_its_blocks_in_place(read):
    document, warnings = read(
        ":::: columns\n::: column\nLeft side.\n:::\n::: column\nRight side.\n:::\n::::\n\nAfter.\n"
    )
    assert warnings == []
    assert document.preamble == (
        Paragraph((Text("Left side."),), 6),
        Paragraph((Text("Right side."),), 9),
        Paragraph((Text("After."),), 13),
    )


# ---------------------------------------------------------------- note apps: wikilinks, embeds, comments, marks


def test_wikilinks_read_as_their_text_with_one_warning(read):
    document, warnings = read(
        "Links to [[Other Note]], [[Other Note|an alias]], [[Page#Part]] and [[#Later]].\n\n# Later\n"
    )
    (paragraph,) = document.preamble
    assert plain_text(paragraph.inlines) == "Links to Other Note, an alias, Page > Part and Later."
    assert paragraph.inlines[-2] == InternalLink("later", (Text("Later"),))
    assert [(w.line, w.message) for w in warnings] == [
        (4, "3 wikilinks to other notes are kept as their text, unlinked")
    ]


def test_an_embedded_image_is_a_figure_and_an_embedded_note_its_name(read, tmp_path):
    PILImage.new("RGB", (6, 4), "navy").save(tmp_path / "logo.png")
    document, warnings = read("![[logo.png]]\n\n- Inline ![[logo.png|40]] and ![[Other Note]].\n")
    figure, listing = document.preamble
    assert figure == Image((tmp_path / "logo.png").resolve(), "", 4)
    (paragraph,) = listing.items[0].blocks
    assert paragraph.inlines[1] == InlineImage((tmp_path / "logo.png").resolve(), "", 6)
    assert plain_text(paragraph.inlines) == "Inline  and Other Note."
    assert [(w.line, w.message) for w in warnings] == [
        (6, "embedded note 'Other Note' is not included; its name is shown in its place")
    ]


def test_percent_comments_are_dropped_inline_and_across_lines(read):
    document, warnings = read(
        "Visible %% hidden %% text.\n\n%% a hidden comment %%\n\n%%\nmulti-line\n\ncomment\n%%\n\nAfter.\n"
    )
    assert warnings == []
    assert texts(document.preamble) == ["Visible text.", "After."]
    assert document.preamble[1].line == 14


def test_double_equals_marks_text(read):
    document, warnings = read("A ==highlighted **bold** phrase== here, not a == b or ===.\n")
    assert warnings == []
    (paragraph,) = document.preamble
    assert paragraph.inlines[1] == Highlight((Text("highlighted "), Strong((Text("bold"),)), Text(" phrase")))
    assert plain_text(paragraph.inlines) == "A highlighted bold phrase here, not a == b or ===."


# ---------------------------------------------------------------- front matter of other tools


def test_toml_front_matter_between_plus_lines_is_read(read):
    head = (
        '+++\ntitle = "Hugo Post"\ndate = 2024-03-01T10:00:00Z\ntags = ["go", "hugo"]\ndraft = false\n'
        '[params]\n  author = "Ann"\n+++\n'
    )
    document, warnings = read("Body text.\n", head)
    meta = document.meta
    assert (meta.title, meta.date.isoformat(), meta.keywords) == ("Hugo Post", "2024-03-01", ("go", "hugo"))
    assert [(w.line, w.message) for w in warnings] == [
        (5, "front matter keys briefkit does not use are ignored: draft, params")
    ]
    assert texts(document.preamble) == ["Body text."]
    assert document.preamble[0].line == 9


def test_bad_toml_front_matter_is_a_located_error(problems):
    assert problems("Body.\n", '+++\ntitle = "T"\ndate = \n+++\n') == [
        'brief.md:3: invalid TOML: invalid value (hint: write key = "value", one per line)'
    ]


def test_a_pandoc_title_block_gives_title_authors_and_date(read):
    document, warnings = read("Body text.\n", "% Pandoc Document\n  on two lines\n% Jane Doe; John Roe\n% 2024-01-15\n")
    meta = document.meta
    assert (meta.title, meta.authors, meta.date.isoformat()) == (
        "Pandoc Document on two lines",
        ("Jane Doe", "John Roe"),
        "2024-01-15",
    )
    assert warnings == []
    assert document.preamble[0].line == 5


@pytest.mark.parametrize(
    "author",
    [
        "author:\n  name: Jane Doe\n  twitter: jdoe\n",
        "author: {name: Jane Doe}\n",
        "author:\n  - name: Jane Doe\n    affiliation: Uni\n  - John Roe\n",
    ],
)
def test_authors_given_as_mappings_are_read_by_their_name(read, author):
    document, warnings = read("Body.\n", f"---\ntitle: T\n{author}---\n")
    assert document.meta.authors[0] == "Jane Doe"
    assert warnings == []


def test_an_author_mapping_without_a_name_is_a_located_error(problems):
    assert problems("Body.\n", "---\ntitle: T\nauthor:\n  twitter: jdoe\n---\n") == [
        "brief.md:3: 'author' gives no name (hint: write author: Jane Doe, or name: Jane Doe below author:)"
    ]


# ---------------------------------------------------------------- static-site posts: templates and attributes


def test_template_tags_and_shortcodes_are_left_out_with_one_warning(read):
    document, warnings = read(
        'Intro with a {{< ref "other.md" >}} shortcode and {{ site.baseurl }}.\n\n'
        '{% include note.html content="An include" %}\n\n'
        "{{% notice warning %}}\nA notice.\n{{% /notice %}}\n"
    )
    assert texts(document.preamble) == ["Intro with a shortcode and .", "A notice."]
    assert [(w.line, w.message) for w in warnings] == [
        (4, "template tags such as {{< ref >}} are not expanded; they are left out")
    ]


def test_a_liquid_highlight_block_is_a_code_block(read):
    document, warnings = read(
        '{% highlight ruby linenos %}\ndef hi(name)\n  puts "Hi, #{name}"\nend\n{% endhighlight %}\n\nAfter.\n'
    )
    assert warnings == []
    assert document.preamble == (
        CodeBlock('def hi(name)\n  puts "Hi, #{name}"\nend', 4),
        Paragraph((Text("After."),), 10),
    )


def test_a_hugo_figure_shortcode_is_a_figure(read, tmp_path):
    PILImage.new("RGB", (6, 4), "navy").save(tmp_path / "logo.png")
    document, warnings = read('{{< figure src="logo.png" title="A figure" >}}\n')
    assert warnings == []
    assert document.preamble == (Image((tmp_path / "logo.png").resolve(), "A figure", 4),)


def test_kramdown_attribute_lists_are_dropped(read):
    document, warnings = read(
        "You'll find this post in `_posts`.\n{: .lead}\n\n# Intro\n{: #intro .fancy}\n\n"
        "A *word*{: .x} here.\n\n* TOC\n{:toc}\n\nEnd.\n"
    )
    assert warnings == []
    assert texts(document.preamble) == ["You'll find this post in _posts."]
    assert texts(document.sections[0].blocks) == ["A word here.", "End."]


# ---------------------------------------------------------------- Pandoc documents


def test_tex_math_is_shown_as_its_source_with_one_warning(read):
    document, warnings = read("Inline $x^2 + y^2 = z^2$ and prices of $5 and $10.\n\n$$\nE = mc^2\n$$\n")
    paragraph, display = document.preamble
    assert paragraph.inlines == (Text("Inline "), Code("x^2 + y^2 = z^2"), Text(" and prices of $5 and $10."))
    assert display == CodeBlock("E = mc^2", 6)
    assert [(w.line, w.message) for w in warnings] == [(4, "TeX math is shown as its source, not typeset")]


def test_bracketed_spans_and_attributes_keep_their_text_and_their_underline(read):
    document, warnings = read(
        "A [bracketed span]{.smallcaps}, [underlined]{.underline} and `code`{.python}.\n\n"
        "![Remote](https://example.org/y.png){width=50%}\n"
    )
    assert [w.line for w in warnings] == [6]  # the remote image's placeholder
    paragraph, placeholder = document.preamble
    assert plain_text(paragraph.inlines) == "A bracketed span, underlined and code."
    assert Underline((Text("underlined"),)) in paragraph.inlines
    assert placeholder.caption == "Remote"


def test_a_footnote_of_several_paragraphs_keeps_its_code(read):
    document, _ = read(
        "Here is a note[^long].\n\n[^long]: First paragraph.\n\n    Second paragraph.\n\n"
        "    ```\n    code in note\n    ```\n"
    )
    (paragraph,) = document.preamble
    assert plain_text(paragraph.inlines[-2].note) == "First paragraph. Second paragraph. code in note"


def test_a_line_block_keeps_its_lines(read):
    document, warnings = read("| The limerick packs laughs anatomical\n| In space that is quite economical.\n")
    assert warnings == []
    (paragraph,) = document.preamble
    assert paragraph.inlines == (
        Text("The limerick packs laughs anatomical"),
        LineBreak(),
        Text("In space that is quite economical."),
    )


def test_bare_web_addresses_are_links(read):
    document, warnings = read("See www.example.com and https://bare.example.org/path.\n")
    assert warnings == []
    (paragraph,) = document.preamble
    assert [node.url for node in paragraph.inlines if isinstance(node, Link)] == [
        "http://www.example.com",
        "https://bare.example.org/path",
    ]


# ---------------------------------------------------------------- flow blocks with mistakes


def test_every_mistake_of_a_flow_block_is_reported_in_one_run_with_a_hint(problems):
    found = problems(
        "```flow\n"  # line 4
        "A -> B: x, y\n"
        "A->B: z\n"  # 6: given twice
        "C -> : missing target\n"  # 7
        " -> D: missing source\n"  # 8
        "D -> D: self\n"  # 9
        "E → F: a written arrow\n"  # fine
        "G -> H\n"  # 11: no items
        "I -> J: trailing comma,\n"  # 12
        "caption:\n"  # 13: empty caption
        "```\n"
    )
    assert [int(line.split(":")[1]) for line in found] == [6, 7, 8, 9, 11, 12, 13]
    assert all("(hint:" in line for line in found), found


def test_a_written_arrow_joins_two_nodes(read):
    document, warnings = read("```flow\nE → F: goods\n```\n")
    assert [(edge.source, edge.target) for edge in document.flows()[0].edges] == [("E", "F")]


def test_every_mistake_of_a_chart_block_is_reported_in_one_run_with_a_hint(problems):
    found = problems(
        "```chart\n"  # line 4
        "type: columns\n"  # 5: unknown type
        "captoin: Bad chart\n"  # 6: unknown key
        "unit:\n"  # 7: no value
        "| Year | A |\n"
        "|---|---|\n"
        "| 2020 | 1.0 |\n"
        "| 2021 | abc |\n"  # 11: not a number
        "| 2022 | 3 | 4 |\n"  # 12: too many cells
        "```\n"
    )
    assert [int(line.split(":")[1]) for line in found] == [5, 6, 7, 11, 12]
    assert all("(hint:" in line for line in found), found


def cells(table: Table) -> list[list[str]]:
    return [[plain_text(cell) for cell in row] for row in (table.header, *table.rows)]


def test_a_pandoc_simple_table_is_a_table(read):
    document, warnings = read(
        "  Right     Left     Center     Default\n"
        "-------     ------ ----------   -------\n"
        "     12     12        12            12\n"
        "    123     123       123          123\n"
        "\n"
        "After.\n"
    )
    assert warnings == []
    table, after = document.preamble
    assert cells(table) == [["Right", "Left", "Center", "Default"], ["12"] * 4, ["123"] * 4]
    assert table.aligns == ("right", "left", "center", None)
    assert (table.line, after) == (4, Paragraph((Text("After."),), 9))


def test_a_pandoc_grid_table_is_a_table(read):
    document, warnings = read(
        "+---------------+---------------+\n"
        "| Fruit         | Price         |\n"
        "+===============+==============:+\n"
        "| Bananas       | $1.34         |\n"
        "| and plantains |               |\n"
        "+---------------+---------------+\n"
        "| *Oranges*     | $2.10         |\n"
        "+---------------+---------------+\n"
    )
    assert warnings == []
    (table,) = document.preamble
    assert cells(table) == [["Fruit", "Price"], ["Bananas and plantains", "$1.34"], ["Oranges", "$2.10"]]
    assert table.aligns == (None, "right")
    assert table.rows[1][0] == (Emphasis((Text("Oranges"),)),)


def test_a_setext_heading_and_a_rule_are_no_simple_table(read):
    document, _ = read("Title\n-----\n\nText\n\n- - -\n")
    assert [section.title for section in document.sections] == ["Title"]


# ---------------------------------------------------------------- a README without front matter


@pytest.mark.parametrize(
    "title", ["# Widgetron {#top}\n", "Widgetron\n=========\n", "<!-- logo -->\n\n# *Widgetron*\n"]
)
def test_a_file_without_front_matter_takes_its_title_from_its_first_heading(read, title):
    document, warnings = read(f"{title}\nFast widgets.\n\n## Install\n\nRun it.\n", head="")
    assert document.meta.title == "Widgetron"
    assert texts(document.preamble) == ["Fast widgets."]
    assert [section.title for section in document.sections] == ["Install"]
    heading_line = title.count("\n", 0, title.index("Widgetron")) + 1
    assert document.sections[0].line == title.count("\n") + 4
    assert [(w.line, w.message) for w in warnings] == [
        (heading_line, "no front matter: the first heading 'Widgetron' is the title")
    ]


def test_front_matter_without_a_title_takes_the_first_heading(read):
    document, warnings = read("# My note\n\nText.\n", head="---\ntags: [pkm]\n---\n")
    assert (document.meta.title, document.meta.keywords, document.sections) == ("My note", ("pkm",), ())
    assert [(w.line, w.message) for w in warnings] == [
        (4, "the front matter gives no title: the first heading 'My note' is the title")
    ]


# ---------------------------------------------------------------- documentation sites


def test_content_tabs_read_as_labelled_blocks(read):
    document, warnings = read(
        '=== "Python"\n\n    ```python\n    print("hi")\n    ```\n\n=== "Bash"\n\n    Run `echo hi`.\n\nAfter.\n'
    )
    assert warnings == []
    assert document.preamble == (
        Paragraph((Strong((Text("Python"),)),), 4),
        CodeBlock('print("hi")', 6),
        Paragraph((Strong((Text("Bash"),)),), 10),
        Paragraph((Text("Run "), Code("echo hi"), Text(".")), 12),
        Paragraph((Text("After."),), 14),
    )


def test_snippet_includes_and_abbreviations_leave_no_markup(read):
    document, warnings = read(
        '--8<-- "includes/abbrev.md"\n\nThe HTML spec; press ++ctrl+alt+del++.\n\n*[HTML]: Hyper Text Markup Language\n'
    )
    assert texts(document.preamble) == ["The HTML spec; press Ctrl+Alt+Del."]
    assert [(w.line, w.message) for w in warnings] == [(4, "snippet 'includes/abbrev.md' is not included")]


# ---------------------------------------------------------------- HTML in READMEs


def test_html_links_are_links_and_their_addresses_are_checked(read):
    document, warnings = read(
        '<a href="https://example.org/docs">the <b>docs</b></a> and <a href="CONTRIBUTING.md">guide</a>.\n'
    )
    (paragraph,) = document.preamble
    assert paragraph.inlines[0] == Link("https://example.org/docs", (Text("the "), Strong((Text("docs"),))))
    assert plain_text(paragraph.inlines) == "the docs and guide."
    assert [w.message.split(";")[0] for w in warnings] == [
        "relative link 'CONTRIBUTING.md' cannot be followed from a handout"
    ]


def test_html_links_of_a_bad_scheme_are_errors(problems):
    assert problems('<a href="javascript:alert(1)">x</a>\n') == [
        "brief.md:4: link 'javascript:alert(1)' is not an http, https or mailto link"
        " (hint: a handout can only link web and mail addresses; write the full https:// address)"
    ]


def test_a_summary_and_an_html_heading_read_as_bold_lines(read):
    document, warnings = read(
        '<h1 align="center">Widgetron</h1>\n\n<details>\n<summary>Click to expand</summary>\n\nHidden.\n\n</details>\n'
    )
    assert [block.inlines for block in document.preamble] == [
        (Strong((Text("Widgetron"),)),),
        (Strong((Text("Click to expand"),)),),
        (Text("Hidden."),),
    ]
    assert [w.message for w in warnings] == ["HTML tags <details> are not drawn; their text is kept"]
