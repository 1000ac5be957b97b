"""A download's file by the process's role (settings.SPEECHAPP_ROLE): a ``web`` process beside
render workers never renders; it queues the file for a worker (django-tasks, as the
pre-render does) and waits for it in the shared cache. ``all`` (one machine) and ``worker``
render themselves (outputs.files)."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from speechapp.core.rendering import Layout, MissingSlotsError
from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.drafts.models import Draft
from speechapp.outputs import files, render_cache

logger = logging.getLogger(__name__)


def renders_here() -> bool:
    """Whether this process renders files (roles ``all`` and ``worker``)."""
    return settings.SPEECHAPP_ROLE != "web"


@task()
def render_for_download(
    draft_id: int,
    fmt: str,
    draft_copy: bool,
    review: bool,
    layout: str,
    key: str,
    version: str = "",
) -> str:
    """Render (into the shared cache) a file a web process is waiting for under ``key``. A
    draft edited since renders its new state (another key: the waiting download says
    "正在生成", its retry finds the new file); a render past a bound is noted under ``key``
    so the download says so at once."""
    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is None:
        return "gone"
    try:
        files.draft_render(
            draft=draft,
            fmt=fmt,
            draft_copy=draft_copy,
            review=review,
            layout=Layout(layout),
            version=version,
            in_request=False,  # a worker has no web timeout to keep
        )
    except (MissingSlotsError, files.LeftoversError):
        return "incomplete"  # edited since: the download asks again and is told
    except render_cache.RenderBusyError:
        return "busy"  # rendered elsewhere, or the machine's slots stayed taken
    except RenderLimitError as exc:
        logger.warning("render of draft %s for a download stopped: %s", draft_id, exc)
        render_cache.note_failure(key, exc.reason, exc.limit)
        return "over-limit"
    return "rendered"


def draft_file(
    *,
    draft: Draft,
    fmt: str,
    draft_copy: bool = False,
    review: bool = False,
    layout: Layout = Layout.OFFICIAL,
    version: str = "",
    wait: bool = True,
) -> files.RenderedFile:
    """The file a download asks for (files.draft_render, with its errors), rendered here or,
    in a web process, by a worker; RenderBusyError when a worker has not made it within
    render_cache.busy_seconds() (``wait=False``: when it is not in the cache yet). Rendered
    here, ``wait=False`` (the busy page asking again) renders at once when nothing else is
    rendering the file and a render slot is free, else RenderBusyError without waiting."""
    ask_worker = None
    if not renders_here():

        def ask_worker(key: str) -> None:
            render_for_download.enqueue(
                draft.pk, fmt, draft_copy, review, layout.value, key, version
            )

    return files.draft_render(
        draft=draft,
        fmt=fmt,
        draft_copy=draft_copy,
        review=review,
        layout=layout,
        version=version,
        ask_worker=ask_worker,
        wait=wait,
    )
