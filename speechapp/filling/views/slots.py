"""One blank: fill its group, make it take words, attach it to a variable."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechapp.core.values import raw_problem
from speechapp.drafts.http import draft_for
from speechapp.drafts.links import slot_url
from speechapp.drafts.models import Access, Variable
from speechapp.filling import blanks, stored
from speechapp.filling.views.common import (
    back_to_slot,
    keep_posted_fields,
    progress_event,
    template_slot,
)


@require_POST
def group_apply(request, pk: int, slot_id: str):
    """Fill the other open blanks of a name group ("×区") with this slot's value."""
    draft = draft_for(request, pk, Access.EDIT)
    slot = template_slot(draft, slot_id)
    filled = blanks.group_apply(draft=draft, slot_id=slot_id, user=request.user)
    if request.htmx:
        response = render(
            request,
            "drafts/_slot_feedback.html",
            {"draft": draft, "slot": slot, "saved": True, "applied": len(filled)},
        )
        values = stored.draft_values(draft)
        response["HX-Trigger"] = progress_event(draft, values, ok=True, refresh=True)
        return response
    messages.success(request, _("已填入另外 %(n)s 个空") % {"n": len(filled)})
    return back_to_slot(draft, slot_id)


@require_POST
def slot_as_text(request, pk: int, slot_id: str):
    """This blank takes words, not a number (or, with as_text=0, a number again)."""
    draft = draft_for(request, pk, Access.EDIT)
    template_slot(draft, slot_id)
    keep_posted_fields(request, draft, but=slot_id)  # this blank's text is saved below
    raw = request.POST.get(slot_id)
    if raw is not None and raw_problem(raw) is not None:
        raw = None  # cannot be kept as typed: keep what is stored, re-checked as words
    blanks.slot_set_as_text(
        draft=draft,
        slot_id=slot_id,
        as_text=request.POST.get("as_text", "1") == "1",
        raw=raw.strip() if raw is not None else None,
        user=request.user,
    )
    if request.htmx:
        # The field changes its kind (keypad, hint, checks): show the page anew, all saved.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return back_to_slot(draft, slot_id)


@require_POST
def slot_link(request, pk: int, slot_id: str):
    """Attach a slot to a variable, or detach it (its value stays)."""
    draft = draft_for(request, pk, Access.EDIT)
    template_slot(draft, slot_id)
    variable_id = request.POST.get("variable", "")
    # An id is a bigint: more digits than that are no id (and too many for int() itself).
    if variable_id and not (
        variable_id.isascii() and variable_id.isdigit() and len(variable_id) <= 19
    ):
        raise BadRequest("variable is not an id")
    variable = get_object_or_404(Variable, pk=variable_id, draft=draft) if variable_id else None
    blanks.slot_link(draft=draft, slot_id=slot_id, variable=variable, user=request.user)
    return back_to_slot(draft, slot_id)


@require_POST
def slot_paste(request, pk: int, slot_id: str):
    """A column pasted into one blank: first a preview of which line goes where, then, with
    confirm=1, the blank and the next open blanks of its section filled."""
    draft = draft_for(request, pk, Access.EDIT)
    template_slot(draft, slot_id)
    text = request.POST.get("text", "")
    if request.POST.get("confirm") == "1":
        plan = blanks.slot_paste(draft=draft, slot_id=slot_id, text=text, user=request.user)
        messages.success(request, _("已填入 %(n)s 个空") % {"n": len(plan.raw)})
        if request.htmx:
            # The script opens the page itself: a followed redirect would eat the message.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = slot_url(draft.pk, slot_id)
            return response
        return back_to_slot(draft, slot_id)
    plan = stored.paste_plan(draft, slot_id, text)
    template = "drafts/_paste_preview.html" if request.htmx else "drafts/paste.html"
    context = {"draft": draft, "slot_id": slot_id, "plan": plan, "text": text}
    return render(request, template, context)
