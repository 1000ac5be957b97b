"""Views behind the fill page's autosave: one field at a time, changes since, the preview."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from speechapp.core.linking import group_of
from speechapp.core.outline import speech_sections
from speechapp.core.values import raw_problem

from . import selectors, services
from .forms import SlotsForm, VariableForm, VariableValueForm
from .helpers import own_draft, preview_html, save_posted_slots
from .models import Draft, Variable


def _slot(draft: Draft, slot_id: str):
    slot = selectors.draft_slots(draft).get(slot_id)
    if slot is None:
        raise Http404("no such slot")
    return slot


def _progress_event(draft: Draft, values: dict[str, str], **extra) -> str:
    speech = draft.speech
    sections = {
        item["section"].key: [item["filled"], item["total"]]
        for item in selectors.section_progress(speech_sections(speech), values)
    }
    detail = {
        "filled": sum(1 for s in speech.slots if values.get(s.id)),
        "total": len(speech.slots),
        "sections": sections,
        "revision": draft.revision,
        **extra,
    }
    return json.dumps({"slotSaved": detail})


@require_POST
def slot_save(request, pk: int, slot_id: str):
    """Save one field as the writer types; answer with its saved/error state."""
    draft = own_draft(request, pk)
    slot = _slot(draft, slot_id)
    form = SlotsForm([slot], request.POST)
    form.is_valid()
    services.draft_save_values(draft=draft, raw=form.raw_values(), valid=form.valid_values())
    values = selectors.draft_values(draft)
    group = group_of(draft.speech, slot_id)
    offer = None
    if group and values.get(slot_id):
        empty = [i for i in group[1] if i != slot_id and not values.get(i)]
        offer = {"key": group[0], "count": len(empty)} if empty else None
    errors = form.errors.get(slot_id)
    response = render(
        request,
        "drafts/_slot_feedback.html",
        {
            "draft": draft,
            "slot": slot,
            "errors": errors,
            "notice": form.notices().get(slot_id),
            "saved": True,
            "offer": offer,
        },
    )
    response["HX-Trigger"] = _progress_event(draft, values, id=slot_id, ok=not errors)
    return response


@require_GET
def draft_changes(request, pk: int):
    """What changed since revision ``since``: lets a second tab show the later value."""
    draft = own_draft(request, pk)
    try:
        since = int(request.GET.get("since", "0"))
    except ValueError:
        since = 0
    return JsonResponse(
        {"revision": draft.revision, "changes": selectors.draft_changes(draft, since)}
    )


@require_GET
def preview_fragment(request, pk: int):
    draft = own_draft(request, pk)
    return render(
        request,
        "drafts/_preview.html",
        {"preview": preview_html(draft, selectors.draft_values(draft), beside_form=True)},
    )


def _back_to_slot(draft: Draft, slot_id: str):
    return redirect(reverse("draft_fill", args=[draft.pk]) + f"?slot={slot_id}#field-{slot_id}")


@require_POST
def group_apply(request, pk: int, slot_id: str):
    """Fill the other empty slots of a name group ("×区") with this slot's value."""
    draft = own_draft(request, pk)
    slot = _slot(draft, slot_id)
    filled = services.group_apply(draft=draft, slot_id=slot_id)
    if request.htmx:
        response = render(
            request,
            "drafts/_slot_feedback.html",
            {"draft": draft, "slot": slot, "saved": True, "applied": len(filled)},
        )
        values = selectors.draft_values(draft)
        response["HX-Trigger"] = _progress_event(draft, values, ok=True, refresh=True)
        return response
    messages.success(request, _("已填入另外 %(n)s 个空") % {"n": len(filled)})
    return _back_to_slot(draft, slot_id)


@require_POST
def variable_create(request, pk: int):
    draft = own_draft(request, pk)
    form = VariableForm(draft, request.POST)
    slot_id = request.POST.get("slot_id", "")
    if slot_id not in selectors.draft_slots(draft):
        slot_id = ""
    if form.is_valid():
        services.variable_create(
            draft=draft, name=form.cleaned_data["name"], slot_ids=form.cleaned_data["slot_ids"]
        )
    else:
        for error in form.errors.get("name", []):
            messages.error(request, error)
    return _back_to_slot(draft, slot_id) if slot_id else redirect("draft_fill", pk=draft.pk)


@require_POST
def variable_set(request, pk: int, variable_id: int):
    draft = own_draft(request, pk)
    variable = get_object_or_404(Variable, pk=variable_id, draft=draft)
    form = VariableValueForm(request.POST)
    if not form.is_valid():
        errors = form.errors["raw"]
        if request.htmx:
            return render(request, "drafts/_variable_state.html", {"errors": errors})
        for error in errors:
            messages.error(request, error)
        return redirect("draft_fill", pk=draft.pk)
    services.variable_set(draft=draft, variable=variable, raw=form.cleaned_data["raw"])
    if request.htmx:
        values = selectors.draft_values(draft)
        response = render(request, "drafts/_variable_state.html", {"variable": variable})
        response["HX-Trigger"] = _progress_event(draft, values, variable=variable.pk, ok=True)
        return response
    return redirect("draft_fill", pk=draft.pk)


@require_POST
def slot_as_text(request, pk: int, slot_id: str):
    """This blank takes words, not a number (or, with as_text=0, a number again)."""
    draft = own_draft(request, pk)
    _slot(draft, slot_id)
    if not request.htmx:
        # The whole fill form came along (a plain post): keep what else was typed.
        others = [
            s for i, s in selectors.draft_slots(draft).items() if i in request.POST and i != slot_id
        ]
        save_posted_slots(draft, others, request.POST)
    raw = request.POST.get(slot_id)
    if raw is not None and raw_problem(raw) is not None:
        raw = None  # cannot be kept as typed: keep what is stored, re-checked as words
    services.slot_set_as_text(
        draft=draft,
        slot_id=slot_id,
        as_text=request.POST.get("as_text", "1") == "1",
        raw=raw.strip() if raw is not None else None,
    )
    if request.htmx:
        # The field changes its kind (keypad, hint, checks): show the page anew, all saved.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return _back_to_slot(draft, slot_id)


@require_POST
def slot_link(request, pk: int, slot_id: str):
    """Attach a slot to a variable, or detach it (its value stays)."""
    draft = own_draft(request, pk)
    _slot(draft, slot_id)
    variable_id = request.POST.get("variable", "")
    if variable_id and not (variable_id.isascii() and variable_id.isdigit()):
        raise BadRequest("variable is not an id")
    variable = get_object_or_404(Variable, pk=variable_id, draft=draft) if variable_id else None
    services.slot_link(draft=draft, slot_id=slot_id, variable=variable)
    return _back_to_slot(draft, slot_id)
