"""One writer at a time: a lock file beside the warehouse, held with the OS's advisory lock.

Writers (`run`, `ingest`, `build`, `demo`, `prune`) hold it exclusively; readers (`status`,
`quality`, `search`, `export`) share it. The file names the holder (run id, PID, command, start
time) so a second command can say who is busy. The OS releases the lock when its process dies,
however it dies (Ctrl-C, `kill -9`, a crash), so a lock never outlives its holder; a file left
naming a dead PID is taken over with a log line.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

#: Exit code of a command that found the warehouse busy (BSD sysexits EX_TEMPFAIL).
EXIT_BUSY = 75


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) a warehouse lock."""

    run_id: str
    pid: int
    command: str
    started_at: float  # epoch seconds
    mode: str  # "write" | "read"

    def describe(self) -> str:
        since = datetime.fromtimestamp(self.started_at).strftime("%H:%M:%S")
        return f"run {self.run_id} (pid {self.pid}, {self.command!r}, since {since})"


class WarehouseBusyError(RuntimeError):
    """Another command holds the warehouse; the message is one line a user can act on."""

    def __init__(self, holder: LockHolder | None, waited: float | None) -> None:
        self.holder = holder
        who = holder.describe() if holder else "a reader (status, quality, search, export or sql)"
        after = f" after waiting {waited:.0f}s" if waited else ""
        super().__init__(f"warehouse busy{after}: {who}; retry later or pass --wait")


def lock_path(db: Path) -> Path:
    """The lock file of warehouse `db`: `<db>.lock`, beside it."""
    return db.with_name(db.name + ".lock")


def read_holder(db: Path) -> LockHolder | None:
    """The writer recorded in the lock file, if any: the running one, or one that died holding
    it (a clean exit clears the record). Readers are not recorded."""
    try:
        text = lock_path(db).read_text()
    except OSError:
        return None
    try:
        return LockHolder(**json.loads(text))
    except (ValueError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def warehouse_lock(
    db: Path,
    *,
    run_id: str,
    command: str,
    write: bool = True,
    wait: float | None = None,
    poll_seconds: float = 0.2,
) -> Iterator[LockHolder]:
    """Hold the warehouse's lock for the block: exclusive to write, shared to read.

    `wait=None` fails at once with `WarehouseBusyError`; a number waits up to that many
    seconds; `math.inf` waits as long as it takes. The lock file is created beside `db`
    (its folder must exist for a write; a reader of a missing folder holds no lock).
    """
    path = lock_path(db)
    if not write and not path.parent.exists():
        yield LockHolder(run_id, os.getpid(), command, time.time(), "read")
        return
    made_dir = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        waited = _acquire(handle, db, write, wait, poll_seconds)
        holder = LockHolder(run_id, os.getpid(), command, time.time(), "write" if write else "read")
        if write:
            _take_over_note(db)
            _record(handle, holder)
        if waited:
            log.info("warehouse lock acquired after waiting %.1fs", waited)
        yield holder
        if write:  # a clean exit leaves no holder named; a killed writer leaves its record
            handle.seek(0)
            handle.truncate()
            handle.flush()
    finally:
        if write and not db.exists():
            # the command wrote nothing (bad input, or it failed first): leave nothing behind,
            # not even the lock file or a folder a mistyped --db made
            path.unlink(missing_ok=True)
            if made_dir:
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _acquire(
    handle: IO[str], db: Path, write: bool, wait: float | None, poll_seconds: float
) -> float:
    """Take the lock, polling until `wait` runs out; returns the seconds spent waiting."""
    flags = (fcntl.LOCK_EX if write else fcntl.LOCK_SH) | fcntl.LOCK_NB
    started = time.monotonic()
    deadline = started + (wait if wait is not None else 0.0)
    announced = False
    while True:
        try:
            fcntl.flock(handle, flags)
            return time.monotonic() - started if announced else 0.0
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        now = time.monotonic()
        if wait is None or now >= deadline:
            waited = None if wait is None else now - started
            holder = read_holder(db)
            if holder is not None and not pid_alive(holder.pid):
                holder = None  # a dead writer's record: whoever holds the lock now is a reader
            raise WarehouseBusyError(holder, waited)
        if not announced:
            holder = read_holder(db)
            who = holder.describe() if holder else "a reader"
            limit = "" if math.isinf(wait) else f" (up to {wait:.0f}s)"
            log.warning("warehouse busy: %s; waiting%s", who, limit)  # say why nothing happens
            announced = True
        time.sleep(min(poll_seconds, max(0.0, deadline - now)))


def _take_over_note(db: Path) -> None:
    """Log when the file still names a writer whose process is gone (it died holding it)."""
    previous = read_holder(db)
    if previous and previous.pid != os.getpid() and not pid_alive(previous.pid):
        log.warning("took over the warehouse lock of %s: that process is gone", previous.describe())


def _record(handle: IO[str], holder: LockHolder) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps(asdict(holder)))
    handle.flush()
