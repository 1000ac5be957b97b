"""Small helpers shared by the view modules."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe

from speechapp.core.rendering.html import render_preview

from . import services
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
