"""A draft's value history: reads (the history page, values as of a revision), the restore and
its undo, and the history carried through 按模板更新."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from speechapp.drafts.locks import claim_values_write
from speechapp.drafts.models import (
    ChangeHow,
    Draft,
    SlotValue,
)
from speechapp.filling import stored
from speechapp.filling.saving import draft_save_values


def draft_history(draft: Draft, slot_id: str | None = None) -> QuerySet:
    """The draft's value changes, newest first, each annotated with the blank's text and
    printed value before it (``old_raw``, ``old_value``; None for its first entry)."""
    historical = SlotValue.history.model
    before = historical.objects.filter(
        draft_id=OuterRef("draft_id"),
        slot_id=OuterRef("slot_id"),
        history_id__lt=OuterRef("history_id"),
    ).order_by("-history_id")
    rows = historical.objects.filter(draft_id=draft.pk)
    if slot_id is not None:
        rows = rows.filter(slot_id=slot_id)
    return (
        rows.annotate(
            old_raw=Subquery(before.values("raw")[:1]),
            old_value=Subquery(before.values("value")[:1]),
        )
        .select_related("history_user")
        .order_by("-history_id")
    )


def values_as_of(draft: Draft, revision: int) -> dict[str, tuple[str, bool, bool]]:
    """slot id -> (typed text, takes words, 沿用) right after save ``revision``, from the
    history."""
    rows = (
        SlotValue.history.filter(draft_id=draft.pk, revision__lte=revision)
        .order_by("history_id")
        .values_list("slot_id", "raw", "as_text", "carried")
    )
    return {slot_id: (raw, as_text, carried) for slot_id, raw, as_text, carried in rows}


def restored_slots(draft: Draft, revision: int) -> list[str]:
    """The blanks a restore (or an undone restore) saved as ``revision`` wrote."""
    return list(
        SlotValue.history.filter(
            draft_id=draft.pk,
            revision=revision,
            history_change_reason__in=[ChangeHow.RESTORE, ChangeHow.UNDO],
        ).values_list("slot_id", flat=True)
    )


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

    A whole-draft restore to a revision before the last 按模板更新 is refused
    (ValidationError): its history is kept, at the blanks' new ids, but the text it was
    written against is gone, so one blank at a time is what can be rebuilt.

    All blanks, or only ``slot_ids``. Only blanks that differ now are written, through
    draft_save_values: the restore is itself a save with its own revision and history
    entries, so it can be undone (draft_undo_restore). Returns the blanks written.

    A 定稿 draft is not restored (DraftLocked), even when nothing would change.
    """
    claim_values_write(draft)
    if slot_ids is None and revision < draft.template_update_revision:
        raise ValidationError(
            _(
                "这一版早于按模板更新：那时讲话稿的文字不同，不能整篇恢复。"
                "可以在某个空的历史里逐个恢复。"
            ),
            code="before_update",
        )
    then = values_as_of(draft, revision)
    now = stored.stored_values(draft)
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
    slot_ids = restored_slots(draft, revision)
    if not slot_ids:
        return []
    return draft_restore(
        draft=draft, revision=revision - 1, slot_ids=slot_ids, how=ChangeHow.UNDO, user=user
    )


PARKED = "~"


def parked(slot_id: str) -> str:
    """Where the history of a blank that is gone is kept: an id no blank has."""
    return slot_id if slot_id.startswith(PARKED) else PARKED + slot_id


def carry_history(*, draft: Draft, mapping: Mapping[str, str]) -> None:
    """Move the draft's value rows and their whole history to the blanks' new ids (按模板更新:
    ``mapping`` old id -> new id). A row whose blank is gone is deleted, and its history is
    parked under "~<old id>", which no blank has: nothing is lost, and a restore never puts
    an old value into another blank."""
    historical = SlotValue.history.model
    entries = list(historical.objects.filter(draft_id=draft.pk).only("history_id", "slot_id"))
    for entry in entries:
        entry.slot_id = mapping.get(entry.slot_id) or parked(entry.slot_id)
    historical.objects.bulk_update(entries, ["slot_id"], batch_size=500)
    rows = SlotValue.objects.filter(draft=draft)
    gone = rows.exclude(slot_id__in=list(mapping)).exclude(slot_id__startswith=PARKED)
    gone.update(slot_id=Concat(Value(PARKED), F("slot_id")))
    rows.filter(slot_id__startswith=PARKED).delete()  # its history entry of the deletion: parked
    # Two steps: a blank may take the id another one leaves (s010 -> s011, s011 -> s012).
    kept = list(rows.filter(slot_id__in=list(mapping)))
    for row in kept:
        row.slot_id = "#" + mapping[row.slot_id]
    SlotValue.objects.bulk_update(kept, ["slot_id"], batch_size=500)
    for row in kept:
        row.slot_id = row.slot_id[1:]
    SlotValue.objects.bulk_update(kept, ["slot_id"], batch_size=500)
