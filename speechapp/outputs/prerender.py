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
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.drafts.models import Draft
from speechapp.drafts.signals import draft_changed
from speechapp.filling.leftovers import draft_is_complete
from speechapp.outputs import files

logger = logging.getLogger(__name__)


def edit_stamp(draft) -> str:
    """Changes with every edit that can change the output (values, title, options)."""
    return f"{draft.revision}:{draft.updated_at.isoformat()}"


@task()
def prerender_draft(draft_id: int, stamp: str) -> str:
    """Render a complete draft's PDF and DOCX into the cache, unless it changed since."""
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
