"""The review page of a draft (its state, what the user may do, the transitions so far), the
transitions but 定稿 (outputs.views.draft_freeze renders the frozen files), and the comments on
its blanks (added, replied to, resolved from the fill page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from speechapp.drafts import access
from speechapp.drafts.access import Transition
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, Comment
from speechapp.review import comments, states
from speechapp.review.forms import CommentForm, SubmitForm, TransitionForm

# The transitions made on this page; 定稿 is outputs.views.draft_freeze.
ACTIONS = {t.value: t for t in Transition if t is not Transition.FREEZE}


def review_page(request, draft, *, submit_form=None, form=None, status=200):
    allowed = access.transitions_for(draft, request.user, draft.access)
    context = {
        "draft": draft,
        "allowed": {t.value for t in allowed},
        "submit_form": submit_form or SubmitForm(draft),
        "form": form or TransitionForm(),
        "events": states.review_events(draft),
        "may_new_version": access.may_open_new_version(draft, draft.access),
    }
    return render(request, "drafts/review.html", context, status=status)


@require_GET
def draft_review(request, pk: int):
    return review_page(request, draft_for(request, pk, Access.READ))


@require_POST
def draft_transition(request, pk: int, action: str):
    draft = draft_for(request, pk, Access.READ)
    transition = ACTIONS.get(action)
    if transition is None:
        raise Http404("no such transition")
    if not access.may_transition(draft, request.user, draft.access, transition):
        raise PermissionDenied
    form = (
        SubmitForm(draft, request.POST)
        if transition is Transition.SUBMIT
        else TransitionForm(request.POST)
    )
    if not form.is_valid():
        if transition is Transition.SUBMIT:
            return review_page(request, draft, submit_form=form, status=400)
        return review_page(request, draft, form=form, status=400)
    try:
        event = states.draft_transition(
            draft=draft,
            user=request.user,
            access=draft.access,
            transition=transition,
            message=form.cleaned_data["message"],
            reviewer=form.cleaned_data.get("reviewer"),
        )
    except states.TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, states.done_message(event))
    return redirect("draft_review", pk=draft.pk)


def _back(request, draft, slot_id: str = ""):
    """Back to the fill page at the blank the comment is on (no JS: a plain redirect)."""
    url = reverse("draft_fill", args=[draft.pk])
    return redirect(f"{url}?slot={slot_id}#row-{slot_id}" if slot_id else url)


@require_POST
def comment_add(request, pk: int):
    draft = draft_for(request, pk, Access.READ)
    if not access.may_comment(draft, draft.access):
        comments.refuse_comment(draft, draft.access)
    form = CommentForm(request.POST)
    slot_id = request.POST.get("slot", "")[:20]
    if not form.is_valid():
        messages.error(request, form.errors.get("text", [_("请写下批注的内容")])[0])
        return _back(request, draft, slot_id)
    try:
        comments.comment_add(
            draft=draft,
            author=request.user,
            access=draft.access,
            slot_id=slot_id,
            text=form.cleaned_data["text"],
            sentence=form.cleaned_data["sentence"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return _back(request, draft)
    messages.success(request, _("批注已添加"))
    return _back(request, draft, slot_id)


def _comment(draft, comment_id: int):
    return get_object_or_404(Comment, pk=comment_id, draft=draft)


@require_POST
def comment_reply(request, pk: int, comment_id: int):
    draft = draft_for(request, pk, Access.READ)
    comment = _comment(draft, comment_id)
    if not access.may_comment(draft, draft.access):
        comments.refuse_comment(draft, draft.access)
    form = CommentForm(request.POST)
    if form.is_valid():
        comments.comment_reply(
            comment=comment,
            author=request.user,
            access=draft.access,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("已回复"))
    else:
        messages.error(request, form.errors.get("text", [_("请写下回复的内容")])[0])
    return _back(request, draft, comment.slot_id)


@require_POST
def comment_resolve(request, pk: int, comment_id: int):
    draft = draft_for(request, pk, Access.READ)
    comment = _comment(draft, comment_id)
    resolved = request.POST.get("resolved", "1") == "1"
    changed = comments.comment_resolve(
        comment=comment, user=request.user, access=draft.access, resolved=resolved
    )
    if changed:
        messages.success(request, _("批注已解决") if resolved else _("批注已重新打开"))
    else:
        messages.info(request, _("这条批注刚刚已被处理过"))
    return _back(request, draft, comment.slot_id)
