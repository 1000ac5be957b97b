"""Variables: a named value (区名) that fills every blank attached to it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, Variable
from speechapp.filling import blanks
from speechapp.filling.forms import VariableForm, VariableValueForm
from speechapp.filling.views.common import back_to_slot, progress_event


@require_POST
def variable_create(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    form = VariableForm(draft, request.POST)
    slot_id = request.POST.get("slot_id", "")
    if slot_id not in draft.speech.slot_ids:
        slot_id = ""
    if form.is_valid():
        blanks.variable_create(
            draft=draft,
            name=form.cleaned_data["name"],
            slot_ids=form.cleaned_data["slot_ids"],
            user=request.user,
        )
    else:
        for error in form.errors.get("name", []):
            messages.error(request, error)
    return back_to_slot(draft, slot_id) if slot_id else redirect("draft_fill", pk=draft.pk)


@require_POST
def variable_set(request, pk: int, variable_id: int):
    draft = draft_for(request, pk, Access.EDIT)
    variable = get_object_or_404(Variable, pk=variable_id, draft=draft)
    form = VariableValueForm(request.POST)
    if not form.is_valid():
        errors = form.errors["raw"]
        if request.htmx:
            return render(request, "drafts/_variable_state.html", {"errors": errors})
        for error in errors:
            messages.error(request, error)
        return redirect("draft_fill", pk=draft.pk)
    saved = blanks.variable_set(
        draft=draft, variable=variable, raw=form.cleaned_data["raw"], user=request.user
    )
    if request.htmx:
        response = render(request, "drafts/_variable_state.html", {"variable": variable})
        response["HX-Trigger"] = progress_event(
            draft, saved.values.printed, variable=variable.pk, ok=True
        )
        return response
    return redirect("draft_fill", pk=draft.pk)
