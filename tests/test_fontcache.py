"""Font files parsed once per machine: the same widths and the same reportlab fonts as a fresh
parse, renewed when a font or its cached file changes, and the same output bytes whether the
cache helps or not."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from briefkit import fontcache
from briefkit.fonts import fallback_files, family_files, truetype_font
from briefkit.theme import load_theme

PROJECT_DIR = Path(__file__).resolve().parent.parent
BRIEF = PROJECT_DIR / "content" / "brief.md"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of the test's own, with no metrics held in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(fontcache.CACHE_ENV, str(folder))
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    fontcache.metrics.cache_clear()
    fontcache.measurer.cache_clear()
    fontcache._record.cache_clear()


def theme_fonts() -> list[Path]:
    theme = load_theme(None, BRIEF)
    return sorted({path for family in vars(theme.fonts).values() for path in family_files(family).values()})


def stored_files(folder: Path) -> list[Path]:
    return sorted((folder / "fonts").glob(f"*{fontcache.SUFFIX}"))


def samples(codes: list[int], count: int = 200) -> list[str]:
    """Strings of the font's own characters, some it lacks, and the empty string."""
    pick = random.Random(18)
    pool = [*codes, 0xAC00, 0x10FFFF, 0x0301]
    return [""] + ["".join(chr(pick.choice(pool)) for _ in range(pick.randint(1, 30))) for _ in range(count)]


def test_widths_read_from_the_cache_are_those_of_a_fresh_parse(cache, monkeypatch):
    fonts = theme_fonts()
    for path in fonts:
        fontcache.metrics(path)  # parsed and stored
    assert len(stored_files(cache)) == len({path.read_bytes() for path in fonts})
    _forget()
    monkeypatch.setattr(fontcache, "parse_state", lambda path: pytest.fail(f"{path.name} was parsed again"))
    for path in fonts:
        name = f"cachetest-{path.stem}"
        registerFont(TTFont(name, str(path)))
        fresh = TTFont(name, str(path)).face
        found = fontcache.metrics(path)
        assert found.widths == fresh.charWidths and found.default_width == fresh.defaultWidth
        assert found.codes == frozenset(fresh.charToGlyph)
        family = fresh.familyName
        assert found.family == (family.decode() if isinstance(family, bytes) else family)
        for text in samples(sorted(fresh.charWidths)):
            for size in (7.5, 10, 22, 13.37):
                assert fontcache.text_width(text, path, size) == stringWidth(text, name, size), (path.name, text)


def same_attributes(ours: object, theirs: object, where: str) -> None:
    """Every attribute of `ours` equals that of `theirs` in value and type, down to the types of
    numbers inside lists and pairs; functions, weak maps and faces are compared elsewhere."""
    assert vars(ours).keys() == vars(theirs).keys(), where
    for name, value in vars(theirs).items():
        found = vars(ours)[name]
        if name in ("face", "state", "_pdfScale"):
            continue
        if name == "encoding":
            value, found = vars(value), vars(found)
        assert type(found) is type(value) and found == value, (where, name)
        if isinstance(value, dict):
            assert list(found.items()) == list(value.items()), (where, name, "order")
            value, found = list(value.values()), list(found.values())
        if isinstance(value, list):
            shapes = [type(item) if not isinstance(item, (tuple, list)) else tuple(map(type, item)) for item in value]
            assert shapes == [
                type(item) if not isinstance(item, (tuple, list)) else tuple(map(type, item)) for item in found
            ], (where, name, "types")


def every_font() -> list[Path]:
    return [*theme_fonts(), *fallback_files()]


def test_a_font_rebuilt_from_the_cache_is_reportlabs_own(cache):
    """The font the report registers, first and every later time, equals reportlab's TTFont of the
    file: every attribute of the font and of its face, the types of the numbers in them too."""
    for path in every_font():
        theirs = TTFont(path.stem, str(path))
        for when in ("first", "later"):
            _forget()
            ours = truetype_font(path.stem, path)
            for name in vars(theirs.face):  # tables are read when first used: use each
                getattr(ours.face, name)
            same_attributes(ours, theirs, f"{path.name} {when}")
            same_attributes(ours.face, theirs.face, f"{path.name} face {when}")
            for units in (0, 1, 777, 1000, 2048, -3):
                assert ours.face._pdfScale(units) == theirs.face._pdfScale(units)
            assert ours.face.charWidths is not truetype_font(path.stem, path).face.charWidths  # shaping adds to it


def test_a_font_in_the_cache_is_registered_without_reportlab_parsing_it(cache, monkeypatch):
    for path in every_font():
        truetype_font(path.stem, path)
    _forget()
    monkeypatch.setattr(TTFontFile, "extractInfo", lambda *args: pytest.fail("reportlab parsed a cached font"))
    for path in every_font():
        face = truetype_font(path.stem, path).face
        assert face.charWidths and face.glyphPos and face.name


def test_a_parse_the_cache_cannot_hold_is_parsed_on_every_use(cache, monkeypatch):
    """A value of a kind the file has no form for (a newer reportlab might set one) leaves the
    font parsed each time, and still reportlab's own."""
    font = family_files(load_theme(None, BRIEF).fonts.mono)["regular"]
    parse_state = fontcache.parse_state
    monkeypatch.setattr(fontcache, "parse_state", lambda path: {**parse_state(path), "oddity": {1.5: object()}})
    parses = []
    extract = TTFontFile.extractInfo
    monkeypatch.setattr(TTFontFile, "extractInfo", lambda face, *args: parses.append(1) or extract(face, *args))
    for _ in range(2):
        ours = truetype_font("odd", font)
        same_attributes(ours.face, TTFont("odd", str(font)).face, "odd")
    assert not stored_files(cache)
    assert len(parses) == 2 + 1 + 2  # our parse once, the face's own each use, each comparison's


