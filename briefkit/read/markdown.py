"""The Markdown body: CommonMark plus pipe tables, via markdown-it-py tokens.

In: the body text and the file line it starts on. Out: the preamble blocks and the sections of
the model, each block carrying its file line. `#` opens a section, `##` a subsection; deeper
headings become minor headings. Raw HTML is kept as literal text. Links must be http, https or
mailto; images must be local files inside the content file's folder or the project's assets/.
An image standing in a paragraph becomes a figure; anywhere else (a heading, list, quote or table)
it is shown as its caption, with a warning. Errors about links and images name the line the link
or image is written on, even inside a paragraph that spans several lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import ContentError, Warnings
from ..model import (
    Block,
    Chart,
    Code,
    CodeBlock,
    Emphasis,
    Flow,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    MinorHeading,
    Paragraph,
    Quote,
    Section,
    Strong,
    Table,
    Text,
    plain_text,
)
from .chart import parse_chart
from .flow import parse_flow
from .text import clean_text

MAX_LIST_DEPTH = 3
LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # every link reaches us, so a bad scheme is an error, not text
    return md


_MD = _parser()


@dataclass
class _Context:
    path: Path
    offset: int  # file line of the body's first line, minus one
    warnings: Warnings
    allowed_dirs: tuple[Path, ...]
    list_depth: int = 0
    nested: int = 0  # >0 inside list items, quotes and tables, where figures and flows cannot stand
    sections: list[dict] = field(default_factory=list)

    def line(self, token: Token) -> int:
        return self.offset + (token.map[0] if token.map else 0) + 1


def read_body(text: str, path: Path, first_line: int, warnings: Warnings):
    """(preamble blocks, sections) of a body that starts on file line `first_line`."""
    from ..theme import ASSETS_DIR  # imported here because briefkit.theme itself imports briefkit.read

    ctx = _Context(path, first_line - 1, warnings, (path.parent.resolve(), ASSETS_DIR.resolve()))
    tokens = _MD.parse(text)
    _refuse_truncated_nesting(tokens, ctx)
    preamble: list[Block] = []
    sections: list[dict] = []  # mutable while reading; frozen at the end
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            title = plain_text(_inlines(tokens[position + 1], ctx)).strip()
            if not title:
                raise ContentError.at(path, ctx.line(token), "heading without text")
            entry = {"level": 1, "title": title, "blocks": [], "subsections": [], "line": ctx.line(token)}
            if token.tag == "h2" and sections:
                entry["level"] = 2
                sections[-1]["subsections"].append(entry)
            else:
                sections.append(entry)
            position += 3
            continue
        blocks, position = _block(tokens, position, ctx)
        target = preamble
        if sections:
            owner = sections[-1]["subsections"][-1] if sections[-1]["subsections"] else sections[-1]
            target = owner["blocks"]
        target.extend(blocks)
    return tuple(preamble), tuple(_freeze(entry) for entry in sections)


def _refuse_truncated_nesting(tokens: list[Token], ctx: _Context) -> None:
    """markdown-it stops parsing at its nesting limit and drops what lies deeper; refuse instead."""
    limit = _MD.options["maxNesting"] - 1
    line = 0
    for token in tokens:
        if token.map:
            line = ctx.line(token)
        if token.level >= limit:
            raise ContentError.at(
                ctx.path, line, "lists and quotes nest too deeply to read", "use at most a few levels of nesting"
            )


def _freeze(entry: dict) -> Section:
    return Section(
        level=entry["level"],
        title=entry["title"],
        blocks=tuple(entry["blocks"]),
        subsections=tuple(_freeze(sub) for sub in entry["subsections"]),
        line=entry["line"],
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
        return ([MinorHeading(level, inlines, line)] if inlines else []), end
    if kind in ("bullet_list_open", "ordered_list_open"):
        return [_list(tokens[position + 1 : end - 1], token, ctx)], end
    if kind == "blockquote_open":
        ctx.nested += 1
        inner = _blocks(tokens[position + 1 : end - 1], ctx)
        ctx.nested -= 1
        return [Quote(tuple(inner), line)], end
    if kind == "fence" and token.info.strip().split()[:1] == ["flow"]:
        spec = parse_flow(token.content.rstrip("\n"), ctx.path, line + 1, line)
        if ctx.nested:
            raise ContentError.at(ctx.path, line, "a flow block must stand at section level, not in a list or quote")
        return [Flow(spec, line)], end
    if kind == "fence" and token.info.strip().split()[:1] == ["chart"]:
        chart = parse_chart(token.content.rstrip("\n"), ctx.path, line + 1, line)
        if ctx.nested:
            raise ContentError.at(ctx.path, line, "a chart block must stand at section level, not in a list or quote")
        return [Chart(chart, line)], end
    if kind in ("fence", "code_block"):
        return [CodeBlock(token.content.rstrip("\n"), line)], end
    if kind == "table_open":
        return [_table(tokens[position:end], ctx, line)], end
    if kind == "inline":  # tight list items hold bare inline tokens
        return _paragraph(token, ctx, line), position + 1
    return [], end  # thematic breaks and anything without content


def _list(tokens: list[Token], opener: Token, ctx: _Context) -> ListBlock:
    ctx.list_depth += 1
    ctx.nested += 1
    items: list[ListItem] = []
    position = 0
    while position < len(tokens):
        end = _close(tokens, position)
        inner = _blocks(tokens[position + 1 : end - 1], ctx)
        items.append(ListItem(tuple(_flatten_deep_lists(inner, ctx)), ctx.line(tokens[position])))
        position = end
    ctx.list_depth -= 1
    ctx.nested -= 1
    start = opener.attrGet("start")  # absent for bullet lists and for lists starting at 1
    ordered = opener.type == "ordered_list_open"
    return ListBlock(tuple(items), ordered, 1 if start is None else int(start), ctx.line(opener))


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
    figures: list[tuple[Token, int]] | None = None if ctx.nested else []
    inlines = _inlines(token, ctx, figures)
    if figures:
        inlines = _close_gaps(inlines)
    blocks: list[Block] = []
    if plain_text(inlines).strip():
        blocks.append(Paragraph(inlines, line))
    blocks.extend(_image(child, ctx, at) for child, at in figures or ())
    return blocks


def _close_gaps(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Paragraph text after lifting its images: no doubled spaces where they stood, none at the ends."""
    tidy = [Text(re.sub(" {2,}", " ", node.text)) if isinstance(node, Text) else node for node in inlines]
    if tidy and isinstance(tidy[0], Text):
        tidy[0] = Text(tidy[0].text.lstrip(" "))
    if tidy and isinstance(tidy[-1], Text):
        tidy[-1] = Text(tidy[-1].text.rstrip(" "))
    return tuple(node for node in tidy if not isinstance(node, Text) or node.text)


