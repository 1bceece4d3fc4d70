"""Deck planning: a Document and its Theme in, a DeckPlan out, with warnings where the slides
cannot show everything (the notes and the report still do).

Pure: no pptx, no files written; text is measured with the theme's font files. The rules, in the
order slides appear (README.md, "Slide rules", says the same in plain words):

1. A title slide: the title in as few lines as it fits (at most four, else cut and a warning at
   the `title:` line), subtitle, authors and date; the full title and the preamble's paragraphs
   in its notes.
2. An agenda of the sections that have slides, when there are three or more.
3. Per section and subsection with content, a slide titled by its heading: its list items as
   bullets in source order (three levels, minor headings as bold labels, an item's further
   paragraphs and code below it), or, without list items, its first whole sentences of prose,
   at most PROSE_WORDS words (a warning when that is not all of it). A section with no content
   of its own gets no slide, unless it introduces subsections: then a divider listing them.
   The section's text, complete and in source order, goes into the notes of its first slide.
4. Then one slide per flow, image, table (split into numbered pages, header repeated), block
   quote (a callout), code block and chart, in source order. A short paragraph just before a
   flow, image or table is shown above it as its lead; a flow's lead goes to the slide's notes
   instead when it would cost the diagram its readable text size (see flows.py). A section
   with nothing but such blocks shows the first on its own slide, titled by the section,
   caption beneath. A section's first quote sits below its bullets instead, when it fits there
   and nothing comes between.

Anything else that does not fit moves to a continuation slide titled "<title> (cont.)".
"""

from __future__ import annotations

import dataclasses

from ...diagram.readable import slide_minimum
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
from ...stamp import Stamp
from ...theme import Theme
from .chart import plan_chart
from .fit import (
    HEIGHT_SLACK,
    PROSE_WORDS,
    TABLE_SIZE_MIN,
    bullet_height,
    fit_heading,
    fit_prose,
    fit_table,
    paginate_bullets,
    paginate_code,
    sizes,
    word_count,
)
from .flows import drawn_size, place_diagram
from .frame import finish, fit_title_in, picture_box, setup, template_cover
from .notes import cite_notes
from .pictures import place_pictures
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
    ChartSlide,
    CodeSlide,
    DeckPlan,
    FlowSlide,
    ImageSlide,
    Passage,
    ProseSlide,
    QuotePart,
    QuoteSlide,
    SectionSlide,
    Slide,
    TableSlide,
    TextBox,
    TitleSlide,
)
from .quote import fit_parts, parts_height
from .text import (
    Measure,
    Span,
    Spans,
    clean,
    normalise,
    plain,
    spans_of,
)

