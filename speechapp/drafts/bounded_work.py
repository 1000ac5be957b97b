"""The pool of warm worker processes every heavy job of a request runs in — renders (DOCX,
PDF) and the reading of an uploaded sheet — bounded in time and memory by the settings
``SPEECHAPP_RENDER_*`` (core.rendering.bounded): a job past a bound fails with
RenderLimitError instead of taking a web worker down, and one user's job never waits for
another's. The workers run below the web processes' CPU priority (``SPEECHAPP_RENDER_NICE``),
and the whole machine runs at most ``SPEECHAPP_RENDER_HOST_SLOTS`` jobs at once
(core.rendering.host_slots), so a burst of downloads leaves the cores to autosaves. Without
workers (``SPEECHAPP_RENDER_WORKERS=0``) jobs run in the calling process."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from speechapp.core.rendering.bounded import BoundedRenderer
from speechapp.core.rendering.host_slots import host_slot
from speechapp.core.rendering.warm import prepare_worker

T = TypeVar("T")

# What a worker imports when it starts (WeasyPrint ~0.7 s), outside any job's timer.
RENDER_MODULES = (
    "speechapp.core.rendering.pdf",
    "speechapp.core.rendering.docx",
    "weasyprint",
    "weasyprint.text.fonts",
    "speechapp.core.sheets",
    "openpyxl",
)


_renderers: dict[tuple, BoundedRenderer] = {}

_renderers_lock = threading.Lock()


def render_pool() -> BoundedRenderer | None:
    """This process's pool of render workers for the current settings; None for 0 workers."""
    shape = (
        settings.SPEECHAPP_RENDER_WORKERS,
        settings.SPEECHAPP_RENDER_TIMEOUT_S,
        settings.SPEECHAPP_RENDER_MEMORY_MB,
        settings.SPEECHAPP_RENDER_NICE,
        # Each worker warms the PDF renderer as it starts (core.rendering.warm).
        settings.SPEECHAPP_WARM_RENDERER,
        settings.SPEECHAPP_FONTS_DIR,
        settings.SPEECHAPP_SLIM_FONTS_DIR,
    )
    if shape[0] <= 0:
        return None
    with _renderers_lock:
        if shape not in _renderers:
            workers, timeout_s, memory_mb, nice, warm, fonts_dir, slim_fonts_dir = shape
            _renderers[shape] = BoundedRenderer(
                workers=workers,
                timeout_s=timeout_s,
                memory_mb=memory_mb,
                preload=RENDER_MODULES,
                nice=nice,
                prepare=functools.partial(prepare_worker, warm, fonts_dir, slim_fonts_dir),
            )
        return _renderers[shape]


def wait_seconds() -> float:
    """How long a request's job may wait before it starts (settings.SPEECHAPP_RENDER_WAIT_S):
    with the job's own time bound, the longest the request takes, below the web server's
    timeout."""
    return settings.SPEECHAPP_RENDER_WAIT_S


def run_bounded(work: Callable[..., T], *args, wait_s: float | None = None) -> T:
    """``work(*args)`` within the bounds; raises RenderLimitError past one.

    At most SPEECHAPP_RENDER_HOST_SLOTS jobs run at once on this machine, whichever process
    asks: a job waits at most ``wait_s`` (default wait_seconds()) for a free slot, then
    raises core.rendering.host_slots.NoSlotError (the machine is busy: the caller says so,
    and nothing was started).
    ``work`` is a module-level function of ``speechapp.core`` (it runs in a worker process,
    so its arguments and result are pickled).
    """
    pool = render_pool()
    if pool is None:
        return work(*args)
    with host_slot(
        settings.SPEECHAPP_RENDER_SLOTS_DIR,
        settings.SPEECHAPP_RENDER_HOST_SLOTS,
        wait_s=wait_seconds() if wait_s is None else wait_s,
    ):
        return pool.run(work, *args)
