"""Who supplies what: the 责任单位 of a draft's sections and blanks (reads and the write)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from speechapp.core.outline import speech_sections
from speechapp.core.sheets import slot_offices
from speechapp.drafts.models import (
    Draft,
    OfficeAssignment,
)


def draft_offices(draft: Draft) -> tuple[dict[str, str], dict[str, str]]:
    """The 责任单位 assigned on a draft: by section key, and by slot id."""
    by_section, by_slot = {}, {}
    for section_key, slot_id, office in draft.offices.values_list(
        "section_key", "slot_id", "office"
    ):
        if slot_id:
            by_slot[slot_id] = office
        else:
            by_section[section_key] = office
    return by_section, by_slot


def draft_slot_offices(draft: Draft) -> dict[str, str]:
    """Each blank's 责任单位 (its own, else its section's or part's; "" when none)."""
    by_section, by_slot = draft_offices(draft)
    return slot_offices(draft.speech, by_section, by_slot)


@transaction.atomic
def office_assign(
    *, draft: Draft, by_section: Mapping[str, str], by_slot: Mapping[str, str]
) -> None:
    """Set the draft's 责任单位 to these (section key or slot id -> office); "" clears one."""
    sections = {s.key for s in speech_sections(draft.speech)}
    slot_ids = set(draft.speech.slot_ids)
    draft.offices.all().delete()
    OfficeAssignment.objects.bulk_create(
        [
            OfficeAssignment(draft=draft, section_key=key, office=office.strip()[:100])
            for key, office in by_section.items()
            if key in sections and office.strip()
        ]
        + [
            OfficeAssignment(draft=draft, slot_id=slot_id, office=office.strip()[:100])
            for slot_id, office in by_slot.items()
            if slot_id in slot_ids and office.strip()
        ]
    )
