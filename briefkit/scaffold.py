"""`briefkit init`: a new brief project that builds at once.

In: a folder (made when missing). Out: the paths written: briefkit.yaml, a sample brief in
content/ that shows every feature of the content format (with its image), an assets/ folder
with a copy of the default theme to edit (assets/themes/default.yaml, laid over the bundled
one) and an empty assets/fonts/. Nothing that exists is overwritten: an existing file is a
located error and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError
from .places import BUNDLED_DIR, DEFAULT_THEME

SAMPLE = BUNDLED_DIR / "project"
FILES = {  # written into the new project: {path in the project: the file it copies}
    Path("briefkit.yaml"): SAMPLE / "briefkit.yaml",
    Path("content/brief.md"): SAMPLE / "content" / "brief.md",
    Path("content/figure.png"): SAMPLE / "content" / "figure.png",
    Path("assets/themes/default.yaml"): DEFAULT_THEME,
}
FOLDERS = (Path("assets/fonts"), Path("output"))


def make_project(folder: Path) -> list[Path]:
    """Write a new project into `folder`; returns the files written."""
    targets = {folder / name: source for name, source in FILES.items()}
    for target in targets:
        if target.exists() or target.is_symlink():
            raise ContentError.at(target, 0, "already exists", "init makes a new project: name an empty folder")
    try:
        for target, source in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:  # never over a file that appeared meanwhile
                handle.write(source.read_bytes())
        for name in FOLDERS:
            (folder / name).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else folder
        raise ContentError.at(where, 0, f"cannot write the project: {exc.strerror or exc}") from None
    return list(targets)
