"""Project settings: the optional briefkit.yaml at the root of the folder briefkit runs in.

In: the project folder (places.PROJECT_DIR, the working directory). Out: `Settings`, the
project's defaults for every brief in it: the theme a brief gets when it names none, the
output folder, and the classification a brief gets when it states none. Read as strictly as a
theme: unknown keys are located errors with a "did you mean", bad values name their line.
Without a briefkit.yaml every default is briefkit's own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import places
from .errors import ContentError

SETTINGS_NAME = "briefkit.yaml"
KEYS = ["theme", "output", "classification"]


@dataclass(frozen=True)
class Settings:
    """A project's defaults; `lines` locates each key as written in `path`."""

    path: Path
    theme: str | None = None
    output: Path | None = None
    classification: str | None = None
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 0)

    @property
    def out_dir(self) -> Path:
        """Where builds write when no --out is given: `output`, relative to the project."""
        return self.path.parent / (self.output or Path("output"))

    def apply(self, doc):
        """`doc` with the project's classification when the brief states none of its own."""
        if doc.meta.classification or not self.classification:
            return doc
        meta = dataclasses.replace(doc.meta, classification=self.classification)
        return dataclasses.replace(doc, meta=meta)


def settings_path(root: Path | None = None) -> Path:
    return (root or places.PROJECT_DIR) / SETTINGS_NAME


def project_inputs(root: Path | None = None) -> list[Path]:
    """Project files that shape every brief's outputs whether or not they exist yet.

    They belong in every fingerprint (a missing file counts as missing), so creating one, such
    as a project default theme, makes the outputs out of date like editing it does.
    """
    themes = (root / "assets" / "themes") if root else places.THEMES_DIR
    return [settings_path(root), themes / places.DEFAULT_THEME.name]


def load_settings(root: Path | None = None) -> Settings:
    """The settings of the project at `root` (default: the working directory's project)."""
    path = settings_path(root)
    if not path.is_file():
        return Settings(path)
    from .read import decode
    from .read.yamlnodes import load_mapping, scalar, unknown_key

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError.at(path, 0, f"cannot read project settings: {exc.strerror or exc}") from None
    entries = load_mapping(decode(data, path), path, 1)
    values: dict[str, str] = {}
    for key, entry in entries.items():
        if key not in KEYS:
            raise unknown_key(path, entry, KEYS, "project settings")
        if entry.node.tag == "tag:yaml.org,2002:null":
            continue
        values[key] = " ".join(scalar(path, entry).split())
        if not values[key]:
            raise ContentError.at(path, entry.line, f"'{key}' needs a value", f"remove the line or write {key}: ...")
    if "theme" in values:
        _check_theme(path, entries["theme"].line, values["theme"])
    output = None
    if "output" in values:
        output = Path(values["output"])
        if (path.parent / output).is_file():
            raise ContentError.at(path, entries["output"].line, f"output '{output}' is a file, not a folder")
    lines = tuple((entry.key, entry.line) for entry in entries.values())
    return Settings(path, values.get("theme"), output, values.get("classification"), lines)


def _check_theme(path: Path, line: int, name: str) -> None:
    """A located error, with a "did you mean", when the settings name a theme that is not there."""
    import difflib

    from . import theme

    try:
        found = theme.theme_path(name, path).is_file()
    except (OSError, RuntimeError, ValueError):
        found = False
    if not found:
        names = theme.theme_names()
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "themes: " + ", ".join(names)
        raise ContentError.at(path, line, f"theme '{name}' not found", hint)
