"""The parsed speech: frozen dataclasses shared by the parser and every renderer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

# The characters writers use to blank out a figure or a name; a run of them is one blank.
PLACEHOLDERS = "×"
PLACEHOLDER_RUN = re.compile(f"[{PLACEHOLDERS}]+")


class BlockKind(StrEnum):
    TITLE = "title"
    SALUTATION = "salutation"
    HEADING = "heading"
    PARAGRAPH = "paragraph"


class SlotKind(StrEnum):
    PERCENT = "percent"
    POINTS = "points"
    AMOUNT = "amount"
    COUNT = "count"
    MEASURE = "measure"
    RANK = "rank"
    MONTH = "month"
    YEAR = "year"
    RATIO = "ratio"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Point:
    """An inline enumerated point (一是…/二要…) inside a paragraph."""

    marker: str  # "一是"
    lead: str  # the lead sentence, "一是复工复产保障稳运行"
    start: int  # offset of the marker in the block text
    lead_end: int  # offset just past the lead sentence (before its 。)


@dataclass(frozen=True, slots=True)
class Block:
    index: int
    kind: BlockKind
    text: str
    level: int | None = None  # headings: 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）
    label: str | None = None  # headings: "一、", "（一）"
    points: tuple[Point, ...] = ()


@dataclass(frozen=True, slots=True)
class Slot:
    id: str  # stable: "s001" is the first blank of the template
    number: int  # 1-based position in the template
    block: int  # index of the block holding it
    start: int  # offset in the block text
    end: int
    token: str  # the placeholder run, "×" or "××"
    kind: SlotKind
    unit: str | None
    before: str  # context inside the sentence, up to ~15 characters
    after: str
    section: str  # "一、肯定成绩、坚定必胜信心 › （一）经济运行在逆境中出谷转正"
    section_block: int | None  # index of the innermost heading above, None before any heading
    point: str | None  # lead sentence of the inline point holding the slot


@dataclass(frozen=True, slots=True)
class Speech:
    title: str
    blocks: tuple[Block, ...]
    slots: tuple[Slot, ...] = field(default=())

    def slots_in_block(self, index: int) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.block == index)

    @property
    def slot_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.slots)

    def to_dict(self) -> dict:
        """The JSON shape printed by ``parse_speech --json``."""
        return {
            "title": self.title,
            "blocks": [
                {"kind": str(b.kind), "level": b.level, "label": b.label, "text": b.text}
                for b in self.blocks
            ],
            "slots": [
                {
                    "id": s.id,
                    "block": s.block,
                    "start": s.start,
                    "end": s.end,
                    "token": s.token,
                    "kind": str(s.kind),
                    "unit": s.unit,
                    "before": s.before,
                    "after": s.after,
                    "section": s.section,
                    "point": s.point,
                }
                for s in self.slots
            ],
        }
