"""The Markdown body: CommonMark plus the extensions people write, via markdown-it-py tokens.

In: the body text and the file line it starts on. Out: the preamble blocks and the sections of
the model, each block carrying its file line, plus the problems found (every one, in line order;
the caller raises them together). `#` opens a section, `##` a subsection; deeper headings become
minor headings. Besides pipe tables it reads, through mdit-py-plugins and markdown-it-py's own
options: footnotes and inline notes, strikethrough, sub- and superscript, definition lists, task
lists, alerts (`> [!NOTE]`) and heading attributes (`# Title {#id .class}`).

Links: http, https and mailto are links; `#anchor` links a heading of the brief; any other
relative link keeps its text, unlinked, with a warning; other schemes (javascript:, data:, file:)
are errors. Images: local files inside the brief's folder or the project's assets/ (a site path
`/img/x.png` is looked up there too); a remote or unfound site image becomes a placeholder with a
warning. An image on a line of its own in a paragraph becomes a figure, as does a picture too tall
to draw among words; among words, or inside a table, list, quote or link, it is drawn inline.
Inline HTML: formatting tags apply, comments are dropped, other tags are dropped keeping their
text with one warning; text that is not a tag prints as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from ..errors import ContentError, Problem, Warnings
from ..model import (
    Block,
    Chart,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Emphasis,
    Flow,
    Highlight,
    Image,
    ImagePlaceholder,
    Inline,
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
    Section,
    Strike,
    Strong,
    Subscript,
    Superscript,
    Table,
    TaskBox,
    Text,
    Underline,
    images_in,
    notes_of,
    plain_text,
)
from .chart import parse_chart
from .dialects import dialects_plugin
from .flow import parse_flow
from .html import TAGS, tag_of
from .images import natural_size
from .pandoc_tables import pandoc_tables_plugin
from .text import clean_text

MAX_LIST_DEPTH = 3
LINK_SCHEMES = ("http", "https", "mailto")
REMOTE_IMAGE_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HEADING_ATTRIBUTES = re.compile(r"\s*\{((?:\s*[#.][\w:.-]+|\s*[\w-]+=\S+)*)\s*\}\s*$")
_ALERT_LABELS = {"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution"}
_CALLOUT = re.compile(r"\[!([A-Za-z][\w-]*)\][-+]?[ \t]*")
# the kinds of callout the dialects name (GitHub, Obsidian, Material for MkDocs, Pandoc, Quarto)
CALLOUT_KINDS = set(
    """note tip hint important warning caution attention danger error info abstract summary tldr todo
    success check done question help faq failure fail missing bug example quote cite seealso see-also aside""".split()
)
_SPAN_STYLES = {"underline": Underline, "mark": Highlight}  # span classes the outputs draw; others keep the text
_KRAMDOWN_TOC = re.compile(r"\{:\s*\.?toc\s*\}")
_HTML_ATTRIBUTE = re.compile(r"""([A-Za-z][\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MARKDOWN_STYLES = {"strong_open": Strong, "em_open": Emphasis, "s_open": Strike}
_MARKDOWN_STYLES |= {"sub_open": Subscript, "sup_open": Superscript, "mark_open": Highlight}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "tasklists": True, "alerts": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(sub_plugin).use(superscript_plugin).use(admon_plugin)
    md.use(dialects_plugin).use(pandoc_tables_plugin).use(gfm_autolink_plugin).use(attrs_plugin, spans=True)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False)  # `$5 and $10` stay prices
    md.use(container_plugin, "div", validate=lambda params, markup: True)  # Pandoc's fenced divs
    md.validateLink = lambda url: True  # every link reaches us, so a bad scheme is an error, not text
    return md


_MD = _parser()


@dataclass
class _Context:
    path: Path
    offset: int  # file line of the body's first line, minus one
    warnings: Warnings
    allowed_dirs: tuple[Path, ...]
    problems: list[Problem] = field(default_factory=list)
    list_depth: int = 0
    nested: int = 0  # >0 inside list items, quotes and tables, where figures and flows cannot stand
    anchors: set[str] = field(default_factory=set)
    notes: dict[int, tuple[Inline, ...]] = field(default_factory=dict)
    dropped_tags: dict[str, int] = field(default_factory=dict)  # HTML tag -> first line
    wikilinks: list[int] = field(default_factory=list)  # lines of wikilinks kept as text
    template_tags: dict[str, int] = field(default_factory=dict)  # template tag name -> first line
    math: list[int] = field(default_factory=list)  # lines of TeX math shown as its source
    gaps: int = 0  # markup dropped from the text so far (template tags, attribute lists, comments)

    def line(self, token: Token) -> int:
        return self.offset + (token.map[0] if token.map else 0) + 1

    def fail(self, line: int, message: str, hint: str | None = None) -> None:
        """Record a problem that stops the build once the whole body has been read."""
        self.problems.append(Problem(self.path, line, message, hint))


def read_body(text: str, path: Path, first_line: int, warnings: Warnings):
    """(preamble blocks, sections, problems) of a body that starts on file line `first_line`."""
    from ..theme import ASSETS_DIR  # imported here because briefkit.theme itself imports briefkit.read

    ctx = _Context(path, first_line - 1, warnings, (path.parent.resolve(), ASSETS_DIR.resolve()))
    env: dict = {}
    tokens = _MD.parse(text, env)
    _warn_uncited_notes(text, env, ctx)
    if _refuse_truncated_nesting(tokens, ctx):
        return (), (), ctx.problems
    tokens = _unwrap_plain_divs(_read_notes(tokens, ctx))
    anchors = _heading_anchors(tokens)
    ctx.anchors = set(anchors.values())
    preamble: list[Block] = []
    sections: list[dict] = []  # mutable while reading; frozen at the end
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            inlines = _inlines(tokens[position + 1], ctx)
            title = plain_text(tuple(node for node in inlines if not isinstance(node, NoteRef))).strip()
            if notes_of(inlines):
                ctx.warnings.add(
                    path, ctx.line(token), "a footnote in a section title is left out", "cite it in the text below"
                )
            position += 3
            if not title:
                ctx.fail(ctx.line(token), "heading without text")
                continue
            entry = {"level": 1, "title": title, "blocks": [], "subsections": [], "line": ctx.line(token)}
            entry["anchor"] = anchors.get(position - 3, "")
            if token.tag == "h2" and sections:
                entry["level"] = 2
                sections[-1]["subsections"].append(entry)
            else:
                sections.append(entry)
            continue
        if token.type == "heading_open":
            token.meta["anchor"] = anchors.get(position, "")
        blocks, position = _block(tokens, position, ctx)
        target = preamble
        if sections:
            owner = sections[-1]["subsections"][-1] if sections[-1]["subsections"] else sections[-1]
            target = owner["blocks"]
        target.extend(blocks)
    if ctx.dropped_tags:
        names = ", ".join(f"<{name}>" for name in ctx.dropped_tags)
        ctx.warnings.add(
            path,
            min(ctx.dropped_tags.values()),
            f"HTML tags {names} are not drawn; their text is kept",
            "write the formatting in Markdown",
        )
    if ctx.math:
        ctx.warnings.add(path, ctx.math[0], "TeX math is shown as its source, not typeset")
    if ctx.template_tags:
        name, line = min(ctx.template_tags.items(), key=lambda pair: pair[1])
        ctx.warnings.add(path, line, f"template tags such as {name} are not expanded; they are left out")
    if ctx.wikilinks:
        count = len(ctx.wikilinks)
        ctx.warnings.add(
            path,
            ctx.wikilinks[0],
            f"{count} wikilink{'s' if count > 1 else ''} to other notes {'are' if count > 1 else 'is'} kept as"
            f" {'their' if count > 1 else 'its'} text, unlinked",
        )
    return tuple(preamble), tuple(_freeze(entry) for entry in sections), ctx.problems


def title_heading(text: str) -> tuple[str, int, int] | None:
    """(plain text, first line, end line) of the text's first heading, 0-based, when it is a `#`
    one; else None."""
    tokens = _MD.parse(text)
    heading = next((index for index, token in enumerate(tokens) if token.type == "heading_open"), None)
    if heading is None or tokens[heading].tag != "h1":
        return None
    inline = tokens[heading + 1]
    _strip_attributes(inline)
    title = " ".join(_words(inline.children or []).split())
    start, end = tokens[heading].map or (0, 1)
    return (title, start, end) if title else None


def _words(children: list[Token]) -> str:
    """The text of inline tokens, markup left out."""
    return "".join(
        child.content
        if child.type in ("text", "code_inline")
        else " "
        if child.type == "softbreak"
        else _words(child.children or [])
        for child in children
    )


def _refuse_truncated_nesting(tokens: list[Token], ctx: _Context) -> bool:
    """markdown-it stops parsing at its nesting limit and drops what lies deeper; refuse instead."""
    limit = _MD.options["maxNesting"] - 1
    line = 0
    for token in tokens:
        if token.map:
            line = ctx.line(token)
        if token.level >= limit:
            ctx.fail(line, "lists and quotes nest too deeply to read", "use at most a few levels of nesting")
            return True
    return False


def _warn_uncited_notes(text: str, env: dict, ctx: _Context) -> None:
    """A warning for each footnote defined but never cited, whose text no output shows."""
    uncited = [key[1:] for key, number in env.get("footnotes", {}).get("refs", {}).items() if number < 0]
    lines = text.split("\n")
    for label in uncited:
        at = next((n for n, line in enumerate(lines) if line.lstrip().startswith(f"[^{label}]:")), 0)
        ctx.warnings.add(ctx.path, ctx.offset + at + 1, f"footnote '[^{label}]' is never cited; its text is left out")


def _read_notes(tokens: list[Token], ctx: _Context) -> list[Token]:
    """The body tokens without the footnote definitions at their end, whose text goes to ctx.notes.

    Notes are numbered 1, 2, ... in the order they are first cited, as the plugin counts them.
    """
    try:
        start = next(index for index, token in enumerate(tokens) if token.type == "footnote_block_open")
    except StopIteration:
        return tokens
    position = start
    while position < len(tokens):
        token = tokens[position]
        if token.type == "footnote_open":
            end = _close(tokens, position)
            parts = [
                _inlines(inner, ctx, line=ctx.line(inner) if inner.map else ctx.offset + 1)
                if inner.type == "inline"
                else (Code(inner.content.strip("\n")),)
                for inner in tokens[position + 1 : end - 1]
                if inner.type == "inline" or (inner.type in ("fence", "code_block") and inner.content.strip())
            ]
            joined: list[Inline] = []
            for part in parts:
                joined += [Text(" ")] if joined else []
                joined += part
            ctx.notes[token.meta["id"] + 1] = tuple(_merge_text(joined))
            position = end
        else:
            position += 1
    return tokens[:start]


def _heading_anchors(tokens: list[Token]) -> dict[int, str]:
    """{index of heading_open: anchor}: an explicit `{#id}`, else the GitHub-style slug of its text.

    Also removes the `{...}` attributes from the heading's text, so no title shows them.
    """
    anchors: dict[int, str] = {}
    taken: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        explicit = _strip_attributes(inline)
        if explicit:
            anchors[index] = explicit
            continue
        slug = _slug("".join(child.content for child in inline.children or () if child.type in ("text", "code_inline")))
        count = taken.get(slug, 0)
        taken[slug] = count + 1
        anchors[index] = slug if not count else f"{slug}-{count}"
    return anchors


def _slug(words: str) -> str:
    """A heading's GitHub-style anchor: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", words.strip().lower()).replace(" ", "-")


def _strip_attributes(inline: Token) -> str:
    """Remove a trailing `{#id .class key=value}` from a heading's inline token; returns the id."""
    children = inline.children or []
    if not children or children[-1].type != "text":
        return ""
    match = _HEADING_ATTRIBUTES.search(children[-1].content)
    if not match:
        return ""
    children[-1].content = children[-1].content[: match.start()]
    ids = [part[1:] for part in match.group(1).split() if part.startswith("#")]
    return ids[-1] if ids else ""


def _freeze(entry: dict) -> Section:
    return Section(
        level=entry["level"],
        title=entry["title"],
        blocks=tuple(entry["blocks"]),
        subsections=tuple(_freeze(sub) for sub in entry["subsections"]),
        line=entry["line"],
        anchor=entry["anchor"],
    )


def _close(tokens: list[Token], position: int) -> int:
    """Index just past the token that closes the one at `position`."""
    depth = 0
    for index in range(position, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index + 1
    return len(tokens)


def _blocks(tokens: list[Token], ctx: _Context) -> list[Block]:
    blocks: list[Block] = []
    position = 0
    while position < len(tokens):
        found, position = _block(tokens, position, ctx)
        blocks.extend(found)
    return blocks


def _block(tokens: list[Token], position: int, ctx: _Context) -> tuple[list[Block], int]:
    """The model blocks for the token at `position`, and the index after it."""
    token = tokens[position]
    kind = token.type
    line = ctx.line(token)
    end = _close(tokens, position)
    if kind == "paragraph_open":
        return _paragraph(tokens[position + 1], ctx, line), end
    if kind == "heading_open":
        inlines = _inlines(tokens[position + 1], ctx)
        level = max(3, int(token.tag[1:]))
        anchor = token.meta.get("anchor", "")
        return ([MinorHeading(level, inlines, line, anchor)] if plain_text(inlines).strip() else []), end
    if kind in ("bullet_list_open", "ordered_list_open"):
        if any(_KRAMDOWN_TOC.search(inner.content) for inner in tokens[position:end] if inner.type == "inline"):
            return [], end  # kramdown's `* TOC` + `{:toc}`: the report makes its own contents
        return [_list(tokens[position + 1 : end - 1], token, ctx)], end
    if kind in ("blockquote_open", "alert_open", "admonition_open", "container_div_open"):
        return [_quote(tokens[position + 1 : end - 1], token, ctx, line)], end
    if kind == "dl_open":
        return [_definitions(tokens[position + 1 : end - 1], ctx, line)], end
    if kind == "fence" and token.info.strip().split()[:1] in (["flow"], ["chart"]):
        return _figure_block(token, ctx, line), end
    if kind in ("fence", "code_block"):
        return [CodeBlock(token.content.rstrip("\n"), line)], end
    if kind == "tab_open":  # a content tab: its title in bold, then its blocks where it stands
        return [Paragraph((Strong((Text(token.info),)),), line), *_blocks(tokens[position + 1 : end - 1], ctx)], end
    if kind == "snippet":
        ctx.warnings.add(ctx.path, line, f"snippet '{token.content}' is not included", "paste its text into the brief")
        return [], end
    if kind in ("math_block", "math_block_label"):
        ctx.math.append(line)
        return [CodeBlock(token.content.strip("\n"), line)], end
    if kind == "table_open":
        return [_table(tokens[position:end], ctx, line)], end
    if kind == "inline":  # tight list items hold bare inline tokens
        return _paragraph(token, ctx, line), position + 1
    if kind == "html_block":
        return _html_block(token, ctx, line), end
    return [], end  # thematic breaks and anything without content


def _quote(inner: list[Token], opener: Token, ctx: _Context, line: int) -> Quote:
    """A block quote, or a callout: a quote led by its bold label.

    Callouts are GitHub alerts (`> [!NOTE]`), Obsidian callouts (`> [!info]- Title`), admonitions
    (`!!! note "Title"`, `??? tip`) and fenced divs of a callout class (`::: warning`); the label
    is the callout's own title, else the name of its kind. An admonition titled `""` has none.
    """
    label: tuple[Inline, ...] = ()
    if opener.type == "container_div_open":
        kind, title = _div_callout(opener.info)
        label = (Text(title or _callout_name(kind)),)
    elif inner[:1] and inner[0].type in ("alert_title_open", "admonition_title_open"):
        label = _inlines(inner[1], ctx, line=line)
        inner = inner[_close(inner, 0) :]
    elif opener.type == "blockquote_open":
        label = _obsidian_label(inner, ctx, line)
    ctx.nested += 1
    blocks = _blocks(inner, ctx)
    ctx.nested -= 1
    lead = [Paragraph((Strong(label),), line)] if plain_text(label).strip() else []
    return Quote(tuple(lead + blocks), line)


def _callout_name(kind: str) -> str:
    """The label of a callout kind that has no title of its own: `NOTE` -> Note, `see-also` -> See also."""
    return _ALERT_LABELS.get(kind.upper()) or kind.replace("-", " ").replace("_", " ").capitalize()


def _obsidian_label(inner: list[Token], ctx: _Context, line: int) -> tuple[Inline, ...]:
    """The label of a quote that opens `[!kind]`, `[!kind]-` or `[!kind]+ Title` (a callout), or ().

    The marker and the title line are taken out of the quote's first paragraph.
    """
    if len(inner) < 2 or inner[0].type != "paragraph_open" or not inner[1].children:
        return ()
    children = inner[1].children
    match = _CALLOUT.match(children[0].content) if children[0].type == "text" else None
    if not match:
        return ()
    ends = [index for index, child in enumerate(children) if child.type in ("softbreak", "hardbreak")]
    cut = ends[0] if ends else len(children)
    first = Token("text", "", 0, content=children[0].content[match.end() :])
    title = Token("inline", "", 0, children=[first, *children[1:cut]])
    inner[1].children = children[cut + 1 :]
    label = _inlines(title, ctx, line=line)
    return label if plain_text(label).strip() else (Text(_callout_name(match.group(1))),)


def _div_callout(info: str) -> tuple[str, str]:
    """(callout kind, title) of a fenced div's `warning` or `{.note title="..."}`; ("", "") if none."""
    classes = re.findall(r"\.([\w-]+)", info) if info.strip().startswith("{") else info.split()[:1]
    title = re.search(r"""title\s*=\s*(?:"([^"]*)"|'([^']*)')""", info)
    for name in classes:
        kind = name.lower().removeprefix("callout-")
        if kind in CALLOUT_KINDS:
            return kind, " ".join((title.group(1) or title.group(2) or "").split()) if title else ""
    return "", ""


def _unwrap_plain_divs(tokens: list[Token]) -> list[Token]:
    """The tokens without the fences of divs that are no callout (`::: columns`): their blocks
    stand where the div stood, headings included."""
    dropped: list[bool] = []
    kept: list[Token] = []
    for token in tokens:
        if token.type == "container_div_open":
            dropped.append(not _div_callout(token.info)[0])
            if dropped[-1]:
                continue
        elif token.type == "container_div_close" and dropped.pop():
            continue
        kept.append(token)
    return kept


def _figure_block(token: Token, ctx: _Context, line: int) -> list[Block]:
    """A flow or chart fence as its figure; [] after recording its problems, so reading goes on."""
    kind = token.info.strip().split()[0]
    if ctx.nested:
        ctx.fail(
            line,
            f"a {kind} block must stand at section level, not in a list or quote",
            "move the block out of the list or quote, with no indent",
        )
        return []
    parse, figure = (parse_flow, Flow) if kind == "flow" else (parse_chart, Chart)
    try:
        spec = parse(token.content.rstrip("\n"), ctx.path, line + 1, line)
    except ContentError as error:
        ctx.problems += error.problems
        return []
    return [figure(spec, line)]


def _html_block(token: Token, ctx: _Context, line: int) -> list[Block]:
    """A block of raw HTML read as inline text: tags handled as inline HTML, comments dropped."""
    inline = _MD.parseInline(token.content.strip("\n"))[0]
    ctx.nested += 1  # an image inside raw HTML is drawn inline, never lifted out as a figure
    blocks = _paragraph(inline, ctx, line)
    ctx.nested -= 1
    return [Paragraph(_close_gaps(block.inlines), block.line) for block in blocks]


def _list(tokens: list[Token], opener: Token, ctx: _Context) -> ListBlock:
    ctx.list_depth += 1
    ctx.nested += 1
    items: list[ListItem] = []
    position = 0
    while position < len(tokens):
        end = _close(tokens, position)
        inner = _blocks(tokens[position + 1 : end - 1], ctx)
        checked = tokens[position].meta.get("checked")
        if checked is not None:
            inner = _with_task_box(inner, checked, ctx.line(tokens[position]))
        items.append(ListItem(tuple(_flatten_deep_lists(inner, ctx)), ctx.line(tokens[position])))
        position = end
    ctx.list_depth -= 1
    ctx.nested -= 1
    start = opener.attrGet("start")  # absent for bullet lists and for lists starting at 1
    ordered = opener.type == "ordered_list_open"
    return ListBlock(tuple(items), ordered, 1 if start is None else int(start), ctx.line(opener))


def _with_task_box(blocks: list[Block], done: bool, line: int) -> list[Block]:
    """A task list item's blocks, its first paragraph led by ☑ or ☐."""
    box = (TaskBox(done), Text(" "))
    if blocks and isinstance(blocks[0], Paragraph):
        return [Paragraph((*box, *blocks[0].inlines), blocks[0].line), *blocks[1:]]
    return [Paragraph(box[:1], line), *blocks]


def _flatten_deep_lists(blocks: list[Block], ctx: _Context) -> list[Block]:
    """Lists nested deeper than MAX_LIST_DEPTH become dash-led paragraphs, with a warning."""
    if ctx.list_depth < MAX_LIST_DEPTH:
        return blocks
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            ctx.warnings.add(
                ctx.path, block.line, f"lists nest at most {MAX_LIST_DEPTH} levels; deeper items are shown flat"
            )
            for item in block.items:
                for inner in _flatten_deep_lists(list(item.blocks), ctx):
                    if isinstance(inner, Paragraph):
                        inner = Paragraph((Text("– "), *inner.inlines), inner.line)
                    result.append(inner)
        else:
            result.append(block)
    return result


def _definitions(tokens: list[Token], ctx: _Context, line: int) -> DefinitionList:
    """A definition list: each term (dt) with the blocks of the definitions (dd) after it."""
    ctx.nested += 1
    items: list[Definition] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        end = _close(tokens, position)
        if token.type == "dt_open":
            items.append(Definition(_inlines(tokens[position + 1], ctx), (), ctx.line(token)))
        elif token.type == "dd_open" and items:
            blocks = _blocks(tokens[position + 1 : end - 1], ctx)
            last = items[-1]
            items[-1] = Definition(last.term, last.blocks + tuple(blocks), last.line)
        position = end
    ctx.nested -= 1
    return DefinitionList(tuple(items), line)


def _table(tokens: list[Token], ctx: _Context, line: int) -> Table:
    ctx.nested += 1
    header: list[tuple[Inline, ...]] = []
    rows: list[list[tuple[Inline, ...]]] = []
    aligns: list[str | None] = []
    in_head = False
    for index, token in enumerate(tokens):
        if token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "tr_open" and not in_head:
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            cell = _inlines(tokens[index + 1], ctx)
            if in_head:
                header.append(cell)
                style = token.attrGet("style") or ""
                aligns.append(style.split(":", 1)[1] if style.startswith("text-align:") else None)
            else:
                rows[-1].append(cell)
    ctx.nested -= 1
    return Table(tuple(header), tuple(tuple(row) for row in rows), tuple(aligns), line)


def _paragraph(token: Token, ctx: _Context, line: int) -> list[Block]:
    """A paragraph; images standing in it are lifted out as figures after its text."""
    figures: list[tuple[Token, int, Path | str | None]] | None = None if ctx.nested else []
    gaps = ctx.gaps
    inlines = _inlines(token, ctx, figures, line)
    if figures or ctx.gaps > gaps:
        inlines = _close_gaps(inlines)
    blocks: list[Block] = []
    if plain_text(inlines).strip() or images_in(inlines):
        blocks.append(Paragraph(inlines, line))
    for child, at, found in figures or ():
        blocks += _image(child, ctx, at, found)
    return blocks


def _close_gaps(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Paragraph text after lifting its images or dropping markup: no doubled spaces where they
    stood, none at the ends."""
    kept = _merge_text(node for node in inlines if not _emptied(node))
    tidy = [Text(re.sub(" {2,}", " ", node.text)) if isinstance(node, Text) else node for node in kept]
    if tidy and isinstance(tidy[0], Text):
        tidy[0] = Text(tidy[0].text.lstrip(" "))
    if tidy and isinstance(tidy[-1], Text):
        tidy[-1] = Text(tidy[-1].text.rstrip(" "))
    return tuple(node for node in tidy if not isinstance(node, Text) or node.text)


def _emptied(node: Inline) -> bool:
    """Whether `node` is emphasis (or other formatting) left with nothing inside, its image lifted out."""
    return not isinstance(node, (Link, InternalLink)) and getattr(node, "children", None) == ()


@dataclass
class _Open:
    """An inline element being read: a Markdown token kind or an HTML tag name, and its children."""

    kind: str
    children: list = field(default_factory=list)
    opener: Token | None = None
    html: bool = False


def _inlines(
    token: Token,
    ctx: _Context,
    figures: list[tuple[Token, int, Path | str | None]] | None = None,
    line: int | None = None,
) -> tuple[Inline, ...]:
    """The inline runs of `token`, whose text starts on file line `line` (by default its own).

    Each image goes to `figures` with its line and file when the caller lifts images out as
    figures and the image stands as one (`_figure_in_paragraph`, outside a link); otherwise it
    is drawn inline.
    """
    line = ctx.line(token) if line is None else line
    stack: list[_Open] = [_Open("root")]
    children = token.children or []
    for place, child in enumerate(children):
        kind = child.type
        out = stack[-1].children
        if kind in ("softbreak", "hardbreak"):
            out.append(Text(" ") if kind == "softbreak" else LineBreak())
            line += 1
        elif kind == "code_inline":
            out.append(Code(child.content))
        elif kind == "keys":
            out.append(Code(child.content))
        elif kind == "math_inline":
            out.append(Code(child.content.strip()))
            ctx.math.append(line)
        elif kind == "footnote_ref":
            number = child.meta["id"] + 1
            out.append(NoteRef(number, ctx.notes.get(number, ())))
        elif kind == "image":
            linked = any(opened.kind in ("link_open", "a") for opened in stack)
            found = _locate(child, ctx, line)
            if figures is not None and not linked and _figure_in_paragraph(children, place, found):
                figures.append((child, line, found))
            else:
                out.append(_inline_image(child, ctx, line, found))
            line += sum(grandchild.type in ("softbreak", "hardbreak") for grandchild in child.children or ())
        elif kind == "html_inline":
            _html_inline(child.content, stack, ctx, line)
        elif kind == "wikilink":
            out.append(_wikilink(child.meta, ctx, line))
        elif kind == "template_tag":
            ctx.template_tags.setdefault(child.content, line)
            ctx.gaps += 1
        elif kind in ("kramdown_attributes", "percent_comment"):
            ctx.gaps += 1
        elif kind.endswith("_open"):
            stack.append(_Open(kind, [], child))
        elif kind.endswith("_close") and len(stack) > 1:
            while stack[-1].html and len(stack) > 2:  # an HTML tag left open inside Markdown markup
                _flatten(stack)
            opened = stack.pop()
            stack[-1].children += _wrap(opened, tuple(_merge_text(opened.children)), ctx, line)
        elif child.content:  # text, and text-like tokens; entities may decode to control characters
            out.append(Text(clean_text(child.content, ctx.path, line, ctx.warnings)))
    while len(stack) > 1:  # an unclosed HTML tag: its text is kept
        _flatten(stack)
    return tuple(_merge_text(stack[0].children))


# A picture at least this many pixels tall standing among words is lifted out as a figure all
# the same: drawn inline (at most 1.6 times the text's height) it would shrink past reading.
FIGURE_AMONG_WORDS_PX = 128
_NEUTRAL = re.compile(r"(em|strong|s|mark|sup|sub|ins)_(open|close)$")


def _figure_in_paragraph(children: list[Token], place: int, found: Path | str | None) -> bool:
    """Whether the image `children[place]` of a paragraph, `found` by `_locate`, becomes a figure:
    when it stands on a line of its own (beside other images, spaces or emphasis marks at most),
    or when it is a large local picture among words. A badge or icon in a sentence is drawn inline."""
    if _alone_on_its_line(children, place):
        return True
    if not isinstance(found, Path):
        return False
    try:
        return natural_size(found)[1] >= FIGURE_AMONG_WORDS_PX
    except Exception:  # not a picture: the figure's own check says why
        return True


def _alone_on_its_line(children: list[Token], place: int) -> bool:
    """Whether nothing but spaces, other images and emphasis marks stands beside `children[place]`
    between the line breaks around it."""
    for step in (-1, 1):
        at = place + step
        while 0 <= at < len(children) and children[at].type not in ("softbreak", "hardbreak"):
            other = children[at]
            text = other.type == "text" and not other.content.strip()
            if not (text or other.type == "image" or _NEUTRAL.match(other.type)):
                return False
            at += step
    return True


def _wikilink(meta: dict, ctx: _Context, line: int) -> Inline:
    """A wikilink as the text Obsidian shows: its alias, else `Page > Heading`; a link to a heading
    of this brief (`[[#Heading]]`) stays one. An embedded note shows its name, with a warning."""
    page, heading = meta["page"], meta["heading"]
    text = Text(meta["alias"] or " > ".join(part for part in (page, heading) if part))
    if meta["embed"]:
        ctx.warnings.add(ctx.path, line, f"embedded note '{text.text}' is not included; its name is shown in its place")
        return text
    if not page and _slug(heading) in ctx.anchors:
        return InternalLink(_slug(heading), (text,))
    ctx.wikilinks.append(line)
    return text


def _flatten(stack: list[_Open]) -> None:
    """Drop the innermost open element, keeping its children in its parent."""
    opened = stack.pop()
    stack[-1].children += opened.children


def _html_inline(html: str, stack: list[_Open], ctx: _Context, line: int) -> None:
    """One raw HTML tag: open or close a formatting element, a line break, or nothing."""
    tag = tag_of(html)
    if tag is None:  # a comment or processing instruction
        return
    name, closing = tag
    if name not in TAGS:  # not HTML at all, e.g. x<y>z: the author's text
        stack[-1].children.append(Text(clean_text(html, ctx.path, line, ctx.warnings)))
        return
    action = TAGS[name]
    if name == "img" and not closing:  # an HTML image, as READMEs centre their logos: drawn inline
        image = _html_image(html)
        stack[-1].children.append(_inline_image(image, ctx, line, _locate(image, ctx, line)))
    elif action == "break":
        stack[-1].children.append(LineBreak())
    elif action == "drop":
        ctx.dropped_tags.setdefault(name, line)
    elif action != "void":
        if action == "hide":
            ctx.dropped_tags.setdefault(name, line)
        if not closing:
            href = _html_attributes(html).get("href") if action == "link" else None
            opener = Token("link_open", "a", 1, attrs={"href": href}) if href is not None else None
            stack.append(_Open(name, html=True, opener=opener))
            return
        depth = next((d for d in range(len(stack) - 1, 0, -1) if not stack[d].html or stack[d].kind == name), 0)
        if not depth or stack[depth].kind != name:
            return  # a closing tag without its opening one
        while len(stack) - 1 > depth:
            _flatten(stack)
        opened = stack.pop()
        children = tuple(_merge_text(opened.children))
        if opened.opener is not None:  # <a href="...">: a link, its address judged as Markdown's are
            stack[-1].children.append(_link(opened.opener.attrGet("href") or "", children, ctx, line))
        else:  # <a name="..."> and the like: the text
            stack[-1].children += _html_wrap(action, children)


def _html_image(html: str) -> Token:
    """An image token for an HTML <img>, its src and alt read from the tag's attributes."""
    attributes = _html_attributes(html)
    alt = Token("text", "", 0, content=attributes.get("alt", ""))
    return Token("image", "img", 0, attrs={"src": attributes.get("src", "")}, children=[alt])


def _html_attributes(html: str) -> dict[str, str]:
    """{lower-case name: value, entities decoded} of the attributes of one HTML tag."""
    return {name.lower(): unescape(a or b or c) for name, a, b, c in _HTML_ATTRIBUTE.findall(html)}


def _html_wrap(action: str, children: tuple[Inline, ...]) -> list[Inline]:
    styles = {"strong": Strong, "emphasis": Emphasis, "underline": Underline, "strike": Strike}
    styles |= {"sub": Subscript, "sup": Superscript, "mark": Highlight}
    if action in styles:
        return [styles[action](children)]
    if action == "code":
        return [Code(plain_text(children))]
    if action == "hide":
        return []
    return list(children)  # span, small and the like: the text as it is


def _wrap(opened: _Open, children: tuple[Inline, ...], ctx: _Context, line: int) -> list[Inline]:
    if opened.kind in _MARKDOWN_STYLES:
        return [_MARKDOWN_STYLES[opened.kind](children)]
    if opened.kind == "link_open" and opened.opener is not None:
        return [_link(opened.opener.attrGet("href") or "", children, ctx, line)]
    if opened.kind == "span_open" and opened.opener is not None:  # [text]{.underline}, as Pandoc writes it
        classes = str(opened.opener.attrGet("class") or "").split()
        style = next((_SPAN_STYLES[name] for name in classes if name in _SPAN_STYLES), None)
        return [style(children)] if style else list(children)
    return list(children)


def _link(href: str, children: tuple[Inline, ...], ctx: _Context, line: int) -> Inline | _Group:
    """A link by what its address is: external, to a heading, unlinked text, or an error."""
    scheme = urlsplit(href).scheme.lower() if _SCHEME.match(href) else ""
    text = _shorten(href)
    if scheme in LINK_SCHEMES:
        return Link(href, children)
    if scheme:
        ctx.fail(
            line,
            f"link '{text}' is not an http, https or mailto link",
            "a handout can only link web and mail addresses; write the full https:// address",
        )
        return _Group(children)
    if href.startswith("#") and unquote(href[1:]) in ctx.anchors:
        return InternalLink(unquote(href[1:]), children)
    if href.startswith("#"):
        ctx.warnings.add(ctx.path, line, f"link '{text}' names no heading of the brief; its text is kept unlinked")
    elif not href:
        ctx.warnings.add(ctx.path, line, "a link without an address; its text is kept unlinked")
    else:
        ctx.warnings.add(
            ctx.path,
            line,
            f"relative link '{text}' cannot be followed from a handout; its text is kept unlinked",
            "write the full https:// address to keep it a link",
        )
    return _Group(children)


@dataclass(frozen=True)
class _Group:
    """The text of a link that is not kept: its children, spliced into the parent when merged."""

    children: tuple[Inline, ...]


def _merge_text(nodes: list) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, _Group):
            for inner in _merge_text(list(node.children)):
                _append(merged, inner)
        else:
            _append(merged, node)
    return merged


def _append(merged: list[Inline], node: Inline) -> None:
    if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text + node.text)
    else:
        merged.append(node)


def _shorten(address: str) -> str:
    """An address short enough for one line of an error message (data: URIs can be megabytes)."""
    return address if len(address) <= 60 else address[:57] + "..."


def _caption(token: Token, ctx: _Context, line: int) -> str:
    """The plain text of an image's description, on one line."""
    return " ".join(plain_text(_inlines(token, ctx, line=line)).split())


def _inline_image(token: Token, ctx: _Context, line: int, found: Path | str | None) -> Inline:
    """An image inside a line of text, `found` by `_locate`: drawn inline when local, its caption
    when it is not."""
    caption = _caption(token, ctx, line)
    if isinstance(found, Path):
        return InlineImage(found, caption, line)
    if found is not None:
        ctx.warnings.add(ctx.path, line, f"{found}; its caption is shown instead")
    return InlineImage(None, caption, line)


def _image(token: Token, ctx: _Context, line: int, found: Path | str | None) -> list[Block]:
    """A figure of the image `found` by `_locate`: the image file, or a placeholder for one that
    is not drawn, or nothing on error."""
    caption = _caption(token, ctx, line)
    if isinstance(found, Path):
        return [Image(found, caption, line)]
    if found is None:
        return []
    ctx.warnings.add(ctx.path, line, f"{found}; a placeholder with its address stands in its place")
    return [ImagePlaceholder(token.attrGet("src") or "", caption, line)]


def _locate(token: Token, ctx: _Context, line: int) -> Path | str | None:
    """The file an image names; or a message why it is not drawn (remote, site path not found);
    or None after recording an error (dangerous or missing)."""
    source = token.attrGet("src") or ""
    scheme = urlsplit(source).scheme.lower() if _SCHEME.match(source) else ""
    if scheme in REMOTE_IMAGE_SCHEMES or source.startswith("//"):
        return f"image '{_shorten(source)}' is remote and is not fetched"
    if scheme:
        ctx.fail(line, f"image '{_shorten(source)}' is not a file", "save the image next to the brief or in assets/")
        return None
    relative = unquote(source)
    if not relative:
        ctx.fail(line, "image without a path")
        return None
    site = relative.startswith("/")  # a file path, or a path on the web site the document came from
    try:
        found, outside = _find_image(relative, ctx.allowed_dirs)
        if site and not found and not outside:
            found, outside = _find_image(relative.lstrip("/"), ctx.allowed_dirs)
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a name too long, a symlink loop (RuntimeError < 3.13)
        ctx.fail(line, f"image '{_shorten(source)}' is not a usable file name", "rename the file and the reference")
        return None
    if found:
        return found
    if outside:
        ctx.fail(
            line,
            f"image '{relative}' lies outside the brief's folder and assets/",
            "copy it next to the brief or into assets/",
        )
        return None
    if site:
        return f"image '{_shorten(relative)}' is a site path found neither next to the brief nor in assets/"
    ctx.fail(line, f"image '{relative}' not found", "paths are relative to the brief")
    return None


def _find_image(relative: str, allowed_dirs: tuple[Path, ...]) -> tuple[Path | None, bool]:
    """(the file `relative` names inside an allowed folder, or None; whether it exists outside them).

    Each folder is tried in turn, symlinks resolved first, so a link cannot lead outside.
    """
    outside = False
    for folder in allowed_dirs:
        candidate = (folder / relative).resolve()
        if not any(candidate.is_relative_to(allowed) for allowed in allowed_dirs):
            outside = outside or candidate.exists()
        elif candidate.is_file():
            return candidate, outside
    return None, outside
