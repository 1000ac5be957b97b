"""The rows of a data-request sheet: one per blank, with the sentence around it shown as 【　】.

The sheet is a Chinese document, like the speech itself: its headers and labels are Chinese
whatever the language of the pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from speechapp.core.kinds import NUMERIC_KINDS
from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.outline import speech_sections

HEADERS = (
    "编号", "章节", "上下文", "单位", "类型", "当前值", "填写值", "责任单位", "备注", "来源/口径",
)  # fmt: skip
REQUIRED_HEADERS = ("编号", "上下文", "填写值")
BLANK_MARK = "【　】"
OPENING = "开头"  # the 章节 of blanks before the first heading
FILL_COLUMN = HEADERS.index("填写值")
NOTE_COLUMN = HEADERS.index("备注")
SOURCE_COLUMN = HEADERS.index("来源/口径")
MARKER_SHEET = "_speechapp"
# A CSV cannot hide a sheet: the marker travels as a last row whose 编号 is this.
CSV_MARKER = "#speechapp"

KIND_LABELS = {
    SlotKind.PERCENT: "百分比",
    SlotKind.POINTS: "百分点",
    SlotKind.AMOUNT: "金额",
    SlotKind.COUNT: "数量",
    SlotKind.MEASURE: "数值",
    SlotKind.RANK: "名次",
    SlotKind.MONTH: "月份",
    SlotKind.DAY: "日",
    SlotKind.YEAR: "年份",
    SlotKind.RATIO: "比例",
    SlotKind.AGE: "岁数",
    SlotKind.RATE: "比率",
    SlotKind.NAME: "文字",
}
_SENTENCE_END = "。！？；!?;\n"


@dataclass(frozen=True, slots=True)
class SheetMarker:
    """Which draft and template a sheet was made for (draft "" when made without a draft)."""

    draft: str
    template: str


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: str  # the blank's id: "s009"
    section: str
    context: str
    unit: str
    kind: str
    current: str
    fill: str
    office: str
    note: str = ""
    source: str = ""  # 来源/口径
    numeric_kind: SlotKind | None = None  # for the data validation of 填写值
    token: str = ""  # the blank as written: "X.X人" takes decimals (values.whole_numbers_only)

    def cells(self) -> tuple[str, ...]:
        return (
            self.number,
            self.section,
            self.context,
            self.unit,
            self.kind,
            self.current,
            self.fill,
            self.office,
            self.note,
            self.source,
        )


@dataclass(frozen=True, slots=True)
class SheetFilter:
    # a section key (speechapp.core.outline); a part takes its subsections
    section: str | None = None
    office: str | None = None
    open_only: bool = False
    figures_only: bool = False


def template_fingerprint(source_text: str, token_set: str) -> str:
    """Names a template's text and blank marks (which fix the blanks' ids)."""
    material = f"{token_set}\n{source_text}".encode()
    return hashlib.sha256(material).hexdigest()[:16]


def blank_context(speech: Speech, slot: Slot) -> str:
    """The sentence holding ``slot``, with the blank shown as 【　】."""
    text = speech.blocks[slot.block].text
    start = max((text.rfind(ch, 0, slot.start) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, slot.end) for ch in _SENTENCE_END) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return (text[start : slot.start] + BLANK_MARK + text[slot.end : end]).strip()


def slot_offices(
    speech: Speech, by_section: Mapping[str, str], by_slot: Mapping[str, str]
) -> dict[str, str]:
    """Each blank's 责任单位: its own, else its section's, else its part's ("" when none)."""
    offices: dict[str, str] = {}
    for section in speech_sections(speech):
        inherited = by_section.get(section.key) or by_section.get(section.parent or "", "")
        for slot_id in section.slot_ids:
            offices[slot_id] = by_slot.get(slot_id) or inherited
    return offices


def sheet_rows(
    speech: Speech,
    printed: Mapping[str, str],
    offices: Mapping[str, str],
    chosen: SheetFilter = SheetFilter(),
    notes: Mapping[str, tuple[str, str]] | None = None,
) -> list[SheetRow]:
    """The rows of a data-request sheet, in the order of the speech; ``notes`` are the stored
    (备注, 来源/口径) of the values."""
    notes = notes or {}
    in_section: set[str] | None = None
    if chosen.section is not None:
        in_section = {
            slot_id
            for section in speech_sections(speech)
            if chosen.section in (section.key, section.parent)
            for slot_id in section.slot_ids
        }
    rows = []
    for slot in speech.slots:
        office = offices.get(slot.id, "")
        current = printed.get(slot.id, "")
        if in_section is not None and slot.id not in in_section:
            continue
        if chosen.office is not None and office != chosen.office:
            continue
        if chosen.open_only and current:
            continue
        numeric = slot.kind in NUMERIC_KINDS
        if chosen.figures_only and not numeric:
            continue
        rows.append(
            SheetRow(
                number=slot.id,
                section=slot.section or OPENING,
                context=blank_context(speech, slot),
                unit=slot.unit or "",
                kind=KIND_LABELS[slot.kind],
                current=current,
                fill="",
                office=office,
                note=notes.get(slot.id, ("", ""))[0],
                source=notes.get(slot.id, ("", ""))[1],
                numeric_kind=slot.kind if numeric else None,
                token=slot.token,
            )
        )
    return rows
