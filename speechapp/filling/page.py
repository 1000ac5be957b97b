"""The fill page's view model: the outline with its counts, the section shown, its rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from speechapp.core.earlier import Earlier, may_take
from speechapp.core.linking import NameGroup, groups_by_slot
from speechapp.core.model import Slot, Speech
from speechapp.core.outline import SECTION_PAGE_BLANKS, Section, speech_sections
from speechapp.core.progress import Count, missing_slots, progress
from speechapp.drafts.models import Draft
from speechapp.filling.earlier import EarlierState, draft_earlier
from speechapp.filling.stored import StoredValues, stored_values
from speechapp.filling.value_rules import Checked, check_values
from speechapp.review.comments import comments_by_slot

ALL_SECTIONS = "all"


@dataclass(frozen=True)
class OutlineItem:
    section: Section
    count: Count

    @property
    def filled(self) -> int:
        return self.count.filled

    @property
    def total(self) -> int:
        return self.count.total

    @property
    def title(self) -> str:
        return section_title(self.section)


def outline(sections: list[Section], values: dict[str, str]) -> list[OutlineItem]:
    """Each section with its filled/total counts."""
    return [OutlineItem(section, progress(section.slot_ids, values)) for section in sections]


def section_title(section: Section) -> str:
    """The title shown for a section; the opening has no heading of its own."""
    return _("开头") if section.level == 0 else section.title


@dataclass(frozen=True)
class Row:
    slot: Slot  # as the writer set it (words or a number)
    field: object  # the bound form field
    heading: str | None  # section title, when the row starts a section (all-at-once view)
    point: str | None  # the inline point's lead sentence, when the row starts a new point
    notice: str | None = None  # e.g. "已去掉多余的单位“%”"
    group: NameGroup | None = None  # the name slots likely to take the same value
    variable: int | None = None  # id of the variable the slot is attached to
    initial_hidden: str = ""  # the value the page was shown with (see SlotField)
    as_text: bool = False  # the writer made this numeric-looking blank take words
    heading_key: str | None = None  # the section's key: the heading's anchor (sec-<key>)
    heading_level: int = 0  # the section's level (0 the opening, 1 a part 一、, 2 （一）…)
    part: str | None = None  # the part (一、…) above the section, when the row starts a new part
    part_key: str | None = None
    earlier: Earlier | None = None  # what the blank printed in 上期
    can_take: bool = False  # 沿用 offered: same sentence, and the value differs from today's
    carried: bool = False  # the value was taken from 上期 and is not yet confirmed
    note: str = ""  # 备注 kept with the value (an office's, a sheet's, the API's)
    source: str = ""  # 来源/口径 kept with the value
    comments: tuple = ()  # the threads on this blank or its sentence (review.comments)


@dataclass
class FillPage:
    """Everything the fill page shows: the outline, the current section and its slots."""

    speech: Speech
    sections: list[Section]
    outline: list[OutlineItem]
    section: Section | None
    stored: StoredValues
    slots: list[Slot] = field(default_factory=list)  # the rows shown, as the writer set them
    checks: dict[str, Checked] = field(default_factory=dict)  # of what the rows hold
    show_all: bool = False
    next_section: Section | None = None
    next_blank: str | None = None  # id of the first unfilled slot after this section
    count: Count = Count(0, 0)  # blanks filled of all
    earlier: EarlierState | None = None  # 上期, when the draft is based on an earlier one
    comments: dict = field(default_factory=dict)  # slot id -> its comment threads

    @property
    def open_comments(self) -> int:
        return sum(1 for threads in self.comments.values() for c in threads if not c.resolved_at)

    @property
    def all_allowed(self) -> bool:
        """The outline offers "all sections on one page" (see all_sections_allowed)."""
        return all_sections_allowed(self.speech)

    @property
    def raw(self) -> dict[str, str]:
        """What the rows shown hold, as typed."""
        return {s.id: self.stored.raw[s.id] for s in self.slots if s.id in self.stored.raw}

    @property
    def values(self) -> dict[str, str]:
        return dict(self.stored.printed)

    @property
    def title(self) -> str:
        return section_title(self.section) if self.section else ""

    def rows(self, form) -> list[Row]:
        rows = []
        by_key = {item.section.key: item.section for item in self.outline}
        groups = groups_by_slot(self.speech)
        last_section = last_point = last_part = None
        for slot in self.slots:
            key = str(slot.section_block) if slot.section_block is not None else "0"
            section = by_key.get(key)
            heading = part = part_key = None
            if self.show_all and key != last_section and section is not None:
                heading = section_title(section)
                # All sections at once keep the parts: "一、" above its "（一）" lists.
                owner = section.key if section.level == 1 else section.parent
                if owner and owner != last_part and owner != key:
                    part, part_key = section_title(by_key[owner]), owner
                last_part = owner or last_part
            point = slot.point if slot.point != last_point or heading else None
            bound = form[slot.id]
            check = self.checks.get(slot.id)
            earlier = self.earlier.values.get(slot.id) if self.earlier else None
            rows.append(
                Row(
                    slot=slot,
                    field=bound,
                    heading=heading,
                    point=point,
                    notice=check.notice if check else None,
                    group=groups.get(slot.id),
                    variable=self.stored.links.get(slot.id),
                    initial_hidden=bound.as_hidden(only_initial=True),
                    as_text=slot.id in self.stored.as_text,
                    heading_key=key if heading else None,
                    heading_level=section.level if heading and section else 0,
                    part=part,
                    part_key=part_key,
                    earlier=earlier,
                    can_take=offers_take(earlier, self.stored.printed.get(slot.id)),
                    carried=slot.id in self.stored.carried,
                    note=self.stored.notes.get(slot.id, ("", ""))[0],
                    source=self.stored.notes.get(slot.id, ("", ""))[1],
                    comments=tuple(self.comments.get(slot.id, ())),
                )
            )
            last_section, last_point = key, slot.point
        return rows


def offers_take(earlier: Earlier | None, printed: str | None) -> bool:
    """Whether a blank shows 采用上期: it may take its earlier value (core.earlier.may_take)
    and does not already print it."""
    return earlier is not None and may_take(earlier) and earlier.value != printed


def earlier_cell(draft: Draft, slot_id: str, stored: StoredValues) -> dict:
    """What an autosave's answer shows anew beside the blank (_slot_earlier.html): its 上期
    and 沿用 mark after the save (a changed figure is no longer 沿用)."""
    state = draft_earlier(draft, stored) if draft.earlier else None
    earlier = state.values.get(slot_id) if state else None
    return {
        "earlier": earlier,
        "can_take": offers_take(earlier, stored.printed.get(slot_id)),
        "carried": slot_id in stored.carried,
    }


def all_sections_allowed(speech: Speech) -> bool:
    """Whether the whole speech may be filled on one page: not past one section page's size
    times three (the seed's 178 blanks fit; a 2,000-blank template is filled section by
    section, its large sections page by page)."""
    return len(speech.slots) <= 3 * SECTION_PAGE_BLANKS


def _section_of(sections: list[Section], slot_id: str | None) -> Section | None:
    return next((s for s in sections if slot_id in s.slot_ids), None)


def fill_page(draft: Draft, *, section_key: str | None, slot_id: str | None = None) -> FillPage:
    """The page for ``section_key`` (or the section holding ``slot_id``, or where work is)."""
    speech = draft.speech
    stored = stored_values(draft)
    all_sections = speech_sections(speech)
    sections = [s for s in all_sections if s.slot_ids]
    unfilled = missing_slots(speech, stored.printed)
    # All sections on one page only while that page stays small (see SECTION_PAGE_BLANKS).
    show_all = section_key == ALL_SECTIONS and all_sections_allowed(speech)
    if section_key == ALL_SECTIONS and not show_all:
        section_key = None
    if show_all:
        section = Section(ALL_SECTIONS, _("全部"), 0, speech.slot_ids)
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
        outline=outline(all_sections, stored.printed),
        section=section,
        stored=stored,
        show_all=show_all,
        count=progress(speech.slot_ids, stored.printed),
        earlier=draft_earlier(draft, stored),
        comments=comments_by_slot(draft),
    )
    if section is None:
        return page
    ids = set(section.slot_ids)
    page.slots = [stored.slot(s) for s in speech.slots if s.id in ids]
    page.checks = check_values(
        stored.slots(speech),
        {s.id: stored.raw[s.id] for s in page.slots if stored.raw.get(s.id)},
        stored.printed,
    )
    if not show_all:
        index = sections.index(section)
        page.next_section = sections[index + 1] if index + 1 < len(sections) else sections[0]
    last = page.slots[-1].number if page.slots else 0
    later = [s for s in unfilled if s.number > last] or unfilled
    page.next_blank = later[0].id if later else None
    return page


def slot_row(page: FillPage, form, slot_id: str) -> Row:
    """One blank's row alone (swapped in after 沿用 or 确认): no heading above it."""
    row = next(r for r in page.rows(form) if r.slot.id == slot_id)
    return replace(row, heading=None, point=None, part=None, part_key=None, heading_key=None)
