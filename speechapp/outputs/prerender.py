"""The files of a complete draft, rendered before the click.

After an edit commits (drafts.signals.draft_changed), a complete draft's PDF and DOCX are
rendered by the background worker (``manage.py render_worker``, django-tasks' database
worker) once the burst of edits pauses, so the download is a cache hit. Without a worker the
download renders on the click. The worker's finished rows are pruned by django-tasks-db's own
``prune_db_task_results`` (see render_worker and the README).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.drafts.models import Draft
from speechapp.drafts.signals import draft_changed
from speechapp.filling.leftovers import draft_is_complete
from speechapp.outputs import files, render_cache

logger = logging.getLogger(__name__)


def edit_stamp(draft) -> str:
    """Changes with every edit that can change the output (values, title, options)."""
    return f"{draft.revision}:{draft.updated_at.isoformat()}"


# A draft with a render waiting in the queue: no second one is queued (one per draft).
PENDING_KEY = "prerender-pending:{}"
# Longer than any wait in the queue: a mark left by a lost job expires.
PENDING_SECONDS = 600


def _delay() -> timedelta:
    return timedelta(milliseconds=settings.SPEECHAPP_PRERENDER_DELAY_MS)


def _enqueue(draft_id: int, run_after) -> None:
    job = prerender_draft
    if job.get_backend().supports_defer:
        job = job.using(run_after=run_after)
    job.enqueue(draft_id)


@task()
def prerender_draft(draft_id: int, stamp: str | None = None) -> str:
    """Render a complete draft's PDF and DOCX into the cache once its writer has paused.

    A draft edited within ``SPEECHAPP_PRERENDER_DELAY_MS`` is still being written: the job
    puts itself off to that long after the last edit ("postponed"), so a writer typing renders
    nothing until they stop. ``stamp`` comes from jobs queued before this rule (one per edit):
    such a job renders only the edit it was queued for."""
    cache.delete(PENDING_KEY.format(draft_id))
    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is None or (stamp is not None and edit_stamp(draft) != stamp):
        return "superseded"  # a later edit scheduled its own render
    quiet_at = draft.updated_at + _delay()
    if stamp is None and quiet_at > timezone.now():
        if cache.add(PENDING_KEY.format(draft_id), True, PENDING_SECONDS):
            _enqueue(draft_id, quiet_at)
        return "postponed"
    if not draft_is_complete(draft):
        return "incomplete"  # an open blank, or text that still looks like one
    try:
        for fmt in ("pdf", "docx"):
            # A background job has no web timeout to keep: the render's own bounds only.
            files.draft_render(draft=draft, fmt=fmt, in_request=False)
    except files.LeftoversError:
        return "incomplete"  # refused by the one check of a finished copy (never rendered)
    except render_cache.RenderBusyError:
        # A download (or another worker) is rendering it now, or every slot stayed taken.
        return "busy"
    except RenderLimitError as exc:
        # The download renders again and tells the writer; nothing to retry here.
        logger.warning("prerender of draft %s stopped: %s", draft_id, exc)
        return "over-limit"
    return "rendered"


@receiver(draft_changed)
def prerender_if_complete(sender, *, draft, printed=None, **kwargs) -> None:
    """After an edit has committed (drafts.signals.draft_changed): when the draft is complete
    (filling.leftovers.draft_is_complete) and no render of it is waiting already, queue one
    for when the writer pauses. A burst of edits queues one job, and a writer typing in a
    complete draft costs one cache lookup per save."""
    if not settings.SPEECHAPP_PRERENDER or cache.get(PENDING_KEY.format(draft.pk)):
        return
    if not draft_is_complete(draft, printed):
        return
    if cache.add(PENDING_KEY.format(draft.pk), True, PENDING_SECONDS):
        _enqueue(draft.pk, timezone.now() + _delay())
