"""A draft: filling its blanks, its details, a copy, deleting it, its preview."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from speechapp.core.progress import missing_slots
from speechapp.drafts import titles
from speechapp.drafts.access import may_comment
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, Draft
from speechapp.filling import changes, lifecycle
from speechapp.filling.forms import SLOT_PLACEHOLDER, DraftDetailsForm, SlotsForm
from speechapp.filling.page import ALL_SECTIONS, fill_page
from speechapp.filling.stored import draft_values, draft_variables, stored_values
from speechapp.filling.views.common import preview_html, save_posted_slots, summary_context


@require_http_methods(["GET", "POST"])
def draft_fill(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT if request.method == "POST" else Access.READ)
    section_key = request.GET.get("section")
    if section_key:
        # One section at a time or all at once: the writer's choice, remembered.
        request.session["fill_all"] = section_key == ALL_SECTIONS
    elif request.session.get("fill_all"):
        section_key = ALL_SECTIONS
    slot_id = request.GET.get("slot")
    if request.method == "POST" and request.POST.get("section"):
        # The section the writer was shown, not where the open blanks are now (autosave may
        # have filled it since): "save and next" goes to the section after this one.
        section_key, slot_id = request.POST["section"], None
    page = fill_page(draft, section_key=section_key, slot_id=slot_id)
    if page.section is None:
        raise Http404("no such section")
    autosave_url = reverse("slot_save", args=[draft.pk, SLOT_PLACEHOLDER])
    if request.method == "POST":
        form, saved = save_posted_slots(request, draft, page.slots, autosave_url=autosave_url)
        if not saved.problems:
            messages.success(request, _("已保存"))
            target = page.next_section if "save_next" in request.POST else page.section
            return redirect(reverse("draft_fill", args=[draft.pk]) + f"?section={target.key}")
        page = fill_page(draft, section_key=page.section.key)
    elif draft.may_write:
        form = SlotsForm(page.slots, page.raw or None, autosave_url=autosave_url)
    else:
        # A reader sees the values in disabled fields that save nothing.
        form = SlotsForm(page.slots, initial=page.raw, read_only=True)
    # What the rows hold, checked by the one rule the saves use: problems beside their fields.
    form.show_checks(page.checks)
    titles.name_from(draft, page.values)
    context = {
        "draft": draft,
        "page": page,
        "form": form,
        "rows": page.rows(form),
        "preview": preview_html(draft, page.values, beside_form=True),
        "variables": draft_variables(draft) if draft.may_write else [],
        "may_comment": may_comment(draft, draft.access),
        "can_resolve": draft.access.can_edit,
        **summary_context(request, draft, page.stored, request.get_full_path()),
    }
    return render(request, "drafts/fill.html", context)


@require_GET
def fill_summary(request, pk: int):
    """The fill page's figures to check and its length, refreshed together after each save."""
    draft = draft_for(request, pk, Access.READ)
    stored = stored_values(draft)
    context = {
        "draft": draft,
        **summary_context(request, draft, stored, reverse("draft_fill", args=[draft.pk])),
    }
    return render(request, "drafts/_fill_summary.html", context)


@require_GET
def draft_preview(request, pk: int):
    draft = draft_for(request, pk, Access.READ)
    values = draft_values(draft)
    titles.name_from(draft, values)
    # What this reader saw before (for "since I last looked"); now they have seen this.
    seen = changes.draft_seen_revision(draft, request.user)
    changes.draft_mark_seen(draft=draft, user=request.user, revision=draft.revision)
    return render(
        request,
        "drafts/preview.html",
        {
            "draft": draft,
            "preview": preview_html(draft, values),
            "missing": missing_slots(draft.speech, values),
            "seen": seen if seen is not None and seen < draft.revision else None,
        },
    )


@require_http_methods(["GET", "POST"])
def draft_details(request, pk: int):
    draft = draft_for(request, pk, Access.OWN)
    form = DraftDetailsForm(request.POST or None, instance=draft)
    if not draft.may_write:  # 定稿: shown as it was frozen; a post is refused (DraftLocked)
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        lifecycle.draft_update_details(draft=draft, **form.cleaned_data)
        messages.success(request, _("已保存"))
        return redirect("draft_fill", pk=draft.pk)
    return render(request, "drafts/details.html", {"draft": draft, "form": form})


@require_POST
def draft_duplicate(request, pk: int):
    draft = draft_for(request, pk, Access.OWN)
    keep_values = request.POST.get("keep_values") == "1"
    # Without its values the copy is next period's draft, this one its 上期.
    suffix = _("（副本）") if keep_values else _("（下期）")
    copy = lifecycle.draft_duplicate(
        draft=draft,
        keep_values=keep_values,
        title=draft.title[: Draft._meta.get_field("title").max_length - len(suffix)] + suffix,
        user=request.user,
    )
    messages.success(request, _("已复制为“%(title)s”") % {"title": copy.name})
    return redirect("draft_details", pk=copy.pk)


@require_POST
def draft_new_version(request, pk: int):
    """开新版本: version n+1 of a 定稿 draft, from its values; the 定稿 one stays as it was."""
    draft = draft_for(request, pk, Access.OWN)
    new = lifecycle.draft_new_version(draft=draft, user=request.user)
    messages.success(
        request,
        _("已开新版本（第 %(n)s 版），定稿的第 %(old)s 版保持不变")
        % {"n": new.version, "old": draft.version},
    )
    return redirect("draft_fill", pk=new.pk)


@require_http_methods(["GET", "POST"])
def draft_delete(request, pk: int):
    draft = draft_for(request, pk, Access.OWN)
    if request.method == "POST":
        title = draft.name
        lifecycle.draft_delete(draft=draft)
        messages.success(request, _("已删除“%(title)s”") % {"title": title})
        return redirect("home")
    return render(request, "drafts/delete.html", {"draft": draft})
