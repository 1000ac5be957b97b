"""Writes from the history: putting a draft's blanks back as they were after an earlier save,
and undoing that. Each is itself a save (services.draft_save_values), with its own revision
and history entries."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from speechapp.drafts import selectors
from speechapp.drafts.models import ChangeHow, Draft
from speechapp.drafts.services import draft_save_values


@transaction.atomic
def draft_restore(
    *,
    draft: Draft,
    revision: int,
    slot_ids: Collection[str] | None = None,
    how: ChangeHow = ChangeHow.RESTORE,
    user=None,
) -> list[str]:
    """Put the blanks back as they were right after save ``revision`` (a history entry).

    All blanks, or only ``slot_ids``. Only blanks that differ now are written, through
    draft_save_values: the restore is itself a save with its own revision and history
    entries, so it can be undone (draft_undo_restore). Returns the blanks written.
    """
    then = selectors.values_as_of(draft, revision)
    now = selectors.stored_values(draft)
    ids = draft.speech.slot_ids if slot_ids is None else slot_ids
    empty = ("", False, False)

    def state_now(i: str) -> tuple[str, bool, bool]:
        return now.raw.get(i, ""), i in now.as_text, i in now.carried

    changed = sorted(i for i in ids if then.get(i, empty) != state_now(i))
    if changed:
        draft_save_values(
            draft=draft,
            raw={i: then.get(i, empty)[0] for i in changed},
            as_text={i: then.get(i, empty)[1] for i in changed},
            carried={i: then.get(i, empty)[2] for i in changed},
            how=how,
            user=user,
        )
    return changed


@transaction.atomic
def draft_undo_restore(*, draft: Draft, revision: int, user=None) -> list[str]:
    """Undo the restore saved as ``revision``: the blanks it wrote go back to what they held
    just before it (right after save ``revision - 1``)."""
    slot_ids = selectors.restored_slots(draft, revision)
    if not slot_ids:
        return []
    return draft_restore(
        draft=draft, revision=revision - 1, slot_ids=slot_ids, how=ChangeHow.UNDO, user=user
    )