AGENDA_MIN_SECTIONS = 3
MAX_LEVEL = 2  # bullets nest three levels deep; deeper lists join the third level
MARKERS = ("•", "–", "▪")
LEVEL_STEP = 32.0  # indent per nesting level
CONTINUED = " (cont.)"
TITLE_LINES = 4  # a title wraps to at most this many lines, on the title slide and elsewhere
LEAD_WORDS = 30  # a paragraph at most this long just before a figure or table is its lead
MAX_TABLE_SLIDES = 6  # a table needing more slides than this gets a warning
LABEL_HEIGHT = 80.0  # the divider's section number, above its list of subsections
CAPTION_SIZE = 14.0
CAPTION_GAP = 8.0  # between a figure and its caption
LEAD_GAP = 12.0  # between a lead and the figure or table under it
FIGURES = (Flow, Image, Table)


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
    anchor: str = ""  # a minor heading's anchor


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
        self.warned: set[int] = set()  # lines whose cut title was reported

    def plan(self) -> DeckPlan:
        slides: list[Slide] = [self.title_slide()]
        shown = [section for section in self.doc.sections if section.has_content]
        if len(shown) >= AGENDA_MIN_SECTIONS:
            slides += self.agenda(shown)
        extra = tuple(b for b in self.doc.preamble if not isinstance(b, Paragraph))
        if extra:
            slides += self.section(Section(1, self.doc.meta.short_title, extra, (), extra[0].line))
        anchors: list[tuple[str, int]] = []
        number = 0
        for section in self.doc.sections:
            number += section.has_content
            own = self.section(section, f"{number:02d}")
            anchors += _anchors(section, own, len(slides))
            slides += own
            for subsection in section.subsections:
                own = self.section(subsection)
                anchors += _anchors(subsection, own, len(slides))
                slides += own
        notes = {n: clean(plain_text(text)) for n, text in document_notes(self.doc).items()}
        slides = place_pictures(cite_notes(slides, notes, self.measure, self.frame), self.measure)
        meta, keywords = self.doc.meta, clean(self.doc.keywords)
        plan = finish(self.ready, meta, keywords, slides, self.measure, self.stamp)
        last = len(slides) - 1  # a heading with no slide of its own leads to the next slide there is
        return dataclasses.replace(plan, anchors=tuple((name, min(index, last)) for name, index in anchors))

    # ------------------------------------------------------------ title and agenda

    def title_slide(self) -> TitleSlide:
        meta = self.doc.meta
        width = self.frame.width
        largest = self.sizes.slide_title + 8  # the cover's title outranks every slide title
        smallest = self.sizes.slide_title_min - 4  # and may shrink further before it wraps
        full = clean(meta.title)
        title = fit_heading(self.measure, full, Box(MARGIN, 0, width, 0), largest, smallest, most_lines=TITLE_LINES)
        if title.text != full:
            self.warn_cut_title(meta.line_of("title"), "the brief's title", "or move part of it to `subtitle:`")
        subtitle = None
        if meta.subtitle:
            subtitle = fit_heading(self.measure, clean(meta.subtitle), Box(MARGIN, 0, width, 0), 24, 20, bold=False)
            if subtitle.text != clean(meta.subtitle):
                self.warn_cut_title(meta.line_of("subtitle"), "the brief's subtitle")
        date = f"{meta.date.day} {meta.date.strftime('%B')} {meta.date.year}"
        byline_text = " · ".join(part for part in (", ".join(meta.authors), date) if part)
        preamble = [clean(plain_text(b.inlines)) for b in self.doc.preamble if isinstance(b, Paragraph)]
        cut_subtitle = [clean(meta.subtitle)] if subtitle and subtitle.text != clean(meta.subtitle) else []
        notes = "\n\n".join([full, *cut_subtitle, *preamble])
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

    def agenda(self, sections: list[Section]) -> list[Slide]:
        hang = f"{len(sections)}."
        items = [_Item(0, (Span(clean(s.title)),), f"{n}.", hang) for n, s in enumerate(sections, 1)]
        return self.bullet_slides("Agenda", items, 0, AgendaSlide)

    def warn_cut_title(self, line: int, what: str, hint: str = "") -> None:
        """One warning per source line whose title the slides show only in part."""
        if line in self.warned:
            return
        self.warned.add(line)
        self.warnings.add(
            self.doc.path,
            line,
            f"{what} is too long for a slide even at the smallest size in {TITLE_LINES} lines; "
            "the slide shows its first words and its notes the whole title",
            f"shorten it{' ' + hint if hint else ''}",
        )

    # ------------------------------------------------------------ sections

    def section(self, section: Section, label: str = "") -> list[Slide]:
        """The slides of one (sub)section; none when it has nothing to show."""
        if not section.has_content:
            return []
        title = clean(section.title)
        heading = self.heading(title)
        leads = leads_of(section.blocks)
        items = self.items_of(section.blocks)
        if all(item.heading for item in items):  # minor headings alone label prose, not bullets
            items = []
        paragraphs = tuple(
            spans
            for block in section.blocks
            if isinstance(block, (Paragraph, MinorHeading, DefinitionList))
            and not any(block is lead for lead in leads.values())
            for spans in [_prose_spans(block)]
            if spans
        )
        own = not items and not paragraphs  # the first block slide is the section's own
        blocks: list[Slide] = []
        for index, block in enumerate(section.blocks):
            blocks += self.block_slides(block, title, leads.get(index), own and not blocks)
        slides: list[Slide]
        if items:
            slides = self.bullet_slides(title, items, section.line, BulletsSlide)
            blocks = self.quote_below_bullets(slides, blocks, section)
        elif paragraphs:
            slides = [self.prose(title, paragraphs, section)]
        elif blocks:
            slides = []
        else:
            slides = [self.divider(section, heading, label)]
            heading = slides[0].heading  # set in the template's section-header layout's title area
        if heading.text != title:
            self.warn_cut_title(section.line, f"the heading '{title[:40]}…'")
        slides += blocks
        notes = section_notes(section)
        if heading.text != title:
            notes = "\n\n".join(part for part in (title, notes) if part)
        slides[0] = dataclasses.replace(slides[0], notes=notes)
        return slides

    def divider(self, section: Section, heading: TextBox, label: str) -> SectionSlide:
        """A section's number and the titles of its subsections with content, as bullets; on the
        template's section-header layout when it has one with room for them (`templated_divider`)."""
        titles = [clean(s.title) for s in section.subsections if s.has_content]
        items = [_Item(0, (Span(t),), MARKERS[0], MARKERS[0]) for t in titles]
        if self.frame.section_title is not None and (self.frame.section_body is not None or not items):
            return self.templated_divider(section, items)
        body = self.frame.body(heading.box)
        top = body.top + (LABEL_HEIGHT if label else 0.0)
        area = Box(body.left, top, body.width, body.bottom - top)
        bullets = self.listed(items, area, self.sizes.slide_body)
        return SectionSlide(heading, body, "", section.line, label=label, bullets=bullets, list_box=area)

    def templated_divider(self, section: Section, items: list[_Item]) -> SectionSlide:
        """A divider on the template's section-header layout: the title fitted to the layout's title
        area at its title size, the subsections listed in its body area at its body size."""
        facts = self.ready.facts.section
        largest = facts.title_text.size or self.sizes.slide_title
        smallest = min(self.sizes.slide_title_min, largest)
        heading = fit_title_in(self.measure, clean(section.title), self.frame.section_title, largest, smallest)
        area = self.frame.section_body if items else None
        bullets = self.listed(items, area, facts.body_text.size or self.sizes.slide_body) if area else ()
        own = not facts.body_placeholder
        body = area or heading.box
        return SectionSlide(
            heading, body, "", section.line, bullets=bullets, list_box=area, templated=True, own_list=own
        )

    def listed(self, items: list[_Item], area: Box, largest: float) -> tuple[Bullet, ...]:
        """`items` as bullets in `area`, at the largest size down to the smallest body size at
        which all fit; else the last line says how many more follow."""
        bullets: tuple[Bullet, ...] = ()
        for size in sizes(largest, min(self.sizes.slide_body_min, largest)):
            pages = paginate_bullets(self.measure, self.bullets(items, size), area)
            bullets = pages[0] if pages else ()
            if len(pages) <= 1:
                return bullets
        more = len(items) - len(bullets) + 1
        return (*bullets[:-1], dataclasses.replace(bullets[-1], spans=(Span(f"… and {more} more"),)))

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
        parts = quote_parts(quote)
        size = max(b.size for b in last.bullets) if last.bullets else self.sizes.slide_body
        used = sum(bullet_height(self.measure, b, last.body.width) for b in last.bullets)
        inner = last.body.width - 2 * QUOTE_PAD - QUOTE_BAR
        height = parts_height(self.measure, parts, size, inner) + 2 * QUOTE_PAD
        top = last.body.top + used + QUOTE_GAP
        if top + height > last.body.top + last.body.height - HEIGHT_SLACK:
            return blocks
        callout = Callout(parts, size, Box(last.body.left, top, last.body.width, height))
        slides[-1] = dataclasses.replace(last, callout=callout)
        return blocks[1:]

    def heading(self, text: str) -> TextBox:
        if self.frame.title_area is not None:
            area = self.frame.title_area
            return fit_title_in(self.measure, text, area, self.sizes.slide_title, self.sizes.slide_title_min)
        box = Box(MARGIN, self.frame.title_top, self.frame.width, 0)
        return fit_heading(
            self.measure, text, box, self.sizes.slide_title, self.sizes.slide_title_min, most_lines=TITLE_LINES
        )

    def paged(self, title: str, paginate) -> tuple[list[TextBox], Box, list]:
        """The pages `paginate` (a body area in, a list of pages out) makes under `title`: each
        page's title, the body area the pages share, and the pages.

        Content that fits one slide sits right under its own title; only content running on to
        "<title> (cont.)" slides leaves room for the taller of the two titles on all of them.
        """
        first = self.heading(title)
        body = self.frame.body(first.box)
        pages = paginate(body)
        if len(pages) > 1:
            later = self.heading(title + CONTINUED)
            if later.box.height > first.box.height:
                body = self.frame.body(later.box)
                pages = paginate(body)
            return [first] + [later] * (len(pages) - 1), body, pages
        return [first] * len(pages), body, pages

    def items_of(self, blocks: tuple, level: int = 0) -> list[_Item]:
        """The list items among `blocks` as bullets, definition lists as a bullet per term; every
        minor heading (levels 3 to 6) is a bold label where it stands."""
        items: list[_Item] = []
        for block in blocks:
            if isinstance(block, MinorHeading) and level == 0:
                items.append(_Item(0, spans_of(block.inlines), "", "", heading=True, anchor=block.anchor))
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
        """A list's items in source order: each item's first paragraph carries its marker; what
        follows inside the item (paragraphs, code, quotes, nested lists) comes after it, in order,
        further paragraphs unmarked under its text and nested lists one level deeper."""
        numbers = [f"{block.start + i}." for i in range(len(block.items))] if block.ordered else []
        hang = max(numbers, key=len) if numbers else MARKERS[level]
        items: list[_Item] = []
        for index, item in enumerate(block.items):
            marker = numbers[index] if numbers else MARKERS[level]
            marked = False
            for part in item.blocks:
                if isinstance(part, ListBlock):
                    if not marked:  # an item that opens with a list still shows its marker
                        items.append(_Item(level, (), marker, hang))
                        marked = True
                    items += self.items_of((part,), level + 1)
                elif isinstance(part, (Paragraph, CodeBlock, Quote)):
                    spans = normalise(_spans_of_block(part))
                    if spans:
                        items.append(_Item(level, spans, "" if marked else marker, hang))
                        marked = True
            if not marked:
                items.append(_Item(level, (), marker, hang))
        return items

    def bullet_slides(self, title: str, items: list[_Item], line: int, kind: type) -> list[Slide]:
        """Bullets on as few slides as any body size allows, at the largest size needing no more
        (as a table's rows): a large template body size does not spread a list over slides of a
        bullet or two."""

        def paginate(body: Box) -> list:
            fewest: list = []
            for size in sizes(self.sizes.slide_body, self.sizes.slide_body_min):
                pages = paginate_bullets(self.measure, self.bullets(items, size), body)
                if not fewest or len(pages) < len(fewest):
                    fewest = pages
                if len(pages) == 1:
                    break
            return fewest

        titles, body, pages = self.paged(title, paginate)
        return [
            kind(heading, body, "", line, bullets=page, continued=bool(n))
            for n, (heading, page) in enumerate(zip(titles, pages, strict=True))
        ]

    def bullets(self, items: list[_Item], base: float) -> tuple[Bullet, ...]:
        out = []
        for item in items:
            size = max(self.sizes.slide_body_min, base - 2 * item.level)
            hang = 0.0 if item.heading else max(26.0, self.measure.width((Span(item.hang),), size) + 10)
            indent = item.level * LEVEL_STEP + hang
            out.append(Bullet(item.level, item.spans, item.marker, size, indent, hang, item.heading, item.anchor))
        return tuple(out)

    def prose(self, title: str, paragraphs: tuple[Spans, ...], section: Section) -> ProseSlide:
        heading = self.heading(title)
        body = self.frame.body(heading.box)
        kept, size, cut = fit_prose(self.measure, paragraphs, body, self.sizes.slide_body, self.sizes.slide_body_min)
        if cut:
            self.warnings.add(
                self.doc.path,
                section.line,
                f"section '{title}' has more prose than a slide should show (over {PROSE_WORDS} words); "
                "the slide shows its first sentences",
                "add a short list of key points to the section for its slide (the full text stays in the notes)",
            )
        return ProseSlide(heading, body, "", section.line, paragraphs=kept, size=size, cut=cut)

    # ------------------------------------------------------------ blocks with slides of their own

    def block_slides(self, block, title: str, lead: Paragraph | None = None, own: bool = False) -> list[Slide]:
        """The slides of a block shown on slides of its own; `lead` is shown above it, and `own`
        titles it by the section (a figure's caption then goes beneath it)."""
        if isinstance(block, Flow):
            return [self.flow(block.spec, block.line, title, lead, own)]
        if isinstance(block, Image):
            return [self.image(block, title, lead, own)]
        if isinstance(block, Table):
            return self.table(block, title, lead)
        if isinstance(block, Quote):
            return [self.quote(block, title)]
        if isinstance(block, ImagePlaceholder):
            spans = (Span("Image not included: ", bold=True), Span(clean(block.source)))
            return [self.callout((QuotePart(spans, gap=False),), clean(block.caption) or title, block.line)]
        if isinstance(block, CodeBlock):
            return self.code(block, title)
        if isinstance(block, Chart):
            return [self.chart(block, title, own)]
        return []

    def chart(self, block: Chart, title: str, own: bool = False) -> ChartSlide:
        """A chart on a slide titled by its caption, or by its section when it is the section's own."""
        heading = self.heading((clean(block.spec.caption or "") if not own else "") or title)
        return plan_chart(block.spec, block.line, heading, self.frame.body(heading.box), self.measure)

    def figure_heading(self, caption: str, title: str, own: bool) -> tuple[TextBox, str]:
        """A figure slide's title, and the caption left to show beneath the figure ('' for none).

        A figure is titled by its caption unless it is its section's own or the caption is too
        long for a title: then by the section, the caption beneath.
        """
        if caption and not own:
            heading = self.heading(caption)
            if heading.text == caption:
                return heading, ""
        return self.heading(title), caption

    def lead_passage(self, lead: Paragraph | None, body: Box) -> tuple[Passage | None, Box]:
        """The lead at the top of `body` and the area left under it."""
        if lead is None:
            return None, body
        spans = spans_of(lead.inlines)
        size = self.sizes.slide_body_min
        height = self.measure.height(spans, size, body.width)
        passage = Passage(spans, size, Box(body.left, body.top, body.width, height))
        top = body.top + height + LEAD_GAP
        return passage, Box(body.left, top, body.width, body.bottom - top)

    def caption_passage(self, caption: str, area: Box) -> tuple[Passage | None, Box]:
        """The caption at the foot of `area` and the area left above it."""
        if not caption:
            return None, area
        spans = (Span(caption, italic=True),)
        height = self.measure.height(spans, CAPTION_SIZE, area.width)
        passage = Passage(spans, CAPTION_SIZE, Box(area.left, area.bottom - height, area.width, height), caption=True)
        return passage, Box(area.left, area.top, area.width, area.height - height - CAPTION_GAP)

    def image(self, block: Image, title: str, lead: Paragraph | None, own: bool) -> ImageSlide:
        """The image scaled to fit, its caption right beneath it, the two centred in the body."""
        heading, caption = self.figure_heading(clean(block.caption), title, own)
        body = self.frame.body(heading.box)
        lead_box, area = self.lead_passage(lead, body)
        passage, room = self.caption_passage(caption, area)
        picture = picture_box(block.path, room)
        if passage is not None:
            group = picture.height + CAPTION_GAP + passage.box.height
            top = area.top + (area.height - group) / 2
            picture = Box(picture.left, top, picture.width, picture.height)
            passage = dataclasses.replace(
                passage, box=dataclasses.replace(passage.box, top=picture.bottom + CAPTION_GAP)
            )
        return ImageSlide(heading, picture, "", block.line, lead=lead_box, caption=passage, path=block.path)

    def flow(self, spec: FlowSpec, line: int, title: str, lead: Paragraph | None, own: bool) -> FlowSlide:
        """The diagram laid out for the box left under its lead and above its caption; when the
        lead costs the diagram the least text size a reader needs and the diagram draws larger
        without it, the lead goes to the slide's notes instead."""
        heading, caption = self.figure_heading(clean(spec.caption or ""), title, own)
        body = self.frame.body(heading.box)

        def shown(lead: Paragraph | None) -> FlowSlide:
            lead_box, area = self.lead_passage(lead, body)
            passage, room = self.caption_passage(caption, area)
            placed = place_diagram(spec, self.ready, self.layouts, room)
            return FlowSlide(heading, room, "", line, lead=lead_box, caption=passage, spec=spec, placed=placed)

        slide = shown(lead)
        if lead is None or drawn_size(slide.placed) >= slide_minimum(len(spec.nodes)):
            return slide
        bare = shown(None)
        if drawn_size(bare.placed) <= drawn_size(slide.placed):
            return slide
        return dataclasses.replace(bare, notes=clean(plain_text(lead.inlines)))

    def table(self, block: Table, title: str, lead: Paragraph | None = None) -> list[Slide]:
        """The table on as few slides as its rows need at the smallest table size, at the largest
        size that needs no more; each slide titled "<title> (n/N)" when there are several."""
        header = tuple(spans_of(cell) for cell in block.header)
        rows = tuple(tuple(spans_of(cell) for cell in row) for row in block.rows)
        lowest = self.heading(title).box.bottom
        while True:  # until the titles fit above the body the rows were paginated for
            body = self.frame.body(Box(MARGIN, 0, 0, lowest))
            lead_box, first = self.lead_passage(lead, body)
            pages, cut = fit_table(self.measure, header, rows, block.aligns, body, first)
            count = len(pages)
            titles = [f"{title} ({n}/{count})" for n in range(1, count + 1)] if count > 1 else [title]
            numbered = [self.heading(text) for text in titles]
            tallest = max(h.box.bottom for h in numbered)
            if tallest <= lowest:  # the body only ever moves down, so this ends
                break
            lowest = tallest
        if cut:
            self.warnings.add(
                self.doc.path, block.line, "a table cell is too long for a slide and is shortened there", None
            )
        if count > MAX_TABLE_SLIDES:
            self.warnings.add(
                self.doc.path,
                block.line,
                f"the table needs {count} slides even at {min(TABLE_SIZE_MIN, pages[0].size):g} pt",
                "show its key rows on the slides and point to the PDF report for the detail",
            )
        slides: list[Slide] = []
        for n, page in enumerate(pages):
            area = first if n == 0 else body
            slides.append(
                TableSlide(
                    numbered[n], area, "", block.line, lead=lead_box if n == 0 else None, table=page, continued=bool(n)
                )
            )
        return slides

    def quote(self, block: Quote, title: str) -> QuoteSlide:
        return self.callout(quote_parts(block), title, block.line)

    def callout(self, parts: tuple[QuotePart, ...], title: str, line: int) -> QuoteSlide:
        """A slide of one shaded box holding `parts` at the largest size that fits."""
        heading = self.heading(title)
        body = self.frame.body(heading.box)
        inner = body.width - 2 * QUOTE_PAD - QUOTE_BAR
        limit = body.height - 2 * QUOTE_PAD - HEIGHT_SLACK
        fitting = [
            s
            for s in sizes(self.sizes.slide_body + 2, self.sizes.slide_body_min)
            if parts_height(self.measure, parts, s, inner) <= limit
        ]
        size = fitting[0] if fitting else self.sizes.slide_body_min
        if not fitting:
            parts = fit_parts(self.measure, parts, size, inner, limit)
        height = parts_height(self.measure, parts, size, inner) + 2 * QUOTE_PAD
        callout = Box(body.left, body.top, body.width, height)
        return QuoteSlide(heading, body, "", line, parts=parts, size=size, callout=callout)

    def code(self, block: CodeBlock, title: str) -> list[Slide]:
        size = self.sizes.slide_body_min
        titles, body, pages = self.paged(title, lambda body: paginate_code(self.measure, clean(block.text), body, size))
        return [
            CodeSlide(heading, body, "", block.line, lines=page, size=size, continued=bool(n))
            for n, (heading, page) in enumerate(zip(titles, pages, strict=True))
        ]


