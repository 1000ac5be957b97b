"""Group a speech's slots into the sections a writer fills one at a time."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Speech
from .parsing import heading_title


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
        sections.append(Section("0", "开头", 0, tuple(opening)))
    part: str | None = None
    for block in speech.blocks:
        if block.level is None:
            continue
        key = str(block.index)
        if block.level == 1:
            part = key
        sections.append(
            Section(
                key=key,
                title=heading_title(block),
                level=block.level,
                slot_ids=tuple(slots_by_section.get(block.index, [])),
                parent=None if block.level == 1 else part,
            )
        )
    return sections
