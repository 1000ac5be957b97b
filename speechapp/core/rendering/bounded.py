"""Renders with a time and a memory bound, in warm worker processes.

A render runs in a worker process of a small pool (:class:`BoundedRenderer`), whose address
space is capped with ``RLIMIT_AS`` and whose every task is stopped by an interval timer after
``timeout_s``. A render past either bound raises :class:`RenderLimitError`, which the caller
turns into a message; the worker survives and takes the next render. A worker that hangs in C
code past the timer, or dies, is killed and the pool is replaced.

The workers are started with ``spawn`` (a server process has threads; forking one is unsafe)
and stay up between renders, so WeasyPrint's import and font set-up are paid once per worker,
not per render. They start lazily, one more only when every running one is busy, and each
exits when the process that started it dies (even by ``kill -9``).

Plain parameters only: the Django settings that fill them in live in
``speechapp.drafts.bounded_work``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# How long past its own timer a task may take before the worker is killed from outside; it
# also covers a new worker's start (interpreter and imports), which its timer does not.
HARD_KILL_GRACE_S = 30.0


class RenderLimitError(Exception):
    """A render went past its time (``reason == "time"``) or memory (``"memory"``) bound."""

    def __init__(self, reason: str, limit: float):
        self.reason = reason
        self.limit = limit
        super().__init__(f"render over its {reason} limit ({limit})")

    def __reduce__(self):
        return (type(self), (self.reason, self.limit))


class _Timeout(BaseException):
    """Raised inside a worker by its interval timer; a BaseException so no `except Exception`
    in the renderer swallows it."""


def _on_alarm(signum, frame):
    raise _Timeout


def _exit_with_parent(parent_pid: int) -> None:
    # A worker blocked on its task queue does not notice that its parent died; poll instead.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)


def _init_worker(memory_mb: int, parent_pid: int, preload: tuple[str, ...]) -> None:
    # Imported here, before any timer runs: an import cut short by a timeout would leave a
    # half-initialised module behind, and every later render in this worker would fail.
    for module in preload:
        importlib.import_module(module)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.signal(signal.SIGALRM, _on_alarm)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


def _run_bounded(timeout_s: float, work: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    """In the worker: ``work(*args)`` under the interval timer; the outcome, never a crash."""
    signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        return ("ok", work(*args))
    except _Timeout:
        return ("time", None)
    except MemoryError:
        return ("memory", None)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class BoundedRenderer:
    """At most ``workers`` renders at once, each within ``timeout_s`` and ``memory_mb``."""

    def __init__(
        self, *, workers: int, timeout_s: float, memory_mb: int, preload: tuple[str, ...] = ()
    ):
        self.workers = workers
        self.preload = preload  # modules each worker imports when it starts
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb  # 0: no memory bound
        self.grace_s = HARD_KILL_GRACE_S
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()  # guards creating and replacing the pool only

    def _current_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                    initargs=(self.memory_mb, os.getpid(), self.preload),
                )
            return self._pool

    def _replace(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        """Kill ``pool``'s workers (one is stuck or dead) and start afresh on the next render.
        Renders in flight on its other workers fail and are retried by their callers."""
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        # ProcessPoolExecutor cannot stop a running task; its processes are not public API.
        for process in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(OSError, ValueError):  # already gone
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def run(self, work: Callable[..., Any], *args: Any) -> Any:
        """``work(*args)`` in a worker (``work`` a module-level function, ``args`` picklable).

        Raises RenderLimitError past a bound; ``work``'s own exceptions come through as they
        are. A render that finds the pool broken by another one's death is retried once.
        """
        for attempt in (1, 2):
            pool = self._current_pool()
            try:
                future = pool.submit(_run_bounded, self.timeout_s, work, args)
                outcome, result = future.result(timeout=self.timeout_s + self.grace_s)
            except concurrent.futures.TimeoutError:
                self._replace(pool)
                raise RenderLimitError("time", self.timeout_s) from None
            except BrokenProcessPool:
                self._replace(pool)
                if attempt == 2:
                    # A worker dies when its memory runs out inside C code (or is OOM-killed).
                    raise RenderLimitError("memory", self.memory_mb) from None
                continue
            if outcome == "time":
                raise RenderLimitError("time", self.timeout_s)
            if outcome == "memory":
                raise RenderLimitError("memory", self.memory_mb)
            return result
        raise AssertionError("unreachable")

    def worker_pids(self) -> list[int]:
        pool = self._pool
        return [p.pid for p in getattr(pool, "_processes", {}).values()] if pool else []

    def shutdown(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
