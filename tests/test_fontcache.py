"""Font metrics kept per machine: the same widths as a fresh parse, renewed when a font or its
cached file changes, and the same output bytes whether the cache helps or not."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from briefkit import fontcache
from briefkit.fonts import family_files
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


def theme_fonts() -> list[Path]:
    theme = load_theme(None, BRIEF)
    return sorted({path for family in vars(theme.fonts).values() for path in family_files(family).values()})


def stored_files(folder: Path) -> list[Path]:
    return sorted((folder / "fonts").glob("*.metrics"))


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
    monkeypatch.setattr(fontcache, "parse", lambda path: pytest.fail(f"{path.name} was parsed again"))
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


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-9] + bytes(9),  # the last code points zeroed
        lambda data: b"not a header\n" + data,
        lambda data: b"",
    ],
    ids=["cut", "zeroed", "garbled", "empty"],
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


def test_outputs_are_the_same_bytes_with_and_without_the_cache(tmp_path):
    """A build parsing every font (a cache folder it cannot write), one filling an empty cache
    and one reading it give the same files."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    runs = {"none": blocker / "cache", "cold": tmp_path / "cache", "warm": tmp_path / "cache"}
    built = {}
    for label, folder in runs.items():
        out = tmp_path / label
        env = {**os.environ, fontcache.CACHE_ENV: str(folder), "PYTHONPATH": str(PROJECT_DIR)}
        command = [sys.executable, "build.py", str(BRIEF), "--out", str(out)]
        subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
        built[label] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    assert not blocker.is_dir() and stored_files(tmp_path / "cache")
    assert {".pdf", ".pptx", ".png", ".svg"} <= {Path(name).suffix for name in built["none"]}
    assert built["none"] == built["cold"] == built["warm"]
