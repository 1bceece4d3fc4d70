"""markdown-it rules for the syntax of note apps and wikis that mdit-py-plugins has no plugin for.

In: a MarkdownIt parser. Out: the same parser reading

- wikilinks `[[Note]]`, `[[Note|alias]]`, `[[Note#Heading]]` as `wikilink` tokens (meta: target,
  heading, alias), and embeds `![[file.png]]` as image tokens (`![[Note]]`, an embedded note, as
  a `wikilink` token whose meta has embed=True);
- comments `%% ... %%`, inline or as lines of their own across blank lines, as `percent_comment`
  tokens that hold nothing;
- marked text `==text==` as `mark_open` / `mark_close` around its inline content;
- template tags of static-site generators (Liquid `{% include x %}` and `{{ site.x }}`, Hugo
  shortcodes `{{< ref x >}}`, `{{% notice %}}`) as `template_tag` tokens (content: the tag's name
  in its delimiters); a Hugo `{{< figure src=... >}}` as an image token; a Liquid
  `{% highlight lang %}` ... `{% endhighlight %}` block as a fence;
- Pandoc line blocks (lines led by `| `) as a paragraph whose lines end in hard breaks;
- attributes right after an image, link, code or span that the attrs plugin does not read
  (`{width=50%}`, Pandoc's unquoted values) as nothing;
- documentation-site blocks: content tabs (`=== "Title"` over indented blocks) as `tab_open` /
  `tab_close` around them (info: the title); snippet includes (`--8<-- "file"`) as `snippet`
  tokens (content: the file); abbreviation definitions (`*[HTML]: ...`) as nothing; keys
  (`++ctrl+alt+del++`) as `keys` tokens (content: `Ctrl+Alt+Del`);
- kramdown attribute lists (`{: .class}`, `{:toc}`) as `kramdown_attributes` tokens.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n|]+?)(?:\\?\|([^\[\]\n]*))?\]\]")
_SIZE = re.compile(r"\d+(?:x\d+)?")
_TEMPLATE = re.compile(r"\{\{<(.*?)>\}\}|\{\{%(.*?)%\}\}|\{%(.*?)%\}|\{\{(.*?)\}\}", re.DOTALL)
_TEMPLATE_DELIMITERS = (("{{< ", " >}}"), ("{{% ", " %}}"), ("{% ", " %}"), ("{{ ", " }}"))
_TEMPLATE_ATTRIBUTE = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}\s*")
_END_HIGHLIGHT = re.compile(r"\{%-?\s*endhighlight\s*-?%\}\s*")
_ATTRIBUTES = re.compile(r"""\{(?:\s*(?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))+\s*\}""")
_ATTRIBUTED = ("image", "link_close", "code_inline", "span_close")
_TAB = re.compile(r"===[!+]?[ \t]+\"([^\"]*)\"[ \t]*")
_SNIPPET = re.compile(r"-{1,}8<-{1,}[ \t]+[\"']([^\"']+)[\"'][ \t]*")
_ABBREVIATION = re.compile(r"\*\[[^\]\n]+\]:.*")
_KEYS = re.compile(r"\+\+([\w-]+(?:\+[\w-]+)*)\+\+")
_KRAMDOWN = re.compile(r"\{:[^}\n]*\}")


def dialects_plugin(md: MarkdownIt) -> None:
    """Add the wikilink, comment and mark rules to `md`."""
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.before("link", "percent_comment", _inline_comment)
    md.inline.ruler.after("emphasis", "mark", _mark)
    md.inline.ruler.before("link", "template_tag", _template_tag)
    md.inline.ruler.before("link", "kramdown_attributes", _inline_rule(_KRAMDOWN, "kramdown_attributes"))
    md.inline.ruler.push("loose_attributes", _loose_attributes)
    md.inline.ruler.before("link", "keys", _inline_rule(_KEYS, "keys", _key_names))
    md.block.ruler.before("paragraph", "percent_comment", _block_comment)
    md.block.ruler.before("paragraph", "content_tab", _content_tab)
    md.block.ruler.before("paragraph", "snippet", _one_line_rule(_SNIPPET, "snippet"))
    md.block.ruler.before("paragraph", "abbreviation", _one_line_rule(_ABBREVIATION, "abbreviation"))
    md.block.ruler.after("table", "line_block", _line_block)
    md.block.ruler.before("fence", "liquid_highlight", _liquid_highlight, {"alt": ["paragraph"]})


def _wikilink(state: StateInline, silent: bool) -> bool:
    """`[[target#heading|alias]]` or `![[...]]` at state.pos: a wikilink or an image token."""
    match = _WIKILINK.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        embed, target, alias = match.group(1) == "!", match.group(2).strip(), (match.group(3) or "").strip()
        page, _, heading = target.partition("#")
        if embed and page.lower().endswith(IMAGE_SUFFIXES):
            token = state.push("image", "img", 0)
            token.attrs = {"src": page.strip(), "alt": ""}
            caption = "" if _SIZE.fullmatch(alias) else alias  # `|200` is a width, not a caption
            token.children = [Token("text", "", 0, content=caption)] if caption else []
        else:
            token = state.push("wikilink", "", 0)
            token.meta = {"page": page.strip(), "heading": heading.strip(), "alias": alias, "embed": embed}
    state.pos = match.end()
    return True


def _inline_comment(state: StateInline, silent: bool) -> bool:
    """`%% ... %%` within a line: a `percent_comment` token, which holds nothing to show."""
    if not state.src.startswith("%%", state.pos):
        return False
    end = state.src.find("%%", state.pos + 2, state.posMax)
    if end < 0:
        return False
    if not silent:
        state.push("percent_comment", "", 0)
    state.pos = end + 2
    return True


def _block_comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Lines from one opening `%%` to the line that closes it with `%%` (blank lines included)."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4 or not state.src.startswith("%%", begin):
        return False
    search_from = begin + 2
    for line in range(start_line, end_line):
        text_end = state.eMarks[line]
        close = state.src.find("%%", max(search_from, state.bMarks[line]), text_end)
        if close >= 0:
            if state.src[close + 2 : text_end].strip():
                return False  # text follows the comment: the inline rule drops it
            if not silent:
                token = state.push("percent_comment", "", 0)
                token.map = [start_line, line + 1]
            state.line = line + 1
            return True
    return False


def _mark(state: StateInline, silent: bool) -> bool:
    """`==text==`: mark_open, the text's own inline tokens, mark_close."""
    start, maximum = state.pos, state.posMax
    src = state.src
    if silent or not src.startswith("==", start) or src[start + 2 : start + 3] in ("", "=", " ", "\t", "\n"):
        return False
    if start > 0 and src[start - 1] == "=":
        return False
    state.pos = start + 2
    while state.pos < maximum:
        closing = src.startswith("==", state.pos) and src[state.pos + 2 : state.pos + 3] != "="
        if closing and src[state.pos - 1] not in " \t\n":
            break
        state.md.inline.skipToken(state)
    if state.pos >= maximum:
        state.pos = start
        return False
    end = state.pos
    state.push("mark_open", "mark", 1).markup = "=="
    state.pos, state.posMax = start + 2, end
    state.md.inline.tokenize(state)
    state.push("mark_close", "mark", -1).markup = "=="
    state.pos, state.posMax = end + 2, maximum
    return True


