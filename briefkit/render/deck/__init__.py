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
   pages, header repeated), block quote (a callout) and code block, in source order. A section's
   first quote sits below its bullets instead, when it fits there and nothing comes between.

Anything that does not fit moves to a continuation slide titled "<title> (cont.)".
"""

from __future__ import annotations

import dataclasses

from ...errors import Warnings
from ...model import (
    CodeBlock,
    Document,
    Flow,
    FlowSpec,
    Image,
    ListBlock,
    MinorHeading,
    Paragraph,
    Quote,
    Section,
    Table,
    plain_text,
)
from ...stamp import Stamp
from ...theme import Theme
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
from .frame import finish, fit_title_in, setup, template_cover
from .plan import (
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
    CodeSlide,
    DeckPlan,
    FlowSlide,
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


def plan_deck(
    doc: Document, theme: Theme, warnings: Warnings, layouts: dict | None = None, stamp: Stamp | None = None
) -> DeckPlan:
    """The slides for `doc`; problems that do not stop the build are added to `warnings`.

    `layouts` holds the flows' diagram layouts, used when they are set in the slides' heading
    font (else the flows are laid out here in it); `stamp` gives the footer its build stamp.
    """
    return _Planner(doc, theme, warnings, layouts or {}, stamp).plan()


@dataclasses.dataclass(frozen=True)
class _Item:
    """A bullet before its size is chosen; `hang` is the widest marker of its list."""

    level: int
    spans: Spans
    marker: str
    hang: str
    heading: bool = False


class _Planner:
    def __init__(self, doc: Document, theme: Theme, warnings: Warnings, layouts: dict, stamp: Stamp | None):
        self.ready = setup(theme, bool(doc.meta.classification))  # the template is read first
        theme = self.ready.theme
        self.doc = doc
        self.sizes = theme.sizes
        self.warnings = warnings
        self.measure = Measure(theme)
        self.frame = self.ready.frame
        self.layouts, self.stamp = layouts, stamp

    def plan(self) -> DeckPlan:
        slides: list[Slide] = [self.title_slide()]
        if len(self.doc.sections) >= AGENDA_MIN_SECTIONS:
            slides += self.agenda()
        extra = tuple(b for b in self.doc.preamble if not isinstance(b, Paragraph))
        if extra:
            slides += self.section(Section(1, self.doc.meta.short_title, extra, (), extra[0].line))
        for number, section in enumerate(self.doc.sections, 1):
            slides += self.section(section, f"{number:02d}")
            for subsection in section.subsections:
                slides += self.section(subsection)
        meta, keywords = self.doc.meta, clean(self.doc.keywords)
        return finish(self.ready, meta, keywords, slides, self.measure, self.layouts, self.stamp)

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
        notes = "\n\n".join(clean(plain_text(b.inlines)) for b in self.doc.preamble if isinstance(b, Paragraph))
        if self.frame.cover_title is not None:  # a template's title slide areas
            texts = (clean(meta.title), clean(meta.subtitle or ""), clean(byline_text))
            title, sub, by = template_cover(self.measure, self.frame, *texts, largest, self.sizes.slide_title_min)
            return TitleSlide(title, sub, by, notes)
        byline = fit_heading(self.measure, clean(byline_text), Box(MARGIN, 0, width, 0), 18, 18, bold=False)
        parts = [p for p in (title, subtitle, byline) if p is not None]
        gaps = [28.0, 14.0] if subtitle else [28.0]
        total = sum(p.box.height for p in parts) + sum(gaps)
        top = max(self.frame.title_top + 40, (SLIDE_HEIGHT - total) * 0.45)
        placed = []
        for part, gap in zip(parts, [*gaps, 0.0], strict=True):
            placed.append(dataclasses.replace(part, box=dataclasses.replace(part.box, top=top)))
            top += part.box.height + gap
        return TitleSlide(placed[0], placed[1] if subtitle else None, placed[-1], notes)

    def agenda(self) -> list[Slide]:
        hang = f"{len(self.doc.sections)}."
        items = [_Item(0, (Span(clean(s.title)),), f"{n}.", hang) for n, s in enumerate(self.doc.sections, 1)]
        return self.bullet_slides("Agenda", items, 0, AgendaSlide)

    # ------------------------------------------------------------ sections

    def section(self, section: Section, label: str = "") -> list[Slide]:
        title = clean(section.title)
        items = self.items_of(section.blocks)
        paragraphs = tuple(spans_of(b.inlines) for b in section.blocks if isinstance(b, Paragraph))
        blocks = [s for block in section.blocks for s in self.block_slides(block, title)]
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
        if self.frame.title_area is not None:
            area = self.frame.title_area
            return fit_title_in(self.measure, text, area, self.sizes.slide_title, self.sizes.slide_title_min)
        box = Box(MARGIN, self.frame.title_top, self.frame.width, 0)
        return fit_heading(self.measure, text, box, self.sizes.slide_title, self.sizes.slide_title_min)

    def headings(self, title: str) -> tuple[TextBox, TextBox, Box]:
        """The title and its continuation title, and the body area both leave free."""
        first, later = self.heading(title), self.heading(title + CONTINUED)
        taller = first if first.box.height >= later.box.height else later
        return first, later, self.frame.body(taller.box)

    def items_of(self, blocks: tuple, level: int = 0) -> list[_Item]:
        """The list items among `blocks` as bullets; a minor heading labels the list after it."""
        items: list[_Item] = []
        label: MinorHeading | None = None
        for block in blocks:
            if isinstance(block, MinorHeading):
                label = block
            elif isinstance(block, ListBlock):
                if label is not None and level == 0:
                    items.append(_Item(0, spans_of(label.inlines), "", "", heading=True))
                    label = None
                items += self.list_items(block, min(level, MAX_LEVEL))
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
        if isinstance(block, CodeBlock):
            return self.code(block, title)
        return []

    def flow(self, spec: FlowSpec, line: int) -> FlowSlide:
        heading = self.heading(clean(spec.caption or "") or "Flows")
        body = self.frame.body(heading.box)
        return FlowSlide(heading, body, "", line, spec=spec)

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
        heading = self.heading(title)
        body = self.frame.body(heading.box)
        spans = normalise(_spans_of_block(block))
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
        return QuoteSlide(heading, body, "", block.line, spans=spans, size=size, callout=callout)

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


def _spans_of_block(block: Paragraph | CodeBlock | Quote) -> Spans:
    if isinstance(block, Paragraph):
        return spans_of(block.inlines)
    if isinstance(block, CodeBlock):
        return (Span(clean(block.text), code=True),)
    spans: list[Span] = []
    for part in block.blocks:
        if isinstance(part, (Paragraph, CodeBlock, Quote)):
            spans += [*_spans_of_block(part), Span(" ")]
    return tuple(spans)
