"""Warming the renderer when a server or worker starts, so the first download costs no more than
later ones."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings

from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.drafts.bounded_work import run_bounded

logger = logging.getLogger(__name__)


def _common_hanzi() -> str:
    """The 3,755 most used characters (GB 2312 level 1): their glyphs, shaped once at start,
    are what any speech prints."""
    rows = range(0xB0, 0xD8)
    return "".join(
        bytes((row, col)).decode("gb2312", errors="ignore")
        for row in rows
        for col in range(0xA1, 0xFF)
    )


def warm_renderer() -> None:
    """Import WeasyPrint and set up its fonts by rendering a one-line speech; its title is long
    enough to be broken, which loads the word segmenter (jieba) too. Done where renders run:
    in the first render worker (started now), or in this process without workers."""
    from speechapp.core.parsing import parse_speech
    from speechapp.core.rendering import RenderOptions
    from speechapp.core.rendering.pdf import render_pdf

    # Every role a speech prints in (title, speaker line, 一、 and （一） headings, body, Latin
    # digits, page numbers), so the first real download loads no font of its own.
    speech = parse_speech(
        "在全区经济形势分析暨重点项目建设推进会上的讲话\n同志们：\n"
        "今年以来，全区经济运行总体平稳，增长5.2%。\n"
        "一、肯定成绩，坚定信心\n（一）经济运行稳中有进\n一是项目建设提速，“六稳”落实有力。\n"
        + _common_hanzi()
        + "。"
    )
    options = RenderOptions(
        speaker="某某",
        date="2024年7月15日",
        fonts_dir=settings.SPEECHAPP_FONTS_DIR,
        slim_fonts_dir=settings.SPEECHAPP_SLIM_FONTS_DIR,
    )
    started = time.monotonic()
    run_bounded(render_pdf, speech, {}, options)
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
