"""Sync check: built outputs read back and compared with the content they were built from.

In: content files and the output folder. Out: one line per problem and one summary line per
brief on stdout (content errors on stderr, located), and an exit code: 0 when every output
exists, carries the brief's current fingerprint and shows every heading, list item, paragraph,
flow node and flow item of the brief, and every chart's caption and categories (the deck its
values too); 1 when any does not; 2 when a brief cannot be read.

The PDF is read with pypdf (page text and Info dictionary), the deck with python-pptx (all shape
text, tables and groups included, and the speaker notes); both are imported only here, lazily.
Text is compared by a key that ignores whitespace, hyphens, soft hyphens and zero-width
characters, so line wrapping and hyphenation never count as a difference. A paragraph a page
or slide break cuts in two is found when its head ends a line of one page and its rest starts a
line of the next.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, display_path
from .model import Chart, ChartSpec, Document, Flow, ListBlock, MinorHeading, Paragraph, Quote, Section, plain_text

EXIT_OK, EXIT_OUT_OF_SYNC, EXIT_CONTENT = 0, 1, 2
MAX_SHOWN = 10  # differences listed per output; the rest are counted
MIN_HEAD = 8  # key characters a cut paragraph must keep on the earlier page or slide
QUOTED = 60  # characters of an expected text shown in a message

# Where the deck shows each kind of text: in the speaker notes, anywhere, or (other kinds) on the slides.
# A heading with nothing under it gets no slide, so the deck is not asked for it (None).
DECK_PLACE = {
    "heading": "slides",
    "empty heading": None,
    "minor heading": "any",
    "list item": "slides",
    "paragraph": "notes",
}
# Kinds only the deck can show: a chart's every value is in its data, while the report labels only some.
DECK_ONLY = {"chart values"}


@dataclass(frozen=True)
class Expectation:
    """A piece of text the brief says every output must show; `line` locates it in the brief."""

    kind: str  # "heading", "minor heading", "paragraph", "list item", "flow node", "flow item"
    text: str
    line: int


def expectations(doc: Document) -> list[Expectation]:
    """Everything of `doc` both outputs must show, in reading order; blank texts are left out."""
    found: list[Expectation] = []
    blocks = list(_blocks(doc.preamble, in_item=False))
    for section in doc.all_sections():
        blocks += [(section, False), *_blocks(section.blocks, in_item=False)]
    for block, in_item in blocks:
        if isinstance(block, Section):
            kind = "heading" if block.has_content else "empty heading"
            found.append(Expectation(kind, block.title, block.line))
        elif isinstance(block, Paragraph):
            found.append(Expectation("list item" if in_item else "paragraph", plain_text(block.inlines), block.line))
        elif isinstance(block, MinorHeading):
            found.append(Expectation("minor heading", plain_text(block.inlines), block.line))
        elif isinstance(block, Flow):
            found += [Expectation("flow node", node, block.line) for node in block.spec.nodes]
            for edge in block.spec.edges:
                found += [Expectation("flow item", item.text, edge.line) for item in edge.items]
        elif isinstance(block, Chart):
            found += _chart_expectations(block.spec)
    return [e for e in found if key(e.text)]


def _chart_expectations(spec: ChartSpec) -> list[Expectation]:
    """A chart's caption and categories; its series' names where a legend shows them; its values."""
    found = [Expectation("chart caption", spec.caption, spec.line)] if spec.caption else []
    found += [Expectation("chart category", category, spec.line) for category in spec.categories]
    if len(spec.series) > 1 and spec.kind != "pie":
        found += [Expectation("chart series", series.name, spec.line) for series in spec.series]
    found += [Expectation("chart values", chart_values(s.name, s.values), spec.line) for s in spec.series]
    return found


def chart_values(name: str, values) -> str:
    """One series' values as the check compares them: the same text from the brief and the deck."""
    return f"{name}: " + "; ".join(f"{value:.15g}" for value in values)


def _blocks(blocks: tuple, in_item: bool) -> Iterator[tuple[object, bool]]:
    """(block, whether it belongs to a list item) for `blocks` and the blocks inside them.

    Only a list item's own paragraphs are its text; a quote inside an item is shown with it, and
    a nested list's items are items of their own.
    """
    for block in blocks:
        yield block, in_item
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.blocks, in_item=True)
        elif isinstance(block, Quote):
            yield from _blocks(block.blocks, in_item)


# ---------------------------------------------------------------- comparing text

_IGNORED = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff-\u2010\u2011"))


