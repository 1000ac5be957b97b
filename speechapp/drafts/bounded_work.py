"""The pool of warm worker processes every heavy job of a request runs in — renders (DOCX,
PDF) and the reading of an uploaded sheet — bounded in time and memory by the settings
``SPEECHAPP_RENDER_*`` (core.rendering.bounded): a job past a bound fails with
RenderLimitError instead of taking a web worker down, and one user's job never waits for
another's. Without workers (``SPEECHAPP_RENDER_WORKERS=0``) jobs run in the calling process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from speechapp.core.rendering.bounded import BoundedRenderer

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


_renderers: dict[tuple[int, int, int], BoundedRenderer] = {}

_renderers_lock = threading.Lock()


def render_pool() -> BoundedRenderer | None:
    """This process's pool of render workers for the current settings; None for 0 workers."""
    shape = (
        settings.SPEECHAPP_RENDER_WORKERS,
        settings.SPEECHAPP_RENDER_TIMEOUT_S,
        settings.SPEECHAPP_RENDER_MEMORY_MB,
    )
    if shape[0] <= 0:
        return None
    with _renderers_lock:
        if shape not in _renderers:
            workers, timeout_s, memory_mb = shape
            _renderers[shape] = BoundedRenderer(
                workers=workers, timeout_s=timeout_s, memory_mb=memory_mb, preload=RENDER_MODULES
            )
        return _renderers[shape]


def run_bounded(work: Callable[..., T], *args) -> T:
    """``work(*args)`` within the bounds; raises RenderLimitError past one.

    ``work`` is a module-level function of ``speechapp.core`` (it runs in a worker process,
    so its arguments and result are pickled).
    """
    pool = render_pool()
    if pool is None:
        return work(*args)
    return pool.run(work, *args)
