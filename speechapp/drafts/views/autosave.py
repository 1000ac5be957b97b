"""The fill page's autosave: one field at a time, what other tabs changed, the preview."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import SlotsForm
from .common import own_draft, preview_html, progress_event, template_slot


@require_POST
def slot_save(request, pk: int, slot_id: str):
    """Save one field as the writer types; answer with its saved/error state."""
    draft = own_draft(request, pk)
    slot = template_slot(draft, slot_id)
    saved = services.draft_save_values(
        draft=draft, raw=SlotsForm([slot], request.POST).raw_values()
    )
    check = saved.checks[slot_id]
    values = saved.values
    group, open_ids = selectors.group_targets(draft.speech, slot_id, values)
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
        },
    )
    response["HX-Trigger"] = progress_event(
        draft, values.printed, id=slot_id, ok=check.problem is None
    )
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
