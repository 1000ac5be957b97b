"""The finished files, ready before the click.

- One render per file: the render cache is keyed by everything that shapes the output (the
  code of ``speechapp.core``, the font files used, the text, the values, the options), and a
  render in flight is waited for instead of started twice (:func:`cached_render`).
- When a draft is complete, its PDF and DOCX are rendered in the background once a burst of
  edits is over (:func:`prerender_soon`, run by ``manage.py db_worker``), so the download is a
  cache hit. Without a worker the download renders on the click, as before.
- Every render runs in a warm worker process with a time and a memory bound
  (:func:`bounded_render`, settings ``SPEECHAPP_RENDER_*``): a render too big for them fails
  with RenderLimitError (a message on the download page), and one user's render never waits
  for another's.
- A server process warms the PDF renderer when it starts (:func:`warm_renderer`), so the first
  download costs no more than later ones.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import task

import speechapp.core
from speechapp.core.rendering.bounded import BoundedRenderer, RenderLimitError
from speechapp.core.rendering.fonts import find_licensed_fonts
from speechapp.core.rendering.slim import load_slim_fonts

logger = logging.getLogger(__name__)

# How long a render may hold its "in flight" mark: past it, a waiting download renders itself.
RENDER_BUSY_SECONDS = 60
_POLL_SECONDS = 0.05


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every module of ``speechapp.core`` (and its CSS): changed code, new files."""
    digest = hashlib.sha256()
    package = Path(speechapp.core.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def font_fingerprint(fonts_dir: str | None, slim_fonts_dir: str | None) -> list:
    """The font files a render would use, each with its size and mtime.

    Read on every render (a directory listing and a few stats): a licensed font dropped into
    the fonts folder, or a slim copy remade, shows in the very next download.
    """
    licensed = sorted(
        (role.value, *_stamp(p)) for role, p in find_licensed_fonts(fonts_dir).items()
    )
    slim = sorted(
        (role.value, *_stamp(f.path)) for role, f in load_slim_fonts(slim_fonts_dir).items()
    )
    return [licensed, slim]


def cached_render(key: str, make: Callable[[], bytes]) -> bytes:
    """The file under ``key``: from the cache, from a render in flight elsewhere, or made now.

    Only one process renders a key at a time; the others wait for its result (a download
    clicked while the background render runs), for at most RENDER_BUSY_SECONDS.
    """
    content = cache.get(key)
    if content is not None:
        return content
    busy = key + ":busy"
    deadline = time.monotonic() + RENDER_BUSY_SECONDS
    while not cache.add(busy, True, timeout=RENDER_BUSY_SECONDS):
        if time.monotonic() > deadline:
            break  # the other render died without clearing its mark
        time.sleep(_POLL_SECONDS)
        content = cache.get(key)
        if content is not None:
            return content
    try:
        content = cache.get(key)  # finished between our last look and taking the mark
        if content is None:
            content = make()
            cache.set(key, content)
        return content
    finally:
        cache.delete(busy)


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


def edit_stamp(draft) -> str:
    """Changes with every edit that can change the output (values, title, options)."""
    return f"{draft.revision}:{draft.updated_at.isoformat()}"


@task()
def prerender_draft(draft_id: int, stamp: str) -> str:
    """Render a complete draft's PDF and DOCX into the cache, unless it changed since."""
    try:
        return _prerender(draft_id, stamp)
    finally:
        prune_task_results_now_and_then()  # after the render: the writer's file comes first


def _prerender(draft_id: int, stamp: str) -> str:
    from speechapp.drafts import renders, services
    from speechapp.drafts.models import Draft

    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is None or edit_stamp(draft) != stamp:
        return "superseded"  # a later edit scheduled its own render
    if not services.draft_is_complete(draft):
        return "incomplete"  # an open blank, or text that still looks like one
    try:
        for fmt in ("pdf", "docx"):
            renders.draft_render(draft=draft, fmt=fmt)
    except renders.LeftoversError:
        return "incomplete"  # refused by the one check of a finished copy (never rendered)
    except RenderLimitError as exc:
        # The download renders again and tells the writer; nothing to retry here.
        logger.warning("prerender of draft %s stopped: %s", draft_id, exc)
        return "over-limit"
    return "rendered"


# When the worker last pruned the finished task rows (time.monotonic(); 0: not yet).
_last_prune = 0.0
PRUNE_EVERY_SECONDS = 600


def prune_task_results(*, now=None) -> int:
    """Delete the background renders finished more than SPEECHAPP_TASK_RESULTS_KEEP_HOURS ago
    (only these: other tasks' results are not ours to drop).

    django_tasks_db's ``prune_db_task_results`` command does this by whole days, for every
    task, when someone runs it; here the worker keeps its own table small as it goes.
    Every edit of a complete draft enqueues a render, so without this the task table would
    grow by thousands of rows a week. Returns how many rows were deleted."""
    from django_tasks_db.models import DBTaskResult

    keep = timedelta(hours=settings.SPEECHAPP_TASK_RESULTS_KEEP_HOURS)
    cutoff = (now or timezone.now()) - keep
    rows = DBTaskResult.objects.finished().filter(
        backend_name=prerender_draft.backend,
        task_path=prerender_draft.module_path,
        finished_at__lt=cutoff,
    )
    deleted, _ = rows.delete()
    return deleted


def prune_task_results_now_and_then() -> None:
    """Prune from the worker, at most once every PRUNE_EVERY_SECONDS per process."""
    global _last_prune
    if _last_prune and time.monotonic() - _last_prune < PRUNE_EVERY_SECONDS:
        return
    _last_prune = time.monotonic()
    try:
        deleted = prune_task_results()
    except DatabaseError as exc:  # a busy database: the next render prunes
        logger.warning("pruning finished background renders failed: %s", exc)
        return
    if deleted:
        logger.info("pruned %d finished background renders", deleted)


def prerender_soon(draft, *, complete: bool) -> None:
    """After an edit: if the draft is complete, render its files once the edits pause.

    Each edit schedules a render ``SPEECHAPP_PRERENDER_DELAY_MS`` later; a render that finds
    a newer edit leaves the work to that edit's own render, so a burst renders once.
    """
    if not complete or not settings.SPEECHAPP_PRERENDER:
        return
    stamp = edit_stamp(draft)
    job = prerender_draft
    if job.get_backend().supports_defer:
        delay = timedelta(milliseconds=settings.SPEECHAPP_PRERENDER_DELAY_MS)
        job = job.using(run_after=timezone.now() + delay)
    transaction.on_commit(lambda: job.enqueue(draft.pk, stamp))


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
    bounded_render(render_pdf, speech, {}, options)
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
