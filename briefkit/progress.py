"""How far the renderers have got: events from the renderers in, a listener's calls out.

The renderers `report` events as they go: the report's pages as reportlab lays them out, the
deck's slides as they are drawn, the figure exports as they are written. Nobody hears them
unless a `listening(callback)` block runs: outside one, `report` returns at once. Renderers in
worker processes forked inside that block report through a pipe the block reads on a thread of
its own, so `callback` always runs in the process that listens (it may run on either thread).
Each process sends an event of a kind at most every INTERVAL seconds, but always the first and
the last of a count. Reporting never prints and never changes what is rendered.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from time import monotonic
from typing import TypeVar

INTERVAL = 0.1  # seconds between two events of one kind from one process: at most 10 a second


@dataclass(frozen=True)
class Pages:
    """The report's pages laid out so far (the report is laid out in one pass, so its page count
    is known only when that pass ends, which reports its last page whatever the time)."""

    done: int

    @property
    def complete(self) -> bool:
        return False


@dataclass(frozen=True)
class Slides:
    """The deck's slides drawn so far, out of the plan's `total`."""

    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class Figures:
    """The figure exports (a flow's or a chart's PNG and SVG) written so far, out of `total`."""

    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


Event = Pages | Slides | Figures
Item = TypeVar("Item")
_HEADER = struct.Struct("<I")  # an event's length, before its pickle; 0 ends the relay


class _Listener:
    """A callback, and the pipe that carries events to it from forked workers."""

    def __init__(self, callback: Callable[[Event], None]) -> None:
        self.callback = callback
        self.pid = os.getpid()
        self.reading, self.writing = os.pipe()
        self.sent: dict[type, tuple[float, Event]] = {}  # per kind: when and what this process sent last
        self.relay = threading.Thread(target=self._relay, name="briefkit-progress", daemon=True)

    def deliver(self, event: Event) -> None:
        if os.getpid() == self.pid:
            self.callback(event)
            return
        data = pickle.dumps(event)
        try:
            os.write(self.writing, _HEADER.pack(len(data)) + data)  # one short write: never interleaved
        except OSError:  # the listener has gone: nobody waits for the news
            pass

    def _relay(self) -> None:
        """Read events from the workers and hand them to the callback, until told to stop."""
        buffer = b""
        while True:
            chunk = os.read(self.reading, 65536)
            if not chunk:
                return
            buffer += chunk
            while len(buffer) >= _HEADER.size:
                (length,) = _HEADER.unpack_from(buffer)
                if length == 0:
                    return
                if len(buffer) < _HEADER.size + length:
                    break
                event = pickle.loads(buffer[_HEADER.size : _HEADER.size + length])
                buffer = buffer[_HEADER.size + length :]
                self.callback(event)

    def close(self) -> None:
        """Hand over every event the workers sent, then stop listening."""
        os.write(self.writing, _HEADER.pack(0))
        self.relay.join()
        os.close(self.reading)
        os.close(self.writing)


_listener: _Listener | None = None


@contextlib.contextmanager
def listening(callback: Callable[[Event], None]) -> Iterator[None]:
    """Within the block, every event reported here or in a worker forked here reaches `callback`;
    all of them have reached it when the block ends."""
    global _listener
    listener = _Listener(callback)
    listener.relay.start()
    before, _listener = _listener, listener
    try:
        yield
    finally:
        _listener = before
        listener.close()


def report(event: Event, force: bool = False) -> None:
    """Tell the listener, if any, about `event`; dropped when it repeats the last of its kind or
    when one went out less than INTERVAL ago, unless it completes its count or is `force`d."""
    listener = _listener
    if listener is None:
        return
    now = monotonic()
    last = listener.sent.get(type(event))
    if last is not None and (last[1] == event or (now - last[0] < INTERVAL and not (force or event.complete))):
        return
    listener.sent[type(event)] = (now, event)
    listener.deliver(event)


def counting(items: Sequence[Item], kind: type[Slides] | type[Figures]) -> Iterator[Item]:
    """`items` one by one, reporting `kind(done, len(items))` before the first and after each."""
    tally = Tally(kind, len(items))
    for item in items:
        yield item
        tally.add()


class Tally:
    """A count of `total` things being made, reported as `kind(done, total)` at 0 and at each `add`."""

    def __init__(self, kind: type[Slides] | type[Figures], total: int) -> None:
        self.kind, self.total, self.done = kind, total, 0
        report(kind(0, total), force=True)

    def add(self) -> None:
        self.done += 1
        report(self.kind(self.done, self.total))


class _PageCounter:
    """reportlab's progress callback (BaseDocTemplate.setProgressCallBack) reporting Pages."""

    def __init__(self) -> None:
        self.done = 0

    def __call__(self, kind: str, value: int) -> None:
        if kind == "PAGE":
            self.done = value
            report(Pages(value), force=value == 1)  # the first page goes out whatever the time
        elif kind == "FINISHED":  # the layout ends: its last page count goes out whatever the time
            report(Pages(self.done), force=True)


def page_counter() -> Callable[[str, int], None] | None:
    """A progress callback for a reportlab document template, or None when nobody listens."""
    return _PageCounter() if _listener is not None else None
