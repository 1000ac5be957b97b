"""The fill page's autosave: one field at a time, what other tabs changed, the preview."""

from __future__ import annotations

import json
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from speechapp.drafts import titles
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access
from speechapp.filling import saving
from speechapp.filling.forms import SlotsForm
from speechapp.filling.page import earlier_cell
from speechapp.filling.stored import draft_changes as stored_draft_changes
from speechapp.filling.stored import draft_values, group_targets
from speechapp.filling.views.common import preview_html, progress_event, template_slot


def posted_seq(request) -> int | None:
    """The browser's sequence number of this save (fill.js), None when absent or malformed."""
    text = request.POST.get("seq", "")
    return int(text) if re.fullmatch(r"[0-9]{1,18}", text) else None


@require_POST
def slot_save(request, pk: int, slot_id: str):
    """Save one field as the writer types; answer with its saved/error state.

    A save older than the stored one (filling.saving.draft_save_values) is not marked saved: the
    answer says a later value is stored and hands it to the field.
    """
    draft = draft_for(request, pk, Access.EDIT)
    slot = template_slot(draft, slot_id)
    seq = posted_seq(request)
    saved = saving.draft_save_values(
        draft=draft,
        raw=SlotsForm([slot], request.POST).raw_values(),
        seqs={slot_id: seq} if seq is not None else None,
        user=request.user,
    )
    if slot_id in saved.stale:
        response = render(
            request,
            "drafts/_slot_feedback.html",
            {"draft": draft, "slot": saved.values.slot(slot), "stale": True},
        )
        stored = {"id": slot_id, "raw": saved.values.raw.get(slot_id, ""), "seq": seq}
        response["HX-Trigger"] = json.dumps({"slotStale": stored})
        return response
    check = saved.checks[slot_id]
    values = saved.values
    group, open_ids = group_targets(draft.speech, slot_id, values)
    offer = {"key": group.key, "count": len(open_ids)} if open_ids else None
    response = render(
        request,
        "drafts/_slot_feedback.html",
        {
            "draft": draft,
            "slot": values.slot(slot),
            "errors": check.error.messages if check.error else None,
            "notice": check.notice,
            "saved": True,
            "offer": offer,
            "earlier_cell": earlier_cell(draft, slot_id, values),
        },
    )
    response["HX-Trigger"] = progress_event(
        draft, values.printed, id=slot_id, ok=check.problem is None
    )
    return response


@require_GET
def draft_changes(request, pk: int):
    """What changed since revision ``since``: lets a second tab show the later value."""
    draft = draft_for(request, pk, Access.READ)
    try:
        since = int(request.GET.get("since", "0"))
    except ValueError:
        since = 0
    return JsonResponse({"revision": draft.revision, "changes": stored_draft_changes(draft, since)})


@require_GET
def preview_fragment(request, pk: int):
    draft = draft_for(request, pk, Access.READ)
    values = draft_values(draft)
    titles.name_from(draft, values)
    return render(
        request,
        "drafts/_preview.html",
        {"preview": preview_html(draft, values, beside_form=True), "name": draft.name},
    )
