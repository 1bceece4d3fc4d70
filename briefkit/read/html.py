"""Raw HTML tags inside Markdown: which are HTML at all, and what each one does to its text.

In: the text of one raw HTML token as markdown-it found it (`<kbd>`, `</span>`, `<br/>`,
`<!-- ... -->`). Out: its lower-case tag name and whether it closes, or None for comments and
processing instructions; and, in TAGS, the action for each HTML element name. A name that is no
HTML element (`<y>` in `x<y>z`) is not a tag: the caller prints it as the author's text.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")

# formatting the outputs draw
_FORMATTING = {
    "b": "strong",
    "strong": "strong",
    "i": "emphasis",
    "em": "emphasis",
    "cite": "emphasis",
    "dfn": "emphasis",
    "var": "emphasis",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
    "sub": "sub",
    "sup": "sup",
    "mark": "mark",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
    "br": "break",
    "a": "link",  # a link when it has an href, else its text
    # blocks whose text reads as a bold line
    "summary": "strong",
    "h1": "strong",
    "h2": "strong",
    "h3": "strong",
    "h4": "strong",
    "h5": "strong",
    "h6": "strong",
    # elements whose text reads the same without them
    "span": "text",
    "small": "text",
    "big": "text",
    "abbr": "text",
    "time": "text",
    "q": "text",
    "bdi": "text",
    "bdo": "text",
    "data": "text",
    "font": "text",
    "wbr": "void",
}

# every other element of HTML: dropped, its text kept, named in one warning
_OTHER = """address area article aside audio base blockquote body button canvas caption center col
colgroup datalist dd details dialog dir div dl dt embed fieldset figcaption figure footer form
frame frameset head header hgroup hr html iframe img input label legend li link
main map math menu meta meter nav noembed noframes noscript object ol optgroup option output p
param picture pre progress rp rt ruby script search section select slot source style svg
table tbody td template textarea tfoot th thead title tr track ul video""".split()

# elements whose content is no text for a reader: dropped with it
_HIDDEN = "script style template noscript title head".split()

TAGS: dict[str, str] = {name: "drop" for name in _OTHER} | {name: "hide" for name in _HIDDEN} | _FORMATTING


def tag_of(html: str) -> tuple[str, bool] | None:
    """(lower-case tag name, whether it is a closing tag) of a raw HTML token; None for a comment,
    a declaration or a processing instruction."""
    match = _TAG.match(html)
    if not match:
        return None
    return match.group(2).lower(), bool(match.group(1))