def key(text: str) -> str:
    """`text` as compared: compatibility-normalised, without whitespace, hyphens or invisibles."""
    return "".join(unicodedata.normalize("NFKC", text).translate(_IGNORED).split())


class Haystack:
    """The text of one place in an output (pages, slides or notes) ready for searching.

    In: per page or slide, its lines (PDF text lines, or paragraphs of the deck's shapes).
    """

    def __init__(self, pages: list[list[str]]):
        self.pages: list[str] = []
        self.starts: list[set[int]] = []
        self.ends: list[set[int]] = []
        self.shortened: list[str] = []  # heads of lines cut short with an ellipsis
        for lines in pages:
            keys = [key(line) for line in lines]
            offsets = [0]
            for line_key in keys:
                offsets.append(offsets[-1] + len(line_key))
            self.pages.append("".join(keys))
            self.starts.append(set(offsets[:-1]))
            self.ends.append(set(offsets[1:]))
            self.shortened += [k[:-3] for k in keys if k.endswith("...") and len(k) > MIN_HEAD + 3]
        self.joined = "\0".join(self.pages)

    def has(self, text: str, shortened_ok: bool = False) -> bool:
        """True when `text` appears whole, cut across pages, or (when allowed) cut short with "…"."""
        wanted = key(text)
        if wanted in self.joined:
            return True
        if shortened_ok and any(wanted.startswith(head) for head in self.shortened):
            return True
        return any(self._across(wanted, page) for page in range(len(self.pages) - 1))

    def _across(self, wanted: str, page: int) -> bool:
        """True when `wanted` starts on `page`, ending a line there, and goes on over the next pages.

        On every later page its text must start a line; a page it fills in the middle must end
        one too. That is how a page or slide break cuts a paragraph or a list item.
        """
        continued = False
        for number in range(page, len(self.pages)):
            if continued and self._at(number, wanted, start=True, end=False):
                return True
            size = _longest_prefix(self.pages[number], wanted)
            if size < MIN_HEAD or size == len(wanted) or not self._at(number, wanted[:size], continued, True):
                return False
            wanted, continued = wanted[size:], True
        return False

    def _at(self, page: int, part: str, start: bool, end: bool) -> bool:
        """True when `part` occurs on `page` starting a line (if `start`) and ending one (if `end`)."""
        return any(
            (not start or offset in self.starts[page]) and (not end or offset + len(part) in self.ends[page])
            for offset in _starts(self.pages[page], part)
        )


def _longest_prefix(text: str, wanted: str) -> int:
    """The length of the longest start of `wanted` that occurs in `text` (bisection)."""
    low, high = 0, len(wanted)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if wanted[:middle] in text else (low, middle - 1)
    return low


def _starts(text: str, part: str) -> Iterator[int]:
    """Every offset where `part` occurs in `text`."""
    start = text.find(part)
    while start >= 0:
        yield start
        start = text.find(part, start + 1)


# ---------------------------------------------------------------- reading outputs back


@dataclass(frozen=True)
class Readback:
    """What a reader of one output sees: its stored fingerprint and its text by place.

    `place_of` names the place each kind of expected text is looked for (None: not looked for);
    others use `default`.
    """

    fingerprint: str | None
    places: dict[str, Haystack]
    place_of: dict[str, str | None]
    default: str

    def shows(self, expectation: Expectation) -> bool:
        place = self.place_of.get(expectation.kind, self.default)
        if place is None:
            return True
        haystack = self.places[place]
        return haystack.has(expectation.text, shortened_ok=expectation.kind in ("heading", "empty heading"))


def read_pdf(path: Path) -> Readback:
    """The Info-dictionary fingerprint and the text of every page of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    stored = (reader.metadata or {}).get("/BriefkitFingerprint")
    pages = Haystack([page.extract_text().splitlines() for page in reader.pages])
    return Readback(str(stored) if stored is not None else None, {"pages": pages}, {}, "pages")


def read_pptx(path: Path) -> Readback:
    """The core-property fingerprint, the text on every slide, and every slide's notes."""
    from pptx import Presentation

    deck = Presentation(str(path))
    slides, notes = [], []
    for slide in deck.slides:
        slides.append([line for shape in slide.shapes for line in _shape_lines(shape)])
        notes.append(slide.notes_slide.notes_text_frame.text.splitlines() if slide.has_notes_slide else [])
    places = {
        "slides": Haystack(slides),
        "notes": Haystack(notes),
        "any": Haystack([on_slide + in_notes for on_slide, in_notes in zip(slides, notes, strict=True)]),
    }
    return Readback(deck.core_properties.identifier or None, places, DECK_PLACE, "slides")


