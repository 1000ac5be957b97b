"""prerender: TODO docstring."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.drafts.signals import draft_changed
from speechapp.filling.leftovers import draft_is_complete

logger = logging.getLogger(__name__)


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
    from speechapp.drafts.models import Draft
    from speechapp.outputs import files

    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is None or edit_stamp(draft) != stamp:
        return "superseded"  # a later edit scheduled its own render
    if not draft_is_complete(draft):
        return "incomplete"  # an open blank, or text that still looks like one
    try:
        for fmt in ("pdf", "docx"):
            files.draft_render(draft=draft, fmt=fmt)
    except files.LeftoversError:
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


@receiver(draft_changed)
def prerender_if_complete(sender, *, draft, printed=None, **kwargs) -> None:
    """After an edit has committed (drafts.signals.draft_changed): render the files ahead
    when the draft is complete (filling.leftovers.draft_is_complete)."""
    prerender_soon(draft, complete=draft_is_complete(draft, printed))


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
