"""reportlab's Paragraph with its text fragments joined where their style is the same.

reportlab's parser makes a separate fragment of every entity, so each escaped `<`, `>` or `&`
in a paragraph cuts its text: a paragraph of 20,000 `<` became 20,000 fragments, and laying it
out cloned and compared them again on every page it spans (13 s against 0.6 s for the same
number of letters). Joined, such text costs what plain text costs.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph

_SPECIAL = ("cbDefn", "lineBreak", "_selfClosingTag", "isBullet")


class Paragraph(_Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        super()._setup(text, style, bulletText, frags, cleaner)
        if frags is None:  # parsed here, not split off another paragraph
            self.frags = joined(self.frags)


def joined(frags: list) -> list:
    """`frags` with each run of neighbours that differ in their text only made one fragment."""
    out: list = []
    for frag in frags:
        if out and _plain(frag) and _plain(out[-1]) and _style(frag) == _style(out[-1]):
            out[-1].text += frag.text
        else:
            out.append(frag)
    return out


def _plain(frag) -> bool:
    return isinstance(getattr(frag, "text", None), str) and not any(hasattr(frag, name) for name in _SPECIAL)


def _style(frag) -> dict:
    return {name: value for name, value in vars(frag).items() if name != "text"}
