"""A draft's history: every change of a value, and going back to an earlier state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from speechapp.core.model import Slot
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, ChangeHow
from speechapp.filling import history
from speechapp.review import states

HISTORY_PAGE_SIZE = 50
HOW_LABELS = dict(ChangeHow.choices)
RESTORES = {ChangeHow.RESTORE, ChangeHow.UNDO}


@dataclass(frozen=True)
class Entry:
    """One change of one blank, as the history page lists it."""

    row: Any  # a HistoricalSlotValue, annotated with old_raw and old_value
    slot: Slot | None

    @property
    def how(self) -> str:
        reason = self.row.history_change_reason or ""
        how, _sep, by = reason.partition(":")
        label = HOW_LABELS.get(how, "")
        return f"{by} · {label}" if by and label else label

    @property
    def is_restore(self) -> bool:
        return self.row.history_change_reason in RESTORES


class RestoreForm(forms.Form):
    revision = forms.IntegerField(min_value=0, max_value=2**62)
    slot = forms.CharField(required=False, max_length=16)
    undo = forms.BooleanField(required=False)


@require_GET
def draft_history(request, pk: int):
    """The draft's changes, newest first; ``?slot=s009`` shows one blank's."""
    draft = draft_for(request, pk, Access.READ)
    slots = {slot.id: slot for slot in draft.speech.slots}
    slot_id = request.GET.get("slot") or None
    if slot_id is not None and slot_id not in slots:
        raise Http404("no such slot")
    rows = history.draft_history(draft, slot_id)
    page = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "drafts/history.html",
        {
            "draft": draft,
            "page": page,
            "entries": [Entry(row, slots.get(row.slot_id)) for row in page],
            "slot": slots.get(slot_id) if slot_id else None,
            "events": states.review_events(draft),
        },
    )


@require_POST
def draft_restore(request, pk: int):
    """Restore the draft (or one blank) as it was after a history entry, or undo a restore."""
    draft = draft_for(request, pk, Access.EDIT)
    form = RestoreForm(request.POST)
    target = reverse("draft_history", args=[draft.pk])
    if not form.is_valid():
        messages.error(request, _("无法恢复：没有这条历史记录"))
        return redirect(target)
    revision, slot_id = form.cleaned_data["revision"], form.cleaned_data["slot"] or None
    if form.cleaned_data["undo"]:
        written = history.draft_undo_restore(draft=draft, revision=revision, user=request.user)
        done = _("已撤销恢复，%(n)s 个空回到恢复前的内容")
    else:
        try:
            written = history.draft_restore(
                draft=draft,
                revision=revision,
                slot_ids=[slot_id] if slot_id else None,
                user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(target)
        done = _("已恢复 %(n)s 个空")
    if written:
        messages.success(request, done % {"n": len(written)})
    else:
        messages.info(request, _("内容与那时相同，没有需要恢复的空"))
    return redirect(target + (f"?slot={slot_id}" if slot_id else ""))
