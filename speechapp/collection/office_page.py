"""The office's own page behind its link: what it shows (only that office's blanks, each with
only its own sentence) and the one write an office makes (``office_save``), checked by the one
value rule. Nothing here writes the draft: the values wait for the writer's review
(collection.round_review).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from speechapp.collection.rounds import LinkState, link_state, office_slot_ids
from speechapp.core.sheets import KIND_LABELS, blank_context
from speechapp.core.values import raw_problem
from speechapp.drafts.models import OfficeLink, OfficeValue
from speechapp.filling.earlier import draft_earlier
from speechapp.filling.stored import stored_values
from speechapp.filling.value_rules import VALUE_MESSAGES, Checked, check_values, effective_slots

MAX_NOTE_CHARS = 200


class LinkClosed(Exception):
    """The link no longer takes values (revoked, expired, locked): nothing was written."""

    def __init__(self, state: LinkState):
        self.state = state
        super().__init__(state.value)


class NotOfficeBlank(LookupError):
    """A blank that is not this office's (another office's, another draft's, none): the page
    answers 404 and nothing was written."""


@dataclass(frozen=True)
class OfficeBlank:
    slot_id: str
    context: str  # its own sentence only, the blank shown as 【　】
    kind: str
    unit: str
    earlier: str  # 上期 ("" when none)
    raw: str
    note: str
    source: str
    problem: str  # why what was typed does not print ("" when it does, or is empty)
    notice: str
    after_submit: bool
    errors: tuple[str, ...] = ()  # the form's messages (text kept as typed, not saved)

    @property
    def filled(self) -> bool:
        return bool(self.raw.strip()) and not self.problem


@dataclass(frozen=True)
class OfficePage:
    link: OfficeLink
    state: LinkState
    blanks: tuple[OfficeBlank, ...]

    @property
    def filled(self) -> int:
        return sum(1 for b in self.blanks if b.filled)

    @property
    def empty(self) -> int:
        return len(self.blanks) - self.filled


def _checks(link: OfficeLink, typed: Mapping[str, str]) -> dict[str, Checked]:
    """The one value rule over the office's typed values (a day checked against its month,
    the office's month first, else the draft's)."""
    draft = link.round.draft
    stored = stored_values(draft)
    slots = effective_slots(draft.speech, stored.as_text)
    return check_values(slots, {i: t for i, t in typed.items() if t.strip()}, stored.printed)


def check_message(check: Checked | None) -> tuple[str, str]:
    if check is None:
        return "", ""
    if check.problem is not None:
        message = VALUE_MESSAGES[check.problem.code]
        params = check.problem.params
        return (str(message) % params if params else str(message)), ""
    return "", check.notice or ""


def office_page(
    link: OfficeLink,
    typed: Mapping[str, tuple[str, str, str]] | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
) -> OfficePage:
    """The office's blanks with what it typed, each checked; nothing of any other blank.

    ``typed`` (slot id -> value, 备注, 来源) and ``errors`` are a refused form's: shown as typed,
    with the message beside the field."""
    typed, errors = typed or {}, errors or {}
    draft = link.round.draft
    speech = draft.speech
    ids = set(office_slot_ids(link))
    stored = stored_values(draft)
    earlier = draft_earlier(draft, stored) if draft.earlier else None
    rows = {v.slot_id: v for v in link.values.filter(slot_id__in=ids)}
    checks = _checks(link, {i: v.raw for i, v in rows.items()})
    blanks = []
    for slot in speech.slots:
        if slot.id not in ids:
            continue
        row = rows.get(slot.id)
        problem, notice = check_message(checks.get(slot.id))
        past = earlier.values.get(slot.id) if earlier else None
        raw, note, source = typed.get(
            slot.id, (row.raw, row.note, row.source) if row else ("", "", "")
        )
        blanks.append(
            OfficeBlank(
                slot_id=slot.id,
                context=blank_context(speech, slot),
                kind=KIND_LABELS[stored.slot(slot).kind],
                unit=stored.slot(slot).unit or "",
                earlier=past.value if past else "",
                raw=raw,
                note=note,
                source=source,
                problem=problem,
                notice=notice,
                after_submit=bool(row and row.after_submit),
                errors=tuple(errors.get(slot.id, ())),
            )
        )
    return OfficePage(link, link_state(link), tuple(blanks))


def office_opened(link: OfficeLink) -> None:
    """The office opened its page: the board's 未打开 becomes 填写中."""
    if link.opened_at is None:
        now = timezone.now()
        OfficeLink.objects.filter(pk=link.pk, opened_at__isnull=True).update(
            opened_at=now, last_activity_at=now
        )
        link.opened_at = link.last_activity_at = now