def section_notes(section: Section) -> str:
    """A section's text for the speaker: every paragraph, minor heading, quotation and list item,
    complete and in source order, one per paragraph; a list item's own paragraphs, code and
    nested items follow it, indented."""
    parts: list[str] = []
    for block in section.blocks:
        if isinstance(block, (Paragraph, MinorHeading)):
            parts.append(clean(plain_text(block.inlines)))
        elif isinstance(block, Quote):
            parts += [f"“{clean(plain_text(b.inlines))}”" for b in block.blocks if isinstance(b, Paragraph)]
        elif isinstance(block, ListBlock):
            parts.append("\n".join(list_notes(block, 0)))
        elif isinstance(block, DefinitionList):
            parts.append(plain(_prose_spans(block)))
    return "\n\n".join(p for p in parts if p.strip())


def list_notes(block: ListBlock, level: int) -> list[str]:
    """One line per paragraph of a list: markers on first lines, deeper levels indented."""
    lines: list[str] = []
    indent = "    " * level
    for index, item in enumerate(block.items):
        marker = f"{block.start + index}." if block.ordered else MARKERS[min(level, MAX_LEVEL)]
        for part in item.blocks:
            if isinstance(part, ListBlock):
                lines += list_notes(part, level + 1)
                continue
            text = (
                " ".join(plain(normalise(_spans_of_block(part))).split())
                if isinstance(part, (Paragraph, CodeBlock, Quote))
                else ""
            )
            if text:
                lines.append(f"{indent}{marker} {text}" if marker else f"{indent}   {text}")
                marker = ""
    return lines


