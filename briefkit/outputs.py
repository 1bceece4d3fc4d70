"""Output files: where a brief's outputs go, what they carry, and how they are replaced.

In: the output folder, a brief's stem and rendered bytes. Out: files replaced all together only
after every one of them was rendered and written to a temporary file beside its target, so a
failed or killed build never leaves a half-written or mismatched pair. Reading the stored
fingerprint back uses the standard library only, so an up-to-date check stays instant.
"""

from __future__ import annotations

import errno
import json
import mmap
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

TEMP_SUFFIX = ".briefkit-tmp"
PDF_FINGERPRINT_KEY = b"/BriefkitFingerprint"
_PDF_FINGERPRINT = re.compile(rb"/BriefkitFingerprint\s*\((?P<fp>[0-9a-f]+)\)")
_PPTX_IDENTIFIER = re.compile(r"<dc:identifier>(?P<fp>[0-9a-f]+)</dc:identifier>")


@dataclass(frozen=True)
class Targets:
    """The files one brief produces in one output folder."""

    folder: Path
    stem: str
    flow_count: int
    chart_count: int = 0

    @property
    def pdf(self) -> Path:
        return self.folder / f"{self.stem}.pdf"

    @property
    def pptx(self) -> Path:
        return self.folder / f"{self.stem}.pptx"

    def figure(self, number: int, fmt: str) -> Path:
        """The export of flow block `number` (counting from 1) as 'png' or 'svg'."""
        return self.folder / f"{self.stem}-flow-{number}.{fmt}"

    def chart(self, number: int, fmt: str) -> Path:
        """The export of chart block `number` (counting from 1) as 'png' or 'svg'."""
        return self.folder / f"{self.stem}-chart-{number}.{fmt}"

    @property
    def manifest(self) -> Path:
        """A hidden record of the inputs the outputs were built from (see `Manifest`)."""
        return self.folder / f".{self.stem}.briefkit.json"

    def figures(self) -> list[Path]:
        flows = [self.figure(n, fmt) for n in range(1, self.flow_count + 1) for fmt in ("png", "svg")]
        return flows + [self.chart(n, fmt) for n in range(1, self.chart_count + 1) for fmt in ("png", "svg")]

    def stale_figures(self) -> list[Path]:
        """Exports of flow and chart blocks the brief no longer has."""
        found = []
        for kind, count in (("flow", self.flow_count), ("chart", self.chart_count)):
            pattern = re.compile(re.escape(self.stem) + rf"-{kind}-(\d+)\.(png|svg)")
            for path in self.folder.glob(f"{glob_escape(self.stem)}-{kind}-*.*"):
                match = pattern.fullmatch(path.name)
                if match and int(match[1]) > count:
                    found.append(path)
        return found


@dataclass(frozen=True)
class Manifest:
    """What the current outputs were built from: the fingerprint and the files it covers.

    It lets a rebuild prove "up to date" by hashing the listed files again, without parsing
    the brief or importing a Markdown or YAML parser: if the content file is unchanged, so is
    the list of files it references. `figures` holds, per flow block, a key of what its PNG and
    SVG exports were drawn from, so an edit elsewhere in the brief does not redraw them, or ''
    when the exports in place were not drawn from the current inputs.
    """

    fingerprint: str
    inputs: tuple[str, ...]
    fonts: tuple[str, ...]
    figures: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()  # the same per chart block

    def to_bytes(self) -> bytes:
        data = {"fingerprint": self.fingerprint, "inputs": list(self.inputs), "fonts": list(self.fonts)}
        data["figures"] = list(self.figures)
        data["charts"] = list(self.charts)
        return json.dumps(data, indent=1).encode()

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_bytes())
            figures = tuple(map(str, data.get("figures", ())))
            charts = tuple(map(str, data.get("charts", ())))
            return cls(
                str(data["fingerprint"]),
                tuple(map(str, data["inputs"])),
                tuple(map(str, data["fonts"])),
                figures,
                charts,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def pdf_fingerprint(path: Path) -> str | None:
    """The fingerprint stored in a PDF's Info dictionary, or None.

    The whole file is searched from its end (mapped, not read): reportlab writes the pages
    after the Info dictionary, which a 40-page report already puts 70 KB before the end.
    """
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = data.rfind(PDF_FINGERPRINT_KEY)
            match = _PDF_FINGERPRINT.match(data[start : start + 200]) if start >= 0 else None
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    return match["fp"].decode() if match else None


def pptx_fingerprint(path: Path) -> str | None:
    """The fingerprint stored as the deck's core-property identifier, or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    match = _PPTX_IDENTIFIER.search(core)
    return match["fp"] if match else None


def replace_all(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary sibling, then move each into place.

    Nothing is replaced until every temporary file is complete on disk; on any error the
    temporary files are removed and the old outputs stay exactly as they were.
    """
    for target in files:
        if target.is_dir():  # os.replace would refuse it only after replacing the files before it
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    temps: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            temp = target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")
            temps[target] = temp
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for target, temp in temps.items():
            os.replace(temp, target)
    finally:
        for temp in temps.values():
            if temp.exists():
                temp.unlink()


def clean_stale_temps(folder: Path) -> None:
    """Remove temporary files left by builds that were killed (their process is gone)."""
    for temp in folder.glob(f".*{TEMP_SUFFIX}"):
        pid = temp.name[: -len(TEMP_SUFFIX)].rsplit(".", 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            try:
                temp.unlink()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
