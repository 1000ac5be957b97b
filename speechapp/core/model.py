"""The parsed speech: frozen dataclasses shared by the parser and every renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# The marks that end a sentence (a run-in heading's first sentence, an inline point's lead).
SENTENCE_END = "。！？；!?;"


class BlockKind(StrEnum):
    TITLE = "title"
    # A speaker, subtitle or date line right under the title ("××同志", "（20XX年X月X日）"),
    # printed centred like the title.
    BYLINE = "byline"
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
    DAY = "day"
    YEAR = "year"
    RATIO = "ratio"
    AGE = "age"  # "平均年龄XX.X岁"
    RATE = "rate"  # "发病率X/10万": per so many people
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
    # headings: the rank of the heading form among the forms the speech uses, 1 to 4: in the
    # seed 1 for 一、, 2 for （一）; with 第一部分 above 一、, 一、 is 2 (see parsing)
    level: int | None = None
    label: str | None = None  # headings: "一、", "（一）"
    points: tuple[Point, ...] = ()


@dataclass(frozen=True, slots=True)
class Slot:
    id: str  # stable: "s001" is the first blank of the template
    number: int  # 1-based position in the template
    block: int  # index of the block holding it
    start: int  # offset in the block text
    end: int
    token: str  # the blank as written: "×", "××", "XX", "X.X", "20XX", "某某"
    kind: SlotKind
    unit: str | None
    before: str  # context inside the sentence, up to ~15 characters
    after: str
    section: str  # "一、肯定成绩、坚定必胜信心 › （一）经济运行在逆境中出谷转正"
    section_block: int | None  # index of the innermost heading above, None before any heading
    point: str | None  # lead sentence of the inline point holding the slot
    family: str = "cross"  # the token family (speechapp.core.tokens): "cross", "x", "decimal"…


@dataclass(frozen=True, slots=True)
class NearMiss:
    """Text that looks like a blank but was left alone ("X光", "3×4", "某些")."""

    block: int
    start: int
    end: int
    text: str
    family: str
    reason: str  # a code of speechapp.core.tokens.Miss: "term", "latin", "multiplication"…


@dataclass(frozen=True, slots=True)
class Speech:
    title: str
    blocks: tuple[Block, ...]
    slots: tuple[Slot, ...] = field(default=())
    token_set: str = ""  # the token set it was parsed with, as stored on a template
    near_misses: tuple[NearMiss, ...] = field(default=())

    @property
    def token_counts(self) -> dict[str, int]:
        """How many blanks of each token family the parser found: {"cross": 176, "x": 2}."""
        counts: dict[str, int] = {}
        for slot in self.slots:
            counts[slot.family] = counts.get(slot.family, 0) + 1
        return counts

    def slots_in_block(self, index: int) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.block == index)

    @property
    def slot_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.slots)

    @property
    def token_summary(self) -> str:
        """The families found, each shown by its first blank as written: "× 176、XX 2"."""
        first: dict[str, str] = {}
        for slot in self.slots:
            first.setdefault(slot.family, slot.token)
        counts = self.token_counts
        return "、".join(f"{token} {counts[family]}" for family, token in first.items())

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
                    "family": s.family,
                }
                for s in self.slots
            ],
            "tokens": {"set": self.token_set, "found": self.token_counts},
            "near_misses": [
                {
                    "block": n.block,
                    "start": n.start,
                    "end": n.end,
                    "text": n.text,
                    "family": n.family,
                    "reason": n.reason,
                }
                for n in self.near_misses
            ],
        }
