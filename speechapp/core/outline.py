"""Group a speech's slots into the sections a writer fills one at a time."""

from __future__ import annotations

from dataclasses import dataclass

from speechapp.core.model import Speech
from speechapp.core.parsing import heading_title

# A section holding more blanks than this is filled in pages of this many (a template
# without headings is one section): a page's form and preview stay small whatever the size.
SECTION_PAGE_BLANKS = 100


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # "0" for the opening (before any heading), else the heading's block index
    title: str
    level: int  # 0 for the opening, else the heading level
    slot_ids: tuple[str, ...]
    parent: str | None = None  # key of the enclosing level-1 part


def speech_sections(speech: Speech) -> list[Section]:
    """Sections in order: the opening, then every heading, each with the slots it holds.

    Headings without slots are kept (they structure the outline); the opening is kept only
    when it has slots.
    """
    slots_by_section: dict[int | None, list[str]] = {}
    for slot in speech.slots:
        slots_by_section.setdefault(slot.section_block, []).append(slot.id)
    sections: list[Section] = []
    opening = slots_by_section.get(None, [])
    if opening:
        sections += _paged(Section("0", "开头", 0, tuple(opening)))
    part: str | None = None
    for block in speech.blocks:
        if block.level is None:
            continue
        key = str(block.index)
        if block.level == 1:
            part = key
        sections += _paged(
            Section(
                key=key,
                title=heading_title(block),
                level=block.level,
                slot_ids=tuple(slots_by_section.get(block.index, [])),
                parent=None if block.level == 1 else part,
            )
        )
    return sections


def _paged(section: Section) -> list[Section]:
    """The section, or its pages of SECTION_PAGE_BLANKS blanks: "（一）…（2/3）", key "5~2"."""
    ids = section.slot_ids
    if len(ids) <= SECTION_PAGE_BLANKS:
        return [section]
    chunks = [ids[i : i + SECTION_PAGE_BLANKS] for i in range(0, len(ids), SECTION_PAGE_BLANKS)]
    return [
        Section(
            key=section.key if n == 1 else f"{section.key}~{n}",
            title=f"{section.title}（{n}/{len(chunks)}）",
            level=section.level,
            slot_ids=chunk,
            parent=section.parent,
        )
        for n, chunk in enumerate(chunks, start=1)
    ]
