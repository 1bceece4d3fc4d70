"""Reading built outputs back and judging located problems, for the hostile-input tests.

In: an output folder, a built PDF or deck, or the bytes of a content file and the problems a
build reported about it. Out: the text a reader sees, the shapes that leave their slide, the
files of a folder as bytes, and assertions that every problem names the file and a real line.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pypdf
from conftest import require_tool
from PIL import Image as PILImage
from pptx import Presentation
from pypdf.generic import ContentStream

from briefkit.errors import Problem


def pdf_text(path: Path) -> str:
    """Every page's text as pypdf extracts it, pages separated by newlines."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def deck_texts(path: Path) -> list[str]:
    """Every text of the deck: text frames, table cells and speaker notes, slide by slide."""
    found = []
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                found.append(shape.text_frame.text)
            if shape.has_table:
                found.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            found.append(slide.notes_slide.notes_text_frame.text)
    return found


def shapes_off_slide(path: Path) -> list[tuple[int, str]]:
    """(slide number, shape name) of every shape reaching beyond the slide's edges."""
    deck = Presentation(path)
    width, height = deck.slide_width, deck.slide_height
    off = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            inside = shape.left >= 0 and shape.top >= 0
            inside = inside and shape.left + shape.width <= width + 1 and shape.top + shape.height <= height + 1
            if not inside:
                off.append((number, shape.name))
    return off


def assert_outputs_open(pdf: Path, pptx: Path, pages: int | None = None, slides: int | None = None) -> None:
    """Both documents open in an independent reader, with the page and slide counts reported."""
    reader = pypdf.PdfReader(pdf, strict=True)
    assert pages is None or len(reader.pages) == pages
    deck = Presentation(pptx)
    assert slides is None or len(deck.slides) == slides


def files_of(folder: Path) -> dict[str, bytes]:
    """Name -> bytes of every file in `folder`, hidden ones included."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def last_line(data: bytes) -> int:
    """The number of the last line of a content file, counting every line end the reader counts."""
    return data.count(b"\n") + data.count(b"\r") + 1


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of `path` that contains `needle`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def assert_located(problems: list[Problem], path: Path, data: bytes, whole_file: bool = False) -> None:
    """Every problem names `path` and a line of its `data`; line 0 ('the whole file') only if allowed."""
    lowest = 0 if whole_file else 1
    for problem in problems:
        assert Path(problem.path) == path, problem.format()
        assert lowest <= problem.line <= last_line(data), problem.format()


def assert_builds_or_is_located(path: Path, out: Path, data: bytes) -> None:
    """Write `data` to `path` and build it: outputs that open, or problems on real lines."""
    from briefkit.errors import ContentError
    from briefkit.pipeline import build

    path.write_bytes(data)
    try:
        result = build(path, out, force=True)
    except ContentError as error:
        assert_located(error.problems, path, data)
    else:
        assert_located(result.warnings, path, data, whole_file=True)  # e.g. a glyph missing in the title
        assert_outputs_open(out / "brief.pdf", out / "brief.pptx", result.pages, result.slides)


def noise_png(path: Path, side: int, seed: int = 0) -> Path:
    """A square PNG of random pixels that compresses badly, so outputs holding it are large."""
    pixels = random.Random(seed).randbytes(side * side * 3)
    PILImage.frombytes("RGB", (side, side), pixels).save(path, compress_level=0)
    return path


def words_off_page(pdf: Path) -> list[tuple[int, str]]:
    """(page number, word) of every word pdftotext places beyond its page's edges."""
    require_tool("pdftotext")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    off = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", html, re.S), start=1):
        width, height = (float(value) for value in re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        for x0, y0, x1, y1, word in _WORD.findall(page):
            if float(x0) < 0 or float(y0) < 0 or float(x1) > width + 0.5 or float(y1) > height + 0.5:
                off.append((number, word))
    return off


_WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


def image_boxes(pdf: Path) -> list[tuple[int, float, float, float, float]]:
    """(page number, x0, y0, x1, y1) of every drawn XObject, from the content streams' transforms."""
    reader = pypdf.PdfReader(pdf)
    boxes = []
    for number, page in enumerate(reader.pages, start=1):
        matrix, saved = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                saved.append(matrix)
            elif operator == b"Q":
                matrix = saved.pop()
            elif operator == b"cm":
                matrix = _multiply([float(value) for value in operands], matrix)
            elif operator == b"Do":
                a, b, c, d, e, f = matrix
                xs, ys = (e, e + a, e + c, e + a + c), (f, f + b, f + d, f + b + d)
                boxes.append((number, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _multiply(first: list[float], then: list[float]) -> list[float]:
    """The PDF matrix product first × then (a cm operand applied inside the current transform)."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = then
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u]
