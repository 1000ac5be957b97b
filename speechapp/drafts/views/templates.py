"""The home page, importing a template and starting a draft from one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..forms import CONTROL_CHARS_REMOVED, TemplateUploadForm


@require_GET
def home(request):
    return render(
        request,
        "drafts/home.html",
        {
            "templates": selectors.templates_for(request.user),
            "drafts": selectors.drafts_for(request.user),
            "shared": selectors.drafts_shared_with(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def template_new(request):
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                source_text=form.cleaned_data["source_text"],
                tokens=form.cleaned_data["tokens"],
            )
        except ValidationError as exc:
            form.add_error(form.source_field, exc)
        else:
            messages.success(request, _("模板已导入，共 %(n)s 个空") % {"n": template.slot_count})
            summary = template.speech.token_summary
            messages.info(request, _("找到的空白标记：%(summary)s") % {"summary": summary})
            if form.cleaned_data["rejoined"]:
                messages.info(request, _("按固定宽度断开的行已重新接成段落"))
            if form.cleaned_data["removed_controls"]:
                messages.info(
                    request, CONTROL_CHARS_REMOVED % {"n": form.cleaned_data["removed_controls"]}
                )
            return redirect("home")
    return render(request, "drafts/template_new.html", {"form": form})


@require_POST
def draft_start(request, pk: int):
    template = get_object_or_404(selectors.templates_for(request.user), pk=pk)
    try:
        draft = services.draft_start(owner=request.user, template=template)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("home")
    return redirect("draft_fill", pk=draft.pk)
