"""Deck planning: a Document and its Theme in, a DeckPlan out, with warnings for cut prose.

Pure: no pptx, no files written; text is measured with the theme's font files. The rules, in the
order slides appear:

1. A title slide: title, subtitle, authors and date; the preamble's paragraphs in its notes.
2. An agenda of the sections when there are three or more.
3. Per section and subsection, a slide titled by its heading: its list items as bullets
   (three levels, minor headings as bold labels), or, without list items, its prose when it
   fits, else its first whole sentences and a warning. A section with neither gets a divider.
   Every paragraph of the section goes, complete, into the notes of its first slide.
4. Then one slide per flow (titled by its caption), image (by its caption), table (split into
   pages, header repeated), block quote (a callout), code block and chart (by its caption; on
   the section's own slide when it is the section's only content), in source order. A section's
   first quote sits below its bullets instead, when it fits there and nothing comes between.

Anything that does not fit moves to a continuation slide titled "<title> (cont.)".
"""

from __future__ import annotations

import dataclasses

from ...errors import Warnings
from ...model import (
    Chart,
    CodeBlock,
    DefinitionList,
    Document,
    Flow,
    FlowSpec,
    Image,
    ImagePlaceholder,
    ListBlock,
    MinorHeading,
    Paragraph,
    Quote,
    Section,
    Table,
    document_notes,
    plain_text,
)
from ...theme import Theme
from .chart import plan_chart
from .fit import (
    HEIGHT_SLACK,
    bullet_height,
    fit_heading,
    fit_prose,
    paginate_bullets,
    paginate_code,
    paginate_table,
    sizes,
)
from .notes import cite_notes
from .plan import (
    BANNER,
    MARGIN,
    QUOTE_BAR,
    QUOTE_GAP,
    QUOTE_PAD,
    SLIDE_HEIGHT,
    AgendaSlide,
    Box,
    Bullet,
    BulletsSlide,
    Callout,
    ChartSlide,
    CodeSlide,
    DeckPlan,
    FlowSlide,
    Frame,
    ImageSlide,
    ProseSlide,
    QuoteSlide,
    SectionSlide,
    Slide,
    TableSlide,
    TextBox,
    TitleSlide,
)
from .text import (
    LINE_SPACING,
    Measure,
    Span,
    Spans,
    clean,
    longest_fitting,
    normalise,
    spans_of,
    split_spans,
    with_ellipsis,
)

AGENDA_MIN_SECTIONS = 3
MAX_LEVEL = 2  # bullets nest three levels deep; deeper lists join the third level
MARKERS = ("•", "–", "▪")
LEVEL_STEP = 32.0  # indent per nesting level
CONTINUED = " (cont.)"


def plan_deck(doc: Document, theme: Theme, warnings: Warnings) -> DeckPlan:
    """The slides for `doc`; problems that do not stop the build are added to `warnings`."""
    return _Planner(doc, theme, warnings).plan()


@dataclasses.dataclass(frozen=True)
class _Item:
    """A bullet before its size is chosen; `hang` is the widest marker of its list."""

    level: int
    spans: Spans
    marker: str
    hang: str
    heading: bool = False


