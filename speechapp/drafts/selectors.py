"""Reads: a user's drafts and templates, a draft's values and progress."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, QuerySet

from speechapp.core.linking import name_groups
from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.outline import Section, speech_sections

from .models import Draft, SlotValue, SpeechTemplate


def templates_for(user) -> QuerySet[SpeechTemplate]:
    return SpeechTemplate.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def drafts_for(user) -> QuerySet[Draft]:
    """The user's own drafts, each annotated with ``filled`` (slots with a printable value)."""
    return Draft.objects.filter(owner=user).annotate(
        filled=Count("slot_values", filter=~Q(slot_values__value=""))
    )


def draft_values(draft: Draft) -> dict[str, str]:
    """slot id -> printable value, for filled slots only."""
    return dict(
        SlotValue.objects.filter(draft=draft).exclude(value="").values_list("slot_id", "value")
    )


def draft_slots(draft: Draft) -> dict[str, Slot]:
    """The draft's slots by id, with the writer's "this takes words" choices applied."""
    as_text = set(
        SlotValue.objects.filter(draft=draft, as_text=True).values_list("slot_id", flat=True)
    )
    return {
        slot.id: replace(slot, kind=SlotKind.NAME, unit=None) if slot.id in as_text else slot
        for slot in draft.speech.slots
    }


def draft_raw_values(draft: Draft) -> dict[str, str]:
    """slot id -> what the writer typed, valid or not."""
    return dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "raw"))


def section_progress(sections, values: dict[str, str]) -> list[dict]:
    """Each section with its filled/total counts, for the outline."""
    return [
        {
            "section": section,
            "total": len(section.slot_ids),
            "filled": sum(1 for slot_id in section.slot_ids if values.get(slot_id)),
        }
        for section in sections
    ]


ALL_SECTIONS = "all"


@dataclass(frozen=True)
class Row:
    slot: Slot
    field: object  # the bound form field
    heading: str | None  # section title, when the row starts a section (all-at-once view)
    point: str | None  # the inline point's lead sentence, when the row starts a new point
    notice: str | None = None  # e.g. "已去掉多余的单位“%”"
    group: tuple[str, tuple[str, ...]] | None = None  # ("×区", ids) for linked name slots
    variable: int | None = None  # id of the variable the slot is attached to
    initial_hidden: str = ""  # the value the page was shown with (see SlotField)
    as_text: bool = False  # the writer made this numeric-looking blank take words


@dataclass
class FillPage:
    """Everything the fill page shows: the outline, the current section and its slots."""

    speech: Speech
    sections: list[Section]
    progress: list[dict]
    section: Section | None
    slots: list[Slot]
    raw: dict[str, str]
    values: dict[str, str]
    show_all: bool = False
    next_section: Section | None = None
    next_blank: str | None = None  # id of the first unfilled slot after this section
    filled: int = 0
    total: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)  # slot id -> variable id
    as_text: set[str] = field(default_factory=set)  # slots the writer made take words

    def rows(self, form) -> list[Row]:
        rows = []
        notices = form.notices() if form.is_bound and hasattr(form, "cleaned_data") else {}
        groups = name_groups(self.speech)
        group_by_slot = {i: (key, ids) for key, ids in groups.items() for i in ids}
        last_section = last_point = None
        for slot in self.slots:
            key = str(slot.section_block) if slot.section_block is not None else "0"
            heading = self.titles.get(key) if self.show_all and key != last_section else None
            point = slot.point if slot.point != last_point or heading else None
            rows.append(
                Row(
                    slot=slot,
                    field=form[slot.id],
                    heading=heading,
                    point=point,
                    notice=notices.get(slot.id),
                    group=group_by_slot.get(slot.id),
                    variable=self.links.get(slot.id),
                    initial_hidden=form[slot.id].as_hidden(only_initial=True),
                    as_text=slot.id in self.as_text,
                )
            )
            last_section, last_point = key, slot.point
        return rows


def _section_of(sections: list[Section], slot_id: str | None) -> Section | None:
    return next((s for s in sections if slot_id in s.slot_ids), None)


def fill_page(draft: Draft, *, section_key: str | None, slot_id: str | None = None) -> FillPage:
    speech = draft.speech
    all_sections = speech_sections(speech)
    sections = [s for s in all_sections if s.slot_ids]
    raw = draft_raw_values(draft)
    values = draft_values(draft)
    unfilled = missing_slot_list(speech, values)
    show_all = section_key == ALL_SECTIONS
    if show_all:
        section = Section(ALL_SECTIONS, "全部", 0, speech.slot_ids)
    elif slot_id:
        section = _section_of(sections, slot_id)
    elif section_key:
        section = next((s for s in sections if s.key == section_key), None)
    else:
        # Start where the work is: the first section with an open blank.
        section = _section_of(sections, unfilled[0].id) if unfilled else None
        section = section or (sections[0] if sections else None)
    page = FillPage(
        speech=speech,
        sections=sections,
        progress=section_progress(all_sections, values),
        section=section,
        slots=[],
        raw=raw,
        values=values,
        show_all=show_all,
        filled=len(speech.slots) - len(unfilled),
        total=len(speech.slots),
        titles={s.key: s.title for s in sections},
        links=slot_variables(draft),
    )
    if section is None:
        return page
    ids = set(section.slot_ids)
    slots = draft_slots(draft)
    page.slots = [slots[s.id] for s in speech.slots if s.id in ids]
    page.as_text = {s.id for s in speech.slots if slots[s.id].kind is not s.kind}
    page.raw = {k: v for k, v in raw.items() if k in ids}
    if not show_all:
        index = sections.index(section)
        page.next_section = sections[index + 1] if index + 1 < len(sections) else sections[0]
    last = page.slots[-1].number if page.slots else 0
    later = [s for s in unfilled if s.number > last] or unfilled
    page.next_blank = later[0].id if later else None
    return page


def missing_slot_list(speech: Speech, values: dict[str, str]) -> list[Slot]:
    return [slot for slot in speech.slots if not values.get(slot.id)]


def draft_changes(draft: Draft, since: int) -> list[dict]:
    """Slot values written after revision ``since`` (by this tab or another)."""
    rows = SlotValue.objects.filter(draft=draft, revision__gt=since).values(
        "slot_id", "raw", "value", "revision"
    )
    return [
        {"id": r["slot_id"], "raw": r["raw"], "value": r["value"], "revision": r["revision"]}
        for r in rows
    ]


def slot_variables(draft: Draft) -> dict[str, int]:
    """slot id -> id of the variable it is attached to."""
    return dict(
        SlotValue.objects.filter(draft=draft, variable__isnull=False).values_list(
            "slot_id", "variable_id"
        )
    )
