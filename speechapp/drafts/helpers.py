"""Small helpers shared by the view modules."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe

from speechapp.core.rendering.html import render_preview

from . import services
from .forms import SlotsForm
from .models import Draft


def own_draft(request, pk: int) -> Draft:
    return get_object_or_404(Draft, pk=pk, owner=request.user)


def preview_html(draft: Draft, values: dict[str, str], *, beside_form: bool = False) -> str:
    """The speech as it will read; each blank links to its row on the fill page."""
    href = reverse("draft_fill", args=[draft.pk]) + "?slot={id}#field-{id}"
    options = services.render_options(draft, draft_copy=True)
    # render_preview escapes every text it prints.
    return mark_safe(
        render_preview(draft.speech, values, options, slot_href=href, focusable=not beside_form)
    )


def save_posted_slots(draft: Draft, slots, data, **form_kwargs) -> SlotsForm:
    """Bind the posted fields of ``slots``, save the ones this page changed, return the form."""
    form = SlotsForm(slots, data, **form_kwargs)
    form.is_valid()
    services.draft_save_values(
        draft=draft, raw=form.raw_values(changed_only=True), valid=form.valid_values()
    )
    return form
