"""The download page and the DOCX and PDF files."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from speechapp.core.progress import missing_slots
from speechapp.core.rendering import MissingSlotsError

from .. import selectors, services
from ..figures import draft_figure_warnings
from ..length import draft_length
from .common import own_draft


@require_GET
def draft_download(request, pk: int):
    draft = own_draft(request, pk)
    stored = selectors.stored_values(draft)
    context = {
        "draft": draft,
        "missing": missing_slots(draft.speech, stored.printed),
        "figure_warnings": draft_figure_warnings(draft, stored),
        "length": draft_length(draft, stored.printed, request.user),
        "back_url": request.get_full_path(),
    }
    return render(request, "drafts/download.html", context)


@require_GET
def draft_export(request, pk: int, fmt: str):
    draft = own_draft(request, pk)
    draft_copy = request.GET.get("copy") == "1"
    review = request.GET.get("review") == "1"
    try:
        rendered = services.draft_render(draft=draft, fmt=fmt, draft_copy=draft_copy, review=review)
    except MissingSlotsError:
        messages.error(request, _("还有空未填，不能下载定稿；可以下载草稿副本。"))
        return redirect("draft_download", pk=draft.pk)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    return response
