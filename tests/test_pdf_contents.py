"""The report's contents, judged on the built PDF: every entry names the page its heading is on
and links there, its title wraps short of the page numbers, the report is laid out once, and
short contents share their page with the body.
"""

from __future__ import annotations

import io

import pypdf
from builders import para, section
from reportlab.platypus import BaseDocTemplate
from test_pdf import document, render
from test_pdf_pages import filler, page_of, words

LONG = "with a title long enough to run over two lines of the contents column of the report"


def _chapters(count: int, topics: int) -> list:
    """`count` chapters of `topics` subsections each; every third chapter has a long title."""
    out = []
    for n in range(count):
        subs = tuple(section(f"Topic{n}x{t}", para(filler(60 + 25 * t)), level=2) for t in range(topics))
        title = f"Chapter{n} {LONG}" if n % 3 == 0 else f"Chapter{n}"
        out.append(section(title, para(filler(90 + 7 * (n % 5), f"Opening{n}")), subsections=subs))
    return out


def test_every_entry_shows_the_page_of_its_heading_and_links_to_it(tmp_path):
    data, _, _ = render(document(*_chapters(40, 2)))
    found = words(data, tmp_path)
    tags = [w for w in found if w.text.startswith(("Chapter", "Topic"))]
    entries, headings = tags[:120], tags[120:]
    assert [w.text for w in entries] == [w.text for w in headings]
    assert max(w.page for w in entries) >= 4  # the contents run over several pages
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: index + 1 for index, page in enumerate(reader.pages)}
    links = 0
    for number, (entry, heading) in enumerate(zip(entries, headings, strict=True)):
        following = entries[number + 1] if number + 1 < len(entries) else None
        bottom = following.top if following and following.page == entry.page else entry.top + 30  # two lines
        row = [w for w in found if w.page == entry.page and entry.top - 2 <= w.top < bottom - 2]
        numbers = [w for w in row if w.text.isdigit()]
        assert numbers, f"{entry.text} has no page number"
        shown = max(numbers, key=lambda w: w.x1)
        assert int(shown.text) == heading.page, (entry.text, shown.text, heading.page)
        title = [w for w in row if w is not shown and set(w.text) != {"."}]
        assert max(w.x1 for w in title) < shown.x0, entry.text  # titles keep clear of the numbers
        page = reader.pages[entry.page - 1]
        height = float(page.mediabox.height)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            middle = height - (float(annot["/Rect"][1]) + float(annot["/Rect"][3])) / 2
            if entry.top - 2 <= middle < bottom - 2:
                assert pages[annot["/Dest"][0].idnum] == heading.page, entry.text
                links += 1
    assert links >= 2 * len(entries)  # the title and the page number of every entry are links


def test_the_report_is_laid_out_once(monkeypatch):
    passes = []
    original = BaseDocTemplate.build

    def counted(self, *args, **kwargs):
        passes.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    render(document(*_chapters(12, 1)))
    assert len(passes) == 1


def test_short_contents_share_their_page_with_the_first_section(tmp_path):
    data, _, _ = render(document(*_chapters(5, 1)))
    found = words(data, tmp_path)
    assert page_of(found, "Contents") == 2 and page_of(found, "Opening0") == 2
    contents = next(w for w in found if w.text == "Contents")
    last_entry = [w for w in found if w.text == "Topic4x0"][0]
    first_heading = [w for w in found if w.text.startswith("Chapter0")][1]
    assert contents.top < last_entry.top < first_heading.top


def test_contents_over_half_a_page_keep_their_page_to_themselves(tmp_path):
    data, _, _ = render(document(*_chapters(11, 2)))
    found = words(data, tmp_path)
    assert page_of(found, "Contents") == 2 and page_of(found, "Opening0") == 3
