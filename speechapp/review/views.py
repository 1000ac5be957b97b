"""The review page of a draft (its state, what the user may do, the transitions so far) and the
transitions but 定稿 (outputs.views.draft_freeze renders the frozen files)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from speechapp.drafts import access
from speechapp.drafts.access import Transition
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access
from speechapp.review import states
from speechapp.review.forms import SubmitForm, TransitionForm

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
