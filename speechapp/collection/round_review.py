"""An office's values into the draft: read as a returned sheet ("<office> · 在线填报") and
proposed for the same review as an uploaded sheet (collection.proposals, sheet_imports):
new, changed, in conflict with the writer's value (or another office's), refused with the
reason. Applied as one batch that can be undone; a value the writer set is never overwritten
unless the writer picks the office's."""

from __future__ import annotations

from django.utils.translation import gettext as _

from speechapp.collection import proposals, sheet_files
from speechapp.collection.rounds import office_slot_ids
from speechapp.core.sheets import ReturnedRow, ReturnedSheet
from speechapp.drafts.models import OfficeLink, SheetImport, SheetImportStatus
from speechapp.filling.stored import StoredValues, stored_values


def online_name(office: str) -> str:
    return _("%(office)s · 在线填报") % {"office": office}


def office_sheet(link: OfficeLink) -> ReturnedSheet:
    """The office's values as a returned sheet, rows named by blank id (with 备注, 来源)."""
    ids = office_slot_ids(link)
    typed = {v.slot_id: v for v in link.values.filter(slot_id__in=ids)}
    rows = tuple(
        ReturnedRow(
            where=slot_id,
            number=slot_id,
            context="",
            raw=typed[slot_id].raw,
            note=typed[slot_id].note,
            source=typed[slot_id].source,
        )
        for slot_id in ids
        if slot_id in typed and typed[slot_id].raw.strip()
    )
    return ReturnedSheet(online_name(link.office), None, rows, by_id=True)


def writer_values(link: OfficeLink, stored: StoredValues) -> dict[str, str]:
    """The draft's printed values that are the writer's, not this office's earlier batch
    (still as that batch wrote them): an office's value differing from one is a conflict."""
    own = {}
    for applied in SheetImport.objects.filter(link=link, status=SheetImportStatus.APPLIED):
        own.update({slot_id: change["new"] for slot_id, change in applied.applied.items()})
    return {
        slot_id: value
        for slot_id, value in stored.printed.items()
        if own.get(slot_id) != stored.raw.get(slot_id)
    }


def round_review_start(*, link: OfficeLink, owner) -> SheetImport:
    """A pending review of the office's values (nothing is written before the writer says).
    Raises SheetFileError("no_rows") when the office has sent no value."""
    draft = link.round.draft
    sheet = office_sheet(link)
    stored = stored_values(draft)
    proposal = proposals.propose(
        draft.speech,
        [sheet],
        marker=sheet_files.draft_marker(draft),
        printed=stored.printed,
        as_text=stored.as_text,
        guarded=writer_values(link, stored),
        by=link.office,
    )
    SheetImport.objects.filter(link=link, status=SheetImportStatus.PENDING).update(
        status=SheetImportStatus.DISCARDED
    )
    return SheetImport.objects.create(
        draft=draft, owner=owner, files=[sheet.name], proposal=proposal.to_json(), link=link
    )