def refused_text(text: str) -> str:
    """Why text cannot even be kept as typed ("" when it can)."""
    problem = raw_problem(text.strip())
    if problem is None:
        return ""
    message = VALUE_MESSAGES[problem.code]
    return str(message) % problem.params if problem.params else str(message)


@transaction.atomic
def office_save(
    *,
    link: OfficeLink,
    values: Mapping[str, tuple[str, str, str]],
) -> dict[str, Checked]:
    """THE write of the office page: store (value, 备注, 来源/口径) per blank of this office.

    Every office write comes through here (autosave, the plain form, 提交's last values), so
    whether the link may still write is decided in this one place: LinkClosed when it may not.
    NotOfficeBlank for any blank that is not this office's (nothing is written then). What is
    typed is kept even when the value rule refuses it (the page shows why); a value changed
    after the office submitted is marked.
    """
    link = OfficeLink.objects.select_for_update().select_related("round__draft").get(pk=link.pk)
    state = link_state(link)
    if state is not LinkState.OPEN:
        raise LinkClosed(state)
    ids = set(office_slot_ids(link))
    if any(slot_id not in ids for slot_id in values):
        raise NotOfficeBlank(sorted(set(values) - ids))
    existing = {v.slot_id: v for v in link.values.filter(slot_id__in=list(values))}
    now = timezone.now()
    for slot_id, (raw, note, source) in values.items():
        raw, note, source = raw.strip(), note.strip()[:MAX_NOTE_CHARS], source.strip()
        source = source[:MAX_NOTE_CHARS]
        if refused_text(raw) or refused_text(note) or refused_text(source):
            continue
        row = existing.get(slot_id)
        if row is not None and (row.raw, row.note, row.source) == (raw, note, source):
            continue
        if row is None:
            row = OfficeValue(link=link, slot_id=slot_id)
        row.raw, row.note, row.source = raw, note, source
        row.after_submit = row.after_submit or link.submitted_at is not None
        row.save()
    OfficeLink.objects.filter(pk=link.pk).update(
        last_activity_at=now, opened_at=link.opened_at or now
    )
    current = dict(link.values.values_list("slot_id", "raw"))
    checks = _checks(link, current)
    return {slot_id: checks.get(slot_id, Checked("")) for slot_id in values}


@transaction.atomic
def office_submit(*, link: OfficeLink, name: str, phone: str) -> None:
    """提交: the office says its values are ready, and who it is. It may still change them
    while the link is open (each change is then marked)."""
    link = OfficeLink.objects.select_for_update().select_related("round").get(pk=link.pk)
    state = link_state(link)
    if state is not LinkState.OPEN:
        raise LinkClosed(state)
    now = timezone.now()
    link.submitted_at = now
    link.submitted_name = name.strip()[:50]
    link.submitted_phone = phone.strip()[:30]
    link.last_activity_at = now
    link.opened_at = link.opened_at or now
    link.save(
        update_fields=[
            "submitted_at",
            "submitted_name",
            "submitted_phone",
            "last_activity_at",
            "opened_at",
        ]
    )