class _Planner:
    def __init__(self, doc: Document, theme: Theme, warnings: Warnings):
        self.doc = doc
        self.sizes = theme.sizes
        self.warnings = warnings
        self.measure = Measure(theme)
        self.frame = Frame(BANNER if doc.meta.classification else 0.0)

    def plan(self) -> DeckPlan:
        slides: list[Slide] = [self.title_slide()]
        if len(self.doc.sections) >= AGENDA_MIN_SECTIONS:
            slides += self.agenda()
        extra = tuple(b for b in self.doc.preamble if not isinstance(b, Paragraph))
        if extra:
            slides += self.section(Section(1, self.doc.meta.short_title, extra, (), extra[0].line))
        anchors: list[tuple[str, int]] = []
        for number, section in enumerate(self.doc.sections, 1):
            anchors += _anchors(section, len(slides))
            slides += self.section(section, f"{number:02d}")
            for subsection in section.subsections:
                anchors += _anchors(subsection, len(slides))
                slides += self.section(subsection)
        notes = {n: clean(plain_text(text)) for n, text in document_notes(self.doc).items()}
        slides = cite_notes(slides, notes, self.measure, self.frame)
        return DeckPlan(self.doc.meta, clean(self.doc.keywords), self.frame, tuple(slides), tuple(anchors))

    # ------------------------------------------------------------ title and agenda

    def title_slide(self) -> TitleSlide:
        meta = self.doc.meta
        width = self.frame.width
        largest = self.sizes.slide_title + 8  # the cover's title outranks every slide title
        title = fit_heading(self.measure, clean(meta.title), Box(MARGIN, 0, width, 0), largest, self.sizes.slide_title)
        subtitle = None
        if meta.subtitle:
            subtitle = fit_heading(self.measure, clean(meta.subtitle), Box(MARGIN, 0, width, 0), 24, 20, bold=False)
        date = f"{meta.date.day} {meta.date.strftime('%B')} {meta.date.year}"
        byline_text = " · ".join(part for part in (", ".join(meta.authors), date) if part)
        byline = fit_heading(self.measure, clean(byline_text), Box(MARGIN, 0, width, 0), 18, 18, bold=False)
        parts = [p for p in (title, subtitle, byline) if p is not None]
        gaps = [28.0, 14.0] if subtitle else [28.0]
        total = sum(p.box.height for p in parts) + sum(gaps)
        top = max(self.frame.title_top + 40, (SLIDE_HEIGHT - total) * 0.45)
        placed = []
        for part, gap in zip(parts, [*gaps, 0.0], strict=True):
            placed.append(dataclasses.replace(part, box=dataclasses.replace(part.box, top=top)))
            top += part.box.height + gap
        notes = "\n\n".join(clean(plain_text(b.inlines)) for b in self.doc.preamble if isinstance(b, Paragraph))
        return TitleSlide(placed[0], placed[1] if subtitle else None, placed[-1], notes)

    def agenda(self) -> list[Slide]:
        hang = f"{len(self.doc.sections)}."
        items = [_Item(0, (Span(clean(s.title)),), f"{n}.", hang) for n, s in enumerate(self.doc.sections, 1)]
        return self.bullet_slides("Agenda", items, 0, AgendaSlide)

    # ------------------------------------------------------------ sections

    def section(self, section: Section, label: str = "") -> list[Slide]:
        title = clean(section.title)
        items = self.items_of(section.blocks)
        if all(item.heading for item in items):  # minor headings alone label prose, not bullets
            items = []
        paragraphs = tuple(
            _prose_spans(b) for b in section.blocks if isinstance(b, (Paragraph, MinorHeading, DefinitionList))
        )
        blocks = [s for block in section.blocks for s in self.block_slides(block, title)]
        if len(section.blocks) == 1 and isinstance(section.blocks[0], Chart):  # on the section's own slide
            blocks = [self.chart(section.blocks[0], title, own_slide=False)]
        slides: list[Slide]
        if items:
            slides = self.bullet_slides(title, items, section.line, BulletsSlide)
            blocks = self.quote_below_bullets(slides, blocks, section)
        elif any(paragraphs):
            slides = [self.prose(title, tuple(p for p in paragraphs if p), section)]
        elif blocks and blocks[0].heading.text == self.heading(title).text:
            slides = []
        else:
            heading = self.heading(title)
            slides = [SectionSlide(heading, self.frame.body(heading.box), "", section.line, label)]
        slides += blocks
        slides[0] = dataclasses.replace(slides[0], notes=section_notes(section))
        return slides

    def quote_below_bullets(self, slides: list[Slide], blocks: list[Slide], section: Section) -> list[Slide]:
        """Move the section's first quote onto its last bullet slide when it fits below the bullets
        at body size and no other figure or table comes before it; returns the remaining block slides.

        A one-line quote on a slide of its own reads as a mistake; beside the key points it reads
        as their summary.
        """
        if not blocks or not isinstance(blocks[0], QuoteSlide):
            return blocks
        last = slides[-1]
        quote = next(block for block in section.blocks if isinstance(block, Quote))
        spans = normalise(_spans_of_block(quote))
        size = max(b.size for b in last.bullets) if last.bullets else self.sizes.slide_body
        used = sum(bullet_height(self.measure, b, last.body.width) for b in last.bullets)
        inner = last.body.width - 2 * QUOTE_PAD - QUOTE_BAR
        height = self.measure.height(spans, size, inner) + 2 * QUOTE_PAD
        top = last.body.top + used + QUOTE_GAP
        if top + height > last.body.top + last.body.height - HEIGHT_SLACK:
            return blocks
        callout = Callout(spans, size, Box(last.body.left, top, last.body.width, height))
        slides[-1] = dataclasses.replace(last, callout=callout)
        return blocks[1:]

    def heading(self, text: str) -> TextBox:
        box = Box(MARGIN, self.frame.title_top, self.frame.width, 0)
        return fit_heading(self.measure, text, box, self.sizes.slide_title, self.sizes.slide_title_min)

    def headings(self, title: str) -> tuple[TextBox, TextBox, Box]:
        """The title and its continuation title, and the body area both leave free."""
        first, later = self.heading(title), self.heading(title + CONTINUED)
        taller = first if first.box.height >= later.box.height else later
        return first, later, self.frame.body(taller.box)

    def items_of(self, blocks: tuple, level: int = 0) -> list[_Item]:
        """The list items among `blocks` as bullets, definition lists as a bullet per term; every
        minor heading (levels 3 to 6) is a bold label where it stands."""
        items: list[_Item] = []
        for block in blocks:
            if isinstance(block, MinorHeading) and level == 0:
                items.append(_Item(0, spans_of(block.inlines), "", "", heading=True))
            elif isinstance(block, ListBlock):
                items += self.list_items(block, min(level, MAX_LEVEL))
            elif isinstance(block, DefinitionList):
                items += self.definition_items(block, min(level, MAX_LEVEL))
        while items and items[-1].heading:  # a label with nothing after it on the slide
            items.pop()
        return items

    def definition_items(self, block: DefinitionList, level: int) -> list[_Item]:
        """One bullet per term: the term in bold, a dash, then its definitions."""
        marker = MARKERS[level]
        items = []
        for definition in block.items:
            spans: list[Span] = [dataclasses.replace(span, bold=True) for span in spans_of(definition.term)]
            spans.append(Span(" – "))
            for part in definition.blocks:
                if isinstance(part, (Paragraph, CodeBlock, Quote)):
                    spans += [*_spans_of_block(part), Span(" ")]
            items.append(_Item(level, normalise(tuple(spans)), marker, marker))
        return items

    def list_items(self, block: ListBlock, level: int) -> list[_Item]:
        numbers = [f"{block.start + i}." for i in range(len(block.items))] if block.ordered else []
        hang = max(numbers, key=len) if numbers else MARKERS[level]
        items: list[_Item] = []
        for index, item in enumerate(block.items):
            spans: list[Span] = []
            for part in item.blocks:
                if isinstance(part, (Paragraph, CodeBlock, Quote)):
                    spans += [*_spans_of_block(part), Span(" ")]
            marker = numbers[index] if numbers else MARKERS[level]
            items.append(_Item(level, tuple(spans), marker, hang))
            items += self.items_of(tuple(b for b in item.blocks if isinstance(b, ListBlock)), level + 1)
        return [dataclasses.replace(i, spans=normalise(i.spans)) for i in items]

    def bullet_slides(self, title: str, items: list[_Item], line: int, kind: type) -> list[Slide]:
        """Bullets at the largest size that fits one slide, else at the body size over several."""
        first, later, body = self.headings(title)
        for size in sizes(self.sizes.slide_body, self.sizes.slide_body_min):
            pages = paginate_bullets(self.measure, self.bullets(items, size), body)
            if len(pages) == 1:
                break
        else:
            pages = paginate_bullets(self.measure, self.bullets(items, self.sizes.slide_body), body)
        return [
            kind(later if n else first, body, "", line, bullets=page, continued=bool(n)) for n, page in enumerate(pages)
        ]

    def bullets(self, items: list[_Item], base: float) -> tuple[Bullet, ...]:
        out = []
        for item in items:
            size = max(self.sizes.slide_body_min, base - 2 * item.level)
            hang = 0.0 if item.heading else max(26.0, self.measure.width((Span(item.hang),), size) + 10)
            out.append(
                Bullet(item.level, item.spans, item.marker, size, item.level * LEVEL_STEP + hang, hang, item.heading)
            )
        return tuple(out)

    def prose(self, title: str, paragraphs: tuple[Spans, ...], section: Section) -> ProseSlide:
        heading = self.heading(title)
        body = self.frame.body(heading.box)
        kept, size, cut = fit_prose(self.measure, paragraphs, body, self.sizes.slide_body, self.sizes.slide_body_min)
        if cut:
            self.warnings.add(
                self.doc.path,
                section.line,
                f"section '{title}' has more prose than fits on one slide; the slide shows its first sentences",
                "add a short list of key points to the section for its slide (the full text stays in the notes)",
            )
        return ProseSlide(heading, body, "", section.line, paragraphs=kept, size=size, cut=cut)

    # ------------------------------------------------------------ blocks with slides of their own

    def block_slides(self, block, title: str) -> list[Slide]:
        if isinstance(block, Flow):
            return [self.flow(block.spec, block.line)]
        if isinstance(block, Image):
            heading = self.heading(clean(block.caption) or title)
            return [ImageSlide(heading, self.frame.body(heading.box), "", block.line, path=block.path)]
        if isinstance(block, Table):
            return self.table(block, title)
        if isinstance(block, Quote):
            return [self.quote(block, title)]
        if isinstance(block, ImagePlaceholder):
            spans = (Span("Image not included: ", bold=True), Span(clean(block.source)))
            return [self.callout(spans, clean(block.caption) or title, block.line)]
        if isinstance(block, CodeBlock):
            return self.code(block, title)
        if isinstance(block, Chart):
            return [self.chart(block, title)]
        return []

    def chart(self, block: Chart, title: str, own_slide: bool = True) -> ChartSlide:
        """A chart on its own slide titled by its caption, or on its section's slide."""
        heading = self.heading((clean(block.spec.caption or "") if own_slide else "") or title)
        return plan_chart(block.spec, block.line, heading, self.frame.body(heading.box), self.measure)

    def flow(self, spec: FlowSpec, line: int) -> FlowSlide:
        heading = self.heading(clean(spec.caption or "") or "Flows")
        body = self.frame.body(heading.box)
        rows = tuple(
            (
                (Span(clean(e.source)),),
                (Span(clean(e.target)),),
                (Span(", ".join(clean(i.text) + ("" if i.confirmed else " (unconfirmed)") for i in e.items)),),
            )
            for e in spec.edges
        )
        header = ((Span("From"),), (Span("To"),), (Span("Items"),))
        pages, _ = paginate_table(self.measure, header, rows, (None,) * 3, body, self.sizes.slide_body_min)
        fallback = pages[0]
        if len(pages) > 1:
            hidden = len(rows) - len(fallback.rows) + 1
            more = ((Span("…"),), (Span(""),), (Span(f"{hidden} more flows, listed in the report"),))
            one_line = self.sizes.slide_body_min * LINE_SPACING + 8
            fallback = dataclasses.replace(
                fallback, rows=(*fallback.rows[:-1], more), row_heights=(*fallback.row_heights[:-1], one_line)
            )
        return FlowSlide(heading, body, "", line, spec=spec, fallback=fallback)

    def table(self, block: Table, title: str) -> list[Slide]:
        first, later, body = self.headings(title)
        header = tuple(spans_of(cell) for cell in block.header)
        rows = tuple(tuple(spans_of(cell) for cell in row) for row in block.rows)
        pages, cut = paginate_table(self.measure, header, rows, block.aligns, body, self.sizes.slide_body_min)
        if cut:
            self.warnings.add(
                self.doc.path, block.line, "a table cell is too long for a slide and is shortened there", None
            )
        return [
            TableSlide(later if n else first, body, "", block.line, table=page, continued=bool(n))
            for n, page in enumerate(pages)
        ]

    def quote(self, block: Quote, title: str) -> QuoteSlide:
        return self.callout(normalise(_spans_of_block(block)), title, block.line)

    def callout(self, spans: Spans, title: str, line: int) -> QuoteSlide:
        """A slide of one shaded box holding `spans` at the largest size that fits."""
        heading = self.heading(title)
        body = self.frame.body(heading.box)
        inner = body.width - 2 * QUOTE_PAD - QUOTE_BAR
        limit = body.height - 2 * QUOTE_PAD - HEIGHT_SLACK
        fitting = [
            s
            for s in sizes(self.sizes.slide_body + 2, self.sizes.slide_body_min)
            if self.measure.height(spans, s, inner) <= limit
        ]
        size = fitting[0] if fitting else self.sizes.slide_body_min
        if not fitting:
            offset = longest_fitting(spans, lambda h: self.measure.height(with_ellipsis(h), size, inner) <= limit)
            spans = with_ellipsis(split_spans(spans, offset)[0])
        height = self.measure.height(spans, size, inner) + 2 * QUOTE_PAD
        callout = Box(body.left, body.top, body.width, height)
        return QuoteSlide(heading, body, "", line, spans=spans, size=size, callout=callout)

    def code(self, block: CodeBlock, title: str) -> list[Slide]:
        first, later, body = self.headings(title)
        size = self.sizes.slide_body_min
        pages = paginate_code(self.measure, clean(block.text), body, size)
        return [
            CodeSlide(later if n else first, body, "", block.line, lines=page, size=size, continued=bool(n))
            for n, page in enumerate(pages)
        ]