def test_a_changed_font_file_is_parsed_again(cache, tmp_path):
    sans = family_files(load_theme(None, BRIEF).fonts.heading)["regular"]
    mono = next(path for path in theme_fonts() if "Mono" in path.name)
    font = tmp_path / "Changing.ttf"
    shutil.copyfile(sans, font)
    before = fontcache.metrics(font)
    assert before.family == "DejaVu Sans"
    shutil.copyfile(mono, font)
    os.utime(font, ns=(font.stat().st_atime_ns, font.stat().st_mtime_ns + 1_000_000_000))
    _forget()
    after = fontcache.metrics(font)
    assert after.family == fontcache.parse(mono).family != before.family
    assert after.widths == fontcache.parse(mono).widths
    assert len(stored_files(cache)) == 2  # one file per content, the old one harmless


def rewritten(data: bytes, change) -> bytes:
    """A cache file whose header `change` altered, its checksum still right."""
    line, payload = data.split(b"\n", 1)
    header = json.loads(line)
    change(header)
    return json.dumps(header).encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-9] + bytes(9),  # the last code points zeroed
        lambda data: b"not a header\n" + data,
        lambda data: b"",
        lambda data: rewritten(data, lambda header: header["arrays"]["glyphPos"][1][0].__setitem__(1, 10**9)),
        lambda data: rewritten(data, lambda header: header["arrays"]["charWidths"].__setitem__(0, "grid")),
        lambda data: rewritten(data, lambda header: header["fields"].__setitem__("name", {"pickle": "x"})),
        lambda data: rewritten(data, lambda header: header.__setitem__("reportlab", "0.1")),
    ],
    ids=["cut", "zeroed", "garbled", "empty", "beyond", "kind", "tag", "another reportlab"],
)
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache, damage):
    font = family_files(load_theme(None, BRIEF).fonts.slide_body)["bold"]
    good = fontcache.metrics(font)
    (stored,) = stored_files(cache)
    whole = stored.read_bytes()
    stored.write_bytes(damage(whole))
    _forget()
    again = fontcache.metrics(font)
    assert again.widths == good.widths and again.codes == good.codes and again.family == good.family
    assert stored.read_bytes() == whole


def test_a_damaged_note_of_a_fonts_hash_is_ignored(cache):
    font = family_files(load_theme(None, BRIEF).fonts.slide_body)["italic"]
    good = fontcache.metrics(font)
    (note,) = (cache / "fonts" / "seen").glob("*.json")
    note.write_text('["x", 1, 2, 3, "' + "0" * 64 + '"]')
    _forget()
    assert fontcache.metrics(font).widths == good.widths


def test_an_unwritable_cache_folder_still_measures(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(fontcache.CACHE_ENV, str(blocker / "cache"))
    _forget()
    font = family_files(load_theme(None, BRIEF).fonts.heading)["bold"]
    assert fontcache.metrics(font).widths == fontcache.parse(font).widths
    _forget()


# A build whose fonts are parsed by reportlab as it does without any cache: registered as
# reportlab's own TTFont and measured from a fresh parse.
PARSING_BUILD = """
import sys
from reportlab.pdfbase.ttfonts import TTFont
from briefkit import cli, fontcache, fonts
fonts.truetype_font = lambda name, path: TTFont(name, str(path))
fontcache.metrics = fontcache.parse
sys.exit(cli.main(sys.argv[1:]))
"""

MIXED_SCRIPTS = """---
title: "Scripts: 서울, 東京, القاهرة"
---

# Places

Seoul (서울) trades with Tokyo (東京), Cairo (القاهرة),
Athens (Αθήνα) and Tel Aviv (תל אביב).

```flow
서울 -> 東京: parts
東京 -> Cairo: goods
```
"""


@pytest.mark.parametrize("brief", ["default", "mixed scripts"])
def test_outputs_are_the_same_bytes_with_and_without_the_cache(tmp_path, brief):
    """A build whose fonts reportlab parses itself, one filling an empty cache, one reading it and
    one with a cache folder it cannot write give the same files."""
    source = BRIEF
    if brief != "default":
        source = tmp_path / "scripts.md"
        source.write_text(MIXED_SCRIPTS, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    runs = {
        "parsed": ("-c", PARSING_BUILD, tmp_path / "cache-parsed"),
        "cold": ("build.py", None, tmp_path / "cache"),
        "warm": ("build.py", None, tmp_path / "cache"),
        "unwritable": ("build.py", None, blocker / "cache"),
    }
    built = {}
    for label, (how, script, folder) in runs.items():
        out = tmp_path / label
        env = {**os.environ, fontcache.CACHE_ENV: str(folder), "PYTHONPATH": str(PROJECT_DIR)}
        command = [sys.executable, *([how, script] if script else [how]), str(source), "--out", str(out)]
        subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
        built[label] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    assert not blocker.is_dir() and stored_files(tmp_path / "cache")
    assert not stored_files(tmp_path / "cache-parsed") or brief  # the parsing build keeps no font
    assert {".pdf", ".pptx", ".png", ".svg"} <= {Path(name).suffix for name in built["parsed"]}
    assert built["parsed"] == built["cold"] == built["warm"] == built["unwritable"]
