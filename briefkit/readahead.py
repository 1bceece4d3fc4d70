"""Reading briefs ahead: briefs in, their prepared form (`pipeline.Prepared`) out, read by a
forked process while this one loads the renderers.

For `build.py -j`: the parent loads the renderers once before its workers fork from it (see
`cli._in_workers`), about 0.2 s in which the machine's other core had nothing to do. A process
forked before that load reads the briefs meanwhile and hands each one back pickled through a
pipe, which a thread here drains so the reader never waits; once the load is done the reader is
stopped, and what it read by then is inherited by the workers, which only render those briefs.
A brief it could not read, or had not got to, is read by its worker as before (and reports its
own problems there). Only this process's own child writes the pipe.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from pathlib import Path

SIZE = 8  # bytes of the length before each pickled brief


class ReadAhead:
    """A forked process reading `tasks` ((brief, output folder, ...) tuples) in order."""

    def __init__(self, tasks: list[tuple]):
        self._chunks: list[bytes] = []
        parent = os.getpid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the reader: never returns
            os.close(read_end)
            _read(tasks, write_end, parent)
        os.close(write_end)
        self._pid: int | None = pid
        self._drain = threading.Thread(target=self._take, args=(read_end,), daemon=True)
        self._drain.start()

    def _take(self, descriptor: int) -> None:
        with os.fdopen(descriptor, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                self._chunks.append(chunk)

    def stop(self, finish: bool = False) -> None:
        """End the reader where it is (a brief half sent is dropped), or once it has read every
        brief with `finish`, and the thread draining it."""
        if self._pid is None:
            return
        if not finish:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(self._pid, 0)
        self._pid = None
        self._drain.join()

    def taken(self, finish: bool = False) -> dict[tuple[Path, Path], object]:
        """Stop the reader (see `stop`); every brief it read whole, by (brief, output folder)."""
        self.stop(finish)
        data = b"".join(self._chunks)
        found = {}
        at = 0
        while at + SIZE <= len(data):
            end = at + SIZE + int.from_bytes(data[at : at + SIZE], "big")
            if end > len(data):
                break
            key, prepared = pickle.loads(data[at + SIZE : end])
            found[key] = prepared
            at = end
        return found


def _read(tasks: list[tuple], descriptor: int, parent: int) -> None:
    """The reader's life: prepare each brief and send it, then end (Ctrl-C is the parent's to
    handle; the reader ends when the parent stops it or ends)."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        from .pipeline import end_with_parent, prepare

        end_with_parent(parent)
        with os.fdopen(descriptor, "wb") as stream:
            for path, out_dir, *_ in tasks:
                try:
                    prepared = prepare(path, out_dir)
                except Exception:  # its worker reads it again and reports the problem
                    continue
                data = pickle.dumps(((path, out_dir), prepared), pickle.HIGHEST_PROTOCOL)
                stream.write(len(data).to_bytes(SIZE, "big") + data)
                stream.flush()  # whole, before the reader may be stopped
    finally:
        os._exit(0)