def _inlines(
    token: Token, ctx: _Context, figures: list[tuple[Token, int]] | None = None, line: int | None = None
) -> tuple[Inline, ...]:
    """The inline runs of `token`, whose text starts on file line `line` (by default its own).

    Each image goes to `figures` with its line when the caller lifts images out as figures;
    without `figures` an image is shown as its caption, with a warning.
    """
    line = ctx.line(token) if line is None else line
    stack: list[tuple[str, list, Token | None]] = [("root", [], None)]
    for child in token.children or []:
        kind = child.type
        out = stack[-1][1]
        if kind in ("softbreak", "hardbreak"):
            out.append(Text(" ") if kind == "softbreak" else LineBreak())
            line += 1
        elif kind == "code_inline":
            out.append(Code(child.content))
        elif kind == "image":
            if figures is not None:
                figures.append((child, line))
            else:
                ctx.warnings.add(
                    ctx.path,
                    line,
                    "an image inside a heading, list, quote or table is shown as its caption",
                    "put the image in a paragraph of its own",
                )
                out.append(Text(_caption(child, ctx, line)))
            line += sum(grandchild.type in ("softbreak", "hardbreak") for grandchild in child.children or ())
        elif kind.endswith("_open"):
            if kind == "link_open":
                _check_link(child.attrGet("href") or "", ctx, line)
            stack.append((kind, [], child))
        elif kind.endswith("_close") and len(stack) > 1:
            opened, children, opener = stack.pop()
            stack[-1][1].append(_wrap(opened, tuple(_merge_text(children)), opener))
        elif child.content:  # text, and text-like tokens; entities may decode to control characters
            out.append(Text(clean_text(child.content, ctx.path, line, ctx.warnings)))
    while len(stack) > 1:  # unbalanced markup never happens in markdown-it output; keep text anyway
        _, children, _ = stack.pop()
        stack[-1][1].extend(children)
    return tuple(_merge_text(stack[0][1]))


def _caption(token: Token, ctx: _Context, line: int) -> str:
    """The plain text of an image's description, on one line."""
    return " ".join(plain_text(_inlines(token, ctx, line=line)).split())


def _wrap(kind: str, children: tuple[Inline, ...], opener: Token | None) -> Inline:
    if kind == "strong_open":
        return Strong(children)
    if kind == "em_open":
        return Emphasis(children)
    if kind == "link_open" and opener is not None:
        return Link(opener.attrGet("href") or "", children)
    return Strong(children) if not children else Emphasis(children)


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


def _check_link(href: str, ctx: _Context, line: int) -> None:
    scheme = urlsplit(href).scheme.lower() if _SCHEME.match(href) else ""
    if scheme not in LINK_SCHEMES:
        raise ContentError.at(
            ctx.path,
            line,
            f"link '{_shorten(href)}' is not an http, https or mailto link",
            "a handout cannot follow relative or other links; write the full https:// address",
        )


def _shorten(address: str) -> str:
    """An address short enough for one line of an error message (data: URIs can be megabytes)."""
    return address if len(address) <= 60 else address[:57] + "..."


def _image(token: Token, ctx: _Context, line: int) -> Image:
    source = token.attrGet("src") or ""
    caption = _caption(token, ctx, line)
    if _SCHEME.match(source) or source.startswith("//"):
        raise ContentError.at(
            ctx.path, line, f"image '{_shorten(source)}' is remote", "download it next to the brief or into assets/"
        )
    relative = unquote(source)
    if not relative:
        raise ContentError.at(ctx.path, line, "image without a path")
    try:
        found, outside = _find_image(relative, ctx.allowed_dirs)
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a name too long, a symlink loop (RuntimeError < 3.13)
        raise ContentError.at(
            ctx.path, line, f"image '{_shorten(source)}' is not a usable file name", "rename the file and the reference"
        ) from None
    if found:
        return Image(found, caption, line)
    if outside:
        raise ContentError.at(
            ctx.path,
            line,
            f"image '{relative}' lies outside the brief's folder and assets/",
            "copy it next to the brief or into assets/",
        )
    raise ContentError.at(ctx.path, line, f"image '{relative}' not found", "paths are relative to the brief")


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
