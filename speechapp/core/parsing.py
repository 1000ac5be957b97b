"""Parse a speech template into blocks and slots.

Every non-empty line of the template becomes one block (so the parse is lossless); every blank
the tokens module finds under the template's token set becomes one slot with its context,
section, inline point, kind and unit. Hard-wrapped text is re-joined before parsing, on import
(speechapp.core.wrapping), never here: the stored text is what is parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from speechapp.core.kinds import infer_kind
from speechapp.core.model import (
    SENTENCE_END,
    Block,
    BlockKind,
    NearMiss,
    Point,
    Slot,
    SlotKind,
    Speech,
)
from speechapp.core.overrides import Overrides, apply_overrides, overrides_of
from speechapp.core.structure import byline_count, ordinal_headings
from speechapp.core.tokens import TokenSet, marks_in_use, scan, token_set_of

_CN_NUM = "一二三四五六七八九十百零〇两"
_DIGITS = "0-9０-９"
# Every common heading form, outermost first. A speech's heading levels are the ranks of the
# forms it uses (the seed's 一、 and （一） are levels 1 and 2; a speech numbered only 1. and
# （1） gets 1 and 2), capped at 4, the deepest level the renderers style.
_HEADING_FORMS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^第[{_CN_NUM}]+(?:部分|章)[、，,：:．.\s\u3000]?"),
    re.compile(rf"^[{_CN_NUM}]+[、．]"),
    re.compile(rf"^[（(][{_CN_NUM}]+[）)]"),
    re.compile(rf"^[{_DIGITS}]{{1,2}}[.．、](?![{_DIGITS}])"),
    re.compile(rf"^[（(][{_DIGITS}]{{1,2}}[）)]"),
    re.compile(r"^[\u2460-\u2473]"),  # ① … ⑳
)
MAX_HEADING_LEVEL = 4
# The rank of （一）: "第一，" lines stand in for it in a part that has none (structure.py).
_SECTION_RANK = 2
# A heading stands alone on its line; a longer line that starts like one is a paragraph whose
# first sentence is a run-in heading.
_HEADING_MAX_CHARS = 60
_SALUTATION = re.compile(r"^[^。，,；;！？!?]{1,24}[：:]$")
SENTENCE_END_CHAR = re.compile(f"[{SENTENCE_END}]")
# 一是/二要…, and 首先/其次/再次/最后 at the start of a sentence ("首先，要…").
_POINT_MARKER = re.compile(
    rf"(?:(?<=^)|(?<=[。；;！？!?：:]))([{_CN_NUM}]+[是要]|(?:首先|其次|再次|最后)(?=[，,]))"
)
CONTEXT_CHARS = 15
SECTION_SEPARATOR = " › "


def heading_label(line: str) -> str | None:
    """The numbering a line starts with when it starts like a heading ("一、", "（1）", "①")."""
    for pattern in _HEADING_FORMS:
        m = pattern.match(line)
        if m:
            return m.group(0).rstrip(" \u3000")
    return None


def is_salutation(line: str) -> bool:
    """ "同志们：": a short line ending in a colon."""
    return _SALUTATION.match(line) is not None


def _classify(text: str, is_first: bool) -> tuple[BlockKind, int | None, str | None]:
    """Kind, heading form rank (0 for 第一部分 … 5 for ①) and label of one line."""
    if is_first:
        return BlockKind.TITLE, None, None
    for rank, pattern in enumerate(_HEADING_FORMS):
        m = pattern.match(text)
        if m:
            body = text.rstrip(SENTENCE_END + "。")
            standalone = len(text) <= _HEADING_MAX_CHARS and not any(
                ch in body for ch in "。！？!?"
            )
            kind = BlockKind.HEADING if standalone else BlockKind.PARAGRAPH
            return kind, rank, m.group(0).rstrip(" \u3000")
    if _SALUTATION.match(text):
        return BlockKind.SALUTATION, None, None
    return BlockKind.PARAGRAPH, None, None


def _classify_lines(lines: list[str]) -> list[tuple[BlockKind, int | None, str | None]]:
    """Kind, heading level and label of every line.

    Levels are the ranks of the heading forms the speech uses. An ordinal heading ("第一，",
    speechapp.core.structure) is one level below the part that holds it, where （一） would
    be; the bylines are the plain lines right under the title."""
    classified = [_classify(line, is_first=index == 0) for index, line in enumerate(lines)]
    ranks = [rank for _, rank, _ in classified]
    used = sorted({rank for rank in ranks if rank is not None})
    level_of = {rank: min(i + 1, MAX_HEADING_LEVEL) for i, rank in enumerate(used)}
    out = [
        (kind, None if rank is None else level_of[rank], label) for kind, rank, label in classified
    ]
    for index, (label, alone, part) in ordinal_headings(lines, ranks, _SECTION_RANK).items():
        kind = BlockKind.HEADING if alone else BlockKind.PARAGRAPH
        out[index] = (kind, min((out[part][1] or 0) + 1, MAX_HEADING_LEVEL), label)
    plain = [kind is BlockKind.PARAGRAPH and level is None for kind, level, _ in out]
    for index in range(1, 1 + byline_count(lines, plain)):
        out[index] = (BlockKind.BYLINE, None, None)
    return out


def _points(text: str) -> tuple[Point, ...]:
    points = []
    for m in _POINT_MARKER.finditer(text):
        end = m.end()
        while end < len(text) and text[end] not in SENTENCE_END + "：:":
            end += 1
        points.append(
            Point(marker=m.group(1), lead=text[m.start() : end], start=m.start(), lead_end=end)
        )
    return tuple(points)


def _sentence_bounds(ends: list[int], length: int, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start:end``, given the offsets of the line's sentence ends."""
    i = bisect_left(ends, start)
    left = ends[i - 1] + 1 if i > 0 else 0
    j = bisect_left(ends, end)
    return left, ends[j] if j < len(ends) else length


