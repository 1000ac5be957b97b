"""上期: the earlier draft a draft is based on. Read: its values matched to this draft's blanks.
Writes: pick it (a snapshot), take its values (沿用), confirm them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from speechapp.core.earlier import Earlier, earlier_values, may_take, takeable
from speechapp.drafts import access
from speechapp.drafts.locks import claim_values_write
from speechapp.drafts.models import (
    ChangeHow,
    Draft,
    SlotValue,
)
from speechapp.drafts.parsed import parsed_speech
from speechapp.filling.saving import draft_edited, draft_save_values, next_revision
from speechapp.filling.stored import StoredValues, stored_values


@dataclass(frozen=True)
class EarlierState:
    """上期 beside a draft's blanks: what each matched blank printed in the earlier draft."""

    draft_id: int | None  # the earlier draft (it may have been deleted since)
    title: str
    values: Mapping[str, Earlier]  # this draft's slot id -> the earlier value
    takeable: list[str]  # what "全部沿用" fills (core.earlier.takeable)
    carried: frozenset[str]  # values taken and not yet confirmed

    @property
    def changed(self) -> int:
        """Blanks with an earlier value whose sentence changed: typed, not taken."""
        return sum(1 for e in self.values.values() if not e.same_sentence)


def draft_earlier(draft: Draft, stored: StoredValues | None = None) -> EarlierState | None:
    """The draft's 上期, matched against its current text (None when it has none)."""
    snapshot = draft.earlier or {}
    if stored is None:
        stored = stored_values(draft)
    if "source_text" not in snapshot:
        return None
    old = parsed_speech(snapshot["source_text"], snapshot.get("tokens"), snapshot.get("overrides"))
    values = earlier_values(
        old, draft.speech, snapshot.get("values") or {}, snapshot.get("as_text") or ()
    )
    return EarlierState(
        draft_id=snapshot.get("draft"),
        title=snapshot.get("title", ""),
        values=values,
        takeable=takeable(values, stored.printed),
        carried=stored.carried,
    )


def earlier_snapshot(earlier: Draft) -> dict:
    """What a draft keeps of the earlier draft it is based on: its text and filled values."""
    stored = stored_values(earlier)
    return {
        "draft": earlier.pk,
        "title": earlier.name,
        "updated_at": earlier.updated_at.isoformat(),
        "source_text": earlier.source_text,
        "tokens": earlier.tokens,
        "overrides": earlier.overrides,
        "values": dict(stored.printed),
        "as_text": sorted(stored.as_text & stored.printed.keys()),
    }


def draft_set_earlier(*, draft: Draft, earlier: Draft | None) -> None:
    """Base ``draft`` on ``earlier`` (上期), or on nothing (None).

    A snapshot is kept, so later edits or deleting the earlier draft change nothing here.
    Values already taken stay as they are (and stay 沿用 until confirmed)."""
    claim_values_write(draft)
    if earlier is not None and earlier.pk == draft.pk:
        raise ValidationError(_("不能以本稿作为上期讲话稿"), code="self")
    # Its text and values show to everyone the draft is shared with: only a draft its owner
    # may read can be its 上期, whoever picks it.
    if (
        earlier is not None
        and not access.earlier_choices(draft.owner, draft).filter(pk=earlier.pk).exists()
    ):
        raise ValidationError(
            _("只能选择这份讲话稿的所有者可以查看的讲话稿作为上期"), code="not_readable"
        )
    draft.earlier = earlier_snapshot(earlier) if earlier is not None else {}
    draft.save(update_fields=["earlier", "updated_at"])


@transaction.atomic
def draft_take_earlier(*, draft: Draft, slot_ids: list[str] | None, user=None) -> list[str]:
    """Take 上期's values (marked 沿用 until confirmed); returns the blanks written.

    ``None`` takes all: every open blank whose sentence is unchanged and that has an earlier
    value; a value already typed is never overwritten. A blank named in ``slot_ids`` (the
    writer clicked its 沿用) is taken even if filled, but only when its sentence is unchanged:
    a changed sentence may ask for another figure."""
    # Lock the draft before reading which blanks are open, so a value autosaved meanwhile
    # is seen (and not overwritten) on every database.
    list(Draft.objects.select_for_update().filter(pk=draft.pk).values_list("pk", flat=True))
    earlier = draft_earlier(draft)
    if earlier is None:
        return []
    if slot_ids is None:
        ids = earlier.takeable
    else:
        ids = [i for i in slot_ids if i in earlier.values and may_take(earlier.values[i])]
    if not ids:
        return []
    draft_save_values(
        draft=draft,
        raw={i: earlier.values[i].value for i in ids},
        as_text={i: True for i in ids if earlier.values[i].as_text},
        how=ChangeHow.CARRIED,
        user=user,
    )
    return ids


@transaction.atomic
def draft_confirm_carried(*, draft: Draft, slot_ids: list[str] | None, user=None) -> int:
    """The writer checked these 沿用 values (None: all of them): no longer marked.

    A save of its own: a new revision (other tabs see it) and a history entry per blank
    (ChangeHow.CONFIRMED, with ``user``), so a restore puts the mark back as it was."""
    now = timezone.now()
    revision = next_revision(draft, now)
    rows = SlotValue.objects.filter(draft=draft, carried=True)
    if slot_ids is not None:
        rows = rows.filter(slot_id__in=slot_ids)
    rows = list(rows)
    if not rows:
        transaction.set_rollback(True)  # nothing to confirm: no revision either
        return 0
    for row in rows:
        row.carried, row.revision, row.updated_at = False, revision, now
    SlotValue.objects.bulk_update(rows, ["carried", "revision", "updated_at"])
    SlotValue.history.bulk_history_create(
        rows, default_user=user, default_change_reason=ChangeHow.CONFIRMED, default_date=now
    )
    draft.revision, draft.updated_at = revision, now
    draft_edited(draft=draft)
    return len(rows)
