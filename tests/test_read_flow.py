"""Reading ```flow blocks: nodes, edges, unconfirmed items, limits and every located error.

Each brief here has a three-line front matter and opens its flow fence on file line 4, so the
flow's first content line is file line 5.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefkit.errors import ContentError
from briefkit.model import FlowEdge, FlowItem, FlowSpec
from briefkit.read import read_document
from briefkit.read.flow import MAX_EDGES, MAX_NODES, parse_flow

SYNTAX = 'flow: expected "SOURCE -> TARGET: items" (hint: write e.g. North Korea -> Russia: munitions, shells?)'
SPLIT = "(hint: split the diagram into two flow blocks)"


@pytest.fixture
def flow(tmp_path, monkeypatch):
    """flow(*lines) -> the FlowSpec of a brief whose only block is a flow fence holding `lines`."""
    monkeypatch.chdir(tmp_path)

    def flow(*lines: str) -> FlowSpec:
        path = tmp_path / "brief.md"
        path.write_text("---\ntitle: T\n---\n```flow\n" + "".join(f"{line}\n" for line in lines) + "```\n")
        document, warnings = read_document(path)
        assert warnings == []
        (spec,) = document.flows()
        return spec

    return flow


@pytest.fixture
def error(flow):
    """error(*lines) -> the formatted ContentError of a flow block holding `lines`."""

    def error(*lines: str) -> str:
        with pytest.raises(ContentError) as caught:
            flow(*lines)
        return str(caught.value)

    return error


def test_the_documented_example(flow):
    spec = flow(
        "caption: Reported supply flows",
        "# a comment",
        "",
        "North Korea -> Russia: munitions, artillery shells, ballistic missiles?",
        "Russia -> North Korea: advanced technologies?, food aid?",
    )
    assert spec == FlowSpec(
        caption="Reported supply flows",
        nodes=("North Korea", "Russia"),
        edges=(
            FlowEdge(
                "North Korea",
                "Russia",
                (
                    FlowItem("munitions", True),
                    FlowItem("artillery shells", True),
                    FlowItem("ballistic missiles", False),
                ),
                8,
            ),
            FlowEdge(
                "Russia", "North Korea", (FlowItem("advanced technologies", False), FlowItem("food aid", False)), 9
            ),
        ),
        line=4,
    )
    assert [edge.confirmed for edge in spec.edges] == [True, False]


def test_nodes_come_in_order_of_first_mention(flow):
    spec = flow("B -> C: x", "A -> B: y", "C -> D: z", "D -> A: w")
    assert spec.nodes == ("B", "C", "A", "D")
    assert spec.caption is None


def test_names_and_items_have_their_white_space_normalised(flow):
    spec = flow("  North   Korea->Russia  :  shells ,  ballistic   missiles ?  ", "CAPTION :   Many   words  ")
    assert spec.caption == "Many words"
    assert spec.edges[0] == FlowEdge(
        "North Korea", "Russia", (FlowItem("shells", True), FlowItem("ballistic missiles", False)), 5
    )


def test_items_may_hold_colons_and_several_question_marks(flow):
    (edge,) = flow("A -> B: ratio 1:2, maybe??, Ünïcode 北").edges
    assert edge.items == (FlowItem("ratio 1:2", True), FlowItem("maybe", False), FlowItem("Ünïcode 北", True))


def test_names_are_case_sensitive_and_both_directions_may_be_given(flow):
    spec = flow("Russia -> russia: x", "russia -> Russia: y")
    assert spec.nodes == ("Russia", "russia")
    assert len(spec.edges) == 2


def test_a_caption_line_with_an_arrow_is_an_edge(flow):
    (edge,) = flow("caption -> B: x").edges
    assert (edge.source, edge.target) == ("caption", "B")


def test_limits_are_inclusive(flow):
    names = [f"N{i}" for i in range(MAX_NODES)]
    edges = [f"{a} -> {b}: x" for a in names for b in names if a != b][:MAX_EDGES]
    spec = flow(*edges)
    assert (len(spec.nodes), len(spec.edges)) == (MAX_NODES, MAX_EDGES)


NINE = (
    "EU -> Turkey: machine tools",
    "EU -> Kazakhstan: electronics",
    "Turkey -> Russia: machine tools",
    "Kazakhstan -> Russia: electronics",
    "China -> Russia: microchips",
    "UAE -> Russia: finance",
    "Iran -> Russia: drones",
    "North Korea -> Russia: artillery shells",
    "Belarus -> Russia: troops transit?",
)


def test_a_network_of_nine_economies_is_read(flow):
    spec = flow(*NINE)
    assert len(spec.nodes) == 9 and spec.nodes[-1] == "Belarus"


def test_a_large_flow_without_graphviz_is_an_error_at_its_fence_naming_the_package(error, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere on it
    assert error(*NINE) == (
        "brief.md:4: flow: 9 nodes and 9 flows need Graphviz's dot to lay out, and it is not installed"
        " (hint: install the 'graphviz' package, or split the block into flows of at most 8 nodes and 16 flows)"
    )


def test_a_small_flow_builds_without_graphviz(flow, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert len(flow(*NINE[:7]).nodes) == 7


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("line", ["North Korea sends shells", "A -> B", "A - > B: x", "A => B: x", "A: B -> C", "->"])
def test_malformed_lines_are_errors_on_their_line(error, line):
    assert error("caption: c", "A -> B: ok", line) == f"brief.md:7: {SYNTAX}"


def test_two_arrows_on_one_line_are_an_error(error):
    assert error("A -> B -> C: x") == (
        'brief.md:5: flow: expected "SOURCE -> TARGET: items" (hint: one arrow per line: write A -> B and B -> C apart)'
    )


@pytest.mark.parametrize("line", ["-> B: x", "A -> : x", " ->  : x"])
def test_an_empty_node_name_is_an_error(error, line):
    assert error(line) == "brief.md:5: flow: a node name is empty (hint: name both ends of the arrow)"


def test_self_flow_is_an_error(error):
    assert error("A -> B: x", "Russia  ->  Russia: loop") == (
        "brief.md:6: flow: 'Russia' cannot flow to itself (hint: name two different nodes, or drop the line)"
    )


@pytest.mark.parametrize("line", ["A -> B:", "A -> B: x,, y", "A -> B: x,", "A -> B: ?"])
def test_an_empty_item_is_an_error(error, line):
    assert error(line) == "brief.md:5: flow: an item is empty (hint: separate items with single commas)"


def test_a_pair_given_twice_is_an_error_naming_both_lines(error):
    assert error("A -> B: x", "# between", "A  ->  B: y") == (
        "brief.md:7: flow: A -> B is given twice (first on line 5) (hint: list all its items on one line)"
    )


@pytest.mark.parametrize("lines", [(), ("",), ("# only a comment",), ("caption: Only a caption", "# and a comment")])
def test_an_empty_flow_block_is_an_error_on_its_fence(error, lines):
    assert error(*lines) == 'brief.md:4: flow: empty flow block (hint: add lines like "A -> B: items")'


def test_a_second_caption_is_an_error(error):
    assert error("caption: one", "A -> B: x", "Caption: two") == (
        "brief.md:7: flow: a second caption (hint: give one caption per flow block)"
    )


def test_an_empty_caption_is_an_error(error):
    assert error("A -> B: x", "caption:   ") == (
        "brief.md:6: flow: empty caption (hint: write the caption after caption:, or drop the line)"
    )


def test_too_many_nodes_is_an_error_on_the_line_that_adds_one(error):
    lines = [f"Hub -> Spoke {i}: x" for i in range(1, MAX_NODES)]  # Hub and 39 spokes: 40 nodes
    expected = f"brief.md:{5 + len(lines)}: flow: more than {MAX_NODES} nodes {SPLIT}"
    assert error(*lines, f"Hub -> Spoke {MAX_NODES}: x") == expected


def test_too_many_edges_is_an_error_on_the_first_edge_too_many(error):
    names = [f"N{i}" for i in range(10)]
    edges = [f"{a} -> {b}: x" for a in names for b in names if a != b]  # 90 edges over 10 nodes
    assert error(*edges) == f"brief.md:{5 + MAX_EDGES}: flow: more than {MAX_EDGES} flows {SPLIT}"


def test_an_unclosed_flow_fence_runs_to_the_end_of_the_file(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("---\ntitle: T\n---\n```flow\nA -> B: x\n\nnot an edge\n")
    with pytest.raises(ContentError) as caught:
        read_document(path)
    assert caught.value.problems[0].line == 7


# ---------------------------------------------------------------- the parser alone


def test_parse_flow_counts_lines_from_the_given_first_line():
    spec = parse_flow("# c\nA -> B: x\n\nB -> C: y?", Path("x.md"), 20, 19)
    assert [edge.line for edge in spec.edges] == [21, 23]
    assert spec.line == 19


LINES = st.lists(
    st.lists(
        st.sampled_from(["A", "B", "Node ", " -> ", "->", ":", ", ", ",", "?", "#", "caption", " ", "x", "é"]),
        max_size=8,
    ).map("".join),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(lines=LINES)
def test_any_flow_text_gives_a_spec_or_a_located_error(lines):
    """Whatever the block holds, the parser returns a sane spec or an error on one of its lines."""
    try:
        spec = parse_flow("\n".join(lines), Path("x.md"), 5, 4)
    except ContentError as exc:
        assert all(4 <= problem.line <= 5 + len(lines) for problem in exc.problems)
        return
    assert 1 <= len(spec.edges) <= MAX_EDGES and len(spec.nodes) <= MAX_NODES
    for edge in spec.edges:
        assert edge.source != edge.target and {edge.source, edge.target} <= set(spec.nodes)
        assert "->" not in edge.source + edge.target and ":" not in edge.source + edge.target
        assert all(item.text and not item.text.endswith("?") for item in edge.items)
    assert len({(edge.source, edge.target) for edge in spec.edges}) == len(spec.edges)
