"""The report at the input limits (briefkit/read/limits.py): briefs as large as a brief may be
still come out whole and in order, with every contents entry right, and a long table's rows are
measured once however many pages it runs over (measuring them again on each page made a long
table's layout grow with the square of its rows).
"""

from __future__ import annotations

import io
import re
import subprocess

import pypdf
from builders import bullets, para, section
from conftest import require_tool
from reportlab.platypus import Table as RLTable
from test_pdf import document, outline, render

from briefkit.model import Table, Text
from briefkit.read import limits


def _text(data: bytes, tmp_path, *options: str) -> list[str]:
    """pdftotext's text of each page."""
    require_tool("pdftotext")
    path = tmp_path / "limits.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def test_a_brief_at_the_heading_limit_has_every_heading_in_its_contents_with_its_page(tmp_path):
    sections = limits.MAX_HEADINGS // 2
    pieces = [(section(f"Piece{n}", para("More."), level=2),) for n in range(sections)]
    doc = document(*(section(f"Part{n}", para(f"Words of part {n}."), subsections=pieces[n]) for n in range(sections)))
    data, pages, _ = render(doc)
    reader = pypdf.PdfReader(io.BytesIO(data))
    heading_pages = {}
    for title, index, children in outline(reader):
        heading_pages[title] = index + 1
        heading_pages.update((child, child_index + 1) for child, child_index, _ in children)
    assert len(heading_pages) == limits.MAX_HEADINGS
    shown = {}
    for page in _text(data, tmp_path, "-layout")[1:]:
        for name, number in re.findall(r"^\s*((?:Part|Piece)\d+)[\s.]+(\d+)\s*$", page, re.M):
            shown.setdefault(name, int(number))
    assert shown == heading_pages


def test_a_list_at_its_length_limit_keeps_every_item_in_order(tmp_path):
    items = [f"I{n}" for n in range(limits.MAX_LIST)]
    data, pages, _ = render(document(section("List", para("Intro."), bullets(*items))), toc=False)
    assert re.findall(r"\bI\d+\b", "\n".join(_text(data, tmp_path))) == items and pages > 20


def test_a_table_at_the_row_limit_keeps_every_row_measures_each_once_and_repeats_its_header(tmp_path, monkeypatch):
    measured = []
    original = RLTable._listCellGeom

    def counted(self, *args, **kwargs):
        measured.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RLTable, "_listCellGeom", counted)
    header = ((Text("Key"),), (Text("Remarks"),))
    rows = tuple(((Text(f"R{n}"),), (Text(f"a remark about row {n} that runs on"),)) for n in range(limits.MAX_ROWS))
    data, pages, _ = render(document(section("Rows", para("Intro."), Table(header, rows, (None, None), 3))), toc=False)
    cells = 2 * (limits.MAX_ROWS + 1)
    assert len(measured) <= 2 * cells + 4 * pages  # once for layout, once to be drawn (the header on each page)
    texts = _text(data, tmp_path)
    assert re.findall(r"\bR\d+\b", "\n".join(texts)) == [f"R{n}" for n in range(limits.MAX_ROWS)]
    assert pages > 40 and all("Key" in text and "Remarks" in text for text in texts[1:])
