"""Renderers: functions ``(speech, values, options) -> bytes | str``.

``values`` maps slot id -> the text to print in place of the blank (already normalised).
A renderer refuses a speech with unfilled slots unless ``options.allow_unfilled`` is set, in
which case each missing slot prints as a highlighted "×" (the draft copy).

This module holds what every renderer shares about the speech's content (options, segments);
layout.py decides how it falls into lines, fonts.py which font prints each part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..model import Block, Speech
from ..progress import missing_slots as _open_slots


class PageNumbers(StrEnum):
    OUTSIDE = "outside"  # GB/T 9704: odd pages right, even pages left
    CENTER = "center"  # common for speeches


@dataclass(frozen=True, slots=True)
class RenderOptions:
    allow_unfilled: bool = False  # the draft copy: missing slots print as a highlighted ×
    review_marks: bool = False  # mark every filled value for a proof-reader
    bold_points: bool = False  # bold the lead sentence of 一是/一要 points
    page_numbers: PageNumbers = PageNumbers.OUTSIDE
    title: str | None = None  # overrides the template's title line
    speaker: str = ""  # speaker line under the title, e.g. "张三"
    date: str = ""  # e.g. "2024年7月15日", printed in brackets
    meeting: str = ""  # e.g. "全区重点任务部署会", printed beside the date
    fonts_dir: str | None = None  # an office's licensed font files, used before stand-ins
    slim_fonts_dir: str | None = None  # slim copies of the stand-ins (slim.py): faster PDFs


class MissingSlotsError(ValueError):
    """The speech still has blanks and the caller did not ask for a draft copy."""

    def __init__(self, slot_ids: list[str]):
        self.slot_ids = slot_ids
        super().__init__("unfilled slots: " + ", ".join(slot_ids))

    def __reduce__(self):  # raised in a render worker process, re-raised in the server
        return (type(self), (self.slot_ids,))


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    slot_id: str | None = None  # set for a filled value or a missing slot
    missing: bool = False
    bold: bool = False  # lead sentence of an inline point, when options.bold_points


def missing_slots(speech: Speech, values: Mapping[str, str]) -> list[str]:
    return [s.id for s in _open_slots(speech, values)]


def check_complete(speech: Speech, values: Mapping[str, str], options: RenderOptions) -> None:
    if not options.allow_unfilled:
        missing = missing_slots(speech, values)
        if missing:
            raise MissingSlotsError(missing)


def block_segments(
    speech: Speech, block: Block, values: Mapping[str, str], options: RenderOptions
) -> list[Segment]:
    """Split a block's text into plain text, filled values and missing slots, in order."""
    bold_spans = [(p.start, p.lead_end) for p in block.points] if options.bold_points else []
    cuts = {0, len(block.text)}
    for start, end in bold_spans:
        cuts.update((start, end))
    slots = speech.slots_in_block(block.index)
    for slot in slots:
        cuts.update((slot.start, slot.end))
    by_start = {slot.start: slot for slot in slots}
    ordered = sorted(cuts)
    segments: list[Segment] = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        bold = any(s <= start and end <= e for s, e in bold_spans)
        slot = by_start.get(start)
        if slot is not None and end == slot.end:
            value = (values.get(slot.id) or "").strip()
            if value:
                segments.append(Segment(value, slot.id, bold=bold))
            else:
                segments.append(Segment(slot.token, slot.id, missing=True, bold=bold))
        else:
            segments.append(Segment(block.text[start:end], bold=bold))
    return segments
