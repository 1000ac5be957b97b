"""Helpers of the fill views: the slot of a URL, the preview, posted fields, the progress event,
the summary beside the speech."""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from speechapp.core.model import Slot
from speechapp.core.outline import speech_sections
from speechapp.core.progress import progress
from speechapp.core.rendering.html import render_preview
from speechapp.drafts.links import slot_url
from speechapp.drafts.models import Draft
from speechapp.filling import saving
from speechapp.filling.figures import draft_figure_warnings
from speechapp.filling.forms import SlotsForm
from speechapp.filling.length import draft_length
from speechapp.filling.options import render_options
from speechapp.filling.page import outline
from speechapp.filling.stored import StoredValues


def template_slot(draft: Draft, slot_id: str) -> Slot:
    """The draft's slot ``slot_id`` as the template has it; 404 when there is none."""
    slot = next((s for s in draft.speech.slots if s.id == slot_id), None)
    if slot is None:
        raise Http404("no such slot")
    return slot


def back_to_slot(draft: Draft, slot_id: str):
    return redirect(slot_url(draft.pk, slot_id))


def preview_html(draft: Draft, values: Mapping[str, str], *, beside_form: bool = False) -> str:
    """The speech as it will read; each blank links to its row on the fill page."""
    options = render_options(draft, draft_copy=True)
    # render_preview escapes every text it prints.
    return mark_safe(
        render_preview(
            draft.speech,
            values,
            options,
            slot_href=slot_url(draft.pk, "{id}"),
            focusable=not beside_form,
        )
    )


def save_posted_slots(
    request, draft: Draft, slots, **form_kwargs
) -> tuple[SlotsForm, saving.SavedValues]:
    """Bind the posted fields of ``slots`` and save the ones this page changed."""
    form = SlotsForm(slots, request.POST, **form_kwargs)
    form.is_valid()
    saved = saving.draft_save_values(
        draft=draft, raw=form.raw_values(changed_only=True), user=request.user
    )
    return form, saved


def keep_posted_fields(request, draft: Draft, *, but: str | None = None) -> None:
    """A button of the fill form posted without JavaScript brings the whole form along: save
    what else the writer typed (every blank but ``but``) before acting on the button."""
    if request.htmx:
        return
    others = [s for s in draft.speech.slots if s.id in request.POST and s.id != but]
    if others:
        save_posted_slots(request, draft, others)


def progress_event(draft: Draft, values: Mapping[str, str], **extra) -> str:
    """The HX-Trigger header telling the page the new counts after a save."""
    speech = draft.speech
    count = progress(speech.slot_ids, values)
    detail = {
        "filled": count.filled,
        "total": count.total,
        "sections": {
            item.section.key: [item.filled, item.total]
            for item in outline(speech_sections(speech), values)
        },
        "revision": draft.revision,
        **extra,
    }
    return json.dumps({"slotSaved": detail})


def summary_context(request, draft: Draft, stored: StoredValues, back_url: str) -> dict:
    """What the fill and download pages show beside the speech: the figures to check, the
    values taken from 上期 still to confirm, and its length (``back_url``: where the
    speaking-pace settings return to)."""
    return {
        "figure_warnings": draft_figure_warnings(draft, stored),
        "length": draft_length(draft, stored.printed, request.user),
        "back_url": back_url,
        "carried_count": len(stored.carried),
    }
