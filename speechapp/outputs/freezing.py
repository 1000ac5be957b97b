"""定稿: the last transition of a review, which renders the official DOCX and PDF once and keeps
them (outputs.frozen)."""

from __future__ import annotations

import contextlib

from django.core.exceptions import PermissionDenied
from django.db import transaction

from speechapp.drafts.access import Transition, may_transition
from speechapp.drafts.models import Access, Draft, DraftState, FrozenFile
from speechapp.outputs import files, render_cache, worker_render
from speechapp.outputs.frozen import FROZEN_FORMATS, sha256, version_label
from speechapp.review import states


def draft_freeze(*, draft: Draft, user, access: Access | None, message: str = "") -> None:
    """审核通过 → 定稿: render the official DOCX and PDF (the version in their properties),
    then, in one transaction, move the state and keep the files with their SHA-256.

    The files are rendered before the transaction (no lock held for a render) from the
    draft as it was read; the transition then goes through only if the draft is still
    审核通过 and unchanged since (its ``updated_at``), so what is kept is what was approved.
    Raises PermissionDenied (only the owner freezes), states.TransitionRefused (not
    审核通过, changed since the approval, or a second click), and the render's own errors
    (MissingSlotsError, files.LeftoversError, RenderLimitError, and RenderBusyError in a
    web process whose worker has not made them yet) with nothing changed."""
    if not may_transition(draft, user, access, Transition.FREEZE):
        raise PermissionDenied
    seen = Draft.objects.get(pk=draft.pk)
    if seen.state != DraftState.APPROVED:
        raise states.TransitionRefused(states.moved_message(seen.state))
    states.check_unchanged_since_approval(seen)
    rendered = _official_files(seen)
    with transaction.atomic():
        states.draft_transition(
            draft=seen,
            user=user,
            access=access,
            transition=Transition.FREEZE,
            message=message,
            unchanged_since=seen.updated_at,
        )
        FrozenFile.objects.bulk_create(
            FrozenFile(
                draft=seen,
                fmt=fmt,
                filename=file.filename,
                content=file.content,
                sha256=sha256(file.content),
            )
            for fmt, file in rendered.items()
        )
    draft.state = seen.state


def _official_files(draft: Draft) -> dict[str, files.RenderedFile]:
    """The official files with the version in their properties, rendered by the process's
    role (worker_render): a web process beside render workers asks a worker for every file
    first, then waits for each, and says 正在生成 (RenderBusyError) past its wait; one that
    renders itself renders them one after the other."""
    version = version_label(draft)
    if not worker_render.renders_here():
        for fmt in FROZEN_FORMATS:
            with contextlib.suppress(render_cache.RenderBusyError):  # asked; waited for below
                worker_render.draft_file(draft=draft, fmt=fmt, version=version, wait=False)
    return {
        fmt: worker_render.draft_file(draft=draft, fmt=fmt, version=version)
        for fmt in FROZEN_FORMATS
    }
