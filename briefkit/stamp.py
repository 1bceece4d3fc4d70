"""The build stamp: what a pair of outputs was built from, shown on both and stored in both.

In: the document, its theme and the files they reference. Out: a `Stamp` holding a short
fingerprint (a hash of every input that shapes the outputs: the content file, the images it
references, the theme files and template, the font files' names and sizes, and briefkit's version)
and the date that outputs carry in their footers and metadata.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from . import __version__

FINGERPRINT_LENGTH = 12


@dataclass(frozen=True)
class Stamp:
    fingerprint: str
    date: datetime.date
    version: str = __version__

    @property
    def text(self) -> str:
        """What footers show: 'a1b2c3d4e5f6 · 2026-11-24'."""
        return f"{self.fingerprint} · {self.date.isoformat()}"

    @property
    def timestamp(self) -> datetime.datetime:
        """The moment metadata records: SOURCE_DATE_EPOCH when set, else the brief's date."""
        epoch = source_date_epoch()
        if epoch is not None:
            return epoch
        return datetime.datetime.combine(self.date, datetime.time(0, 0), datetime.timezone.utc)


def source_date_epoch() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC datetime, or None when unset or not a number."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(raw), datetime.timezone.utc)


def fingerprint(files: list[Path], fonts: list[Path]) -> str:
    """A short hash of the input files' bytes, the font files' names and sizes, and the version."""
    digest = hashlib.sha256(f"briefkit {__version__}\n".encode())
    for path in files:
        digest.update(f"file {path.name}\n".encode())
        if not path.is_file():
            digest.update(b"<missing>")
            continue
        with open(path, "rb") as handle:  # in pieces: an input may be large
            while piece := handle.read(1 << 20):
                digest.update(piece)
    for path in sorted(set(fonts)):
        size = path.stat().st_size if path.is_file() else -1
        digest.update(f"font {path.name} {size}\n".encode())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]
