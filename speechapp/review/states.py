"""A draft's review states: 起草中 → 送审 (to a named reviewer) → 退回修改 or 审核通过 → 定稿, each
transition kept with who, when and the message. Who may make which is drafts.access; the state a
transition starts from is checked in its own UPDATE, so of two clicks exactly one goes through."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from speechapp.drafts.access import (
    TRANSITIONS,
    Transition,
    may_be_reviewer,
    may_transition,
)
from speechapp.drafts.models import Access, Comment, Draft, DraftState, ReviewEvent


class TransitionRefused(Exception):
    """The transition cannot be made now (the draft's state moved, the reviewer is not one,
    the draft changed since it was approved); ``message`` says why, in the writer's words."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def moved_message(state: str) -> str:
    return _("这份讲话稿现在是“%(state)s”，这一步没有执行（可能有人刚刚操作过）。") % {
        "state": DraftState(state).label
    }


@transaction.atomic
def draft_transition(
    *,
    draft: Draft,
    user,
    access: Access | None,
    transition: Transition,
    message: str = "",
    reviewer=None,
    unchanged_since=None,
) -> ReviewEvent:
    """Move ``draft`` by ``transition``, as ``user`` (with ``access``), keeping the event.

    Raises PermissionDenied when the user may not make it (drafts.access.may_transition),
    TransitionRefused when the draft is not in a state it starts from (checked in the same
    UPDATE that moves it: a second click finds the state moved) or, for 送审, when
    ``reviewer`` is not a colleague the draft is shared with as 审核. ``unchanged_since``:
    only if the draft's ``updated_at`` is still that (定稿 freezes what was rendered)."""
    if not may_transition(draft, user, access, transition):
        raise PermissionDenied
    sources, target = TRANSITIONS[transition]
    fields: dict = {"state": target}
    if transition is Transition.SUBMIT:
        if reviewer is None or not may_be_reviewer(draft, reviewer):
            raise TransitionRefused(
                _("请选择一位审核人：先在“共享”中把讲话稿共享给他，权限选“审核”。")
            )
        fields["reviewer"] = reviewer
    # The state it starts from, read with the row locked (PostgreSQL; SQLite's transactions
    # take the write lock as they begin), then moved only if it is still that.
    before = Draft.objects.select_for_update().values_list("state", flat=True).get(pk=draft.pk)
    rows = Draft.objects.filter(pk=draft.pk, state=before, state__in=sources)
    if unchanged_since is not None:
        rows = rows.filter(updated_at=unchanged_since)
    if transition in (Transition.RETURN, Transition.APPROVE):
        rows = rows.filter(reviewer_id=user.pk)  # still sent to this reviewer
    if not rows.update(**fields):
        if before in sources:
            raise TransitionRefused(_("讲话稿刚刚又有改动，请重新操作。"))
        raise TransitionRefused(moved_message(before))
    draft.state = target
    if transition is Transition.SUBMIT:
        draft.reviewer = reviewer
    revision = Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)
    return ReviewEvent.objects.create(
        draft=draft,
        user=user,
        created_at=timezone.now(),
        from_state=before,
        to_state=target,
        reviewer=reviewer,
        message=message.strip(),
        revision=revision,
    )


def approved_revision(draft: Draft) -> int | None:
    """The values revision the reviewer approved (the last 审核通过), None if never."""
    return (
        draft.review_events.filter(to_state=DraftState.APPROVED)
        .order_by("-created_at", "-pk")
        .values_list("revision", flat=True)
        .first()
    )


def check_unchanged_since_approval(draft: Draft) -> None:
    """定稿 freezes what the reviewer approved: a value saved after 审核通过 asks for another
    review (TransitionRefused)."""
    current = Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)
    if approved_revision(draft) != current:
        raise TransitionRefused(_("审核通过后讲话稿的内容又有改动，请重新送审。"))


def review_events(draft: Draft) -> QuerySet[ReviewEvent]:
    """The draft's transitions, newest first, with who made them and to whom."""
    return draft.review_events.select_related("user", "reviewer")


def drafts_to_review(user) -> QuerySet[Draft]:
    """待我审核: drafts sent to ``user`` (送审) that are still shared with them."""
    sent = ReviewEvent.objects.filter(draft=OuterRef("pk"), to_state=DraftState.IN_REVIEW)
    return (
        Draft.objects.filter(
            state=DraftState.IN_REVIEW,
            reviewer=user,
            shares__user=user,
            shares__role__in=[Access.REVIEW, Access.EDIT],
        )
        .defer("earlier", "source_text")
        .annotate(
            sent_at=Subquery(sent.order_by("-created_at", "-pk").values("created_at")[:1]),
            open_comments=open_comments_count(),
        )
        .select_related("owner")
    )


def open_comments_count() -> Coalesce:
    """The annotation of a draft's open comments (threads not resolved), as a subquery: a
    join would multiply the rows the lists' other counts go through."""
    threads = (
        Comment.objects.filter(draft=OuterRef("pk"), parent__isnull=True, resolved_at__isnull=True)
        .order_by()
        .values("draft")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(threads), 0)


def reviewer_choices(draft: Draft):
    """The colleagues the draft may be sent to: those it is shared with as 审核."""
    return draft.shares.filter(role=Access.REVIEW).select_related("user").order_by("user__username")


def done_message(event: ReviewEvent) -> str:
    """What the page says after a transition."""
    if event.to_state == DraftState.IN_REVIEW and event.reviewer is not None:
        return _("已送审给 %(name)s") % {"name": event.reviewer.get_username()}
    return _("讲话稿现在是“%(state)s”") % {"state": DraftState(event.to_state).label}
