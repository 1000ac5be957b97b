"""The template pages: import and preview, corrections, text, rename, copy, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from speechapp.drafts import access
from speechapp.drafts.access import TemplateUse
from speechapp.drafts.http import template_for
from speechapp.speech_templates import template_writes
from speechapp.speech_templates.template_forms import (
    CONTROL_CHARS_REMOVED,
    TemplateMarksForm,
    TemplateNameForm,
    TemplatePreviewForm,
    TemplateTextForm,
    TemplateUploadForm,
)
from speechapp.speech_templates.template_marks import marked_text

PREVIEW_SALT = "speechapp.template-preview"


@require_http_methods(["GET", "POST"])
def template_new(request):
    """The import form; a valid import goes on to the preview, nothing is stored yet."""
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template_writes.template_check(data["source_text"], data["tokens"])
        except ValidationError as exc:
            form.add_error(form.source_field, exc)
        else:
            payload = {
                "name": data["name"],
                "text": data["source_text"],
                "tokens": data["tokens"],
                "rejoined": data["rejoined"],
                "removed": data["removed_controls"],
            }
            signed = signing.dumps(payload, salt=PREVIEW_SALT, compress=True)
            preview = TemplatePreviewForm(
                data["source_text"], data["tokens"], initial={"payload": signed}
            )
            return _preview(request, payload, preview, overrides=None)
    return render(request, "drafts/template_new.html", {"form": form})


def _preview(request, payload, form, overrides):
    marks = marked_text(payload["text"], payload["tokens"], overrides)
    return render(
        request,
        "drafts/template_preview.html",
        {"form": form, "marks": marks, "name": payload["name"] or marks.speech.title},
    )


@require_POST
def template_preview(request):
    """The preview's ticks: shown again (更新预览), or saved with the template (保存)."""
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=PREVIEW_SALT)
    except signing.BadSignature:
        messages.error(request, _("预览已失效，请重新导入"))
        return redirect("template_new")
    form = TemplatePreviewForm(payload["text"], payload["tokens"], request.POST)
    if not form.is_valid():
        return _preview(request, payload, form, overrides=form.overrides)
    overrides = form.cleaned_data["overrides"]
    if "save" in request.POST:
        try:
            template = template_writes.template_create(
                owner=request.user,
                name=payload["name"],
                source_text=payload["text"],
                tokens=payload["tokens"],
                overrides=overrides,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("模板已导入，共 %(n)s 个空") % {"n": template.slot_count})
            summary = template.speech.token_summary
            messages.info(request, _("找到的空白标记：%(summary)s") % {"summary": summary})
            if payload["rejoined"]:
                messages.info(request, _("按固定宽度断开的行已重新接成段落"))
            if payload["removed"]:
                messages.info(request, CONTROL_CHARS_REMOVED % {"n": payload["removed"]})
            return redirect("home")
        return _preview(request, payload, form, overrides=overrides)
    # The ticks are shown as they now stand; the typed words to mark were used up.
    shown = TemplatePreviewForm(
        payload["text"], payload["tokens"], initial={"payload": request.POST["payload"]}
    )
    return _preview(request, payload, shown, overrides=overrides)


def _edit_page(
    request,
    template,
    *,
    marks_form=None,
    text_form=None,
    name_form=None,
    prefilled=None,
    back_to=None,
):
    overrides = template.overrides
    if marks_form is not None and marks_form.overrides is not None:
        overrides = marks_form.overrides  # the ticks as posted, even when refused
    marks = marked_text(template.source_text, template.tokens, overrides)
    return render(
        request,
        "drafts/template_edit.html",
        {
            "template": template,
            "marks": marks,
            "form": marks_form
            or prefilled
            or TemplateMarksForm(template.source_text, template.tokens),
            "back_to": back_to,
            "text_form": text_form
            or TemplateTextForm(initial={"source_text": template.source_text}),
            "name_form": name_form or TemplateNameForm(initial={"name": template.name}),
            "draft_count": template.drafts.count(),
        },
        status=400 if (marks_form or text_form or name_form) else 200,
    )


