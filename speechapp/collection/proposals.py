"""What a returned sheet proposes for a draft: the changes, the rejected rows with their reasons,
and the conflicts between sheets, each checked by the one value rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from speechapp.collection.sheet_files import SheetFileError, problem_text
from speechapp.core.model import Speech
from speechapp.core.sheets import (
    ReturnedSheet,
    SheetMarker,
    blank_context,
)
from speechapp.filling.value_rules import check_values, effective_slots


@dataclass(frozen=True)
class Change:
    slot: str
    context: str
    old: str  # what the blank prints now ("" when open)
    raw: str  # the text to store
    value: str  # what it will print
    where: str
    note: str = ""  # 备注 sent with the value
    source: str = ""  # 来源/口径 sent with the value
    by: str = ""  # the office that sent it online ("" for a sheet)


@dataclass(frozen=True)
class Rejected:
    slot: str
    where: str
    raw: str
    code: str
    params: dict = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return problem_text(self.code, self.params)


@dataclass(frozen=True)
class Option:
    raw: str
    value: str
    where: str
    note: str = ""
    source: str = ""
    by: str = ""


@dataclass(frozen=True)
class Conflict:
    slot: str
    context: str
    old: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Proposal:
    """What returned sheets would change, before the writer accepts any of it."""

    files: tuple[str, ...]
    changes: tuple[Change, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    unchanged: int = 0  # rows that give a blank the value it already prints

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping) -> Proposal:
        return cls(
            files=tuple(data["files"]),
            changes=tuple(Change(**c) for c in data["changes"]),
            rejected=tuple(Rejected(**r) for r in data["rejected"]),
            conflicts=tuple(
                Conflict(
                    slot=c["slot"],
                    context=c["context"],
                    old=c["old"],
                    options=tuple(Option(**o) for o in c["options"]),
                )
                for c in data["conflicts"]
            ),
            unchanged=data.get("unchanged", 0),
        )


def rejected_in_context(proposal: Proposal, speech: Speech) -> list[tuple[Rejected, str]]:
    """The refused rows, each with the sentence of its blank ("" when 编号 is none of ours)."""
    slots = {slot.id: slot for slot in speech.slots}
    return [
        (row, blank_context(speech, slots[row.slot]) if row.slot in slots else "")
        for row in proposal.rejected
    ]


def check_file(sheet: ReturnedSheet, speech: Speech, marker: SheetMarker) -> None:
    """Raises SheetFileError when ``sheet`` was not made for this draft and template."""
    if sheet.marker is not None:
        if sheet.marker.template != marker.template:
            raise SheetFileError(sheet.name, "other_template")
        if marker.draft and sheet.marker.draft and sheet.marker.draft != marker.draft:
            raise SheetFileError(sheet.name, "other_draft")
    if not sheet.rows:
        raise SheetFileError(sheet.name, "no_rows")
    if sheet.marker is None and not sheet.by_id:
        # Without a marker (a CSV re-saved by hand) the sentences tell: none of ours, not ours.
        contexts = {blank_context(speech, slot) for slot in speech.slots}
        if not any(row.context in contexts for row in sheet.rows):
            raise SheetFileError(sheet.name, "other_template")


def propose(
    speech: Speech,
    sheets: Sequence[ReturnedSheet],
    *,
    marker: SheetMarker,
    printed: Mapping[str, str],
    as_text: frozenset[str] = frozenset(),
    guarded: Mapping[str, str] | None = None,
    by: str = "",
) -> Proposal:
    """The changes, rejected rows and conflicts that ``sheets`` bring to a draft holding
    ``printed``. Raises SheetFileError for the first file that is not ours at all.

    ``guarded``: blanks whose value the writer set (slot id -> printed): a different value for
    one of them is a conflict with the writer's value, applied only if the writer picks it.
    ``by``: the office sending the values online (named in the history)."""
    guarded = guarded or {}
    for sheet in sheets:
        check_file(sheet, speech, marker)
    slots = effective_slots(speech, as_text)
    by_id = {slot.id: slot for slot in speech.slots}
    rejected: list[Rejected] = []
    offered: dict[str, list[Option]] = {}
    for sheet in sheets:
        for row in sheet.rows:
            where = f"{sheet.name} · {row.where}"
            slot = by_id.get(row.number)
            if slot is None:
                rejected.append(Rejected(row.number, where, row.raw, "unknown_number",
                                         {"number": row.number}))  # fmt: skip
                continue
            # Without a marker only the sentence tells the row belongs to this blank.
            if not (sheet.marker or sheet.by_id) and row.context != blank_context(speech, slot):
                rejected.append(Rejected(slot.id, where, row.raw, "other_context"))
                continue
            if row.formula:
                rejected.append(Rejected(slot.id, where, row.raw, "formula"))
                continue
            if not row.raw.strip():
                continue  # a blank cell never erases a value
            check = check_values(slots, {slot.id: row.raw}, printed)[slot.id]
            if check.problem is not None:
                problem = check.problem
                rejected.append(Rejected(slot.id, where, row.raw, problem.code,
                                         dict(problem.params)))  # fmt: skip
                continue
            options = offered.setdefault(slot.id, [])
            if all(o.value != check.value for o in options):
                options.append(
                    Option(row.raw.strip(), check.value, where, row.note, row.source, by)
                )
    changes, conflicts, unchanged = [], [], 0
    for slot in speech.slots:
        options = offered.get(slot.id)
        if not options:
            continue
        context = blank_context(speech, slot)
        old = printed.get(slot.id, "")
        if len(options) > 1 or (slot.id in guarded and options[0].value != old):
            conflicts.append(Conflict(slot.id, context, old, tuple(options)))
        elif options[0].value == old:
            unchanged += 1
        else:
            option = options[0]
            changes.append(
                Change(
                    slot.id, context, old, option.raw, option.value, option.where,
                    option.note, option.source, option.by,
                )
            )  # fmt: skip
    # A day is checked against its month as the form checks it: with the months these sheets
    # bring (accepted or not yet), so a "2月30日" across two rows is caught here too.
    typed = {c.slot: c.raw for c in changes}
    after = {**printed, **{c.slot: c.value for c in changes}}
    checks = check_values(slots, typed, after)
    kept = []
    for change in changes:
        problem = checks[change.slot].problem
        if problem is None:
            kept.append(change)
        else:
            rejected.append(Rejected(change.slot, change.where, change.raw, problem.code,
                                     dict(problem.params)))  # fmt: skip
    return Proposal(
        files=tuple(sheet.name for sheet in sheets),
        changes=tuple(kept),
        rejected=tuple(rejected),
        conflicts=tuple(conflicts),
        unchanged=unchanged,
    )
