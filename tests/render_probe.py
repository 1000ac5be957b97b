"""Run inside a render worker process by the tests: what that process has warmed."""

from __future__ import annotations

import os
import time


def renderer_state() -> tuple[int, int]:
    """(cached stylesheets, cached word segmenters) of the process it runs in."""
    from speechapp.core.rendering import layout, pdf

    stylesheets = sum(len(idle) for idle in pdf._IDLE_STYLESHEETS.values())
    return stylesheets, layout._segmenter.cache_info().currsize


def held_renderer_state(hold_s: float) -> tuple[int, int, int]:
    """(pid, stylesheets, segmenters), after holding the worker ``hold_s`` seconds: probes
    asked for together land one on each worker."""
    time.sleep(hold_s)
    return (os.getpid(), *renderer_state())


def every_worker_state(pool, workers: int) -> dict[int, tuple[int, int]]:
    """{pid: (stylesheets, segmenters)} of each of the pool's ``workers`` workers."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as threads:
        states = list(threads.map(lambda _: pool.run(held_renderer_state, 1.0), range(workers)))
    return {pid: (stylesheets, segmenters) for pid, stylesheets, segmenters in states}


def failing_prepare() -> None:
    raise RuntimeError("a warm-up that fails")
