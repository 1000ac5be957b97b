"""A returned sheet's way into a draft: read and proposed (pending review), applied as one save,
discarded, or undone as a whole."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from speechapp.collection import proposals, sheet_files
from speechapp.drafts.locks import claim_values_write
from speechapp.drafts.models import (
    ChangeHow,
    Draft,
    SheetImport,
    SheetImportStatus,
)
from speechapp.filling.saving import draft_save_values
from speechapp.filling.stored import stored_values


def sheet_import_start(*, draft: Draft, owner, files: list[tuple[str, bytes]]) -> SheetImport:
    """Read returned sheets into a pending import the writer reviews before anything is saved.

    Raises collect.SheetFileError (and stores nothing) when a file is not a sheet of this draft,
    DraftLocked when the draft is 定稿.
    """
    claim_values_write(draft)
    sheets = sheet_files.read_files(files, max_bytes=settings.SPEECHAPP_MAX_UPLOAD_BYTES)
    stored = stored_values(draft)
    proposal = proposals.propose(
        draft.speech,
        sheets,
        marker=sheet_files.draft_marker(draft),
        printed=stored.printed,
        as_text=stored.as_text,
    )
    return SheetImport.objects.create(
        draft=draft,
        owner=owner,
        files=[name for name, _data in files],
        proposal=proposal.to_json(),
    )


@transaction.atomic
def sheet_import_apply(
    *, sheet_import: SheetImport, accepted: Collection[str], chosen: Mapping[str, str]
) -> SheetImport:
    """Save the accepted changes (slot ids) and the chosen side of conflicts (slot id -> raw).

    Written through draft_save_values, so every value is checked by the one rule again;
    the old text of each blank is kept for undo.
    """
    sheet_import = SheetImport.objects.select_for_update().get(pk=sheet_import.pk)
    claim_values_write(sheet_import.draft)
    if sheet_import.status != SheetImportStatus.PENDING:
        return sheet_import
    proposal = proposals.Proposal.from_json(sheet_import.proposal)
    picked = {c.slot: c for c in proposal.changes if c.slot in accepted}
    for conflict in proposal.conflicts:
        choice = chosen.get(conflict.slot)
        option = next((o for o in conflict.options if choice and o.raw == choice), None)
        if option is not None:
            picked[conflict.slot] = option
    raw = {slot_id: p.raw for slot_id, p in picked.items()}
    draft = sheet_import.draft
    before = stored_values(draft).raw
    # One save per sender (an office online, or the sheets): the history names who sent it.
    for by in dict.fromkeys(p.by for p in picked.values()):
        mine = {i: p for i, p in picked.items() if p.by == by}
        draft_save_values(
            draft=draft,
            raw={i: p.raw for i, p in mine.items()},
            notes={i: (p.note, p.source) for i, p in mine.items() if p.note or p.source},
            how=ChangeHow.ONLINE if by else ChangeHow.SHEET,
            by=by,
            user=sheet_import.owner,
        )
    sheet_import.applied = {
        slot_id: {"old": before.get(slot_id, ""), "new": text.strip()}
        for slot_id, text in raw.items()
    }
    sheet_import.status = SheetImportStatus.APPLIED if raw else SheetImportStatus.DISCARDED
    sheet_import.applied_at = timezone.now()
    sheet_import.save(update_fields=["applied", "status", "applied_at"])
    return sheet_import


@transaction.atomic
def sheet_import_discard(*, sheet_import: SheetImport) -> None:
    if sheet_import.status == SheetImportStatus.PENDING:
        sheet_import.status = SheetImportStatus.DISCARDED
        sheet_import.save(update_fields=["status"])


@transaction.atomic
def sheet_import_undo(*, sheet_import: SheetImport) -> list[str]:
    """Put back what an applied import replaced; returns the blanks left alone because they
    were changed again since (their newer value is kept)."""
    sheet_import = SheetImport.objects.select_for_update().get(pk=sheet_import.pk)
    claim_values_write(sheet_import.draft)
    if sheet_import.status != SheetImportStatus.APPLIED:
        return []
    current = stored_values(sheet_import.draft).raw
    restore, kept = {}, []
    for slot_id, change in sheet_import.applied.items():
        if current.get(slot_id, "") == change["new"]:
            restore[slot_id] = change["old"]
        else:
            kept.append(slot_id)
    if restore:
        draft_save_values(
            draft=sheet_import.draft, raw=restore, how=ChangeHow.UNDO, user=sheet_import.owner
        )
    sheet_import.status = SheetImportStatus.UNDONE
    sheet_import.undone_at = timezone.now()
    sheet_import.save(update_fields=["status", "undone_at"])
    return kept
