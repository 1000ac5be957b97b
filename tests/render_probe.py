"""Run inside a render worker process by the tests: what that process has warmed."""

from __future__ import annotations


def renderer_state() -> tuple[int, int]:
    """(cached stylesheets, cached word segmenters) of the process it runs in."""
    from speechapp.core.rendering import layout, pdf

    stylesheets = sum(len(idle) for idle in pdf._IDLE_STYLESHEETS.values())
    return stylesheets, layout._segmenter.cache_info().currsize
