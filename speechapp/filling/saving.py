"""The value write path: the one function that stores what a writer typed into blanks beside what
each blank prints (the one value rule), keeps the history and the save order, and announces the
edit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from speechapp.core.values import ValueProblem, raw_problem
from speechapp.drafts import locks
from speechapp.drafts.access import LOCKED_STATES, may_change_values
from speechapp.drafts.models import (
    ChangeHow,
    Draft,
    SlotValue,
)
from speechapp.drafts.signals import send_draft_changed
from speechapp.filling.stored import StoredValues, stored_values
from speechapp.filling.value_rules import Checked, check_values, effective_slots


class RevisionConflict(Exception):
    """A write made against revision ``expected`` found the draft at ``current``: another
    write came first (the API's If-Match). Nothing was written."""

    def __init__(self, expected: int, current: int):
        self.expected, self.current = expected, current
        super().__init__(f"expected revision {expected}, found {current}")


def current_revision(draft: Draft) -> int:
    return Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)


def next_revision(draft: Draft, now, expected: int | None = None) -> int:
    """Bump the draft's revision (locking its row until the transaction ends); the new one.

    With ``expected``, only if the draft is still at that revision: the comparison and the
    bump are one conditional UPDATE, so of two writers holding one ETag exactly one gets
    through and the other gets RevisionConflict, on every database.

    Only if the draft's values may change (drafts.access.may_change_values: not 定稿), in the
    same UPDATE: a draft frozen meanwhile raises DraftLocked (drafts.locks)."""
    rows = Draft.objects.filter(pk=draft.pk).exclude(state__in=LOCKED_STATES)
    if expected is not None:
        rows = rows.filter(revision=expected)
    if not rows.update(revision=F("revision") + 1, updated_at=now):
        if not Draft.objects.filter(pk=draft.pk).exclude(state__in=LOCKED_STATES).exists():
            locks.refuse(draft)
        raise RevisionConflict(expected, current_revision(draft))
    return current_revision(draft)


@dataclass(frozen=True)
class SavedValues:
    """What a save wrote: each blank's check (printed value, problem, notice), by slot id."""

    revision: int
    checks: Mapping[str, Checked]
    values: StoredValues  # the draft's values after the save
    # Blanks whose save was refused as older than the stored value (see draft_save_values).
    stale: frozenset[str] = frozenset()

    @property
    def problems(self) -> dict[str, ValueProblem]:
        return {i: c.problem for i, c in self.checks.items() if c.problem is not None}

    @property
    def notices(self) -> dict[str, str]:
        return {i: c.notice for i, c in self.checks.items() if c.notice}


def is_stale(seq: int | None, stored_seq: int | None) -> bool:
    """The save order rule: a browser save numbered below the stored one is older."""
    return seq is not None and stored_seq is not None and seq < stored_seq


