"""The flow layout's promises, checked on random specs: nothing overlaps, everything is inside the
canvas, arrows run border to border, and every item is shown exactly once, beside its arrow."""

from __future__ import annotations

import math
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefkit.diagram.geometry import LEFT, RIGHT, Rect
from briefkit.diagram.layout import LABEL_GAP, PARALLEL_OFFSET, READABLE_SIZE, DiagramLayout, layout_flow, layout_spec
from briefkit.model import FlowEdge, FlowItem, FlowSpec

SIZE = 9.0
EPS = 1e-6


def measure(text: str, size: float, bold: bool, italic: bool) -> float:
    """A stand-in for font metrics: wide characters for bold, a little wider for CJK."""
    return sum(size * (1.0 if ord(char) > 0x2E80 else 0.62 if bold else 0.55) for char in text)


NAMES = st.text(alphabet="abcdefgh KLMNÄЖ中-", min_size=1, max_size=34).map(str.strip).filter(bool)
ITEM_TEXT = (
    st.one_of(
        st.text(alphabet="abcdefg hijk-ЖÄ", min_size=1, max_size=40),
        st.text(alphabet="abcdefghijklmnop", min_size=30, max_size=70),  # one long word
        st.text(alphabet="中文字符", min_size=1, max_size=30),
    )
    .map(lambda text: " ".join(text.split()).rstrip("?"))
    .filter(bool)
)
ITEMS = st.lists(st.builds(FlowItem, ITEM_TEXT, st.booleans()), min_size=1, max_size=4).map(tuple)


@st.composite
def specs(draw) -> FlowSpec:
    nodes = draw(st.lists(NAMES, min_size=2, max_size=8, unique=True))
    pairs = [(a, b) for a in nodes for b in nodes if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=16, unique=True))
    edges = tuple(FlowEdge(a, b, draw(ITEMS), line) for line, (a, b) in enumerate(chosen, start=2))
    used = [name for name in nodes if any(name in (e.source, e.target) for e in edges)]
    return FlowSpec(None, tuple(used) if len(used) >= 2 else tuple(nodes), edges, 1)


def two_way() -> FlowSpec:
    return FlowSpec(
        "Reported supply flows",
        ("North Korea", "Russia"),
        (
            FlowEdge(
                "North Korea",
                "Russia",
                (
                    FlowItem("munitions", True),
                    FlowItem("artillery shells", True),
                    FlowItem("ballistic missiles", False),
                ),
                2,
            ),
            FlowEdge(
                "Russia", "North Korea", (FlowItem("advanced technologies", False), FlowItem("food aid", False)), 3
            ),
        ),
        1,
    )


