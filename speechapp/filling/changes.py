"""What changed in a draft: between two points of its history (revisions), or between 上期
and now; and what each reader last saw of it ("since I last looked").

Reads the value history (SlotValue.history, written by filling.saving.draft_save_values) and
the 上期 snapshot (filling.earlier); core.changes says which blanks differ, the renderers mark
them (core.rendering.html.render_changes, docx_changes.render_tracked_docx).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from speechapp.core.changes import Change, Movement, changed_values, movement
from speechapp.core.model import Slot
from speechapp.drafts.models import Draft, DraftSeen, SlotValue
from speechapp.drafts.titles import printable
from speechapp.filling.earlier import draft_earlier
from speechapp.filling.history import PARKED
from speechapp.filling.stored import stored_values

POINTS_LISTED = 100  # the latest points of the history offered to compare


@dataclass(frozen=True)
class Point:
    """A point of the draft's history: right after save ``revision``."""

    revision: int
    when: datetime
    user: str


@dataclass(frozen=True)
class ChangedBlank:
    slot: Slot
    change: Change
    movement: Movement | None  # how far a figure moved
    edits: int  # history entries of the blank in the span (0 against 上期)
    users: tuple[str, ...]  # who changed it in the span, first to last ("" a server write)


@dataclass(frozen=True)
class Comparison:
    since: int | None  # a revision, None for 上期
    until: int  # a revision (the draft's own: now)
    values: dict[str, str]  # what the blanks print at ``until``
    blanks: list[ChangedBlank]
    # A 按模板更新 lies in the span: the earlier values were written against another text.
    crosses_update: bool = False

    @property
    def changes(self) -> dict[str, Change]:
        return {b.change.slot_id: b.change for b in self.blanks}


def history_points(draft: Draft, limit: int = POINTS_LISTED) -> list[Point]:
    """The latest points of the draft's history, newest first."""
    rows = (
        SlotValue.history.filter(draft_id=draft.pk)
        .values("revision")
        .annotate(when=Max("history_date"), user=Max("history_user__username"))
        .order_by("-revision")[:limit]
    )
    return [Point(r["revision"], r["when"], r["user"] or "") for r in rows]


def _history_rows(draft: Draft, until: int):
    return (
        SlotValue.history.filter(draft_id=draft.pk, revision__lte=until)
        .exclude(slot_id__startswith=PARKED)
        .order_by("history_id")
        .values_list(
            "slot_id", "value", "revision", "history_type", "history_date", "history_user__username"
        )
    )


def _values(rows, revision: int) -> dict[str, str]:
    values: dict[str, str] = {}
    for slot_id, value, row_revision, kind, *_ in rows:
        if row_revision <= revision:
            values[slot_id] = "" if kind == "-" else printable(value)
    return values


def _blanks(draft: Draft, old, new, authors) -> list[ChangedBlank]:
    slots = {slot.id: slot for slot in draft.speech.slots}
    blanks = []
    for slot_id in changed_values(list(slots), old, new):
        users, when, edits = authors.get(slot_id, ((), None, 0))
        author = users[-1] if users else ""
        change = Change(slot_id, old.get(slot_id, ""), new.get(slot_id, ""), author, when)
        moved = movement(change.old, change.new)
        blanks.append(ChangedBlank(slots[slot_id], change, moved, edits, users))
    return blanks


def draft_changes(draft: Draft, since: int, until: int) -> Comparison:
    """The blanks that print something else right after save ``until`` than right after save
    ``since`` (0: the start), each with who made its last change in between, and when."""
    since, until = sorted((since, until))
    rows = list(_history_rows(draft, until))
    authors: dict[str, tuple[tuple[str, ...], datetime, int]] = {}
    for slot_id, _value, revision, _kind, when, user in rows:
        if revision > since:
            users, _when, edits = authors.get(slot_id, ((), when, 0))
            name = user or ""
            authors[slot_id] = ((*(u for u in users if u != name), name), when, edits + 1)
    new = _values(rows, until)
    return Comparison(
        since=since,
        until=until,
        values=new,
        blanks=_blanks(draft, _values(rows, since), new, authors),
        # The earlier point was written against the text before the last 按模板更新.
        crosses_update=since < draft.template_update_revision,
    )


def draft_changes_since_earlier(draft: Draft) -> Comparison | None:
    """The blanks that print something else now than in 上期 (None: the draft has none),
    each with who last wrote its value, and when: which figures moved, and how far."""
    stored = stored_values(draft)
    earlier = draft_earlier(draft, stored)
    if earlier is None:
        return None
    old = {slot_id: printable(e.value) for slot_id, e in earlier.values.items()}
    new = {slot_id: printable(value) for slot_id, value in stored.printed.items()}
    authors = {}
    for slot_id, when, user in (
        SlotValue.history.filter(draft_id=draft.pk)
        .order_by("history_id")
        .values_list("slot_id", "history_date", "history_user__username")
    ):
        authors[slot_id] = ((user or "",), when, 0)
    return Comparison(
        since=None, until=draft.revision, values=new, blanks=_blanks(draft, old, new, authors)
    )


def draft_seen_revision(draft: Draft, user) -> int | None:
    """The latest point of ``draft`` that ``user`` has looked at (None: never)."""
    return (
        DraftSeen.objects.filter(draft=draft, user=user).values_list("revision", flat=True).first()
    )


def draft_mark_seen(*, draft: Draft, user, revision: int) -> None:
    """``user`` looked at ``draft`` as it was at ``revision`` (its preview, or its changes up
    to there): kept when later than what they had seen."""
    now = timezone.now()
    raised = DraftSeen.objects.filter(draft=draft, user=user, revision__lt=revision).update(
        revision=revision, seen_at=now
    )
    if not raised:
        DraftSeen.objects.get_or_create(
            draft=draft, user=user, defaults={"revision": revision, "seen_at": now}
        )
