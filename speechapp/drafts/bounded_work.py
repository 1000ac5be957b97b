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
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from speechapp.core.rendering.bounded import ANSWER_GRACE_S, BoundedRenderer, RenderLimitError
from speechapp.core.rendering.host_slots import NoSlotError, host_slot
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


def request_budget_s() -> float:
    """The longest a request's heavy job may take, its waits included
    (settings.SPEECHAPP_REQUEST_BUDGET_S): below the web server's timeout, which would cut the
    request off with a 500."""
    return settings.SPEECHAPP_REQUEST_BUDGET_S


def request_deadline() -> float:
    """When a heavy job started now by a request must have ended (time.monotonic())."""
    return time.monotonic() + request_budget_s()


# The least time worth starting a job with: a request waits for a render slot only while at
# least this much of its budget would be left for the job.
MIN_START_S = 3.0


def run_bounded(work: Callable[..., T], *args, deadline: float | None = None) -> T:
    """``work(*args)`` within the bounds; raises RenderLimitError past one.

    At most SPEECHAPP_RENDER_HOST_SLOTS jobs run at once on this machine, whichever process
    asks. ``deadline`` (time.monotonic(); a request's, request_deadline()) is when the job
    must have ended: it waits for a free slot while MIN_START_S would still be left, and runs
    with what is left when that is less than its own time bound. Past the deadline (no slot
    in time, or the job stopped by the deadline rather than by its own bound) it raises
    core.rendering.host_slots.NoSlotError: the machine is busy, the caller says so and
    keeps nothing. Without a deadline (a background job) it waits for a slot as long as its
    own time bound, then raises NoSlotError.

    ``work`` is a module-level function of ``speechapp.core`` (it runs in a worker process,
    so its arguments and result are pickled).
    """
    pool = render_pool()
    if pool is None:
        return work(*args)
    bound = settings.SPEECHAPP_RENDER_TIMEOUT_S
    wait_s = bound if deadline is None else deadline - MIN_START_S - time.monotonic()
    with host_slot(
        settings.SPEECHAPP_RENDER_SLOTS_DIR,
        settings.SPEECHAPP_RENDER_HOST_SLOTS,
        wait_s=max(0.0, wait_s),
    ):
        left = bound if deadline is None else deadline - ANSWER_GRACE_S - time.monotonic()
        if left >= bound:
            return pool.run(work, *args)
        try:
            return pool.run(work, *args, timeout_s=max(left, 0.1))
        except RenderLimitError as exc:
            if exc.reason != "time":
                raise
            raise NoSlotError("the request's time ran out before the job ended") from None
