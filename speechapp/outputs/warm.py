"""Warming the renderer when a server or worker starts, so the first download costs no more than
later ones."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings

from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.core.rendering.warm import warm_up_pdf
from speechapp.drafts.bounded_work import render_pool

logger = logging.getLogger(__name__)


def warm_renderer() -> None:
    """Start the render workers, each of which warms the PDF renderer as it starts
    (core.rendering.warm); without workers, warm this process."""
    started = time.monotonic()
    pool = render_pool()
    if pool is None:
        warm_up_pdf(settings.SPEECHAPP_FONTS_DIR, settings.SPEECHAPP_SLIM_FONTS_DIR)
    else:
        pool.start()
    logger.info("PDF renderer warmed in %.2f s", time.monotonic() - started)


def warm_request_path() -> None:
    """What a server's first request would otherwise pay for: importing every view (the
    URLconf) and reading the translation catalogues."""
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018  (loading them is the point)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("讲话稿")


def warm_renderer_in_background() -> threading.Thread:
    """Warm the renderer without delaying the server's start (called by the WSGI module)."""

    def run() -> None:
        try:
            warm_request_path()
            warm_renderer()
        except RenderLimitError as exc:  # a machine so busy that even this took too long
            logger.warning("warming the PDF renderer stopped: %s", exc)
        except Exception:  # a failed warm-up only means the first PDF pays for it
            logger.exception("warming the PDF renderer failed")

    thread = threading.Thread(target=run, name="warm-pdf-renderer", daemon=True)
    thread.start()
    return thread
