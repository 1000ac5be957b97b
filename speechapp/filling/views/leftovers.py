"""The last look before a download: the text that still looks like a blank, listed on the
download page with 标为空 (to the template's corrections) and 这是正文 (confirmed as text)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechapp.core.leftovers import Leftover, context_as_printed
from speechapp.drafts import access
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, Draft
from speechapp.filling import leftovers


@dataclass(frozen=True)
class LeftoverRow:
    leftover: Leftover
    before: str  # the words around it, as they will print (filled blanks show their value)
    after: str
    mark_url: str | None  # 标为空: the template's corrections with the text filled in


def leftover_rows(draft: Draft, user, values: Mapping[str, str]) -> list[LeftoverRow]:
    """The draft's leftovers for its download page (``values``: its printed values).
    标为空 is offered where ``user`` may correct the template; 这是正文 (the page asks
    ``draft.access``) where they may edit the draft."""
    template = draft.template
    may_mark = template is not None and access.may_edit_template(template, user)
    rows = []
    speech = draft.speech
    for left in leftovers.draft_leftovers(draft):
        url = None
        if may_mark:
            span = leftovers.span_in_template(draft, left.span)
            query = {"mark": left.text, "at": span.key if span else "", "draft": draft.pk}
            url = reverse("template_edit", args=[template.pk]) + "?" + urlencode(query)
        rows.append(LeftoverRow(left, *context_as_printed(speech, left, values), url))
    return rows


@require_POST
def leftover_confirm(request, pk: int):
    """这是正文: the text at the posted key is text; back to the download page."""
    draft = draft_for(request, pk, Access.EDIT)
    try:
        left = leftovers.leftover_confirm(
            draft=draft, key=request.POST.get("key", ""), user=request.user
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("已确认“%(text)s”是正文，不再提示") % {"text": left.text})
    return redirect("draft_download", pk=draft.pk)
