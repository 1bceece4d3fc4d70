"""Markdown written by others: package descriptions and documentation this machine already has.

Each document is put behind a front matter and must read, or build, or fail with a located
error, never crash. The reader takes every document found up to 200 kB (the few larger ones are
release notes repeating the same constructs for seconds); a deterministic handful of the
readable ones goes through the whole build. Nothing is vendored: the corpus is whatever the
installed Python packages (their Markdown long descriptions and *.md files) and /usr/share/doc
hold, so the test skips on a machine without any.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.metadata
import site
import sysconfig
from pathlib import Path

import pytest
from readback import assert_builds_or_is_located, assert_located

from briefkit.errors import ContentError
from briefkit.read import parse_document

FRONT = b"---\ntitle: Corpus document\ndate: 2026-01-15\n---\n"
READ_MAX_BYTES = 200_000
BUILT = 15
BUILT_MAX_BYTES = 40_000  # keeps the whole-build part to seconds


@functools.cache
def corpus() -> dict[str, bytes]:
    """Name -> Markdown bytes of every document found, in name order."""
    found: dict[str, bytes] = {}
    for dist in importlib.metadata.distributions():
        meta = dist.metadata
        description = meta.get_payload() or ""
        if "markdown" in (meta.get("Description-Content-Type") or "").lower() and description.strip():
            found[f"package {meta['Name']}"] = description.encode("utf-8", "surrogatepass")
    folders = {sysconfig.get_paths()["purelib"], *site.getsitepackages(), "/usr/share/doc"}
    for folder in sorted(folders):
        for path in sorted(Path(folder).rglob("*.md*")):
            if path.name.endswith(".md") and path.is_file():
                found[str(path)] = path.read_bytes()
            elif path.name.endswith(".md.gz") and path.is_file():
                found[str(path)] = gzip.decompress(path.read_bytes())
    return dict(sorted(found.items()))


@pytest.fixture(scope="module")
def documents():
    """Name -> bytes of the corpus documents the reader takes on, up to READ_MAX_BYTES each."""
    found = {name: data for name, data in corpus().items() if len(data) <= READ_MAX_BYTES}
    if not found:
        pytest.skip("no Markdown documents installed on this machine")
    return found


@pytest.fixture(scope="module")
def read(documents, tmp_path_factory):
    """(brief path, {name: the ContentError reading it raised, or None}) for every document."""
    path = tmp_path_factory.mktemp("corpus") / "brief.md"
    outcomes = {}
    for name, markdown in documents.items():
        data = FRONT + markdown
        try:
            _, warnings = parse_document(data, path)
        except ContentError as error:
            outcomes[name] = error
        else:
            assert_located(warnings, path, data)
            outcomes[name] = None
    return path, outcomes


def test_the_reader_takes_every_document_or_names_a_line(documents, read):
    path, outcomes = read
    for name, error in outcomes.items():
        if error is not None:
            assert_located(error.problems, path, FRONT + documents[name])
    assert sum(error is None for error in outcomes.values()) >= min(BUILT, len(documents) // 4)


def test_a_handful_of_documents_build_or_name_a_line(documents, read, tmp_path):
    small = [name for name, error in read[1].items() if error is None and len(documents[name]) <= BUILT_MAX_BYTES]
    picked = sorted(small, key=lambda name: hashlib.sha256(name.encode()).hexdigest())[:BUILT]
    path, out = tmp_path / "brief.md", tmp_path / "out"
    for name in picked:
        assert_builds_or_is_located(path, out, FRONT + documents[name])
    assert picked
