"""Parse a speech template into blocks and slots.

Every non-empty line of the template becomes one block (so the parse is lossless); every run
of placeholder characters becomes one slot with its context, section, inline point, kind and
unit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .kinds import infer_kind
from .model import PLACEHOLDER_RUN, Block, BlockKind, Point, Slot, Speech

_CN_NUM = "一二三四五六七八九十百零〇两"
_HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_CN_NUM}]+、")),
    (2, re.compile(rf"^[（(][{_CN_NUM}]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
# A heading stands alone on its line; a longer line that starts like one is a paragraph whose
# first sentence is a run-in heading.
_HEADING_MAX_CHARS = 60
_SALUTATION = re.compile(r"^[^。，,；;！？!?]{1,24}[：:]$")
_SENTENCE_END = "。！？；!?;"
_POINT_MARKER = re.compile(rf"(?:(?<=^)|(?<=[。；;！？!?：:]))([{_CN_NUM}]+[是要])")
CONTEXT_CHARS = 15
SECTION_SEPARATOR = " › "


def _classify(text: str, is_first: bool) -> tuple[BlockKind, int | None, str | None]:
    if is_first:
        return BlockKind.TITLE, None, None
    for level, pattern in _HEADING_PATTERNS:
        m = pattern.match(text)
        if m:
            body = text.rstrip(_SENTENCE_END + "。")
            standalone = len(text) <= _HEADING_MAX_CHARS and not any(
                ch in body for ch in "。！？!?"
            )
            kind = BlockKind.HEADING if standalone else BlockKind.PARAGRAPH
            return kind, level, m.group(0)
    if _SALUTATION.match(text):
        return BlockKind.SALUTATION, None, None
    return BlockKind.PARAGRAPH, None, None


def _points(text: str) -> tuple[Point, ...]:
    points = []
    for m in _POINT_MARKER.finditer(text):
        end = m.end()
        while end < len(text) and text[end] not in _SENTENCE_END + "：:":
            end += 1
        points.append(
            Point(marker=m.group(1), lead=text[m.start() : end], start=m.start(), lead_end=end)
        )
    return tuple(points)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in _SENTENCE_END:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _SENTENCE_END:
        right += 1
    return left, right


def heading_title(block: Block) -> str:
    """The words of a heading: the whole line, or the run-in first sentence of a paragraph."""
    if block.kind is BlockKind.HEADING:
        return block.text.rstrip("。；;.")
    for i, ch in enumerate(block.text):
        if ch in _SENTENCE_END:
            return block.text[:i]
    return block.text


def parse_speech(text: str) -> Speech:
    """Parse template text (any line endings) into a :class:`Speech`."""
    return _parse_cached(text)


@lru_cache(maxsize=64)
def _parse_cached(text: str) -> Speech:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    blocks: list[Block] = []
    slots: list[Slot] = []
    # Innermost-first stack of (level, block index, title) of the headings above this line.
    trail: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines):
        kind, level, label = _classify(line, is_first=index == 0)
        points = _points(line) if kind is BlockKind.PARAGRAPH else ()
        block = Block(index=index, kind=kind, text=line, level=level, label=label, points=points)
        blocks.append(block)
        if level is not None:
            trail = [t for t in trail if t[0] < level] + [(level, index, heading_title(block))]
        section = SECTION_SEPARATOR.join(t[2] for t in trail)
        section_block = trail[-1][1] if trail else None
        runs = list(PLACEHOLDER_RUN.finditer(line))
        for i, m in enumerate(runs):
            nxt = (runs[i + 1].start(), runs[i + 1].end()) if i + 1 < len(runs) else None
            slot_kind, unit = infer_kind(line, m.start(), m.end(), nxt)
            left, right = _sentence_bounds(line, m.start(), m.end())
            point = next((p.lead for p in reversed(points) if p.start <= m.start()), None)
            number = len(slots) + 1
            slots.append(
                Slot(
                    id=f"s{number:03d}",
                    number=number,
                    block=index,
                    start=m.start(),
                    end=m.end(),
                    token=m.group(0),
                    kind=slot_kind,
                    unit=unit,
                    before=line[max(left, m.start() - CONTEXT_CHARS) : m.start()],
                    after=line[m.end() : min(right, m.end() + CONTEXT_CHARS)],
                    section=section,
                    section_block=section_block,
                    point=point,
                )
            )
    title = blocks[0].text if blocks else ""
    return Speech(title=title, blocks=tuple(blocks), slots=tuple(slots))