def _shape_lines(shape) -> Iterator[str]:
    """The paragraphs of a shape's text, of its table's cells, of the shapes in its group, or its
    chart's categories, series names and values."""
    from pptx.shapes.group import GroupShape

    if isinstance(shape, GroupShape):
        for inner in shape.shapes:
            yield from _shape_lines(inner)
    elif shape.has_chart:
        plot = shape.chart.plots[0]
        yield from plot.categories
        for series in plot.series:
            yield series.name
            yield chart_values(series.name, series.values)
    elif shape.has_table:
        for row in shape.table.rows:
            for cell in row.cells:
                yield from (paragraph.text for paragraph in cell.text_frame.paragraphs)
    elif shape.has_text_frame:
        yield from (paragraph.text for paragraph in shape.text_frame.paragraphs)


# ---------------------------------------------------------------- checking one brief


@dataclass(frozen=True)
class Outcome:
    """The check of one brief: problem lines, the outputs they concern, or located errors."""

    lines: list[str]
    differing: list[Path]
    checked: tuple[Path, ...] = ()
    content_error: bool = False


def check_brief(path: Path, out_dir: Path) -> Outcome:
    """Compare one brief with its outputs in `out_dir`."""
    from .outputs import Manifest
    from .pipeline import outdated_figures, prepare

    try:
        prepared = prepare(Path(path), out_dir)
    except ContentError as error:
        return Outcome([problem.format() for problem in error.problems], [], content_error=True)
    wanted = expectations(prepared.doc)
    targets, current = prepared.targets, prepared.stamp.fingerprint
    lines: list[str] = []
    differing: list[Path] = []
    for target, reader in ((targets.pdf, read_pdf), (targets.pptx, read_pptx)):
        shown = wanted if reader is read_pptx else [e for e in wanted if e.kind not in DECK_ONLY]
        found = compare(target, reader, shown, current, prepared.doc.path)
        lines += found
        differing += [target] if found else []
    for figure in outdated_figures(targets, current, Manifest.load(targets.manifest)):  # the build's own rule
        state = "stale (not drawn from the brief's current inputs)" if figure.is_file() else "missing"
        lines.append(f"{display_path(figure)}: {state}")
        differing.append(figure)
    return Outcome(lines, differing, (targets.pdf, targets.pptx))


def compare(target: Path, reader, wanted: list[Expectation], current: str, source: Path) -> list[str]:
    """Problem lines for one output: missing, unreadable, stale, and the texts it does not show."""
    shown = display_path(target)
    if not target.is_file():
        return [f"{shown}: missing"]
    try:
        readback = reader(target)
    except ImportError:
        raise
    except Exception as exc:  # whatever a reader trips over, the file is not an output we can trust
        return [f"{shown}: cannot be read ({type(exc).__name__}: {exc})"]
    lines = []
    if readback.fingerprint != current:
        stored = readback.fingerprint or "none"
        lines.append(f"{shown}: stale (its fingerprint is {stored}; the brief's inputs now give {current})")
    missing = [expectation for expectation in wanted if not readback.shows(expectation)]
    for expectation in missing[:MAX_SHOWN]:
        where = f"{display_path(source)}:{expectation.line}"
        lines.append(f'{shown}: missing {expectation.kind} "{_quote(expectation.text)}" ({where})')
    if len(missing) > MAX_SHOWN:
        lines.append(f"{shown}: ... and {len(missing) - MAX_SHOWN} more missing texts")
    return lines


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"


def check_briefs(files: list[Path], out_dir: Path, quiet: bool = False) -> int:
    """Check every brief, print its problems and a summary line, and return the exit code.

    `quiet` leaves out the lines of briefs in sync.
    """
    code = EXIT_OK
    for path in files:
        outcome = check_brief(path, out_dir)
        source = display_path(path)
        if outcome.content_error:
            for line in outcome.lines:
                print(line, file=sys.stderr)
            print(f"{source}: not checked: the brief has errors")
            code = EXIT_CONTENT
            continue
        for line in outcome.lines:
            print(line)
        if outcome.differing:
            print(f"{source}: OUT OF SYNC: {', '.join(display_path(p) for p in outcome.differing)}")
            code = max(code, EXIT_OUT_OF_SYNC)
        elif not quiet:
            print(f"{source}: in sync with {', '.join(display_path(p) for p in outcome.checked)}")
    return code
