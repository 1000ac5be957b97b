"""render_pool: TODO docstring."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings

from speechapp.core.rendering.bounded import BoundedRenderer

# What a render worker imports when it starts (WeasyPrint ~0.7 s), outside any render's timer.
RENDER_MODULES = (
    "speechapp.core.rendering.pdf",
    "speechapp.core.rendering.docx",
    "weasyprint",
    "weasyprint.text.fonts",
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


def bounded_render(render: Callable[..., bytes], *args) -> bytes:
    """``render(*args)`` within the render bounds; raises RenderLimitError past one.

    ``render`` is a module-level renderer of ``speechapp.core`` (it runs in a worker process).
    """
    pool = render_pool()
    if pool is None:
        return render(*args)
    return pool.run(render, *args)
