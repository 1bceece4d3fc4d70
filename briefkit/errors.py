"""Located problems: every error and warning names a file and a line.

In: a path, a 1-based line (0 when the problem concerns the whole file), a message and an
optional hint. Out: `Problem` values that print as `PATH:LINE: message (hint)`, and
`ContentError`, which carries one or more of them. One formatter serves errors and warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    hint: str | None = None

    def format(self, kind: str = "") -> str:
        where = f"{display_path(self.path)}:{self.line}" if self.line else f"{display_path(self.path)}"
        label = f"{kind}: " if kind else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}: {label}{self.message}{hint}"


class ContentError(Exception):
    """Raised when a brief, its theme or its images cannot be built as written."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def at(cls, path: Path, line: int, message: str, hint: str | None = None) -> ContentError:
        return cls(Problem(path, line, message, hint))


class Warnings(list):
    """The warnings one build collects; a list of Problem with a convenience adder."""

    def add(self, path: Path, line: int, message: str, hint: str | None = None) -> None:
        self.append(Problem(path, line, message, hint))


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, as users typed it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
