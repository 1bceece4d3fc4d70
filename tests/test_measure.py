"""The one text measurer: fallback-aware widths, one wrap rule, one face map, used everywhere."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from builders import section
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from test_deck_plan import PATH, document, plan
from xsd import schema_errors

from briefkit import measure
from briefkit.fonts import fallback_files, family_files, font_file, text_width
from briefkit.model import Paragraph, Text
from briefkit.render.deck.text import Measure, Span
from briefkit.render.pptx import render_pptx
from briefkit.stamp import Stamp
from briefkit.theme import load_theme

HANGUL = "한국어 제목 텍스트 길이"
NANUM = "NanumGothic.ttf"


@pytest.fixture(scope="module")
def theme():
    return load_theme(None, PATH)


def needs_nanum():
    if not any(path.name == NANUM for path in fallback_files()):
        pytest.skip("Nanum Gothic (Debian fonts-nanum) is not installed")


def test_hangul_is_measured_with_the_font_that_draws_it(theme):
    needs_nanum()
    carlito = family_files(theme.fonts.slide_body)["regular"]
    nanum = next(path for path in fallback_files() if path.name == NANUM)
    spaces = HANGUL.count(" ") * text_width(" ", carlito, 24)  # spaces stay in the primary font
    hangul = text_width(HANGUL.replace(" ", ""), nanum, 24)
    assert measure.width(HANGUL, carlito, 24) == pytest.approx(hangul + spaces)
    assert measure.width(HANGUL, carlito, 24) > 1.5 * text_width(HANGUL, carlito, 24)  # not the primary's blanks


def test_the_deck_measures_hangul_lines_with_the_fallback(theme):
    needs_nanum()
    spans = (Span(" ".join([HANGUL] * 6)),)
    width = Measure(theme).width(spans, 22)
    assert width == pytest.approx(measure.width(plain_text(spans), family_files(theme.fonts.slide_body)["regular"], 22))
    assert Measure(theme).lines(spans, 22, width / 2) >= 2


def plain_text(spans) -> str:
    return "".join(span.text for span in spans)


def test_one_face_map_for_every_family(theme):
    files = family_files(theme.fonts.slide_body)
    assert measure.face(files, False, False).name == "Carlito-Regular.ttf"
    assert measure.face(files, True, True).name == "Carlito-BoldItalic.ttf"
    assert Measure(theme).font("body", True, False) == measure.face(files, True, False)


words = st.lists(st.tuples(st.floats(0.5, 120), st.floats(0, 8)), max_size=40)


@given(words, st.floats(10, 300))
def test_wrap_keeps_order_and_fills_lines_greedily(items, room):
    lines = measure.wrap(items, room)
    assert [i for first, end in lines for i in range(first, end)] == list(range(len(items)))
    for number, (first, end) in enumerate(lines):
        used = items[first][0] + sum(space + word for word, space in items[first + 1 : end])
        assert used <= room or end - first == 1  # only a word alone may be wider than the line
        if number + 1 < len(lines):  # the next line's first word did not fit here
            word, space = items[end]
            assert used + space + word > room


def test_slides_name_calibri_and_are_measured_with_carlito(theme):
    assert font_file("Carlito-Regular.ttf").parent.name == "fonts"  # bundled with briefkit
    deck, _ = plan(document(section("Hello", Paragraph((Text("Words"),), 1))), theme)
    data = render_pptx(deck, Stamp("a1b2c3d4e5f6", document().meta.date))
    runs = [r for s in Presentation(io.BytesIO(data)).slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]  # fmt: skip
    assert {r.font.name for r in runs} <= {"Calibri"}
    assert (Path(__file__).parent.parent / "briefkit" / "data" / "fonts" / "LICENSE-OFL.txt").is_file()


def test_hangul_runs_name_their_fallback_for_east_asian_text(theme):
    needs_nanum()
    deck, _ = plan(document(section(f"Title {HANGUL}", Paragraph((Text(f"Seoul {HANGUL}"),), 1))), theme)
    data = render_pptx(deck, Stamp("a1b2c3d4e5f6", document().meta.date))
    slide = Presentation(io.BytesIO(data)).slides[1]
    runs = [r for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]
    hangul = [r for r in runs if HANGUL.split()[0] in r.text]
    assert hangul
    for run in hangul:
        r_pr = run._r.rPr
        typefaces = {child.tag.split("}")[1]: child.get("typeface") for child in r_pr}
        assert typefaces["latin"] == typefaces["ea"] == typefaces["cs"] == "NanumGothic"
    latin = [r for r in runs if r.text.startswith("Seoul")]
    assert latin and latin[0].font.name == "Calibri"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert schema_errors(package.read("ppt/slides/slide2.xml")) == []


def test_libreoffice_draws_the_named_calibri_with_carlito(theme, tmp_path):
    from conftest import require_tool
    from test_pptx import convert

    pdffonts = require_tool("pdffonts")
    deck, _ = plan(document(section("Fonts", Paragraph((Text("Measured with Carlito, shown as Calibri."),), 1))), theme)
    convert(render_pptx(deck, Stamp("a1b2c3d4e5f6", document().meta.date)), tmp_path)
    listing = subprocess.run([pdffonts, str(tmp_path / "deck.pdf")], check=True, capture_output=True, text=True).stdout
    names = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]}
    assert names and all(name.startswith("Carlito") for name in names), names


def test_report_table_columns_are_measured_with_the_fallback_that_draws_hangul(theme):
    needs_nanum()
    from briefkit.model import Strong
    from briefkit.render.pdf.styles import build_styles
    from briefkit.render.pdf.table import content_widths
    from briefkit.render.pdf.text import runs

    styles = build_styles(theme)
    size, body = styles.para["cell"].fontSize, styles.faces["body"]
    header = runs((Strong((Text("비고"),)),), styles.faces, size, "heading", bold=True)
    cell = runs((Text("Seoul "), Strong((Text(HANGUL),))), styles.faces, size)
    natural, least = content_widths([[header], [cell]], size, 4.0)
    text = measure.width("Seoul ", body["regular"], size) + measure.width(HANGUL, body["bold"], size)
    assert natural[0] == pytest.approx(text + 4.0)  # the whole text on one line, each run in its face
    assert natural[0] > 1.3 * (text_width("Seoul " + HANGUL, body["regular"], size) + 4.0)  # not the primary's
    widest = max(measure.width(word, body["bold"], size) for word in HANGUL.split())
    assert least[0] == pytest.approx(max(widest, measure.width("Seoul", body["regular"], size)) + 4.0)


def test_the_report_measures_its_table_columns_with_the_one_measurer(monkeypatch):
    needs_nanum()
    from test_pdf import document as report
    from test_pdf import render

    from briefkit.model import Table

    measured: list[str] = []
    width = measure.width
    monkeypatch.setattr(measure, "width", lambda text, font, size: measured.append(text) or width(text, font, size))
    table = Table(((Text("Code"),), (Text("비고"),)), (((Text("A1"),), (Text(HANGUL),)),), (None, None), 3)
    render(report(section("Korean", table)), toc=False)
    assert "비고" in measured and set(HANGUL.split()) <= set(measured)
