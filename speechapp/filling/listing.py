"""Reads for lists of drafts: a user's own and shared drafts with their progress, and their names
in two queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from speechapp.core.progress import is_filled
from speechapp.core.rendering.titles import title_note
from speechapp.drafts.access import may_write
from speechapp.drafts.models import (
    Access,
    Draft,
    DraftShare,
    SlotValue,
)
from speechapp.drafts.parsed import parsed_speech
from speechapp.drafts.titles import title_of, title_slot_ids
from speechapp.review.states import open_comments_count


def drafts_for(user) -> QuerySet[Draft]:
    """The user's own drafts, each annotated with ``filled`` (slots with a printable value).

    The database form of ``core.progress.is_filled``: a stored value is always normalised
    (filling.saving.draft_save_values), so it is never whitespace alone.
    """
    return (
        Draft.objects.filter(owner=user)
        .defer("earlier", "source_text")
        .annotate(
            filled=Count("slot_values", filter=~Q(slot_values__value="")),
            to_confirm=Count("slot_values", filter=Q(slot_values__carried=True)),
            open_comments=open_comments_count(),
        )
    )


def drafts_shared_with(user) -> list[Draft]:
    """Drafts colleagues shared with ``user``, annotated like ``drafts_for``, each with the
    user's ``access`` (Access) from the share."""
    role = DraftShare.objects.filter(draft=OuterRef("pk"), user=user).values("role")[:1]
    drafts = list(
        Draft.objects.filter(shares__user=user)
        .defer("earlier", "source_text")
        .annotate(
            filled=Count("slot_values", filter=~Q(slot_values__value=""), distinct=True),
            role=Subquery(role),
            open_comments=open_comments_count(),
        )
        .select_related("owner")
    )
    for draft in drafts:
        draft.access = Access(draft.role)
        draft.may_write = may_write(draft, draft.access)
    return drafts


def draft_shares(draft: Draft) -> QuerySet[DraftShare]:
    return draft.shares.select_related("user").order_by("user__username")


def with_names(drafts: Iterable[Draft]) -> list[Draft]:
    """``drafts`` with their ``name`` set, in two queries whatever their number (a list)."""
    drafts = list(drafts)
    if not drafts:
        return drafts
    speeches = {
        pk: parsed_speech(text, tokens, overrides)
        for pk, text, tokens, overrides in Draft.objects.filter(
            pk__in=[d.pk for d in drafts]
        ).values_list("pk", "source_text", "tokens", "overrides")
    }
    wanted = {
        d.pk: set(title_slot_ids(speeches[d.pk]))
        for d in drafts
        if title_note(speeches[d.pk], d.title) is not None
    }
    values: dict[int, dict[str, str]] = {d.pk: {} for d in drafts}
    ids = set().union(*wanted.values())
    if ids:
        rows = SlotValue.objects.filter(
            draft_id__in=[pk for pk, slots in wanted.items() if slots], slot_id__in=ids
        ).values_list("draft_id", "slot_id", "value")
        for draft_id, slot_id, value in rows:
            if slot_id in wanted[draft_id] and is_filled(value):
                values[draft_id][slot_id] = value
    for draft in drafts:
        draft.name = title_of(draft.title, speeches[draft.pk], values[draft.pk]).name
    return drafts
