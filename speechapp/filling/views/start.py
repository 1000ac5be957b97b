"""Starting a draft of a template (上期 optional)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from speechapp.drafts.access import TemplateUse
from speechapp.drafts.http import template_for
from speechapp.filling import lifecycle
from speechapp.filling.forms import EarlierForm


@require_POST
def draft_start(request, pk: int):
    template = template_for(request, pk, TemplateUse.USE)
    form = EarlierForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["earlier"][0])
        return redirect("home")
    try:
        draft = lifecycle.draft_start(
            owner=request.user, template=template, earlier=form.cleaned_data["earlier"]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("home")
    return redirect("draft_fill", pk=draft.pk)