@transaction.atomic
def draft_save_values(
    *,
    draft: Draft,
    raw: Mapping[str, str],
    seqs: Mapping[str, int] | None = None,
    as_text: Mapping[str, bool] | None = None,
    how: ChangeHow = ChangeHow.TYPED,
    user=None,
    carried: Mapping[str, bool] | None = None,
    expected_revision: int | None = None,
    notes: Mapping[str, tuple[str, str]] | None = None,
    by: str = "",
) -> SavedValues:
    """Store what was typed into each blank and, beside it, what the blank prints.

    ``notes``: (备注, 来源/口径) of some of the blanks written (an office's, a sheet's, the
    API's); a blank written without one keeps the ones it had. ``by``: who sent the values
    when not the user (an office online), kept in the history's reason as ``how:by``.

    ``expected_revision``: write only if the draft is still at that revision, else raise
    RevisionConflict and write nothing (the values API's If-Match; see next_revision).

    The printed value is always ``check_value`` of the typed text under the blank's effective
    kind ("" when it does not fit): no caller can store another. ``as_text`` switches blanks
    to words (True) or back to the parser's kind (False) in the same write. Only the blanks
    sent are touched, so two tabs saving different fields never overwrite each other.

    A 定稿 draft's values are locked: raises DraftLocked (drafts.locks) and writes nothing.

    Save order: an autosave carries the browser's sequence number for its field (``seqs``,
    growing with every save the writer's tabs make: the time in microseconds, kept rising
    within a tab). A save numbered below the number stored for its blank is older than what
    is stored and is refused: nothing is written for that blank and it is listed in
    ``stale``, so a request delayed in the network never overwrites a later one. A save
    without a number (full-page save, group fill, variables, "takes words", restore) always
    applies and keeps the stored number, so the field's next autosave still applies.

    History: each blank whose typed text, printed value or kind changes gets a history entry
    (SlotValue.history) with ``user``, the time and ``how``; all entries of one save share
    its revision, which is what a restore goes back to.

    沿用: a save with ``how=ChangeHow.CARRIED`` (draft_take_earlier) marks its blanks as taken
    from 上期; any later save that changes a blank's typed text clears the mark, a save of the
    same text keeps it (draft_confirm_carried clears it too). A restore says the marks it
    puts back (``carried``).
    """
    if not may_change_values(draft):
        locks.refuse(draft)
    seqs = seqs or {}
    as_text = as_text or {}
    notes = notes or {}
    known = [slot for slot in draft.speech.slots if slot.id in raw]
    typed = {slot.id: raw[slot.id].strip() for slot in known}
    # Text that cannot even be kept as typed (control characters, far too long) is refused:
    # nothing is stored, and its check says why.
    refused = {
        slot_id: Checked("", problem=problem)
        for slot_id, text in typed.items()
        if (problem := raw_problem(text)) is not None
    }
    typed = {slot_id: text for slot_id, text in typed.items() if slot_id not in refused}
    if not typed:
        if expected_revision is not None and expected_revision != current_revision(draft):
            raise RevisionConflict(expected_revision, current_revision(draft))
        return SavedValues(draft.revision, refused, stored_values(draft))
    now = timezone.now()
    # The revision bump comes first: it locks the draft, so the kinds and sequence numbers
    # read next are the ones this save is judged against, whatever another tab does.
    revision = next_revision(draft, now, expected_revision)
    stored = stored_values(draft)
    stale = frozenset(s.id for s in known if is_stale(seqs.get(s.id), stored.seqs.get(s.id)))
    typed = {slot_id: text for slot_id, text in typed.items() if slot_id not in stale}
    words = {i for i in typed if as_text.get(i, i in stored.as_text)}
    takes_words = (stored.as_text - typed.keys()) | words
    checks = check_values(effective_slots(draft.speech, takes_words), typed, stored.printed)
    # 沿用: a value taken from 上期 stays marked until the writer confirms it or types another
    # text; saving the same text again (a full-page save, another tab) keeps the mark.
    marks = carried or {}
    carried = {
        slot_id
        for slot_id in typed
        if marks.get(
            slot_id,
            how == ChangeHow.CARRIED
            or (slot_id in stored.carried and typed[slot_id] == stored.raw.get(slot_id)),
        )
    }
    rows = [
        SlotValue(
            draft=draft,
            slot_id=slot_id,
            raw=typed[slot_id],
            value=check.value,
            as_text=slot_id in words,
            carried=slot_id in carried,
            note=notes.get(slot_id, stored.notes.get(slot_id, ("", "")))[0][:200],
            source=notes.get(slot_id, stored.notes.get(slot_id, ("", "")))[1][:200],
            revision=revision,
            seq=seqs.get(slot_id, stored.seqs.get(slot_id)),
            updated_at=now,
        )
        for slot_id, check in checks.items()
    ]
    SlotValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["draft", "slot_id"],
        update_fields=[
            "raw",
            "value",
            "as_text",
            "carried",
            "note",
            "source",
            "revision",
            "seq",
            "updated_at",
        ],  # fmt: skip
    )
    changed = [row for row in rows if _state(row) != _stored_state(stored, row.slot_id)]
    reason = f"{how}:{by[:90]}" if by else how
    SlotValue.history.bulk_history_create(
        changed, default_user=user, default_change_reason=reason, default_date=now
    )
    draft.revision = revision
    draft.updated_at = now
    after = stored.with_written(
        typed,
        {i: c.value for i, c in checks.items()},
        takes_words,
        (stored.carried - typed.keys()) | carried,
        {
            **{i: n for i, n in stored.notes.items() if i not in typed},
            **{r.slot_id: (r.note, r.source) for r in rows if r.note or r.source},
        },
    )
    draft_edited(draft=draft, printed=after.printed)
    return SavedValues(revision, {**checks, **refused}, after, stale)


def _state(row: SlotValue) -> tuple:
    return row.raw, row.value, row.as_text, row.carried, (row.note, row.source)


def _stored_state(stored: StoredValues, slot_id: str) -> tuple:
    return (
        stored.raw.get(slot_id, ""),
        stored.printed.get(slot_id, ""),
        slot_id in stored.as_text,
        slot_id in stored.carried,
        stored.notes.get(slot_id, ("", "")),
    )


def draft_save_all_or_nothing(
    *,
    draft: Draft,
    raw: Mapping[str, str],
    how: ChangeHow,
    user=None,
    expected_revision: int | None = None,
    notes: Mapping[str, tuple[str, str]] | None = None,
) -> SavedValues:
    """``draft_save_values`` of every blank in ``raw``, or of none: when any value fails the
    one rule (its check has a problem), the whole write is rolled back, and the returned
    checks say which blanks failed and why (its ``values`` are then the values before).

    For writers that cannot keep a half-typed value as the fill page does (the values API).
    Raises RevisionConflict as draft_save_values does.
    """
    with transaction.atomic():
        saved = draft_save_values(
            draft=draft,
            raw=raw,
            how=how,
            user=user,
            expected_revision=expected_revision,
            notes=notes,
        )
        if saved.problems:
            transaction.set_rollback(True)
    if saved.problems:
        draft.refresh_from_db(fields=["revision", "updated_at"])
        return SavedValues(draft.revision, saved.checks, stored_values(draft))
    return saved


def draft_edited(*, draft: Draft, printed: Mapping[str, str] | None = None) -> None:
    """After any edit that can change the output: announce it once it commits
    (drafts.signals.draft_changed; outputs renders a complete draft's files ahead).

    ``printed`` is the draft's printed values when the caller has them (saves a query)."""
    send_draft_changed(draft, printed)
