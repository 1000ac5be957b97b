"""Renderers: functions ``(speech, values, options) -> bytes | str``.

``values`` maps slot id -> the text to print in place of the blank (already normalised).
A renderer refuses a speech with unfilled slots unless ``options.allow_unfilled`` is set, in
which case each missing slot prints as a highlighted "×" (the draft copy).

This module holds what every renderer shares about the speech's content (options, segments);
layout.py decides how it falls into lines, fonts.py which font prints each part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from speechapp.core.model import Block, Speech
from speechapp.core.progress import missing_slots as _open_slots


class PageNumbers(StrEnum):
    OUTSIDE = "outside"  # GB/T 9704: odd pages right, even pages left
    CENTER = "center"  # common for speeches


class Layout(StrEnum):
    """How the speech is set on the page."""

    OFFICIAL = "official"  # GB/T 9704: 3号 on the 22 × 28 grid, the copy that is filed
    # 讲台版, for reading aloud at the lectern: 小二 (18 pt), 1.5× line spacing, values and
    # figures bold, big page numbers, and a page never ends inside a sentence.
    PODIUM = "podium"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    allow_unfilled: bool = False  # the draft copy: missing slots print as a highlighted ×
    review_marks: bool = False  # mark every filled value for a proof-reader
    bold_points: bool = False  # bold the lead sentence of 一是/一要 points
    page_numbers: PageNumbers = PageNumbers.OUTSIDE
    # The writer's own title, printed instead of the title line with its values; None, or the
    # title line as written, prints that line filled (layout.title_segments).
    title: str | None = None
    speaker: str = ""  # speaker line under the title, e.g. "张三"
    date: str = ""  # e.g. "2024年7月15日", printed in brackets
    meeting: str = ""  # e.g. "全区重点任务部署会", printed beside the date
    fonts_dir: str | None = None  # an office's licensed font files, used before stand-ins
    slim_fonts_dir: str | None = None  # slim copies of the stand-ins (slim.py): faster PDFs
    layout: Layout = Layout.OFFICIAL
    page_mark: str = ""  # printed at the top of every page ("草稿", "审校稿"); "" on the final
    # The review copy: blanks whose value was taken from 上期 and not yet confirmed (沿用),
    # each marked for the proof-reader (a sorted tuple: its repr is part of the cache key).
    carried: tuple[str, ...] = ()
    # The review and draft copies: fixed text that still looks like a blank
    # (speechapp.core.leftovers), as sorted (block, start, end), highlighted like an open blank.
    leftovers: tuple[tuple[int, int, int], ...] = ()
    # A 定稿 draft's version ("第2版"), written into the file's properties (DOCX cp:version,
    # PDF keywords); "" for none.
    version: str = ""
    # A line printed on every page of the review copy of a 定稿 draft: its version and the
    # frozen files' SHA-256 (DOCX: the footer; PDF: the top left, the bottom being the page
    # numbers'). "" for none.
    footer_note: str = ""
    # The review copy's Word comments (core.rendering.comments.DocComment), each on a blank or
    # the sentence around it; only the DOCX prints them.
    comments: tuple = ()


# After a carried value on the review copy; Chinese whatever the UI language.
CARRIED_MARK = "〔沿用〕"


@lru_cache(maxsize=8)
def _carried_set(carried: tuple[str, ...]) -> frozenset[str]:
    return frozenset(carried)


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
    bold: bool = False  # lead sentence of an inline point (bold_points); podium: value, figure
    carried: bool = False  # a value taken from 上期 (options.carried), or the mark after it
    leftover: bool = False  # fixed text that still looks like a blank (options.leftovers)


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
    leftovers = [(s, e) for b, s, e in options.leftovers if b == block.index]
    for start, end in leftovers:
        cuts.update((start, end))
    by_start = {slot.start: slot for slot in slots}
    carried = _carried_set(options.carried)
    ordered = sorted(cuts)
    segments: list[Segment] = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        bold = any(s <= start and end <= e for s, e in bold_spans)
        slot = by_start.get(start)
        if slot is not None and end == slot.end:
            value = (values.get(slot.id) or "").strip()
            if value and slot.id in carried:
                segments.append(Segment(value, slot.id, bold=bold, carried=True))
                segments.append(Segment(CARRIED_MARK, bold=bold, carried=True))
            elif value:
                segments.append(Segment(value, slot.id, bold=bold))
            else:
                segments.append(Segment(slot.token, slot.id, missing=True, bold=bold))
        else:
            leftover = any(s <= start and end <= e for s, e in leftovers)
            segments.append(Segment(block.text[start:end], bold=bold, leftover=leftover))
    if options.layout is Layout.PODIUM:
        return bold_figures(segments)
    return segments


# A figure in the text: digits, with a decimal point or a per cent sign ("5.2%", "２０２４");
# a per cent sign right after a value ("×%" filled with 5.2) belongs to it too.
FIGURE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)*[%％‰]?")
_PER_CENT = re.compile(r"^[%％‰]")


def bold_figures(segments: list[Segment]) -> list[Segment]:
    """The podium copy's emphasis: every filled value, and every figure in the text, bold.

    At the lectern the eye finds the numbers and names the speaker must not misread."""
    out: list[Segment] = []
    for segment in segments:
        if segment.slot_id is not None:
            out.append(segment if segment.missing else replace(segment, bold=True))
            continue
        position = 0
        follows_value = bool(out) and out[-1].slot_id is not None and not out[-1].missing
        matches = list(FIGURE.finditer(segment.text))
        if follows_value and (sign := _PER_CENT.match(segment.text)):
            matches.insert(0, sign)
        for match in matches:
            if match.start() > position:
                out.append(replace(segment, text=segment.text[position : match.start()]))
            out.append(replace(segment, text=match.group(), bold=True))
            position = match.end()
        if position < len(segment.text):
            out.append(replace(segment, text=segment.text[position:]))
    return out
