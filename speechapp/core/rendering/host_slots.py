"""At most N heavy jobs at once on this machine, whichever process asks.

Every gunicorn worker and the background worker keep a pool of render processes of their own;
without a bound shared by all of them, ten downloads at once would start ten renders on two
cores and slow every page. A job holds one of N slots, each an ``flock`` on a file of its
own in a folder of the host's: the kernel lets one process hold it, and frees it when that
process ends, even by ``kill -9``. Pure module: no Django.
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_S = 0.02


class NoSlotError(TimeoutError):
    """No slot came free within the wait allowed."""


@contextmanager
def host_slot(directory: str | Path, slots: int, wait_s: float) -> Iterator[int]:
    """Hold one of ``slots`` slots of ``directory`` while the block runs (its number).

    Waits up to ``wait_s`` for one to come free, then raises NoSlotError."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    order = list(range(max(slots, 1)))
    random.shuffle(order)  # spread the waiters over the slots
    deadline = time.monotonic() + wait_s
    while True:
        for number in order:
            fd = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield number
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= deadline:
            raise NoSlotError(f"no render slot free in {wait_s:.0f} s")
        time.sleep(POLL_S)