def section_notes(section: Section) -> str:
    """Every paragraph, minor heading and quotation of a section, complete, one per paragraph."""
    parts: list[str] = []
    for block in section.blocks:
        if isinstance(block, (Paragraph, MinorHeading)):
            parts.append(clean(plain_text(block.inlines)))
        elif isinstance(block, Quote):
            parts += [f"“{clean(plain_text(b.inlines))}”" for b in block.blocks if isinstance(b, Paragraph)]
    return "\n\n".join(p for p in parts if p.strip())


def _anchors(section: Section, index: int) -> list[tuple[str, int]]:
    """The anchors `#anchor` links may name in a section (its own and its minor headings'), all
    leading to its first slide, which will be slide `index`."""
    names = [section.anchor] + [b.anchor for b in section.blocks if isinstance(b, MinorHeading)]
    return [(name, index) for name in names if name]


def _prose_spans(block: Paragraph | MinorHeading | DefinitionList) -> Spans:
    """A prose paragraph; a minor heading as a bold line; a definition list as bold terms and text."""
    if isinstance(block, Paragraph):
        return spans_of(block.inlines)
    if isinstance(block, MinorHeading):
        return tuple(dataclasses.replace(span, bold=True) for span in spans_of(block.inlines))
    spans: list[Span] = []
    for definition in block.items:
        spans += [dataclasses.replace(span, bold=True) for span in spans_of(definition.term)] + [Span(" – ")]
        for part in definition.blocks:
            if isinstance(part, (Paragraph, CodeBlock, Quote)):
                spans += [*_spans_of_block(part), Span(" ")]
    return normalise(tuple(spans))


def _spans_of_block(block) -> Spans:
    """All the text of a block run together, for a callout or a bullet: nested lists, quotes and
    definitions included, so nothing inside a quote goes missing."""
    if isinstance(block, (Paragraph, MinorHeading)):
        return spans_of(block.inlines)
    if isinstance(block, CodeBlock):
        return (Span(clean(block.text), code=True),)
    if isinstance(block, DefinitionList):
        return _prose_spans(block)
    if isinstance(block, Table):
        cells = [*block.header, *(cell for row in block.rows for cell in row)]
        return tuple(span for cell in cells for span in (*spans_of(cell), Span(" ")))
    parts: tuple = ()
    if isinstance(block, Quote):
        parts = block.blocks
    elif isinstance(block, ListBlock):
        parts = tuple(part for item in block.items for part in item.blocks)
    spans: list[Span] = []
    for part in parts:
        spans += [*_spans_of_block(part), Span(" ")]
    return tuple(spans)
