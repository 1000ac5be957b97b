"""Views bind a form, call one service and render or redirect; no parsing or rendering here."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from speechapp.core.rendering import MissingSlotsError

from . import selectors, services
from .forms import (
    CONTROL_CHARS_REMOVED,
    SLOT_PLACEHOLDER,
    DraftDetailsForm,
    SlotsForm,
    TemplateUploadForm,
)
from .helpers import own_draft, preview_html, save_posted_slots


@require_GET
def home(request):
    return render(
        request,
        "drafts/home.html",
        {
            "templates": selectors.templates_for(request.user),
            "drafts": selectors.drafts_for(request.user),
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
            )
        except ValidationError as exc:
            form.add_error(form.source_field, exc)
        else:
            messages.success(request, _("模板已导入，共 %(n)s 个空") % {"n": template.slot_count})
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


@require_http_methods(["GET", "POST"])
def draft_fill(request, pk: int):
    draft = own_draft(request, pk)
    section_key = request.GET.get("section")
    if section_key:
        # One section at a time or all at once: the writer's choice, remembered.
        request.session["fill_all"] = section_key == selectors.ALL_SECTIONS
    elif request.session.get("fill_all"):
        section_key = selectors.ALL_SECTIONS
    page = selectors.fill_page(draft, section_key=section_key, slot_id=request.GET.get("slot"))
    if page.section is None:
        raise Http404("no such section")
    autosave_url = reverse("slot_save", args=[draft.pk, SLOT_PLACEHOLDER])
    if request.method == "POST":
        form = save_posted_slots(draft, page.slots, request.POST, autosave_url=autosave_url)
        if not form.errors:
            messages.success(request, _("已保存"))
            target = page.next_section if "save_next" in request.POST else page.section
            return redirect(reverse("draft_fill", args=[draft.pk]) + f"?section={target.key}")
        page = selectors.fill_page(draft, section_key=page.section.key)
    else:
        form = SlotsForm(page.slots, page.raw or None, autosave_url=autosave_url)
    form.is_valid()  # shows stored values that still do not fit beside their fields
    context = {
        "draft": draft,
        "page": page,
        "form": form,
        "rows": page.rows(form),
        "preview": preview_html(draft, page.values, beside_form=True),
        "variables": draft.variables.all(),
    }
    return render(request, "drafts/fill.html", context)


@require_GET
def draft_preview(request, pk: int):
    draft = own_draft(request, pk)
    values = selectors.draft_values(draft)
    return render(
        request,
        "drafts/preview.html",
        {
            "draft": draft,
            "preview": preview_html(draft, values),
            "missing": selectors.missing_slot_list(draft.speech, values),
        },
    )


@require_GET
def draft_download(request, pk: int):
    draft = own_draft(request, pk)
    speech = draft.speech
    values = selectors.draft_values(draft)
    return render(
        request,
        "drafts/download.html",
        {"draft": draft, "missing": selectors.missing_slot_list(speech, values)},
    )


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


@require_http_methods(["GET", "POST"])
def draft_details(request, pk: int):
    draft = own_draft(request, pk)
    form = DraftDetailsForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("已保存"))
        return redirect("draft_fill", pk=draft.pk)
    return render(request, "drafts/details.html", {"draft": draft, "form": form})


@require_GET
def fonts(request):
    """Which font prints each role in the PDF, and where a free stand-in is used."""
    from speechapp.core.rendering.fonts import font_report, harfbuzz_subset_available
    from speechapp.core.rendering.slim import load_slim_fonts

    report = font_report(
        settings.SPEECHAPP_FONTS_DIR, load_slim_fonts(settings.SPEECHAPP_SLIM_FONTS_DIR)
    )
    return render(
        request,
        "drafts/fonts.html",
        {
            "report": report,
            "fonts_dir": settings.SPEECHAPP_FONTS_DIR,
            "harfbuzz": harfbuzz_subset_available(),
            "needs_slim": any(status.wants_slim_copy for status in report),
        },
    )


@require_POST
def draft_duplicate(request, pk: int):
    draft = own_draft(request, pk)
    copy = services.draft_duplicate(
        draft=draft,
        keep_values=request.POST.get("keep_values") == "1",
        title=_("%(title)s（副本）") % {"title": draft.title},
    )
    messages.success(request, _("已复制为“%(title)s”") % {"title": copy.title})
    return redirect("draft_details", pk=copy.pk)


@require_http_methods(["GET", "POST"])
def draft_delete(request, pk: int):
    draft = own_draft(request, pk)
    if request.method == "POST":
        title = draft.title
        draft.delete()
        messages.success(request, _("已删除“%(title)s”") % {"title": title})
        return redirect("home")
    return render(request, "drafts/delete.html", {"draft": draft})


def bad_request(request, exception):
    """Django's 400 (a body too large, too many fields, a forged id) as a page in the app."""
    too_big = isinstance(exception, (RequestDataTooBig, TooManyFieldsSent))
    return render(
        request,
        "400.html",
        {
            "too_big": too_big,
            "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "max_chars": f"{settings.SPEECHAPP_MAX_TEMPLATE_CHARS:,}",
        },
        status=400,
    )
