"""Output files: where a brief's outputs go, what they carry, and how they are replaced.

In: the output folder, a brief's stem and rendered bytes. Out: files replaced all together only
after every one of them was rendered and written to a temporary file beside its target, so a
failed build never leaves a half-written or mismatched pair, and a killed one leaves a journal
from which the next build restores the previous pair. Reading the stored
fingerprint back uses the standard library only, so an up-to-date check stays instant.
"""

from __future__ import annotations

import errno
import functools
import json
import mmap
import os
import re
import secrets
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TEMP_SUFFIX = ".briefkit-tmp"
JOURNAL_SUFFIX = ".briefkit-journal"
PDF_FINGERPRINT_KEY = b"/BriefkitFingerprint"
_PDF_FINGERPRINT = re.compile(rb"/BriefkitFingerprint\s*\((?P<fp>[0-9a-f]+)\)")
_PPTX_IDENTIFIER = re.compile(r"<dc:identifier>(?P<fp>[0-9a-f]+)</dc:identifier>")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


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


def stored_path(path: Path, folder: Path) -> str:
    """How a manifest names an input: within briefkit or its bundled fonts by that root's name
    ("briefkit:data/themes/default.yaml"), the project's own files outside the brief's folder by
    "project:", anything else relative to `folder` (the brief's),
    so the manifest holds no path of the machine that built it, is the same in any output
    folder, and survives the project moving.
    """
    from .places import PROJECT_DIR

    resolved = Path(path).resolve()
    for name, root in _roots():
        if resolved.is_relative_to(root):
            return f"{name}:{resolved.relative_to(root).as_posix()}"
    project = PROJECT_DIR.resolve()
    if not resolved.is_relative_to(Path(folder).resolve()) and resolved.is_relative_to(project):
        return f"project:{resolved.relative_to(project).as_posix()}"  # the folder briefkit runs in
    try:
        return Path(os.path.relpath(resolved, Path(folder).resolve())).as_posix()
    except ValueError:  # another drive: no relative path exists
        return str(resolved)


def loaded_path(text: str, folder: Path) -> Path:
    """The input a manifest entry written by `stored_path` names."""
    from .places import PROJECT_DIR

    name, colon, rest = text.partition(":")
    if colon and name == "project":
        return PROJECT_DIR / rest
    for root_name, root in _roots():
        if colon and name == root_name:
            return root / rest
    return Path(folder) / text


@functools.cache
def _roots() -> tuple[tuple[str, Path], ...]:
    """Named folders manifest entries may be relative to; found without importing anything."""
    import importlib.util

    roots = [("briefkit", Path(__file__).resolve().parent)]  # the package: its bundled data
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.submodule_search_locations:
        fonts = Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"
        roots.insert(0, ("matplotlib-fonts", fonts.resolve()))
    return tuple(roots)


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
    """Write every file to a new temporary sibling, then move each into place, as one change.

    Temporary files are created exclusively under random names (`tempfile.mkstemp`: never
    through a planted link), and a link at a target's name is replaced, not followed. Nothing
    is replaced until every temporary file is complete on disk; on any error the temporary
    files are removed and the old outputs stay exactly as they were. While the files are
    moved, a journal in the folder names each target's previous file (kept as a hard link):
    should a move fail, every target already moved is restored before the error is raised,
    and should the build be killed, the next build of the folder restores them (`recover`).
    """
    if not files:
        return
    folder = next(iter(files)).parent
    for target in files:
        if target.parent != folder:
            raise ValueError(f"{target} is not in {folder}")
        if target.is_dir() and not target.is_symlink():  # os.replace would refuse it only later
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    temps: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            temps[target] = _write_temp(folder, f".{target.name}.{os.getpid()}.", TEMP_SUFFIX, data)
        with folder_lock(folder):
            recover(folder)
            _swap(folder, temps)
    finally:
        for temp in temps.values():
            _unlink(temp)


