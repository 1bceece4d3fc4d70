"""`--check` proves the outputs are the ones the brief builds: every tampering is found and named.

One brief with an agenda, a picture, a table, a code block and a flow with an unconfirmed
("?", dashed) item is built once; each test edits a copy of its outputs as a person (or a
forger) would and expects exit 1 with a line naming the file and the page, slide or shape.
"""

from __future__ import annotations

import copy
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from briefkit.cli import main
from briefkit.pipeline import build

BRIEF = """---
title: Supply lines
date: 2026-01-15
classification: RESTRICTED
---
Lead text of the brief.

# Foundations

Paragraph on the foundations.

![A picture of the border](pic.png)

# Flows

| Item | Tonnes |
|------|-------:|
| Fuel | 40 |
| Shells | 12 |

```flow
North -> South: fuel, shells?
```

# Code

```
route --from north --to south
```

# Outlook

- first point
- second point
"""


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("proves")
    Image.new("RGB", (64, 48), "steelblue").save(folder / "pic.png")
    (folder / "brief.md").write_text(BRIEF, encoding="utf-8")
    build(folder / "brief.md", folder / "out")
    return folder


@pytest.fixture
def case(original, tmp_path) -> tuple[Path, Path]:
    """(brief, output folder): a copy of the built brief for one test to tamper with."""
    folder = tmp_path / "case"
    shutil.copytree(original, folder)
    return folder / "brief.md", folder / "out"


