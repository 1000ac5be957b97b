"""access: TODO docstring."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from speechapp.drafts.models import (
    Access,
    Draft,
    DraftShare,
    SpeechTemplate,
)


def templates_for(user) -> QuerySet[SpeechTemplate]:
    return SpeechTemplate.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def templates_editable_by(user) -> QuerySet[SpeechTemplate]:
    """The templates ``user`` may correct, rename or delete: their own, and (staff) the
    shared ones."""
    editable = Q(owner=user)
    if user.is_staff:
        editable |= Q(owner__isnull=True)
    return SpeechTemplate.objects.filter(editable)


def may_edit_template(template: SpeechTemplate, user) -> bool:
    """``templates_editable_by`` for one template, without a query."""
    if template.owner_id is None:
        return bool(user.is_staff)
    return template.owner_id == user.pk


def readable_drafts(user) -> QuerySet[Draft]:
    """Every draft ``user`` may read: their own and those shared with them (draft_access)."""
    return Draft.objects.filter(
        pk__in=Draft.objects.filter(Q(owner=user) | Q(shares__user=user)).values("pk")
    )


def earlier_choices(user, draft: Draft | None = None) -> QuerySet[Draft]:
    """The drafts ``user`` may base ``draft`` (None: a new draft of theirs) on, as 上期: those
    they may read and, since the snapshot shows to everyone the draft is shared with, that
    the draft's owner may read too; never the draft itself. Newest first."""
    drafts = readable_drafts(user)
    if draft is not None:
        drafts = drafts.filter(pk__in=readable_drafts(draft.owner).values("pk")).exclude(
            pk=draft.pk
        )
    return drafts.order_by("-updated_at", "-pk")


def draft_access(draft: Draft, user) -> Access | None:
    """What ``user`` may do with ``draft``: own it, edit or read it (shared), or nothing."""
    if draft.owner_id == user.pk:
        return Access.OWN
    role = DraftShare.objects.filter(draft=draft, user_id=user.pk).values_list("role", flat=True)
    return Access(role[0]) if role else None
