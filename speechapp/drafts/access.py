"""Who may read or change what: the one rule every page, the API and every form asks.

Returns decisions, never HTTP: ``drafts.http`` turns a decision into the page's 404 or 403.
A user who may not even see an object gets NOT_FOUND (as if it did not exist); a colleague
asking for more than their share allows gets FORBIDDEN.
"""

from __future__ import annotations

from enum import Enum

from django.db.models import Q, QuerySet

from speechapp.drafts.models import (
    Access,
    ApiToken,
    Draft,
    DraftShare,
    DraftState,
    SpeechTemplate,
)


class Decision(Enum):
    ALLOW = "allow"
    NOT_FOUND = "not_found"  # no access at all: answered as if the object did not exist
    FORBIDDEN = "forbidden"  # may see it, but not do this


class TemplateUse(Enum):
    USE = "use"  # start a draft of it, copy it: the user's own and the shared ones
    EDIT = "edit"  # correct, rename, delete: the user's own, and (staff) the shared ones


def templates_for(user) -> QuerySet[SpeechTemplate]:
    return SpeechTemplate.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def may_edit_template(template: SpeechTemplate, user) -> bool:
    """May ``user`` correct, rename or delete ``template``: their own, and (staff) the shared
    ones. No query."""
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


def draft_decision(draft: Draft | None, user, need: Access) -> tuple[Decision, Access | None]:
    """May ``user`` ``need`` (read, edit, own) ``draft`` (None: no such draft)? With the
    access they have, for the page to show only what they may do."""
    access = None if draft is None else draft_access(draft, user)
    if access is None:
        return Decision.NOT_FOUND, None
    return (Decision.ALLOW if access.includes(need) else Decision.FORBIDDEN), access


def template_decision(template: SpeechTemplate | None, user, use: TemplateUse) -> Decision:
    """May ``user`` use or edit ``template`` (None: no such template)? A template they may
    not edit is NOT_FOUND for editing, as the pages never link it."""
    if template is None or (template.owner_id is not None and template.owner_id != user.pk):
        return Decision.NOT_FOUND
    if use is TemplateUse.EDIT and not may_edit_template(template, user):
        return Decision.NOT_FOUND
    return Decision.ALLOW


def token_decision(token: ApiToken | None, user) -> Decision:
    """An API key is its owner's alone: anyone else's is NOT_FOUND."""
    if token is None or token.user_id != user.pk:
        return Decision.NOT_FOUND
    return Decision.ALLOW


# The states in which a draft's values are locked: 定稿 (review.states). A new version is
# opened to change anything (filling.lifecycle.draft_new_version).
LOCKED_STATES = (DraftState.FINAL,)


def may_change_values(draft: Draft) -> bool:
    """May this draft's values change: its blanks, its details, its 上期, its text (按模板更新)?
    Not once it is 定稿. The one lock rule: every write asks it through
    drafts.locks.claim_values_write (which holds it in the database, race-free), and the
    pages through ``may_write``. No query."""
    return draft.state not in LOCKED_STATES


def may_write(draft: Draft, access: Access | None) -> bool:
    """May a user with ``access`` change ``draft`` now: an editor's or owner's share and a
    draft not locked (the fill page's fields, its buttons)."""
    return access is not None and access.can_edit and may_change_values(draft)


class Transition(Enum):
    SUBMIT = "submit"  # 送审: 起草中 or 退回修改 → 送审
    RETURN = "return"  # 退回修改: 送审 → 退回修改
    APPROVE = "approve"  # 审核通过: 送审 → 审核通过
    FREEZE = "freeze"  # 定稿: 审核通过 → 定稿
    WITHDRAW = "withdraw"  # 撤回: 送审 or 审核通过 → 起草中


# Each transition: the states it starts from, and the state it leads to.
TRANSITIONS = {
    Transition.SUBMIT: ((DraftState.DRAFTING, DraftState.RETURNED), DraftState.IN_REVIEW),
    Transition.RETURN: ((DraftState.IN_REVIEW,), DraftState.RETURNED),
    Transition.APPROVE: ((DraftState.IN_REVIEW,), DraftState.APPROVED),
    Transition.FREEZE: ((DraftState.APPROVED,), DraftState.FINAL),
    Transition.WITHDRAW: ((DraftState.IN_REVIEW, DraftState.APPROVED), DraftState.DRAFTING),
}


def may_transition(draft: Draft, user, access: Access | None, transition: Transition) -> bool:
    """May ``user`` (with ``access`` to ``draft``) make ``transition``, state aside? The writer
    (an editor or the owner) sends and withdraws; only the named reviewer returns or approves;
    only the owner freezes. The state it starts from is the write's own check
    (review.states), made in the same UPDATE, so two clicks make one transition."""
    if access is None:
        return False
    if transition in (Transition.SUBMIT, Transition.WITHDRAW):
        return access.can_edit
    if transition in (Transition.RETURN, Transition.APPROVE):
        # Still a reviewer of it: a share turned to 只读 since it was sent reviews no more.
        named = draft.reviewer_id is not None and draft.reviewer_id == user.pk
        return named and access.can_comment
    return access.is_owner


def transitions_for(draft: Draft, user, access: Access | None) -> list[Transition]:
    """The transitions ``user`` may make from the draft's state now (the buttons shown)."""
    return [
        t
        for t, (sources, _target) in TRANSITIONS.items()
        if draft.state in sources and may_transition(draft, user, access, t)
    ]


def may_be_reviewer(draft: Draft, user) -> bool:
    """A draft is sent to a colleague it is shared with as 审核 (reads and comments)."""
    return DraftShare.objects.filter(draft=draft, user_id=user.pk, role=Access.REVIEW).exists()


def may_comment(draft: Draft, access: Access | None) -> bool:
    """A reviewer (审核), an editor or the owner comments on a blank or a sentence; a reader
    does not, nor anyone once the draft is 定稿 (its comments are kept, read-only, with the
    frozen text; a new version takes new comments). No query."""
    return access is not None and access.can_comment and may_change_values(draft)


def may_resolve_comment(comment, user, access: Access | None) -> bool:
    """The writer (an editor, the owner) resolves a comment, or the one who wrote it."""
    if access is None:
        return False
    return access.can_edit or (access.can_comment and comment.author_id == user.pk)


def may_open_new_version(draft: Draft, access: Access | None) -> bool:
    """Only the owner opens version n+1 of a 定稿 draft."""
    return access is not None and access.is_owner and not may_change_values(draft)