def _swap(folder: Path, temps: dict[Path, Path]) -> None:
    """Move every temporary file onto its target, journaled, restoring all on any failure."""
    backups = {target: _backup(target) for target in temps}
    entries = [[target.name, backup.name if backup else None] for target, backup in backups.items()]
    journal = _write_temp(folder, f".briefkit.{os.getpid()}.", JOURNAL_SUFFIX, json.dumps(entries).encode())
    _sync_folder(folder)  # the journal is on disk before the first target changes
    try:
        for target, temp in temps.items():
            os.replace(temp, target)
        _sync_folder(folder)
    except BaseException:
        _roll_back(folder, entries)  # should this fail too, the journal stays for the next build
        _unlink(journal)
        raise
    _unlink(journal)
    for backup in backups.values():
        if backup:
            _unlink(backup)


def recover(folder: Path) -> list[str]:
    """Undo the replacements of builds killed while replacing; returns the names restored.

    Call with the folder locked (`folder_lock`): every journal found then belongs to a build
    that is gone. A journal cut short by the kill was written before any target changed.
    """
    restored: list[str] = []
    for journal in sorted(folder.glob(f".*{JOURNAL_SUFFIX}")):
        entries = _read_journal(journal)
        if entries:
            _roll_back(folder, entries)
            restored += [name for name, _ in entries]
        _unlink(journal)
    if restored:
        _sync_folder(folder)
    return restored


def interrupted(folder: Path) -> list[str]:
    """The names of outputs in `folder` a killed build may have left mismatched (read only).

    A journal whose build is still running (its process id is in the name) is one in progress.
    """
    names: list[str] = []
    for journal in sorted(folder.glob(f".*{JOURNAL_SUFFIX}")):
        pid = journal.name.split(".")[2] if journal.name.count(".") >= 3 else ""
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        names += [name for name, _ in _read_journal(journal)]
    return names


def _read_journal(journal: Path) -> list[list]:
    """A journal's [target name, backup name or None] pairs; [] for one cut short or foreign."""
    try:
        entries = json.loads(_read_no_follow(journal))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    pairs = [entry for entry in entries if isinstance(entry, list) and len(entry) == 2]
    return [[name, backup] for name, backup in pairs if _plain_name(name) and (backup is None or _plain_name(backup))]


def _plain_name(name: object) -> bool:
    """True for a file name that stays in its folder (no separator, not '.' or '..')."""
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and os.sep not in name


def _roll_back(folder: Path, entries: list[list]) -> None:
    """Put every journaled target back as it was: its backup moved back, or removed if new."""
    for name, backup in entries:
        target = folder / name
        if backup is None:
            _unlink(target)
        elif os.path.lexists(folder / backup):
            os.replace(folder / backup, target)
            _unlink(folder / backup)  # still there when both names were one file: rename does nothing


def _backup(target: Path) -> Path | None:
    """A second name for `target`'s current file (a hard link), or None when there is none."""
    if not os.path.lexists(target):
        return None
    while True:
        backup = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            os.link(target, backup, follow_symlinks=False)
            return backup
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):  # no hard links here: keep a copy of the bytes
            if target.is_symlink():
                os.symlink(os.readlink(target), backup)
                return backup
            return _write_temp(target.parent, f".{target.name}.{os.getpid()}.", TEMP_SUFFIX, _read_no_follow(target))


def _write_temp(folder: Path, prefix: str, suffix: str, data: bytes) -> Path:
    """A new file in `folder` under a random name holding `data`, complete on disk."""
    fd, name = tempfile.mkstemp(suffix=suffix, prefix=prefix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o666 & ~_UMASK)  # as an ordinary new file
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _unlink(Path(name))
        raise
    return Path(name)


def _read_no_follow(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the folder's entries (new names, moved files) durable, where the system allows."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: one build at a time replaces files in it (POSIX; else no lock)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def tidy(folder: Path) -> None:
    """Repair what killed builds left in `folder`: half-replaced outputs and temporary files."""
    if not folder.is_dir():
        return
    with folder_lock(folder):
        recover(folder)
        clean_stale_temps(folder)


def clean_stale_temps(folder: Path) -> None:
    """Remove temporary files left by builds that were killed (their process is gone)."""
    for temp in folder.glob(f".*{TEMP_SUFFIX}"):
        parts = temp.name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
        pid = parts[-2] if len(parts) == 3 else ""
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
