"""`--watch` builds once, then rebuilds the briefs an edit affects, survives errors, stops cleanly.

Every wait polls with a deadline; nothing asserts how long anything took.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT_DIR
from PIL import Image

from briefkit.outputs import pdf_fingerprint
from briefkit.pipeline import FORMATS
from briefkit.watch import watch_briefs

DEADLINE = 120.0  # seconds any single wait may take before the test gives up
STAMP = re.compile(r"\d\d:\d\d:\d\d ")  # every line of the watch starts with the time


def unstamped(line: str) -> str:
    """A watch line without its time stamp; a line without one fails the test."""
    assert STAMP.match(line), f"no time stamp: {line!r}"
    return line[STAMP.match(line).end() :]


BODY = "# Only section\n\nSome prose.\n\n- a point\n"


def wait_until(condition: Callable[[], object], what: str, output: Callable[[], str] = str) -> object:
    """The first truthy value of `condition()`, polled until the deadline; `output` explains a failure."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"gave up waiting for {what}; the watch said:\n{output()}")


class Watching:
    """`python build.py --watch` as a subprocess; its output lines are collected as they come."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT_DIR / "build.py"), "--watch", *args],
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self.readers = [
            threading.Thread(target=self._collect, args=(self.process.stdout, self.out), daemon=True),
            threading.Thread(target=self._collect, args=(self.process.stderr, self.err), daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _collect(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def started(self) -> bool:
        return any(unstamped(line).startswith("watching") for line in self.out)

    def said(self) -> str:
        return "\n".join(self.out + self.err)

    def builds(self) -> list[str]:
        return [line for line in self.out if " -> " in line]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=60)
        for reader in self.readers:
            reader.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()


def test_it_rebuilds_on_save_survives_a_broken_file_and_stops_cleanly_on_ctrl_c(write_brief, tmp_path):
    brief, out = write_brief(BODY), tmp_path / "out"
    watching = Watching(str(brief), "--out", str(out))
    try:
        wait_until(watching.started, "the watch to start", watching.said)
        assert len(watching.builds()) == 1 and f"{out / 'brief.pdf'} (" in watching.builds()[0]
        first = pdf_fingerprint(out / "brief.pdf")

        brief.write_text(brief.read_text().replace("Some prose.", "Some new prose."))
        wait_until(lambda: len(watching.builds()) == 2, "a rebuild after the edit", watching.said)
        second = pdf_fingerprint(out / "brief.pdf")
        assert second not in (None, first)
        assert watching.builds()[1].split(" ", 1)[1].startswith(f"{brief} -> {out / 'brief.pdf'}")

        write_brief(BODY, clasification="red")
        error = f"{brief}:2: unknown front matter key 'clasification'"
        located = lambda: any(unstamped(line).startswith(error) for line in watching.err)  # noqa: E731
        wait_until(located, "the located error", watching.said)
        wait_until(lambda: any("not built" in line for line in watching.out), "the not-built line", watching.said)
        assert watching.process.poll() is None
        assert pdf_fingerprint(out / "brief.pdf") == second

        write_brief(BODY + "\nFixed.\n")
        wait_until(lambda: len(watching.builds()) == 3, "a rebuild after the fix", watching.said)
        assert pdf_fingerprint(out / "brief.pdf") not in (first, second)

        watching.process.send_signal(signal.SIGINT)
        assert watching.process.wait(timeout=60) == 0
    finally:
        watching.stop()
    assert "Traceback" not in "\n".join(watching.err)
    assert unstamped(watching.out[-1]) == "stopped watching"
    assert all(unstamped(line) for line in watching.out + watching.err)  # errors are stamped too


def in_thread(briefs: list[Path], out: Path) -> tuple[threading.Event, threading.Thread, dict]:
    """watch_briefs running in a thread: (its stop event, the thread, {"code": exit code} at the end)."""
    stop, outcome = threading.Event(), {}
    thread = threading.Thread(target=lambda: outcome.update(code=watch_briefs(briefs, out, FORMATS, stop)))
    thread.start()
    return stop, thread, outcome


def test_an_image_added_to_a_brief_is_watched_from_then_on(write_brief, tmp_path):
    brief, out = write_brief(BODY), tmp_path / "out"
    stop, thread, outcome = in_thread([brief], out)
    try:
        first = wait_until(lambda: pdf_fingerprint(out / "brief.pdf"), "the first build")
        Image.new("RGB", (40, 30), "red").save(tmp_path / "figure.png")
        brief.write_text(brief.read_text() + "\n![A figure](figure.png)\n")
        wait_until(lambda: pdf_fingerprint(out / "brief.pdf") not in (None, first), "a build with the image")
        second = pdf_fingerprint(out / "brief.pdf")
        Image.new("RGB", (40, 30), "blue").save(tmp_path / "figure.png")
        wait_until(lambda: pdf_fingerprint(out / "brief.pdf") not in (first, second), "a build after the image changed")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert outcome == {"code": 0}


def test_a_brief_waiting_for_a_missing_image_is_built_once_the_image_appears(write_brief, tmp_path, capsys):
    brief, out = write_brief(BODY + "\n![A figure](later.png)\n"), tmp_path / "out"
    stop, thread, outcome = in_thread([brief], out)
    errors: list[str] = []
    try:
        error = f"{brief}:11: image 'later.png' not found"
        wait_until(lambda: errors.append(capsys.readouterr().err) or error in "".join(errors), "the located error")
        Image.new("RGB", (40, 30), "green").save(tmp_path / "later.png")
        wait_until(lambda: pdf_fingerprint(out / "brief.pdf"), "a build once the image exists")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert outcome == {"code": 0}


def test_only_the_brief_whose_input_changed_is_rebuilt(write_brief, tmp_path, capsys):
    edited, other, out = write_brief(BODY, name="edited.md"), write_brief(BODY, name="other.md"), tmp_path / "out"
    stop, thread, outcome = in_thread([edited, other], out)
    try:
        wait_until(lambda: (out / "other.pdf").is_file(), "the other brief's build")
        first = wait_until(lambda: pdf_fingerprint(out / "edited.pdf"), "the edited brief's build")
        edited.write_text(edited.read_text() + "\nMore prose.\n")
        wait_until(lambda: pdf_fingerprint(out / "edited.pdf") != first, "the edited brief's rebuild")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert outcome == {"code": 0}
    lines = capsys.readouterr().out.splitlines()
    assert len([line for line in lines if f"{edited} -> " in line]) == 2
    assert len([line for line in lines if f"{other} -> " in line]) == 1