def _template_tag(state: StateInline, silent: bool) -> bool:
    """A template tag at state.pos: a `template_tag` token, or an image for a figure shortcode."""
    match = _TEMPLATE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    kind = next(index for index, group in enumerate(match.groups()) if group is not None)
    words = match.group(kind + 1).strip().strip("-").split()
    if not silent and words:
        attributes = {name: a or b or c for name, a, b, c in _TEMPLATE_ATTRIBUTE.findall(match.group(kind + 1))}
        if words[0] == "figure" and attributes.get("src"):
            token = state.push("image", "img", 0)
            token.attrs = {"src": attributes["src"], "alt": ""}
            caption = attributes.get("caption") or attributes.get("title") or attributes.get("alt") or ""
            token.children = [Token("text", "", 0, content=caption)] if caption else []
        else:
            opening, closing = _TEMPLATE_DELIMITERS[kind]
            state.push("template_tag", "", 0).content = f"{opening}{words[0]}{closing}"
    state.pos = match.end()
    return True


def _inline_rule(pattern: re.Pattern, kind: str, content=lambda match: match.group()):
    """An inline rule taking what `pattern` matches at state.pos: a `kind` token holding
    `content(match)`."""

    def rule(state: StateInline, silent: bool) -> bool:
        match = pattern.match(state.src, state.pos, state.posMax)
        if not match:
            return False
        if not silent:
            state.push(kind, "", 0).content = content(match)
        state.pos = match.end()
        return True

    return rule


