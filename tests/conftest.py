"""Shared fixtures: the project's folders, briefs written on the fly, and one default build."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from briefkit.pipeline import build

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_BRIEF = PROJECT_DIR / "content" / "brief.md"

if "PYTEST_XDIST_WORKER" not in os.environ:  # font metrics go to a cache of the session's own
    os.environ["BRIEFKIT_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="briefkit-test-cache-")
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


def require_tool(name: str) -> str:
    """The path of a command-line tool; skipped locally when missing, a failure under CI."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing on CI: .ci/run must install it")
    pytest.skip(f"{name} is not installed")


@pytest.fixture
def write_brief(tmp_path):
    """Write a brief into tmp_path: write_brief(body, **front_matter) -> path."""

    def write(body: str = "", name: str = "brief.md", **meta: str) -> Path:
        meta.setdefault("title", "Test brief")
        meta.setdefault("date", "2026-01-15")
        front = "\n".join(f"{key}: {value}" for key, value in meta.items())
        path = tmp_path / name
        path.write_text(f"---\n{front}\n---\n{textwrap.dedent(body)}", encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    """The default brief built once per test session: the pipeline's BuildResult."""
    out = tmp_path_factory.mktemp("default-build")
    return build(DEFAULT_BRIEF, out, force=True)


def pytest_addoption(parser):
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=25,
        metavar="N",
        help="generated briefs per whole-build fuzz test (default 25; the reader fuzz tries 4N)",
    )


@pytest.fixture
def fuzz_examples(request) -> int:
    """The fuzz budget: --fuzz-examples N, small by default so the suite stays fast."""
    return request.config.getoption("--fuzz-examples")