def leads_of(blocks: tuple) -> dict[int, Paragraph]:
    """{index of a flow, image or table: the short paragraph just before it} for `blocks`."""
    return {
        index: blocks[index - 1]
        for index, block in enumerate(blocks)
        if isinstance(block, FIGURES)
        and index
        and isinstance(blocks[index - 1], Paragraph)
        and 0 < word_count(spans_of(blocks[index - 1].inlines)) <= LEAD_WORDS
    }


def _anchors(section: Section, slides: list[Slide], index: int) -> list[tuple[str, int]]:
    """The anchors `#anchor` links may name in a section and the slides they lead to: its own to
    its first slide, which is slide `index` of the deck; a minor heading's to the slide showing
    its label, else to the first too."""
    found = [(section.anchor, index)] if section.anchor else []
    for block in section.blocks:
        if isinstance(block, MinorHeading) and block.anchor:
            shows = (
                n for n, slide in enumerate(slides) for b in getattr(slide, "bullets", ()) if b.anchor == block.anchor
            )
            found.append((block.anchor, index + next(shows, 0)))
    return found


def quote_parts(quote: Quote) -> tuple[QuotePart, ...]:
    """A quote's blocks as its callout's paragraphs, in source order: its own at level 0, a nested
    quote's a level deeper; a list item led by its marker, a nested list a level deeper; a code
    block a mono paragraph per line, without space between them; any other block its text."""
    parts = _quote_parts(quote.blocks, 0)
    if parts:
        parts[0] = dataclasses.replace(parts[0], gap=False)
    return tuple(parts)


def _quote_parts(blocks: tuple, level: int) -> list[QuotePart]:
    parts: list[QuotePart] = []
    for block in blocks:
        if isinstance(block, Quote):
            parts += _quote_parts(block.blocks, level + 1)
        elif isinstance(block, ListBlock):
            for index, item in enumerate(block.items):
                marker = Span(f"{block.start + index}. " if block.ordered else f"{MARKERS[0]} ")
                inner: list[QuotePart] = []
                for part in item.blocks:
                    inner += _quote_parts((part,), level + 1 if isinstance(part, ListBlock) else level)
                if inner and inner[0].level == level and not inner[0].spans[0].code:
                    inner[0] = dataclasses.replace(inner[0], spans=(marker, *inner[0].spans))
                else:
                    inner.insert(0, QuotePart((dataclasses.replace(marker, text=marker.text.strip()),), level))
                parts += inner
        elif isinstance(block, CodeBlock):
            lines = clean(block.text).rstrip("\n").split("\n")
            parts += [QuotePart((Span(text or " ", code=True),), level, not n) for n, text in enumerate(lines)]
        else:
            spans = normalise(_spans_of_block(block))
            if spans:
                parts.append(QuotePart(spans, level))
    return parts


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
