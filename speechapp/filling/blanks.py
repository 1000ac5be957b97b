"""Writes on blanks beyond typing, each through the value write path: group fills, pasted columns,
variables, words instead of a number."""

from __future__ import annotations

from django.db import transaction

from speechapp.drafts.locks import claim_values_write
from speechapp.drafts.models import (
    ChangeHow,
    Draft,
    SlotValue,
    Variable,
)
from speechapp.filling.saving import SavedValues, draft_save_values
from speechapp.filling.stored import PastePlan, group_targets, paste_plan, stored_values


@transaction.atomic
def group_apply(*, draft: Draft, slot_id: str, user=None) -> list[str]:
    """Copy a name slot's value into the open blanks of its group; returns their ids."""
    stored = stored_values(draft)
    _, targets = group_targets(draft.speech, slot_id, stored)
    if targets:
        draft_save_values(
            draft=draft,
            raw={i: stored.raw[slot_id] for i in targets},
            how=ChangeHow.GROUP,
            user=user,
        )
    return targets


@transaction.atomic
def slot_paste(*, draft: Draft, slot_id: str, text: str, user=None) -> PastePlan:
    """Fill the blank and the next open blanks of its section with a pasted column."""
    plan = paste_plan(draft, slot_id, text)
    if plan.raw:
        draft_save_values(draft=draft, raw=plan.raw, how=ChangeHow.TYPED, user=user)
    return plan


@transaction.atomic
def variable_create(*, draft: Draft, name: str, slot_ids: list[str], user=None) -> Variable:
    claim_values_write(draft)
    variable = Variable.objects.create(draft=draft, name=name)
    for slot_id in slot_ids:
        slot_link(draft=draft, slot_id=slot_id, variable=variable, user=user)
    return variable


@transaction.atomic
def variable_set(*, draft: Draft, variable: Variable, raw: str, user=None) -> SavedValues:
    """Set a variable's value and write it into every slot attached to it."""
    claim_values_write(draft)
    variable.raw = raw
    variable.save(update_fields=["raw"])
    linked = variable.slot_values.values_list("slot_id", flat=True)
    return draft_save_values(
        draft=draft, raw={i: raw for i in linked}, how=ChangeHow.VARIABLE, user=user
    )


@transaction.atomic
def slot_link(*, draft: Draft, slot_id: str, variable: Variable | None, user=None) -> None:
    """Attach a slot to a variable (taking its value) or detach it (keeping the value)."""
    claim_values_write(draft)
    SlotValue.objects.bulk_create(
        [SlotValue(draft=draft, slot_id=slot_id, variable=variable)],
        update_conflicts=True,
        unique_fields=["draft", "slot_id"],
        update_fields=["variable"],
    )
    if variable is not None and variable.raw:
        draft_save_values(
            draft=draft, raw={slot_id: variable.raw}, how=ChangeHow.VARIABLE, user=user
        )


@transaction.atomic
def slot_set_as_text(
    *, draft: Draft, slot_id: str, as_text: bool, raw: str | None, user=None
) -> None:
    """Let a blank take words instead of a number (or back), and re-check what it holds.

    ``raw`` is what the writer has in the field now; None keeps what is stored.
    """
    if raw is None:
        raw = stored_values(draft).raw.get(slot_id, "")
    draft_save_values(
        draft=draft,
        raw={slot_id: raw},
        as_text={slot_id: as_text},
        how=ChangeHow.AS_TEXT,
        user=user,
    )
