"""上期: the earlier draft this one is based on, taking its values (沿用) and confirming them."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access
from speechapp.filling.earlier import draft_confirm_carried, draft_set_earlier, draft_take_earlier
from speechapp.filling.earlier import draft_earlier as earlier_state
from speechapp.filling.forms import SLOT_PLACEHOLDER, EarlierForm, SlotsForm
from speechapp.filling.page import fill_page, slot_row
from speechapp.filling.stored import draft_variables, stored_values
from speechapp.filling.views.common import (
    back_to_slot,
    keep_posted_fields,
    progress_event,
    template_slot,
)


@require_http_methods(["GET", "POST"])
def draft_earlier(request, pk: int):
    """Choose, change or clear 上期; how many blanks can take its values; take or confirm all."""
    draft = draft_for(request, pk, Access.EDIT)
    if request.method == "POST" and request.POST.get("clear") == "1":
        draft_set_earlier(draft=draft, earlier=None)
        messages.success(request, _("已不再基于上期讲话稿"))
        return redirect("draft_earlier", pk=draft.pk)
    form = EarlierForm(request.user, request.POST or None, draft=draft)
    if request.method == "POST" and form.is_valid():
        earlier = form.cleaned_data["earlier"]
        if earlier is not None:
            draft_set_earlier(draft=draft, earlier=earlier)
            messages.success(request, _("已基于“%(title)s”") % {"title": earlier.name})
        elif not form.keeps_snapshot:
            draft_set_earlier(draft=draft, earlier=None)
        return redirect("draft_earlier", pk=draft.pk)
    stored = stored_values(draft)
    context = {
        "draft": draft,
        "form": form,
        "state": earlier_state(draft, stored),
        "carried": len(stored.carried),
    }
    return render(request, "drafts/earlier.html", context, status=400 if form.errors else 200)


@require_POST
def earlier_take_all(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    taken = draft_take_earlier(draft=draft, slot_ids=None, user=request.user)
    messages.success(request, _("已沿用 %(n)s 处上期数值，请逐一确认") % {"n": len(taken)})
    return redirect("draft_earlier", pk=draft.pk)


@require_POST
def earlier_confirm_all(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    count = draft_confirm_carried(draft=draft, slot_ids=None, user=request.user)
    messages.success(request, _("已确认 %(n)s 处沿用的数值") % {"n": count})
    return redirect("draft_earlier", pk=draft.pk)


def _row_response(request, draft, slot_id: str, problem: str | None):
    """htmx: the blank's row anew (value, 上期, 沿用 badge); otherwise back to the blank."""
    if not request.htmx:
        if problem:
            messages.error(request, problem)
        return back_to_slot(draft, slot_id)
    page = fill_page(draft, section_key=None, slot_id=slot_id)
    autosave_url = reverse("slot_save", args=[draft.pk, SLOT_PLACEHOLDER])
    form = SlotsForm(page.slots, page.raw or None, autosave_url=autosave_url)
    form.show_checks(page.checks)
    row = slot_row(page, form, slot_id)
    context = {
        "draft": draft,
        "row": replace(row, notice=problem) if problem else row,
        "variables": draft_variables(draft),
    }
    response = render(request, "drafts/_slot_row.html", context)
    response["HX-Trigger"] = progress_event(draft, page.stored.printed, refresh=True)
    return response


@require_POST
def slot_take_earlier(request, pk: int, slot_id: str):
    """沿用 beside one blank: take 上期's value (even over a value typed: the writer asked)."""
    draft = draft_for(request, pk, Access.EDIT)
    template_slot(draft, slot_id)
    keep_posted_fields(request, draft, but=slot_id)  # this blank takes 上期's value
    taken = draft_take_earlier(draft=draft, slot_ids=[slot_id], user=request.user)
    problem = None if taken else _("这个空所在的句子有改动，不能沿用上期数值，请直接填写")
    return _row_response(request, draft, slot_id, problem)


@require_POST
def slot_confirm_carried(request, pk: int, slot_id: str):
    """确认 beside a 沿用 value: the writer checked it."""
    draft = draft_for(request, pk, Access.EDIT)
    template_slot(draft, slot_id)
    # Its own text too: a figure changed before clicking is no longer 沿用, and is kept.
    keep_posted_fields(request, draft)
    draft_confirm_carried(draft=draft, slot_ids=[slot_id], user=request.user)
    return _row_response(request, draft, slot_id, None)