def shown(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _middle(path) -> tuple[float, float]:
    (px, py), (qx, qy) = path.points[0], path.points[-1]
    return (px + qx) / 2, (py + qy) / 2


def side_of(point: tuple[float, float], path) -> bool:
    """True when `point` lies to the left of the arrow's line (y down)."""
    (px, py), (qx, qy) = path.points[0], path.points[-1]
    return (point[0] - px) * (qy - py) - (point[1] - py) * (qx - px) < 0


def check(layout: DiagramLayout, spec: FlowSpec) -> None:
    canvas = Rect(0, 0, layout.width, layout.height)
    nodes = [node.box for node in layout.nodes]
    labels = [edge.label.box for edge in layout.edges]
    legend = layout.legend.box

    assert [node.name for node in layout.nodes] == list(spec.nodes)
    for i, box in enumerate(nodes):
        assert not any(box.overlaps(other) for other in nodes[i + 1 :]), "nodes overlap"
    for i, box in enumerate(labels):
        assert not any(box.overlaps(node) for node in nodes), "a label covers a node"
        assert not any(box.overlaps(other) for other in labels[i + 1 :]), "labels overlap"
        assert not box.overlaps(legend), "a label covers the legend"
    assert not any(legend.overlaps(node) for node in nodes), "the legend covers a node"
    for box in nodes + labels + [legend]:
        assert canvas.contains(box), "something lies outside the canvas"

    index = {name: i for i, name in enumerate(spec.nodes)}
    for edge, path in zip(spec.edges, layout.edges, strict=True):
        assert (path.source, path.target) == (index[edge.source], index[edge.target])
        assert path.dashed == (not edge.confirmed)
        assert nodes[path.source].on_border(path.points[0], 1e-6), "arrow does not start at its box border"
        assert nodes[path.target].on_border(path.points[-1], 1e-6), "arrow does not end at its box border"
        assert path.head[0] == path.points[-1]
        for point in path.points + path.head:
            assert -EPS <= point[0] <= layout.width + EPS and -EPS <= point[1] <= layout.height + EPS
        for site, side, glued, box in (
            (path.points[0], path.source_side, path.source_glued, nodes[path.source]),
            (path.points[-1], path.target_side, path.target_glued, nodes[path.target]),
        ):
            assert glued == (math.dist(site, box.site(side)) < 1e-3 * SIZE)

        box = path.label.box
        partner = next(
            (other for other in layout.edges if (other.target, other.source) == (path.source, path.target)), None
        )
        if partner is not None and not path.curve and not partner.curve:
            assert side_of(box.centre, path) != side_of(_middle(partner), path), "a label sits between its pair"
        for line in path.label.lines:
            for run in line.runs:
                assert run.x >= -EPS
                assert run.x + measure(run.text.rstrip(), SIZE, False, run.italic) <= box.w + EPS, "text overflows"
        last = len(edge.items) - 1
        for i, item in enumerate(edge.items):
            runs = [run for line in path.label.lines for run in line.runs if run.item == i]
            expected = item.text + ("" if item.confirmed else "?") + ("," if i < last else "")
            assert shown("".join(run.text for run in runs)) == shown(expected), "an item is lost or repeated"
            assert all(run.italic == (not item.confirmed) for run in runs)
        assert {run.item for line in path.label.lines for run in line.runs} == set(range(len(edge.items)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_random_flows_never_overlap_and_show_every_item_once(spec):
    check(layout_spec(spec, measure, SIZE), spec)


def test_two_nodes_get_one_arrow_each_way_side_by_side_with_labels_on_their_own_side():
    layout = layout_spec(two_way(), measure, SIZE)
    check(layout, two_way())
    left, right = (node.box for node in layout.nodes)
    assert left.right < right.x and abs(left.centre[1] - right.centre[1]) < EPS
    there, back = layout.edges
    assert there.points[0][0] < there.points[-1][0] and back.points[0][0] > back.points[-1][0]
    assert there.source_glued and there.target_glued, "the first-listed arrow runs between side midpoints"
    assert all(math.dist(a, b) < EPS for a, b in zip(there.points, (left.site(RIGHT), right.site(LEFT)), strict=True))
    assert not back.source_glued and not back.target_glued
    gap = abs(there.points[0][1] - back.points[0][1])
    assert gap == pytest.approx(2 * PARALLEL_OFFSET * SIZE)
    assert there.label.box.bottom <= there.points[0][1] - LABEL_GAP * SIZE + EPS  # above its arrow
    assert back.label.box.y >= back.points[0][1] + LABEL_GAP * SIZE - EPS  # below its arrow
    assert 1.5 <= layout.width / layout.height <= 2.5


@settings(max_examples=60, deadline=None)
@given(NAMES, NAMES, ITEMS, ITEMS)
def test_one_arrow_of_a_two_way_pair_is_glued_at_both_ends(a, b, there, back):
    spec = FlowSpec(None, (a, b), (FlowEdge(a, b, there, 2), FlowEdge(b, a, back, 3)), 1)
    if a == b:
        return
    layout = layout_spec(spec, measure, SIZE)
    check(layout, spec)
    assert sum(edge.source_glued and edge.target_glued for edge in layout.edges) == 1


def test_labels_sit_beside_their_arrow():
    spec = FlowSpec(
        None,
        tuple("ABCDEF"),
        tuple(
            FlowEdge(a, b, (FlowItem(f"{a} to {b} goods", a < b),), 2) for a, b in ("AB", "BC", "CA", "DE", "EF", "FA")
        ),
        1,
    )
    layout = layout_spec(spec, measure, SIZE)
    check(layout, spec)
    for edge in layout.edges:
        (px, py), (qx, qy) = edge.points
        length = math.hypot(qx - px, qy - py)
        box = edge.label.box
        corners = [(box.x, box.y), (box.right, box.y), (box.x, box.bottom), (box.right, box.bottom)]
        distances = [((x - px) * (qy - py) - (y - py) * (qx - px)) / length for x, y in corners]
        assert min(abs(d) for d in distances) == pytest.approx(LABEL_GAP * SIZE)
        assert all(d > 0 for d in distances) or all(d < 0 for d in distances), "a label straddles its arrow"


def test_a_hub_sits_in_the_middle_of_the_others():
    names = ("Russia", "Iran", "China", "Belarus", "North Korea")
    spec = FlowSpec(None, names, tuple(FlowEdge(n, "Russia", (FlowItem("goods", True),), 2) for n in names[1:]), 1)
    layout = layout_spec(spec, measure, SIZE)
    check(layout, spec)
    hub = layout.nodes[0].box.centre
    others = [node.box.centre for node in layout.nodes[1:]]
    assert min(x for x, _ in others) < hub[0] < max(x for x, _ in others)
    assert min(y for _, y in others) < hub[1] < max(y for _, y in others)


def crossings(centres: list[tuple[float, float]], spec: FlowSpec) -> int:
    """Pairs of straight lines between linked node centres that cross; lines sharing a node or
    only touching do not count."""
    index = {name: i for i, name in enumerate(spec.nodes)}
    links = sorted({tuple(sorted((index[e.source], index[e.target]))) for e in spec.edges})

    def turn(a, b, c) -> float:
        value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0.0 if abs(value) < 1e-9 * (1 + math.dist(a, b) * math.dist(a, c)) else value

    count = 0
    for i, (a, b) in enumerate(links):
        for c, d in links[i + 1 :]:
            if {a, b} & {c, d}:
                continue
            p, q, r, s = centres[a], centres[b], centres[c], centres[d]
            count += turn(p, q, r) * turn(p, q, s) < 0 and turn(r, s, p) * turn(r, s, q) < 0
    return count


def first_mention_crossings(spec: FlowSpec) -> int:
    """Crossings with the nodes on a circle in first-mention order."""
    count = len(spec.nodes)
    circle = [(math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count)) for i in range(count)]
    return crossings(circle, spec)


def centres_of(layout: DiagramLayout) -> list[tuple[float, float]]:
    return [node.box.centre for node in layout.nodes]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_the_chosen_arrangement_crosses_no_more_than_first_mention_order(spec):
    layout = layout_spec(spec, measure, SIZE)
    assert crossings(centres_of(layout), spec) <= first_mention_crossings(spec)
    assert layout_spec(spec, measure, SIZE) == layout, "the same flow is laid out the same way"


def test_a_ring_given_in_crossing_order_is_laid_out_without_crossings():
    # first mentioned A, B, C, D: around a ring A–C and B–D would cross
    spec = FlowSpec(
        None,
        tuple("ABCD"),
        tuple(FlowEdge(a, b, (FlowItem(f"{a}{b}", True),), 2) for a, b in ("AB", "CD", "AC", "BD")),
        1,
    )
    assert first_mention_crossings(spec) == 1
    layout = layout_spec(spec, measure, SIZE)
    check(layout, spec)
    assert crossings(centres_of(layout), spec) == 0
    for form_width in (None, 300.0):
        assert crossings(centres_of(layout_spec(spec, measure, SIZE, form_width)), spec) == 0


def test_a_flow_without_crossings_keeps_its_first_mention_order():
    names = "ABCDE"
    spec = FlowSpec(
        None,
        tuple(names),
        tuple(FlowEdge(a, b, (FlowItem("goods", True),), 2) for a, b in zip(names, names[1:] + names[0], strict=True)),
        1,
    )
    centres = centres_of(layout_spec(spec, measure, SIZE))
    middle = (sum(x for x, _ in centres) / len(centres), sum(y for _, y in centres) / len(centres))
    angles = [math.atan2(y - middle[1], x - middle[0]) for x, y in centres]
    around = sorted(range(len(names)), key=lambda i: (angles[i] - angles[0]) % (2 * math.pi))
    assert around == list(range(len(names))), "the nodes follow each other around the ring as mentioned"
    assert centres[0][0] == min(x for x, _ in centres), "the first-mentioned node stays on the left"


def test_labels_keep_off_other_arrows_in_the_crowded_flow(theme):
    try:  # tests/ as a package, or as a plain folder on sys.path
        from .test_diagram_draw import CROWDED
    except ImportError:
        from test_diagram_draw import CROWDED

    for max_width in (None, 480.0):
        layout = layout_flow(CROWDED, theme, max_width)
        assert crossings(centres_of(layout), CROWDED) == 0
        for edge in layout.edges:
            for other in layout.edges:
                if other is not edge:
                    assert not edge.label.box.hits_segment(other.points[0], other.points[-1]), "a label covers an arrow"


def test_layout_with_the_theme_fonts_is_plain_data(theme):
    layout = layout_flow(two_way(), theme)
    check_real = pickle.loads(pickle.dumps(layout))
    assert check_real == layout
    assert layout.font_size == theme.sizes.diagram


@pytest.fixture
def theme():
    from briefkit.theme import load_theme

    return load_theme(None, Path("brief.md"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_a_layout_for_a_column_keeps_every_promise(spec):
    layout = layout_spec(spec, measure, SIZE, max_width=480)
    check(layout, spec)
    assert layout.width / layout.height >= 4 / 3 - EPS


def test_a_crowded_flow_is_laid_out_compactly_enough_to_read_in_a_report_column(theme):
    try:  # tests/ as a package, or as a plain folder on sys.path
        from .test_diagram_draw import CROWDED, TWO
    except ImportError:
        from test_diagram_draw import CROWDED, TWO

    column = 480.0
    wide, narrow = layout_flow(CROWDED, theme), layout_flow(CROWDED, theme, max_width=column)
    drawn = narrow.font_size * min(1.0, column / narrow.width)
    assert drawn >= READABLE_SIZE
    assert narrow.width < wide.width and narrow.width / narrow.height >= 4 / 3 - EPS
    assert layout_flow(TWO, theme, max_width=column) == layout_flow(TWO, theme), "a small flow keeps its wide form"


def test_a_legend_set_below_a_crowded_ring_keeps_the_canvas_wide():
    # no corner of this ring is free for the legend, so it goes below the drawing: the canvas
    # grown for it is widened again to the form's proportions
    def edge(source, target, *items, line=2):
        return FlowEdge(source, target, tuple(FlowItem(item, False) for item in items), line)

    long = "a" * 19
    spec = FlowSpec(
        None,
        ("K", "L", "M", "N", "a", "KK", "KKK", "KKKKKKK"),
        (
            edge("KKK", "M", "a"),
            edge("KKKKKKK", "N", "a"),
            edge("K", "L", "a"),
            edge("L", "a", "a"),
            edge("KK", "N", "a"),
            edge("M", "N", long),
            edge("M", "KKK", "a", long),
            edge("KK", "K", "a"),
            edge("KK", "KKK", "a"),
        ),
        1,
    )
    layout = layout_spec(spec, measure, SIZE, max_width=480)
    check(layout, spec)
    assert layout.width / layout.height >= 4 / 3 - EPS
    legend = layout.legend.box
    assert legend.right <= layout.width + EPS and legend.bottom <= layout.height + EPS
    assert all(legend.y >= node.box.bottom for node in layout.nodes)