@require_GET
def template_edit(request, pk: int):
    """The corrections page; from a draft's download page (标为空), ``mark`` and ``at`` fill
    in the words to mark and their place, and ``draft`` names the draft to go back to."""
    template = template_for(request, pk, TemplateUse.EDIT)
    mark, at = request.GET.get("mark", ""), request.GET.get("at", "")
    form = None
    if mark:
        form = TemplateMarksForm(
            template.source_text, template.tokens, initial={"mark_text": mark, "mark_at": at}
        )
    return _edit_page(request, template, prefilled=form, back_to=_back_to(request, "GET"))


def _back_to(request, method: str):
    """The draft whose download page sent the writer here (标为空), if they may read it."""
    text = getattr(request, method).get("draft", "")
    if not (text.isdigit() and len(text) < 12):
        return None
    return access.readable_drafts(request.user).filter(pk=int(text)).first()


@require_POST
def template_marks(request, pk: int):
    template = template_for(request, pk, TemplateUse.EDIT)
    form = TemplateMarksForm(template.source_text, template.tokens, request.POST)
    if form.is_valid():
        try:
            speech = template_writes.template_correct(
                template=template, overrides=form.cleaned_data["overrides"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存更正，共 %(n)s 个空") % {"n": len(speech.slots)})
            back_to = _back_to(request, "POST")
            url = reverse("template_edit", args=[template.pk])
            return redirect(f"{url}?draft={back_to.pk}" if back_to else url)
    return _edit_page(request, template, marks_form=form, back_to=_back_to(request, "POST"))


@require_POST
def template_text(request, pk: int):
    template = template_for(request, pk, TemplateUse.EDIT)
    form = TemplateTextForm(request.POST)
    if form.is_valid():
        try:
            lost = template_writes.template_edit_text(
                template=template, source_text=form.cleaned_data["source_text"]
            )
        except ValidationError as exc:
            form.add_error("source_text", exc)
        else:
            messages.success(
                request, _("已保存模板全文，共 %(n)s 个空") % {"n": template.slot_count}
            )
            if form.removed_controls:
                messages.info(request, CONTROL_CHARS_REMOVED % {"n": form.removed_controls})
            if lost:
                messages.warning(
                    request, _("%(n)s 处更正所在的文字已改动，已不再适用") % {"n": lost}
                )
            return redirect("template_edit", pk=template.pk)
    return _edit_page(request, template, text_form=form)


@require_POST
def template_rename(request, pk: int):
    template = template_for(request, pk, TemplateUse.EDIT)
    form = TemplateNameForm(request.POST)
    if form.is_valid():
        template_writes.template_rename(template=template, name=form.cleaned_data["name"])
        messages.success(request, _("已改名为“%(name)s”") % {"name": template.name})
        return redirect("template_edit", pk=template.pk)
    return _edit_page(request, template, name_form=form)


@require_http_methods(["GET", "POST"])
def template_delete(request, pk: int):
    template = template_for(request, pk, TemplateUse.EDIT)
    if request.method == "POST":
        name = template.name
        template_writes.template_delete(template=template)
        messages.success(request, _("已删除模板“%(name)s”") % {"name": name})
        return redirect("home")
    return render(
        request,
        "drafts/template_delete.html",
        {"template": template, "draft_count": template.drafts.count()},
    )


@require_POST
def template_copy(request, pk: int):
    """A copy of a template the user may use but not correct (the shared seed), as their own."""
    template = template_for(request, pk, TemplateUse.USE)
    copy = template_writes.template_copy(template=template, owner=request.user)
    messages.success(request, _("已复制为你的模板“%(name)s”，可以在这里更正") % {"name": copy.name})
    return redirect("template_edit", pk=copy.pk)
