"""How a section ends on the page: its short closing block (three lines or fewer) never starts a
page alone. Judged on the built PDF: the closing list always shares its page with the end of the
block before it, whether that is a paragraph (its last two lines come along) or a short quote
(it comes along whole), before the next section or at the end of the report.
"""

from __future__ import annotations

import pytest
from builders import bullets, para, section
from test_pdf import document, render
from test_pdf_pages import filler, page_of, words

from briefkit.model import Quote


@pytest.mark.parametrize("before", ["paragraph", "quote"])
def test_a_short_closing_list_never_starts_a_page_alone(tmp_path, before):
    moved = 0
    for count in range(380, 720, 18):  # the paragraph pushes the list down past the page's foot
        blocks = [para(filler(40, "Opening")), para(filler(count)[:-1] + " PrevEnd.")]
        if before == "quote":
            blocks.append(Quote((para("A quoted line QuoteEnd."),), 1))
        blocks.append(bullets("TailA item", "TailB item", "TailC item"))
        closing = section("Closing", *blocks)
        at_end = count // 18 % 2 == 1
        doc = document(closing) if at_end else document(closing, section("NextHead", para("Done.")))
        data, _, _ = render(doc, toc=False)
        found = words(data, tmp_path)
        end = page_of(found, "QuoteEnd." if before == "quote" else "PrevEnd.")
        assert page_of(found, "TailA") == page_of(found, "TailC") == end, (count, at_end)
        if before == "paragraph" and end > page_of(found, "Opening"):
            lines = {round(w.top) for w in found if w.page == end and w.text in filler(count).split()}
            assert len(lines) >= 2 or page_of(found, "Opening") == end  # two lines came along
            moved += 1
    assert before == "quote" or moved  # some lengths do push the list over
