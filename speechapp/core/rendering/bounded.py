"""Renders with a time and a memory bound, in warm worker processes.

A render runs in a worker process of a small pebble ``ProcessPool`` (:class:`BoundedRenderer`),
whose address space is capped with ``RLIMIT_AS`` and whose every task is stopped by an
interval timer after ``timeout_s``. A render past either bound raises
:class:`RenderLimitError`, which the caller turns into a message; the worker survives and takes
the next render. A worker that hangs in C code past the timer is killed by pebble, which
starts another in its place; one that dies (its memory ran out inside C code) is replaced too.

The workers are started with ``spawn`` (a server process has threads; forking one is unsafe)
and stay up between renders, so WeasyPrint's import and font set-up are paid once per worker,
not per render. pebble starts all of them with the first render, so a second render at the
same time finds its worker ready. Each exits when the process that started it dies (even by
``kill -9``), and runs at a lower CPU priority (``nice``) than the process that started it.

Plain parameters only: the Django settings that fill them in live in
``speechapp.drafts.bounded_work``.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from pebble import ProcessExpired, ProcessFuture, ProcessPool

# How long past its own timer a task may take before pebble kills its worker from outside.
HARD_KILL_GRACE_S = 30.0
# How long past its timer the caller waits for a task's answer: a worker stuck in C code past
# its timer costs the caller no more than this (pebble kills the worker later).
ANSWER_GRACE_S = 2.0


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
    # An idle pebble worker sees its parent's end of the pipe close, but one stuck in C code
    # sees nothing, and nobody is left to kill it: a thread can still end the process.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)


def _init_worker(
    memory_mb: int,
    parent_pid: int,
    preload: tuple[str, ...],
    nice: int,
    prepare: Callable[[], None] | None,
) -> None:
    # Below the web workers: a burst of renders leaves the cores to autosaves first.
    if nice > 0:
        os.nice(nice)
    # Imported here, before any timer runs: an import cut short by a timeout would leave a
    # half-initialised module behind, and every later render in this worker would fail.
    for module in preload:
        importlib.import_module(module)
    # Work that must not run under the memory cap (e.g. fontconfig reading its caches: a
    # scan cut short by the cap writes an empty cache for the whole machine).
    # A prepare that fails (a warm-up render, say) costs the worker's first job its time,
    # never the worker: one that died at start would take the whole pool down with it.
    if prepare is not None:
        try:
            prepare()
        except Exception:
            logging.getLogger(__name__).exception("preparing a render worker failed")
    # Started before the memory cap: a thread's stack is address space too.
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.signal(signal.SIGALRM, _on_alarm)


def _run_bounded(timeout_s: float, work: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    """In the worker: ``work(*args)`` under the interval timer; the outcome, never a crash."""
    signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        return ("ok", work(*args))
    except _Timeout:
        return ("time", None)
    except MemoryError:
        return ("memory", None)
    except SystemError:
        # A C extension whose allocation failed under the cap can report it as a SystemError
        # ("error return without exception set") instead of a MemoryError.
        return ("memory", None)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class BoundedRenderer:
    """At most ``workers`` renders at once, each within ``timeout_s`` and ``memory_mb``."""

    def __init__(
        self,
        *,
        workers: int,
        timeout_s: float,
        memory_mb: int,
        preload: tuple[str, ...] = (),
        nice: int = 0,
        prepare: Callable[[], None] | None = None,
    ):
        self.workers = workers
        self.prepare = prepare  # a module-level function each worker runs before its caps
        self.nice = nice  # how much lower the workers' CPU priority is than their parent's
        self.preload = preload  # modules each worker imports when it starts
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb  # 0: no memory bound
        self.grace_s = HARD_KILL_GRACE_S
        self._pool: ProcessPool | None = None
        self._pool_lock = threading.Lock()  # guards creating and replacing the pool only

    def _schedule(self, work: Callable[..., Any], args: tuple, timeout_s: float) -> ProcessFuture:
        with self._pool_lock:
            if self._pool is not None and not self._pool.active:
                # pebble gives a pool up when a worker dies with no task to blame (killed while
                # idle, or its start failed); start afresh.
                self._pool.stop()
                self._pool.join()
                self._pool = None
            if self._pool is None:
                self._pool = ProcessPool(
                    max_workers=self.workers,
                    initializer=_init_worker,
                    initargs=(self.memory_mb, os.getpid(), self.preload, self.nice, self.prepare),
                    context=multiprocessing.get_context("spawn"),
                )
            try:
                return self._pool.schedule(
                    _run_bounded,
                    args=(timeout_s, work, args),
                    timeout=timeout_s + self.grace_s,  # then pebble kills the worker
                )
            except RuntimeError:  # given up since we looked
                raise BrokenProcessPool from None

    def run(self, work: Callable[..., Any], *args: Any, timeout_s: float | None = None) -> Any:
        """``work(*args)`` in a worker (``work`` a module-level function, ``args`` picklable).

        Raises RenderLimitError past a bound (``timeout_s``: a shorter time bound than the
        pool's, for this job); ``work``'s own exceptions come through as they are. A render
        that finds the pool given up is retried once, in a new pool.
        """
        limit = self.timeout_s if timeout_s is None else min(timeout_s, self.timeout_s)
        for attempt in (1, 2):
            try:
                future = self._schedule(work, args, limit)
                outcome, result = future.result(timeout=limit + ANSWER_GRACE_S)
            except concurrent.futures.TimeoutError:
                raise RenderLimitError("time", limit) from None
            except ProcessExpired:
                # A worker dies when its memory runs out inside C code (or is OOM-killed).
                raise RenderLimitError("memory", self.memory_mb) from None
            except BrokenProcessPool:
                if attempt == 2:
                    raise RenderLimitError("memory", self.memory_mb) from None
                continue
            if outcome == "time":
                raise RenderLimitError("time", limit)
            if outcome == "memory":
                raise RenderLimitError("memory", self.memory_mb)
            return result
        raise AssertionError("unreachable")

    def start(self) -> None:
        """Start the workers now rather than with the first job (a server warming up): each
        prepares itself as it starts; returns when the first is ready."""
        self.run(os.getpid)

    def worker_pids(self) -> list[int]:
        # pebble keeps its processes private; this is for tests and diagnostics only.
        manager = getattr(getattr(self._pool, "_pool_manager", None), "worker_manager", None)
        return list(getattr(manager, "workers", {}))

    def shutdown(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()  # the renders already asked for finish, each within its bounds
            pool.join()