def heading_title(block: Block) -> str:
    """The words of a heading: the whole line, or the run-in first sentence of a paragraph."""
    if block.kind is BlockKind.HEADING:
        return block.text.rstrip("。；;.")
    for i, ch in enumerate(block.text):
        if ch in SENTENCE_END:
            return block.text[:i]
    return block.text


def parse_speech(
    text: str, tokens: TokenSet | str | None = None, overrides: Overrides | list | None = None
) -> Speech:
    """Parse template text (any line endings) into a :class:`Speech`.

    ``tokens`` is the template's token set (a :class:`TokenSet` or its stored text); None
    means every family (:data:`speechapp.core.tokens.DEFAULT_TOKENS`). ``overrides`` are the
    writer's corrections (speechapp.core.overrides), as stored or parsed.
    """
    return _parse_cached(text, token_set_of(tokens), overrides_of(overrides))


@lru_cache(maxsize=64)
def _parse_cached(
    text: str, tokens: TokenSet | None = None, overrides: Overrides | None = None
) -> Speech:
    token_set = token_set_of(tokens)
    overrides = overrides_of(overrides)
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    classified = _classify_lines(lines)
    blocks: list[Block] = []
    slots: list[Slot] = []
    misses: list[NearMiss] = []
    # Innermost-first stack of (level, block index, title) of the headings above this line.
    trail: list[tuple[int, int, str]] = []
    used = marks_in_use(lines, token_set)
    for index, line in enumerate(lines):
        kind, level, label = classified[index]
        points = _points(line) if kind is BlockKind.PARAGRAPH else ()
        block = Block(index=index, kind=kind, text=line, level=level, label=label, points=points)
        blocks.append(block)
        if level is not None:
            trail = [t for t in trail if t[0] < level] + [(level, index, heading_title(block))]
        section = SECTION_SEPARATOR.join(t[2] for t in trail)
        section_block = trail[-1][1] if trail else None
        found, missed = apply_overrides(index, line, *scan(line, token_set, used), overrides)
        misses += (NearMiss(index, m.start, m.end, m.text, m.family, m.reason) for m in missed)
        spans = [(t.start, t.end) for t in found]
        ends = [m.start() for m in SENTENCE_END_CHAR.finditer(line)] if found else []
        for i, token in enumerate(found):
            slot_kind, unit = infer_kind(line, spans, i)
            if token.role:  # a field of a date written 20XX/X/XX
                slot_kind, unit = SlotKind(token.role), None
            if (chosen := overrides.kind_at(index, token.start, token.end)) is not None:
                slot_kind, unit = chosen, (None if chosen is SlotKind.NAME else unit)
            left, right = _sentence_bounds(ends, len(line), token.start, token.end)
            point = next((p.lead for p in reversed(points) if p.start <= token.start), None)
            number = len(slots) + 1
            slots.append(
                Slot(
                    id=f"s{number:03d}",
                    number=number,
                    block=index,
                    start=token.start,
                    end=token.end,
                    token=token.text,
                    kind=slot_kind,
                    unit=unit,
                    before=line[max(left, token.start - CONTEXT_CHARS) : token.start],
                    after=line[token.end : min(right, token.end + CONTEXT_CHARS)],
                    section=section,
                    section_block=section_block,
                    point=point,
                    family=token.family,
                )
            )
    title = blocks[0].text if blocks else ""
    return Speech(
        title=title,
        blocks=tuple(blocks),
        slots=tuple(slots),
        token_set=token_set.spec,
        near_misses=tuple(misses),
    )
