"""Collecting the figures: who supplies what, the data-request sheet out, returned sheets in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from speechapp.collection import proposals, rounds, sheet_files, sheet_imports
from speechapp.collection.board import round_board
from speechapp.collection.forms import (
    OfficesForm,
    SheetExportForm,
    SheetImportForm,
    SheetReviewForm,
)
from speechapp.collection.offices import draft_offices, draft_slot_offices, office_assign
from speechapp.collection.round_forms import RoundForm
from speechapp.core.outline import speech_sections
from speechapp.core.sheets import slot_offices
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, SheetImport, SheetImportStatus


def own_import(request, draft, import_id: int) -> SheetImport:
    return get_object_or_404(SheetImport, pk=import_id, draft=draft, owner=request.user)


def sheets_page(request, draft, **forms):
    """The page with the three forms (offices, export, import) and the past imports."""
    speech = draft.speech
    sections = speech_sections(speech)
    by_section, by_slot = draft_offices(draft)
    offices = sorted(set(slot_offices(speech, by_section, by_slot).values()) - {""})
    context = {
        "draft": draft,
        "offices_form": forms.get("offices_form")
        or OfficesForm(speech, sections, by_section=by_section, by_slot=by_slot),
        "export_form": forms.get("export_form") or SheetExportForm(sections, offices),
        "import_form": forms.get("import_form") or SheetImportForm(),
        "round_form": forms.get("round_form") or RoundForm(offices),
        "boards": [round_board(r, request) for r in rounds.draft_rounds(draft)],
        "imports": draft.sheet_imports.exclude(status=SheetImportStatus.PENDING).select_related(
            "owner"
        ),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "drafts/sheets.html", context, status=status)


@require_GET
def sheets(request, pk: int):
    return sheets_page(request, draft_for(request, pk, Access.EDIT))


@require_POST
def offices_save(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    form = OfficesForm(draft.speech, speech_sections(draft.speech), request.POST)
    if not form.is_valid():
        return sheets_page(request, draft, offices_form=form)
    office_assign(draft=draft, by_section=form.by_section(), by_slot=form.by_slot())
    messages.success(request, _("责任单位已保存"))
    return redirect("draft_sheets", pk=draft.pk)


@require_GET
def sheet_export(request, pk: int):
    draft = draft_for(request, pk, Access.READ)
    offices = sorted(set(draft_slot_offices(draft).values()) - {""})
    form = SheetExportForm(speech_sections(draft.speech), offices, request.GET)
    if not form.is_valid():
        return sheets_page(request, draft, export_form=form)
    sheet = sheet_files.draft_sheet(
        draft,
        fmt=form.cleaned_data["fmt"],
        chosen=form.sheet_filter(),
        per_office=form.cleaned_data["per_office"],
    )
    response = HttpResponse(sheet.content, content_type=sheet.content_type)
    response["Content-Disposition"] = content_disposition_header(True, sheet.filename)
    return response


@require_POST
def sheet_import(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    form = SheetImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            pending = sheet_imports.sheet_import_start(
                draft=draft, owner=request.user, files=form.cleaned_data["files"]
            )
        except sheet_files.SheetFileError as exc:
            form.add_error("files", exc.message)
        else:
            return redirect("sheet_review", pk=draft.pk, import_id=pending.pk)
    return sheets_page(request, draft, import_form=form)


@require_http_methods(["GET", "POST"])
def sheet_review(request, pk: int, import_id: int):
    draft = draft_for(request, pk, Access.EDIT)
    pending = own_import(request, draft, import_id)
    if pending.status != SheetImportStatus.PENDING:
        return redirect("draft_sheets", pk=draft.pk)
    proposal = proposals.Proposal.from_json(pending.proposal)
    form = SheetReviewForm(proposal, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == "discard":
            sheet_imports.sheet_import_discard(sheet_import=pending)
            messages.info(request, _("已放弃这次导入，没有改动任何值"))
            return redirect("draft_sheets", pk=draft.pk)
        done = sheet_imports.sheet_import_apply(
            sheet_import=pending, accepted=form.accepted(), chosen=form.chosen()
        )
        messages.success(request, _("已导入 %(n)s 个值") % {"n": len(done.applied)})
        return redirect("draft_sheets", pk=draft.pk)
    context = {
        "draft": draft,
        "pending": pending,
        "proposal": proposal,
        "form": form,
        # Each refused row beside the sentence of its blank (none for an unknown 编号).
        "rejected": proposals.rejected_in_context(proposal, draft.speech),
    }
    return render(request, "drafts/sheet_review.html", context)


@require_POST
def sheet_undo(request, pk: int, import_id: int):
    draft = draft_for(request, pk, Access.EDIT)
    done = own_import(request, draft, import_id)
    kept = sheet_imports.sheet_import_undo(sheet_import=done)
    if kept:
        messages.warning(
            request,
            _("已撤销这次导入；%(ids)s 导入后又改过，保留了新值") % {"ids": "、".join(kept)},
        )
    else:
        messages.success(request, _("已撤销这次导入，恢复了原来的值"))
    return redirect("draft_sheets", pk=draft.pk)
