"""A draft and its corrected template: updating to it, and the values whose blank is gone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access
from speechapp.filling import updates
from speechapp.filling.forms import OrphanPlaceForm
from speechapp.filling.views.common import back_to_slot


def _orphan(draft, orphan_id: int) -> dict:
    orphan = updates.draft_orphan(draft, orphan_id)
    if orphan is None:
        raise Http404("no such value")
    return orphan


@require_POST
def draft_update(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    try:
        result = updates.draft_update_to_template(draft=draft)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("已按模板更新，%(n)s 个已填的值已放回原处") % {"n": result.moved}
        )
        if result.orphaned:
            messages.warning(
                request,
                _("%(n)s 个值原来的空已不在模板中，列在页首，请放到某个空或丢弃")
                % {"n": result.orphaned},
            )
    return redirect("draft_fill", pk=draft.pk)


@require_POST
def orphan_place(request, pk: int, orphan_id: int):
    draft = draft_for(request, pk, Access.EDIT)
    orphan = _orphan(draft, orphan_id)
    form = OrphanPlaceForm(draft.speech.slots, request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要放入的空"))
        return redirect("draft_fill", pk=draft.pk)
    slot_id = form.cleaned_data["slot_id"]
    saved = updates.orphan_place(draft=draft, orphan=orphan, slot_id=slot_id)
    if slot_id in saved.problems:
        messages.warning(request, _("已放入，但这个空的值需要改一改"))
    else:
        messages.success(request, _("已放入"))
    return back_to_slot(draft, slot_id)


@require_POST
def orphan_drop(request, pk: int, orphan_id: int):
    draft = draft_for(request, pk, Access.EDIT)
    orphan = _orphan(draft, orphan_id)
    updates.orphan_drop(draft=draft, orphan=orphan)
    messages.success(request, _("已丢弃“%(value)s”") % {"value": orphan["raw"]})
    return redirect("draft_fill", pk=draft.pk)
