"""The choice among a large flow's candidate layouts (wrap widths, directions, folds): made by
finishing only the candidates that may still win, it is the choice made by finishing them all;
and a build runs dot once for each request and finishes few of the candidates it drafts."""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

try:  # tests/ as a package, or as a plain folder on sys.path
    from .test_diagram_layered import CASPIAN, SANCTIONS, flow
    from .test_diagram_layout import ITEMS, NAMES, SIZE, measure
except ImportError:
    from test_diagram_layered import CASPIAN, SANCTIONS, flow
    from test_diagram_layout import ITEMS, NAMES, SIZE, measure

from briefkit.diagram.layered import draft
from briefkit.diagram.layout import choose_layered
from briefkit.model import FlowEdge, FlowSpec

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")

# slide bodies of the usual shape, wide and low, square; report columns, with and without pages
FRAMES = (
    {"max_width": None},
    {"max_width": None, "box": (864.0, 374.4)},
    {"max_width": None, "box": (864.0, 200.0)},
    {"max_width": None, "box": (420.0, 420.0)},
    {"max_width": 300.0},
    {"max_width": 450.0, "pages": ((450.0, 640.0), (640.0, 450.0))},
)


@st.composite
def networks(draw) -> FlowSpec:
    """9 to 14 connected nodes and up to 24 edges (small enough to finish every candidate)."""
    nodes = draw(st.lists(NAMES, min_size=9, max_size=14, unique=True))
    pairs = []
    for i in range(1, len(nodes)):
        j = draw(st.integers(0, i - 1))
        pairs.append((nodes[j], nodes[i]) if draw(st.booleans()) else (nodes[i], nodes[j]))
    others = [(a, b) for a in nodes for b in nodes if a != b and (a, b) not in pairs]
    pairs += draw(st.lists(st.sampled_from(others), max_size=24 - len(pairs), unique=True))
    edges = tuple(FlowEdge(a, b, draw(ITEMS), line) for line, (a, b) in enumerate(pairs, start=2))
    return FlowSpec(None, tuple(nodes), edges, 1)


def same_choice(spec: FlowSpec) -> None:
    """The pruned choice equals the exhaustive one in every frame, each candidate made once."""
    made: dict = {}

    def drafts(direction, form, depth):
        if (direction, form, depth) not in made:
            made[direction, form, depth] = draft(spec, measure, SIZE, direction, form, depth)
        return made[direction, form, depth]

    def make(direction, form, depth):
        return drafts(direction, form, depth).layout

    for frame in FRAMES:
        exhaustive = choose_layered(spec, make, **frame)
        assert choose_layered(spec, make, **frame, drafts=drafts) == exhaustive, frame


@pytest.mark.parametrize("rows", [SANCTIONS, CASPIAN], ids=["sanctions", "caspian"])
def test_the_pruned_choice_is_the_exhaustive_one(rows):
    same_choice(flow(rows))


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    derandomize=True,
)
@given(networks())
def test_the_pruned_choice_is_the_exhaustive_one_on_random_networks(spec):
    same_choice(spec)


def traders(count: int = 25, extra: int = 10) -> str:
    """A flow block of `count` connected traders and `extra` more trades, the same every time."""
    pick = random.Random(count)
    goods = ["grain", "oil", "steel", "cloth", "salt", "copper", "tea", "timber?", "wool", "dyes?"]
    names = [f"Trader {k} of the {pick.choice(['north', 'south', 'east', 'west'])}" for k in range(count)]
    pairs = [(names[pick.randrange(i)], names[i]) for i in range(1, count)]
    while len(pairs) < count - 1 + extra:
        a, b = pick.sample(names, 2)
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
    return "\n".join(f"{a} -> {b}: {', '.join(pick.sample(goods, 2))}" for a, b in pairs)


def test_a_build_runs_dot_once_a_request_and_finishes_few_candidates(tmp_path, monkeypatch):
    from briefkit import pipeline
    from briefkit.diagram import dot, layered
    from briefkit.diagram.layout import _theme_draft

    _theme_draft.cache_clear()
    dot._routed.cache_clear()
    sources: list[str] = []
    finished = []
    run, finish = subprocess.run, layered._finish

    def counted(args, *rest, **options):
        done = run(args, *rest, **options)
        if args[:1] == ["dot"] and done.returncode == 0:  # a failure is not kept: made again
            sources.append(options["input"])
        return done

    def counted_finish(*args):
        finished.append(args)
        return finish(*args)

    monkeypatch.setattr(dot.subprocess, "run", counted)
    monkeypatch.setattr(layered, "_finish", counted_finish)
    brief = tmp_path / "brief.md"
    brief.write_text(f"---\ntitle: T\n---\n\n# Trade\n\n```flow\n{traders()}\n```\n")
    pipeline.build(brief, tmp_path / "out", force=True)
    assert (tmp_path / "out" / "brief.pdf").exists() and (tmp_path / "out" / "brief.pptx").exists()
    assert len(sources) == len(set(sources)), "dot laid one request out twice"
    drafted = len(sources) // 2  # every candidate is two runs of dot (and failed folds are none)
    # the wide slide's, the report's and the slide body's choices finish only those that may win
    assert len(finished) <= drafted // 2, (len(finished), drafted)
