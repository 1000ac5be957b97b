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
from speechapp.core.rendering.bounded import RenderLimitError

from .. import selectors, services
from .common import own_draft


@require_GET
def draft_download(request, pk: int):
    draft = own_draft(request, pk)
    values = selectors.draft_values(draft)
    return render(
        request,
        "drafts/download.html",
        {"draft": draft, "missing": missing_slots(draft.speech, values)},
    )


def render_limit_message(exc: RenderLimitError, fmt: str) -> str:
    kind = "PDF" if fmt == "pdf" else "Word"
    if exc.reason == "time":
        return _(
            "生成 %(kind)s 超时（超过 %(seconds)d 秒），讲话稿太长或服务器太忙。"
            "请稍后再试，或把讲话稿分成几篇。"
        ) % {"kind": kind, "seconds": exc.limit}
    return _("生成 %(kind)s 所需内存超过上限（%(mb)d MB），讲话稿太长。请把讲话稿分成几篇。") % {
        "kind": kind,
        "mb": exc.limit,
    }


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
    except RenderLimitError as exc:
        messages.error(request, render_limit_message(exc, fmt))
        return redirect("draft_download", pk=draft.pk)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    return response
