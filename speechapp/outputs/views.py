"""The download page, the DOCX and PDF downloads, the values file, and the fonts page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from speechapp.core.progress import missing_slots
from speechapp.core.rendering import Layout, MissingSlotsError
from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.core.rendering.fonts import FontRole
from speechapp.core.rendering.probe import font_report, harfbuzz_subset_available
from speechapp.core.rendering.slim import load_slim_fonts
from speechapp.core.values_json import write_values
from speechapp.drafts import titles
from speechapp.drafts.access import may_change_values
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access
from speechapp.filling import updates
from speechapp.filling.stored import stored_values, values_file
from speechapp.filling.views.common import summary_context
from speechapp.filling.views.leftovers import leftover_rows
from speechapp.outputs import files, freezing, frozen, render_cache, worker_render
from speechapp.review import states
from speechapp.review.comments import open_comments
from speechapp.review.forms import TransitionForm


@require_GET
def draft_download(request, pk: int):
    draft = draft_for(request, pk, Access.READ)
    stored = stored_values(draft)
    titles.name_from(draft, stored.printed)
    context = {
        "draft": draft,
        "missing": missing_slots(draft.speech, stored.printed),
        "leftovers": leftover_rows(draft, request.user, stored.printed),
        # A 定稿 draft takes no update: its text stays as frozen.
        "behind": updates.draft_behind_template(draft) and may_change_values(draft),
        "frozen_files": frozen.frozen_files(draft),
        "open_comments": open_comments(draft),
        **summary_context(request, draft, stored, request.get_full_path()),
    }
    return render(request, "drafts/download.html", context)


def leftovers_message(count: int) -> str:
    return ngettext(
        "还有 %(n)s 处文字看起来像没填的空，不能下载定稿：请在下面把它标为空，或确认是正文。"
        "审校稿和草稿副本可以下载，其中标黄的就是这些文字。",
        "还有 %(n)s 处文字看起来像没填的空，不能下载定稿：请在下面把它们标为空，或确认是正文。"
        "审校稿和草稿副本可以下载，其中标黄的就是这些文字。",
        count,
    ) % {"n": count}


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
    """The file, rendered here or by a worker (worker_render.draft_file). While a worker is
    still making it the page says "正在生成" and tries again by itself (htmx asks every few
    seconds without waiting; without JS the page reloads), with a button to try now."""
    draft = draft_for(request, pk, Access.READ)
    draft_copy = request.GET.get("copy") == "1"
    review = request.GET.get("review") == "1"
    try:
        layout = Layout(request.GET.get("layout", Layout.OFFICIAL))
    except ValueError:
        messages.error(request, _("没有这种版式，请在下面选择正式版或讲台版。"))
        return redirect("draft_download", pk=draft.pk)
    check = bool(request.htmx)  # the busy page asking whether the file is ready
    try:
        rendered = worker_render.draft_file(
            draft=draft, fmt=fmt, draft_copy=draft_copy, review=review, layout=layout,
            wait=not check,
        )  # fmt: skip
    except MissingSlotsError:
        if layout is Layout.PODIUM:
            messages.error(request, _("讲台版只能在所有空都填好以后下载。"))
        else:
            messages.error(request, _("还有空未填，不能下载定稿；可以下载草稿副本。"))
        return _back_to_download(request, draft)
    except files.LeftoversError as exc:
        messages.error(request, leftovers_message(len(exc.leftovers)))
        return _back_to_download(request, draft)
    except RenderLimitError as exc:
        messages.error(request, render_limit_message(exc, fmt))
        return _back_to_download(request, draft)
    except render_cache.RenderBusyError:
        template = "drafts/_render_busy.html" if check else "drafts/render_busy.html"
        context = {"draft": draft, "retry_url": request.get_full_path(), "ready": False}
        return render(request, template, context, status=200 if check else 202)
    if check:
        context = {"draft": draft, "retry_url": request.get_full_path(), "ready": True}
        return render(request, "drafts/_render_busy.html", context)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    response["X-Render-Cache"] = rendered.source
    return response


def _back_to_download(request, draft):
    """To the download page with the message; from the busy page's check, by htmx."""
    if request.htmx:
        return HttpResponseClientRedirect(reverse("draft_download", args=[draft.pk]))
    return redirect("draft_download", pk=draft.pk)


@require_POST
def draft_freeze(request, pk: int):
    """定稿: the official files are rendered once and kept (outputs.freezing)."""
    draft = draft_for(request, pk, Access.READ)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["message"][0])
        return redirect("draft_review", pk=draft.pk)
    try:
        freezing.draft_freeze(
            draft=draft,
            user=request.user,
            access=draft.access,
            message=form.cleaned_data["message"],
        )
    except states.TransitionRefused as refused:
        messages.error(request, refused.message)
    except MissingSlotsError:
        messages.error(request, _("还有空未填，不能定稿。"))
    except files.LeftoversError as exc:
        messages.error(request, leftovers_message(len(exc.leftovers)))
    except RenderLimitError as exc:
        messages.error(request, render_limit_message(exc, "pdf"))
    except render_cache.RenderBusyError:
        messages.warning(request, _("定稿文件正在生成，还没有好。请过一会儿再点“定稿”。"))
    else:
        messages.success(
            request, _("已定稿：正式版 Word 和 PDF 已生成并保存，以后下载的就是这两份文件。")
        )
    return redirect("draft_review", pk=draft.pk)


@require_GET
def draft_values_file(request, pk: int):
    """The printed values as the JSON file ``manage.py render_speech --values`` reads."""
    draft = draft_for(request, pk, Access.READ)
    speech, stored = draft.speech, stored_values(draft)
    printed = stored.printed
    values = values_file(speech, printed)
    content = write_values(values, stored.notes)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    name = titles.file_title(draft, speech, printed)
    filename = f"{name}-{pgettext('values file name', '数值')}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# What each role prints, in the words of a settings page.
ROLE_LABELS = {
    FontRole.TITLE: gettext_lazy("标题"),
    FontRole.BODY: gettext_lazy("正文、三级和四级标题"),
    FontRole.HEADING1: gettext_lazy("一级标题（一、）"),
    FontRole.HEADING2: gettext_lazy("二级标题（（一））、署名行"),
    FontRole.PAGE_NUMBER: gettext_lazy("页码"),
    FontRole.LATIN: gettext_lazy("西文字母和数字"),
}


@require_GET
def fonts(request):
    """Which font prints each role in the PDF, and where a free stand-in is used."""
    report = font_report(
        settings.SPEECHAPP_FONTS_DIR, load_slim_fonts(settings.SPEECHAPP_SLIM_FONTS_DIR)
    )
    return render(
        request,
        "drafts/fonts.html",
        {
            "rows": [(ROLE_LABELS[status.role], status) for status in report],
            "fonts_dir": settings.SPEECHAPP_FONTS_DIR,
            "harfbuzz": harfbuzz_subset_available(),
            "needs_slim": any(status.wants_slim_copy for status in report),
        },
    )