def _key_names(match: re.Match) -> str:
    """`++ctrl+alt+del++` read as `Ctrl+Alt+Del`."""
    return "+".join(key.replace("-", " ").title() for key in match.group(1).split("+"))


def _loose_attributes(state: StateInline, silent: bool) -> bool:
    """`{key=value .class}` right after an image, link, code or span: skipped, leaving no token."""
    if state.pending or not state.tokens or state.tokens[-1].type not in _ATTRIBUTED:
        return False
    match = _ATTRIBUTES.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    state.pos = match.end()
    return True


def _liquid_highlight(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`{% highlight lang %}` up to `{% endhighlight %}`: a fence of `lang` holding the lines between."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    opening = _HIGHLIGHT.fullmatch(line_text(state, start_line))
    if not opening:
        return False
    for line in range(start_line + 1, end_line):
        if _END_HIGHLIGHT.fullmatch(line_text(state, line)):
            if not silent:
                token = state.push("fence", "code", 0)
                token.info, token.markup, token.map = opening.group(1), "```", [start_line, line + 1]
                token.content = state.getLines(start_line + 1, line, state.blkIndent, True)
            state.line = line + 1
            return True
    return False


def _line_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Lines led by `| ` (a pipe table, read before, is not one): a paragraph, each line kept."""
    lines: list[str] = []
    line = start_line
    while line < end_line and state.sCount[line] - state.blkIndent < 4:
        text = line_text(state, line)
        if text.startswith("| ") or text == "|":
            lines.append(text[2:])
        elif lines and text.strip() and state.sCount[line] > state.blkIndent:
            lines[-1] += " " + text.strip()  # a continuation line
        else:
            break
        line += 1
    if not lines:
        return False
    if not silent:
        state.push("paragraph_open", "p", 1).map = [start_line, line]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = "\\\n".join(lines), [start_line, line], []
        state.push("paragraph_close", "p", -1)
    state.line = line
    return True


def _one_line_rule(pattern: re.Pattern, kind: str):
    """A block rule taking one line that `pattern` matches whole: a `kind` token, content its group 1."""

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.sCount[start_line] - state.blkIndent >= 4:
            return False
        match = pattern.fullmatch(line_text(state, start_line))
        if not match:
            return False
        if not silent:
            token = state.push(kind, "", 0)
            token.content, token.map = (match.groups() or ("",))[0], [start_line, start_line + 1]
        state.line = start_line + 1
        return True

    return rule


def line_text(state: StateBlock, line: int) -> str:
    """The text of a line without its indent."""
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _content_tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`=== "Title"` and the blocks indented four spaces below it: tab_open, the blocks, tab_close."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = _TAB.fullmatch(line_text(state, start_line))
    if not match:
        return False
    if silent:
        return True
    indent = state.sCount[start_line] + 4
    line = start_line + 1
    while line < end_line and (state.isEmpty(line) or state.sCount[line] >= indent):
        line += 1
    while line > start_line + 1 and state.isEmpty(line - 1):
        line -= 1
    opener = state.push("tab_open", "div", 1)
    opener.info, opener.map = match.group(1), [start_line, line]
    old_indent, old_max, old_parent = state.blkIndent, state.lineMax, state.parentType
    state.blkIndent, state.lineMax, state.parentType = indent, line, "tab"
    state.md.block.tokenize(state, start_line + 1, line)
    state.blkIndent, state.lineMax, state.parentType = old_indent, old_max, old_parent
    state.push("tab_close", "div", -1)
    state.line = line
    return True
