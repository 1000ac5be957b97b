"""Reads of a draft's stored values, in one query: what was typed, what prints, the blanks that
take words, the variables, the save order; and the plans built on them (group fill, paste)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count

from speechapp.core.linking import NameGroup, group_of
from speechapp.core.model import Slot, Speech
from speechapp.core.paste import paste_targets, pasted_lines
from speechapp.core.progress import is_filled
from speechapp.core.sheets import blank_context
from speechapp.drafts.models import (
    Draft,
    SlotValue,
    Variable,
)
from speechapp.filling.value_rules import check_values, effective_slot, effective_slots


@dataclass(frozen=True)
class StoredValues:
    """Everything stored for a draft's blanks, read in one query."""

    raw: Mapping[str, str] = field(default_factory=dict)  # what the writer typed
    printed: Mapping[str, str] = field(default_factory=dict)  # filled slots only
    as_text: frozenset[str] = frozenset()  # blanks the writer made take words
    links: Mapping[str, int] = field(default_factory=dict)  # slot id -> variable id
    seqs: Mapping[str, int] = field(default_factory=dict)  # the autosave that wrote each
    carried: frozenset[str] = frozenset()  # taken from 上期, not yet confirmed (沿用)
    notes: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # (备注, 来源/口径)

    def slot(self, slot: Slot) -> Slot:
        """``slot`` as the writer set it (see values.effective_slot)."""
        return effective_slot(slot, slot.id in self.as_text)

    def slots(self, speech: Speech) -> dict[str, Slot]:
        return effective_slots(speech, self.as_text)

    def with_written(
        self,
        raw: Mapping[str, str],
        printed: Mapping[str, str],
        as_text: frozenset[str] | None = None,
        carried: frozenset[str] | None = None,
        notes: Mapping[str, tuple[str, str]] | None = None,
    ) -> StoredValues:
        """These values after a save wrote ``raw`` and ``printed`` (and the blanks that take
        words, ``as_text``, and the carried ones, ``carried``) for some slots."""
        new_printed = {**self.printed, **printed}
        return StoredValues(
            raw={**self.raw, **raw},
            printed={k: v for k, v in new_printed.items() if is_filled(v)},
            as_text=self.as_text if as_text is None else frozenset(as_text),
            links=self.links,
            seqs=self.seqs,
            carried=self.carried if carried is None else frozenset(carried),
            notes=self.notes if notes is None else notes,
        )


def group_targets(
    speech: Speech, slot_id: str, values: StoredValues
) -> tuple[NameGroup | None, list[str]]:
    """The name group of ``slot_id`` and the blanks a group fill would write into.

    No blanks while ``slot_id`` prints nothing; the offer ("也填入其他 N 个") and the fill both ask
    this, so they always count the same blanks.
    """
    group = group_of(speech, slot_id)
    if group is None or not is_filled(values.printed.get(slot_id)):
        return group, []
    return group, group.open_others(slot_id, values.raw)


def stored_values(draft: Draft) -> StoredValues:
    rows = SlotValue.objects.filter(draft=draft).values_list(
        "slot_id", "raw", "value", "as_text", "variable_id", "seq", "carried", "note", "source"
    )
    raw, printed, as_text, links, seqs, carried, notes = {}, {}, set(), {}, {}, set(), {}
    for slot_id, typed, value, takes_words, variable_id, seq, was_carried, note, source in rows:
        if note or source:
            notes[slot_id] = (note, source)
        raw[slot_id] = typed
        if is_filled(value):
            printed[slot_id] = value
        if takes_words:
            as_text.add(slot_id)
        if variable_id is not None:
            links[slot_id] = variable_id
        if seq is not None:
            seqs[slot_id] = seq
        if was_carried:
            carried.add(slot_id)
    return StoredValues(raw, printed, frozenset(as_text), links, seqs, frozenset(carried), notes)


def draft_values(draft: Draft) -> dict[str, str]:
    """slot id -> printable value, for filled slots only."""
    return dict(stored_values(draft).printed)


def values_file(speech: Speech, printed: Mapping[str, str]) -> dict[str, str]:
    """What the values file holds (render_speech's --values): the printed value of each
    filled blank, in the speech's order."""
    return {slot.id: printed[slot.id] for slot in speech.slots if slot.id in printed}


def draft_raw_values(draft: Draft) -> dict[str, str]:
    """slot id -> what the writer typed, valid or not."""
    return dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "raw"))


def draft_variables(draft: Draft) -> list[Variable]:
    """The draft's variables, each annotated with ``slot_count`` (the blanks attached)."""
    return list(draft.variables.annotate(slot_count=Count("slot_values")))


def draft_changes(draft: Draft, since: int) -> list[dict]:
    """Slot values written after revision ``since`` (by this tab or another)."""
    rows = SlotValue.objects.filter(draft=draft, revision__gt=since).values(
        "slot_id", "raw", "value", "revision"
    )
    return [
        {"id": r["slot_id"], "raw": r["raw"], "value": r["value"], "revision": r["revision"]}
        for r in rows
    ]


@dataclass(frozen=True)
class PasteRow:
    slot: Slot
    context: str
    line: str
    value: str  # what it will print ("" when the line does not fit: ``error`` says why)
    error: str | None


@dataclass(frozen=True)
class PastePlan:
    rows: tuple[PasteRow, ...]
    extra: int  # lines left over once the section's open blanks ran out

    @property
    def raw(self) -> dict[str, str]:
        """What a paste writes: every line with text (an empty cell leaves its blank alone)."""
        return {row.slot.id: row.line for row in self.rows if row.line}


def paste_plan(draft: Draft, slot_id: str, text: str) -> PastePlan:
    """Which pasted line goes into which blank, each checked by the one value rule."""
    speech = draft.speech
    lines = pasted_lines(text)
    stored = stored_values(draft)
    targets = paste_targets(speech, slot_id, stored.printed, len(lines))
    typed = {target: line for target, line in zip(targets, lines, strict=False) if line}
    checks = check_values(stored.slots(speech), typed, stored.printed)
    by_id = {slot.id: slot for slot in speech.slots}
    rows = []
    for target, line in zip(targets, lines, strict=False):
        check = checks.get(target)
        error = check.error if check is not None else None
        rows.append(
            PasteRow(
                slot=by_id[target],
                context=blank_context(speech, by_id[target]),
                line=line,
                value=check.value if check is not None else "",
                error=" ".join(error.messages) if error is not None else None,
            )
        )
    return PastePlan(tuple(rows), extra=len(lines) - len(targets))
