"""The three diagram drawers copy the layout: shapes read back from the slide, text read back
from the PDF and the SVG, and exports that come out byte for byte the same."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

try:  # tests/ as a package, or as a plain folder on sys.path
    from .glue import connectors, glue_problems, sites
    from .xsd import schema_errors
except ImportError:
    from glue import connectors, glue_problems, sites
    from xsd import schema_errors

from briefkit.diagram.draw_pptx import MAX_TEXT_SIZE
from briefkit.diagram.export import MARGIN
from briefkit.diagram.layout import DiagramLayout, layout_flow
from briefkit.model import FlowEdge, FlowItem, FlowSpec

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU_PER_PT = 12700
BOX = (36.0, 122.0, 885.6, 374.4)  # a slide body: left, top, width, height in points


def item(text: str) -> FlowItem:
    return FlowItem(text.rstrip("?"), not text.endswith("?"))


def flow(*edges: tuple[str, str, str]) -> FlowSpec:
    nodes = list(dict.fromkeys(name for source, target, _ in edges for name in (source, target)))
    made = tuple(FlowEdge(s, t, tuple(item(x.strip()) for x in items.split(",")), 2) for s, t, items in edges)
    return FlowSpec("Supply flows", tuple(nodes), made, 1)


TWO = flow(
    ("North Korea", "Russia", "munitions, artillery shells, ballistic missiles?"),
    ("Russia", "North Korea", "advanced technologies?, food aid?"),
)
EIGHT = flow(
    ("North Korea", "Russia", "munitions, artillery shells, ballistic missiles?"),
    ("Russia", "North Korea", "advanced technologies?, food aid?, oil"),
    ("Iran", "Russia", "Shahed drones, drone production knowhow?"),
    ("Russia", "Iran", "fighter jets?, cash"),
    ("China", "Russia", "dual-use electronics, machine tools"),
    ("Belarus", "Russia", "transit corridor"),
    ("Russia", "Belarus", "tactical weapons?"),
    ("Wagner", "Syria", "mercenaries?"),
    ("Syria", "Wagner", "gold?, phosphates"),
    ("Kazakhstan", "Russia", "re-exported goods?"),
    ("Iran", "North Korea", "missile technology?"),
    ("China", "North Korea", "oil, food"),
)

CROWDED = flow(
    ("North Korea", "Russia", "artillery shells, short-range ballistic missiles?, troops?"),
    ("Russia", "North Korea", "oil, food aid?, satellite technology?"),
    ("China", "North Korea", "consumer goods, machinery"),
    ("North Korea", "China", "coal?, seafood?"),
    ("Iran", "Russia", "drones, ammunition?"),
    ("Russia", "Iran", "Su-35 fighters?, cash"),
    ("Belarus", "Russia", "fuel"),
    ("Syria", "Iran", "transit rights?"),
    ("Myanmar", "Russia", "rare earths?"),
    ("Russia", "Myanmar", "jets"),
    ("Russia", "Syria", "air support"),
    ("China", "Russia", "electronics, machine tools?"),
)


@pytest.fixture(scope="module")
def theme():
    from briefkit.theme import load_theme

    return load_theme(None, Path("brief.md"))


@pytest.fixture(scope="module", params=["two", "eight"])
def case(request, theme) -> tuple[FlowSpec, DiagramLayout]:
    spec = {"two": TWO, "eight": EIGHT}[request.param]
    return spec, layout_flow(spec, theme)


# ---------------------------------------------------------------- slide deck


@pytest.fixture(scope="module")
def deck(case, theme):
    from pptx import Presentation
    from pptx.util import Inches

    from briefkit.diagram.draw_pptx import draw_flow

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    draw_flow(slide, case[1], theme, *BOX)
    buffer = io.BytesIO()
    presentation.save(buffer)
    reread = Presentation(io.BytesIO(buffer.getvalue()))
    return reread.slides[0], buffer.getvalue()


def fit(layout: DiagramLayout) -> tuple[float, float, float]:
    left, top, width, height = BOX
    scale = min(width / layout.width, height / layout.height, MAX_TEXT_SIZE / layout.font_size)
    return scale, left + (width - layout.width * scale) / 2, top + (height - layout.height * scale) / 2


def close(emu: int, points: float) -> bool:
    return abs(emu - points * EMU_PER_PT) <= 2


def named(slide, prefix: str) -> list:
    return [shape for shape in slide.shapes if shape.name.startswith(prefix)]


def test_it_draws_one_rounded_box_per_node_where_the_layout_put_it(case, deck):
    """A node is a rounded rectangle: the preset where its arrows meet only side middles, else a
    rounded rectangle of its own geometry with a connection site where each arrow meets it."""
    from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

    spec, layout = case
    slide, _ = deck
    scale, x0, y0 = fit(layout)
    boxes = named(slide, "Flow node")
    assert len(boxes) == len(spec.nodes)
    for shape, node in zip(boxes, layout.nodes, strict=True):
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE:
            assert shape.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE
        else:
            geometry = shape._element.spPr.find(f"{A}custGeom")
            assert len(geometry.findall(f"{A}pathLst/{A}path/{A}cubicBezTo")) == 4  # rounded corners
            assert len(sites(shape._element)) > 4
        assert shape.fill.fore_color.rgb is not None and shape.line.width > 0
        assert " ".join(shape.text_frame.text.split()) == node.name
        assert close(shape.left, x0 + node.box.x * scale) and close(shape.top, y0 + node.box.y * scale)
        assert close(shape.width, node.box.w * scale) and close(shape.height, node.box.h * scale)
    assert not any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)


def test_it_glues_every_connector_to_both_boxes_where_its_ends_are(case, deck):
    spec, layout = case
    slide, data = deck
    scale, x0, y0 = fit(layout)
    edges = named(slide, "Flow edge")
    assert len(edges) == len(spec.edges)
    for connector, edge in zip(edges, layout.edges, strict=True):
        ln = connector._element.spPr.find(f"{A}ln")
        assert ln.find(f"{A}tailEnd").get("type") == "triangle"
        dash = ln.find(f"{A}prstDash")
        assert (dash is not None and dash.get("val") == "dash") == edge.dashed
        (bx, by), (ex, ey) = edge.points[0], edge.points[-1]
        assert close(connector.begin_x, x0 + bx * scale) and close(connector.begin_y, y0 + by * scale)
        assert close(connector.end_x, x0 + ex * scale) and close(connector.end_y, y0 + ey * scale)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("ppt/slides/slide1.xml"))
    assert glue_problems(root, [e.source for e in layout.edges], [e.target for e in layout.edges]) == []
    assert len(connectors(root)) == len(spec.edges)  # leaders and legend samples are plain lines


def test_it_writes_explicit_unscaled_text_that_wraps_and_never_autofits(case, deck):
    spec, layout = case
    slide, _ = deck
    labels = named(slide, "Flow label")
    assert len(labels) == len(spec.edges)
    for shape, edge in zip(labels, spec.edges, strict=True):
        text = " ".join(shape.text_frame.text.split())
        for thing in edge.items:
            assert thing.text in text
    for shape in slide.shapes:
        if not shape.has_text_frame:
            continue
        body = shape.text_frame._txBody.find(f"{A}bodyPr")
        assert body.get("wrap") == "square" and body.find(f"{A}noAutofit") is not None
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                assert run.font.size is not None
    texts = [shape.text_frame.text for shape in named(slide, "Flow legend text")]
    assert texts == ["reported", "unconfirmed (?)"]


def test_a_small_diagram_is_enlarged_only_to_the_largest_text_size_and_centred(case, deck):
    spec, layout = case
    slide, _ = deck
    sizes = {
        run.font.size.pt
        for shape in slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
    }
    assert max(sizes) <= MAX_TEXT_SIZE + 0.01
    nodes = named(slide, "Flow node")
    left = min(shape.left for shape in nodes) / EMU_PER_PT
    right = max(shape.left + shape.width for shape in nodes) / EMU_PER_PT
    if spec is TWO:
        assert max(sizes) == pytest.approx(MAX_TEXT_SIZE, abs=0.01)
        assert (left - BOX[0]) == pytest.approx(BOX[0] + BOX[2] - right, abs=layout.font_size * 3)


def test_the_slide_is_valid_against_the_schemas(deck):
    _, data = deck
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slide = package.read("ppt/slides/slide1.xml")
    assert schema_errors(slide) == []
    assert etree.fromstring(slide).find(f".//{P}pic") is None


# ---------------------------------------------------------------- report


def test_the_report_drawing_holds_every_name_and_item_as_text(case, theme, tmp_path):
    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from briefkit.diagram.draw_pdf import flow_drawing

    spec, layout = case
    target = tmp_path / "figure.pdf"
    document = SimpleDocTemplate(str(target), pagesize=A4)
    drawing = flow_drawing(layout, theme, document.width)
    assert drawing.width == pytest.approx(min(layout.width, document.width))
    assert drawing.height == pytest.approx(layout.height * drawing.width / layout.width)
    document.build([drawing])
    text = " ".join(PdfReader(str(target)).pages[0].extract_text().split())
    for word in [w for name in spec.nodes for w in name.split()]:
        assert word in text
    for edge in spec.edges:
        for thing in edge.items:
            for word in thing.text.split():
                assert word in text


def test_a_narrow_layout_is_never_scaled_up(theme):
    from briefkit.diagram.draw_pdf import flow_drawing

    layout = layout_flow(TWO, theme)
    drawing = flow_drawing(layout, theme, layout.width * 3)
    assert (drawing.width, drawing.height) == (layout.width, layout.height)


# ---------------------------------------------------------------- figure export


def test_the_png_is_high_resolution_and_repeatable(case, theme):
    from briefkit.diagram.export import export_figure

    _, layout = case
    first, second = export_figure(layout, theme, "png"), export_figure(layout, theme, "png")
    assert first == second
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", first[16:24])
    margin = 2 * MARGIN / 72 * 200  # pixels of white on both sides
    assert width == pytest.approx(layout.width / 72 * 200 + margin, abs=1)
    assert height == pytest.approx(layout.height / 72 * 200 + margin, abs=1)


def test_the_png_says_it_is_200_dpi_as_the_readme_does(case, theme):
    from PIL import Image

    from briefkit.diagram.export import export_figure

    image = Image.open(io.BytesIO(export_figure(case[1], theme, "png")))
    assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
    assert "200 dpi" in (Path(__file__).parent.parent / "README.md").read_text()


def test_the_png_has_a_white_margin_round_the_drawing(case, theme):
    from PIL import Image

    from briefkit.diagram.export import export_figure

    image = Image.open(io.BytesIO(export_figure(case[1], theme, "png"))).convert("L")
    band = round(MARGIN / 72 * 200) - 2
    w, h = image.size
    for box in ((0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)):
        assert image.crop(box).getextrema() == (255, 255)


def test_the_svg_names_a_generic_family_after_every_font(case, theme):
    from briefkit.diagram.export import export_figure

    svg = export_figure(case[1], theme, "svg").decode()
    families = re.findall(r"font-family: ([^;\"]*)", svg)
    assert families and all(family.endswith(", sans-serif") for family in families)
    assert "'DejaVu Sans', sans-serif" in families


def test_the_svg_keeps_names_as_text_and_is_repeatable(case, theme):
    from briefkit.diagram.export import export_figure

    spec, layout = case
    first, second = export_figure(layout, theme, "svg"), export_figure(layout, theme, "svg")
    assert first == second
    svg = first.decode()
    assert not re.search(r"<dc:date>", svg)
    texts = " ".join(" ".join(t.split()) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for name in spec.nodes:
        assert all(word in texts for word in name.split())
    assert f'viewBox="0 0 {layout.width:g}' in svg or "viewBox" in svg


SVG = "{http://www.w3.org/2000/svg}"
PX_PER_PT = 200 / 72


def svg_styles(element) -> dict[str, str]:
    return dict(part.split(": ", 1) for part in element.get("style").split("; "))


def test_the_svg_draws_the_layout_at_its_own_size_inside_the_margin(case, theme):
    from xml.etree import ElementTree as ET

    from briefkit.diagram.export import export_figure

    _, layout = case
    root = ET.fromstring(export_figure(layout, theme, "svg"))
    assert float(root.get("width").removesuffix("pt")) == pytest.approx(layout.width + 2 * MARGIN, abs=1e-3)
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(layout.height + 2 * MARGIN, abs=1e-3)
    boxes = sorted(
        tuple(float(rect.get(key)) for key in ("x", "y", "width", "height"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("rx")
    )
    expected = sorted((n.box.x + MARGIN, n.box.y + MARGIN, n.box.w, n.box.h) for n in layout.nodes)
    assert len(boxes) == len(expected)
    for found, wanted in zip(boxes, expected, strict=True):
        assert found == pytest.approx(wanted, abs=1e-3)
    placed = [(t.text, float(t.get("x")), float(t.get("y"))) for t in root.iter(f"{SVG}text")]
    for node in layout.nodes:
        for line in node.lines:
            x, y = node.box.x + line.x + MARGIN, node.box.y + line.baseline + MARGIN
            assert any(t == line.text and abs(tx - x) < 1e-3 and abs(ty - y) < 1e-3 for t, tx, ty in placed)


def test_the_svg_names_each_face_by_family_weight_and_style(case, theme):
    from xml.etree import ElementTree as ET

    from briefkit.diagram.export import export_figure

    _, layout = case
    svg = export_figure(layout, theme, "svg").decode()
    assert "DejaVuSans-Bold" not in svg and "DejaVuSans-Oblique" not in svg and "DejaVuSans;" not in svg
    styles = [(t.text, svg_styles(t)) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert all(style["font-family"] == "'DejaVu Sans', sans-serif" for _, style in styles)
    names = {line.text for node in layout.nodes for line in node.lines}
    italic = {run.text for edge in layout.edges for row in edge.label.lines for run in row.runs if run.italic}
    for text, style in styles:
        assert (style.get("font-weight") == "bold") == (text in names), text
        assert (style.get("font-style") == "italic") == (text in italic), text


def test_the_svg_keeps_every_space_of_the_labels(theme):
    from xml.etree import ElementTree as ET

    from briefkit.diagram.export import export_figure

    layout = layout_flow(TWO, theme)
    root = ET.fromstring(export_figure(layout, theme, "svg"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    runs = [run.text for edge in layout.edges for row in edge.label.lines for run in row.runs]
    assert any(run.endswith(", ") for run in runs) and all(run in texts for run in runs)


def ink(image, box: tuple[float, float, float, float]) -> list[tuple[int, int]]:
    """The dark pixels of a greyscale PNG export within `box` (left, top, right, bottom in the
    layout's points), as (column, row) pixel positions."""
    left, top, right, bottom = (round((value + MARGIN) * PX_PER_PT) for value in box)
    pixels = image.load()
    return [(x, y) for x in range(left, right) for y in range(top, bottom) if pixels[x, y] < 128]


def test_the_png_draws_each_name_where_the_layout_measured_it(case, theme):
    from PIL import Image

    from briefkit.diagram.export import export_figure
    from briefkit.diagram.scripts import pieces
    from briefkit.fonts import family_files, text_width

    _, layout = case
    image = Image.open(io.BytesIO(export_figure(layout, theme, "png"))).convert("L")
    bold, size = family_files(theme.fonts.heading)["bold"], layout.font_size
    for node in layout.nodes:
        box = node.box
        for line in node.lines:
            last = pieces(line.text, bold, size)[-1]
            width = last.x + text_width(last.text, last.font, size)
            left, baseline = box.x + line.x, box.y + line.baseline
            dark = ink(image, (left - 1, baseline - size, left + width + 1, baseline + size / 3))
            assert len(dark) > 4 * len(line.text), line.text  # the glyphs are there
            columns = [x / PX_PER_PT - MARGIN for x, _ in dark]
            assert min(columns) < left + size / 2 and max(columns) > left + width - size / 2, line.text


def test_an_unknown_format_is_refused(theme):
    from briefkit.diagram.export import export_figure

    with pytest.raises(ValueError, match="png, svg"):
        export_figure(layout_flow(TWO, theme), theme, "gif")


# ---------------------------------------------------------------- any script

KOREAN = flow(("북한", "Russia", "포탄, 미사일?"), ("Russia", "북한", "식량 원조 (food aid)"), ("中国", "북한", "石油"))


@pytest.fixture(scope="module")
def korean(theme) -> DiagramLayout:
    from briefkit.fonts import fallback_files, uncovered

    if uncovered("북한中国", fallback_files()):
        pytest.skip("no installed fallback font draws Hangul and Chinese (Debian: fonts-nanum fonts-droid-fallback)")
    return layout_flow(KOREAN, theme)


def test_text_the_theme_font_lacks_is_measured_and_drawn_with_a_fallback_font(korean, theme, tmp_path):
    from pypdf import PdfReader
    from reportlab.platypus import SimpleDocTemplate

    from briefkit.diagram.draw_pdf import flow_drawing
    from briefkit.diagram.export import export_figure
    from briefkit.fonts import family_files, text_width

    bold = family_files(theme.fonts.heading)["bold"]
    name = korean.nodes[0]
    assert name.name == "북한" and name.box.w > 0
    assert name.lines[0].x < (name.box.w - text_width("북한", bold, korean.font_size)) / 2, "measured as fallback"

    target = tmp_path / "figure.pdf"
    SimpleDocTemplate(str(target)).build([flow_drawing(korean, theme, 480)])
    text = "".join(PdfReader(str(target)).pages[0].extract_text().split())
    for word in ("북한", "中国", "포탄", "미사일", "石油", "Russia"):
        assert word in text
    assert export_figure(korean, theme, "png").startswith(b"\x89PNG")  # a missing glyph would warn, and fail
    svg = export_figure(korean, theme, "svg").decode()
    assert "북한" in svg and "NanumGothic" in svg


HANGUL = flow(("북한", "남한", "물자"), ("남한", "북한", "전단"))  # two names of two syllables each


def test_names_in_a_fallback_script_are_drawn_as_their_own_glyphs_in_the_png(theme):
    """Boxes for glyphs a font lacks look alike for every character; real glyphs differ."""
    from PIL import Image

    from briefkit.diagram.export import export_figure
    from briefkit.fonts import fallback_files, uncovered

    if uncovered("북한남", fallback_files()):
        pytest.skip("no installed fallback font draws Hangul (Debian: fonts-nanum)")
    layout = layout_flow(HANGUL, theme)
    image = Image.open(io.BytesIO(export_figure(layout, theme, "png"))).convert("L")
    shapes = []
    for node in layout.nodes:
        line, size = node.lines[0], layout.font_size
        left, baseline = node.box.x + line.x, node.box.y + line.baseline
        dark = ink(image, (left, baseline - size, left + 2 * size, baseline + size / 3))
        assert len(dark) > 40, node.name
        x0, y0 = round((left + MARGIN) * PX_PER_PT), round((baseline - size + MARGIN) * PX_PER_PT)
        shapes.append({(x - x0, y - y0) for x, y in dark})
    first, second = shapes
    near = [{(x + dx, y + dy) for x, y in shape for dx in (-1, 0, 1) for dy in (-1, 0, 1)} for shape in shapes]
    apart = len(first - near[1]) + len(second - near[0])  # dark pixels a pixel's shift does not explain
    assert apart > 0.05 * (len(first) + len(second))  # none at all for boxes of missing glyphs


def test_the_slide_names_the_fallback_font_for_every_script(korean, theme):
    from pptx import Presentation

    from briefkit.diagram.draw_pptx import draw_flow

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    draw_flow(slide, korean, theme, *BOX)
    runs = {
        run.text: run
        for shape in named(slide, "Flow")
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
    }
    hangul = runs["북한"].font._rPr
    assert {hangul.find(f"{A}{tag}").get("typeface") for tag in ("latin", "ea", "cs")} == {"NanumGothic"}
    assert runs["Russia"].font.name == "DejaVu Sans" and runs["Russia"].font._rPr.find(f"{A}ea") is None


def test_every_arrow_end_has_a_site_after_the_four_side_middles(theme):
    import math

    from briefkit.diagram.sites import connection_sites

    layout = layout_flow(CROWDED, theme)
    sites = connection_sites(layout)
    for node, found in zip(layout.nodes, sites.nodes, strict=True):
        assert [site.point for site in found[:4]] == [node.box.site(side) for side in (0, 1, 2, 3)]
        assert len({(round(x, 6), round(y, 6)) for (x, y), _ in ((s.point, s.side) for s in found)}) == len(found)
    for edge, (begin, end) in zip(layout.edges, sites.ends, strict=True):
        source, target = sites.nodes[edge.source][begin], sites.nodes[edge.target][end]
        assert math.dist(source.point, edge.points[0]) < 1e-6 and source.side == edge.source_side
        assert math.dist(target.point, edge.points[-1]) < 1e-6 and target.side == edge.target_side
        assert (begin < 4) == edge.source_glued and (end < 4) == edge.target_glued  # side middles keep 0-3
    assert any(len(found) > 4 for found in sites.nodes)  # ends spread along a side