def check(brief: Path, out: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["--check", str(brief), "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def edit_deck(path: Path, change) -> None:
    deck = Presentation(str(path))
    change(deck)
    deck.save(str(path))


def set_text(shape, old: str, new: str) -> bool:
    for paragraph in shape.text_frame.paragraphs if shape.has_text_frame else ():
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                return True
    return False


def first_slide_with(deck, wanted) -> int:
    return next(number for number, slide in enumerate(deck.slides) if any(wanted(s) for s in slide.shapes))


def test_a_clean_build_is_in_sync(case, capsys):
    code, text = check(*case, capsys)
    assert code == 0, text


def test_one_word_changed_on_the_agenda_slide(case, capsys):
    brief, out = case

    def change(deck):
        agenda = first_slide_with(
            deck, lambda s: s.has_text_frame and "Outlook" in s.text_frame.text and "Code" in s.text_frame.text
        )
        assert any(set_text(shape, "Outlook", "Outcome") for shape in deck.slides[agenda].shapes)

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1
    assert "modified after the build" in text
    assert re.search(r'brief\.pptx: slide \d+, shape "[^"]+": .*"Outcome" where the build has .*"Outlook"', text), text


def test_two_slides_swapped(case, capsys):
    brief, out = case

    def change(deck):
        ids = deck.slides._sldIdLst
        third = ids[2]
        ids.remove(third)
        ids.insert(3, third)

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1
    assert "slides moved" in text, text


def test_the_image_slide_deleted(case, capsys):
    brief, out = case

    def change(deck):
        number = first_slide_with(deck, lambda s: s.shape_type == 13)  # a picture
        ids = deck.slides._sldIdLst
        ids.remove(ids[number])

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1
    assert "slides where the build has" in text and "is missing" in text, text


def test_a_slide_appended(case, capsys):
    brief, out = case

    def change(deck):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = "Invented conclusion"

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1
    assert 'added ("Invented conclusion")' in text, text


def test_a_table_cell_changed_in_the_deck(case, capsys):
    brief, out = case

    def change(deck):
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.has_table:
                    shape.table.cell(1, 1).text_frame.paragraphs[0].runs[0].text = "400"
                    return
        raise AssertionError("no table")

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1
    assert '"400" where the build has "40"' in text or ("400" in text and "40" in text), text


def test_the_title_slide_title_changed(case, capsys):
    brief, out = case
    edit_deck(out / "brief.pptx", lambda deck: set_text(deck.slides[0].shapes.title, "Supply lines", "Supply chains"))
    code, text = check(brief, out, capsys)
    assert code == 1
    assert re.search(r'slide 1, shape "[^"]+": "Supply chains" where the build has "Supply lines"', text), text


def test_the_classification_changed_on_every_slide(case, capsys):
    brief, out = case

    def change(deck):
        changed = [set_text(shape, "RESTRICTED", "UNCLASSIFIED") for slide in deck.slides for shape in slide.shapes]
        assert any(changed)

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1 and '"UNCLASSIFIED" where the build has "RESTRICTED"' in text, text


def test_dashed_arrows_made_solid(case, capsys):
    brief, out = case

    def change(deck):
        removed = 0
        for slide in deck.slides:
            for dash in slide._element.xpath(".//a:prstDash"):
                dash.getparent().remove(dash)
                removed += 1
        assert removed

    edit_deck(out / "brief.pptx", change)
    code, text = check(brief, out, capsys)
    assert code == 1
    assert "drawn differently" in text and "prstDash" in text, text


def forge(case, variant: str, name: str) -> None:
    """Replace output `name` by the build of a changed brief that carries the original's fingerprint."""
    brief, out = case
    other = brief.with_name("other.md")
    other.write_text(variant, encoding="utf-8")
    build(other, out.parent / "forged")
    data = (out.parent / "forged" / f"other{Path(name).suffix}").read_bytes()
    if name.endswith(".pdf"):
        real = re.search(rb"/BriefkitFingerprint \((\w+)\)", (out / name).read_bytes())[1]
        data = re.sub(rb"(/BriefkitFingerprint \()\w+", rb"\g<1>" + real, data)
    else:
        with zipfile.ZipFile(out / name) as archive:
            real_core = archive.read("docProps/core.xml")
        data = repack(data, {"docProps/core.xml": real_core})
    (out / name).write_bytes(data)


def repack(data: bytes, parts: dict[str, bytes]) -> bytes:
    import io

    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(copy.copy(item), parts.get(item.filename, source.read(item.filename)))
    return target.getvalue()


@pytest.mark.parametrize(
    "old, new",
    [
        ("| Fuel | 40 |", "| Fuel | 90 |"),
        ("classification: RESTRICTED", "classification: PUBLIC"),
        ("--to south", "--to west"),
    ],
    ids=["table cell", "classification", "code block"],
)
def test_a_forged_report_with_the_copied_fingerprint(case, capsys, old, new):
    forge(case, BRIEF.replace(old, new), "brief.pdf")
    code, text = check(*case, capsys)
    assert code == 1
    assert "brief.pdf: modified after the build" in text, text
    assert re.search(r"brief\.pdf: page \d+: .*" + re.escape(new.split()[-2 if "|" in new else -1]), text), text


def test_a_forged_deck_with_the_copied_fingerprint(case, capsys):
    forge(case, BRIEF.replace("--to south", "--to west"), "brief.pptx")
    code, text = check(*case, capsys)
    assert code == 1
    assert "brief.pptx: modified after the build" in text and "west" in text, text


def test_outputs_of_an_older_brief_are_stale(case, capsys):
    brief, out = case
    brief.write_text(BRIEF.replace("- second point", "- second, revised point"), encoding="utf-8")
    code, text = check(brief, out, capsys)
    assert code == 1
    assert "brief.pdf: stale: the content changed since" in text
    assert "brief.pptx: stale: the content changed since" in text
    assert '"second, revised point"' in text.replace("• ", ""), text


def test_only_pdf_checks_the_report_alone(case, capsys):
    brief, out = case
    (out / "brief.pptx").unlink()
    code, text = check(brief, out, capsys, "--only", "pdf")
    assert code == 0, text
    code, text = check(brief, out, capsys)
    assert code == 1 and "brief.pptx: missing" in text


@pytest.mark.parametrize(
    "heading",
    ["סקירה כללית של המצב", "Status 🚀🔥 report ✅", "𠀋𠂉𪚲 稀有汉字 𩸽"],
    ids=["hebrew", "emoji", "rare cjk"],
)
def test_any_script_builds_in_sync(write_brief, tmp_path, capsys, heading):
    brief = write_brief(f"# {heading}\n\nText about {heading}.\n\n- {heading}\n")
    build(brief, tmp_path / "out")
    code, text = check(brief, tmp_path / "out", capsys)
    assert code == 0, text
