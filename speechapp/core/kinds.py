"""Infer a slot's kind and unit from the words around it.

The rules read only the text right after (and, for ranks, right before) the blank, so they
work for any template; the order matters: "×个百分点" is points, not a count of 个.
"""

from __future__ import annotations

import re

from .model import PLACEHOLDER_RUN, PLACEHOLDERS, SlotKind

# Magnitude prefixes that may stand between the blank and its unit: "×万平方米", "×亿元".
_MAG = r"(?:千万|百万|十万|万亿|亿|万|千|百)?"
# "余"/"多" means "more than": "×余人", "×万余人次".
_MORE = r"(?:余|多)?"

_UNIT_RULES: tuple[tuple[SlotKind, re.Pattern[str]], ...] = (
    (SlotKind.POINTS, re.compile(r"(?:个)?百分点")),
    (SlotKind.PERCENT, re.compile(r"[%％‰]")),
    (SlotKind.AMOUNT, re.compile(_MORE + _MAG + _MORE + r"(?:美元|欧元|港元|日元|元)")),
    (
        SlotKind.MEASURE,
        re.compile(
            _MORE
            + _MAG
            + _MORE
            + r"(?:平方公里|平方米|平米|立方米|公里|千米|km|KM|公顷|亩|吨|千瓦时|千瓦|兆瓦|"
            r"微克/立方米|毫克/立方米|μg/m3|kg|千克|公斤|米)"
        ),
    ),
    (SlotKind.MONTH, re.compile(r"月(?:份|底|初|中旬|上旬|下旬|中|末)?")),
    (SlotKind.YEAR, re.compile(r"年(?!度计划)")),
    (
        SlotKind.COUNT,
        re.compile(
            _MORE
            + _MAG
            + _MORE
            + r"(?:人次|个|家|项|次|人|名|箱|台|笔|条|所|起|份|件|户|座|批|宗|处|套|辆|场|期|届|"
            r"栋|间|只|头|块|种|类|张|篇|部|支|本|架|艘|列|趟|天|周|小时|分钟|倍)"
        ),
    ),
)

_RANK_BEFORE = re.compile(r"第$")
_RANK_AFTER = re.compile(r"(?:位|名|批|次|届|期|季度)?")
_RATIO_NEXT = re.compile(r"^[：:]")
_RATIO_PREV = re.compile(r"[：:]$")
# "×和×个百分点", "×、×、×家": a blank joined to the next one takes that one's kind.
_JOINED_NEXT = re.compile(r"^(?:和|与|及|或|至|到|、|—|–|-|~|～|一)$")


def _unit_text(match_text: str) -> str:
    """The unit without "more than" words: "余人次" -> "人次", "万余人" -> "万人"."""
    return match_text.replace("余", "").replace("多", "") or match_text


def infer_kind(
    text: str, start: int, end: int, next_slot: tuple[int, int] | None = None
) -> tuple[SlotKind, str | None]:
    """Kind and unit of the blank ``text[start:end]``.

    ``next_slot`` is the span of the following blank in the same text, if any; a blank joined
    to it by 和/、/至… takes its kind ("分别较一季度提高×和×个百分点").
    """
    before = text[:start]
    after = text[end:]
    if (_RATIO_NEXT.match(after) and after[1:2] in PLACEHOLDERS) or (
        _RATIO_PREV.search(before) and before[-2:-1] in PLACEHOLDERS
    ):
        return SlotKind.RATIO, None
    if _RANK_BEFORE.search(before):
        return SlotKind.RANK, _RANK_AFTER.match(after).group(0) or None
    for kind, pattern in _UNIT_RULES:
        m = pattern.match(after)
        if m:
            unit = "%" if kind is SlotKind.PERCENT else _unit_text(m.group(0))
            if kind is SlotKind.MONTH:
                unit = "月"
            return kind, unit
    if next_slot is not None and _JOINED_NEXT.match(text[end : next_slot[0]]):
        following = _next_span(text, next_slot[1])
        return infer_kind(text, next_slot[0], next_slot[1], following)
    return SlotKind.NAME, None


def _next_span(text: str, pos: int) -> tuple[int, int] | None:
    m = PLACEHOLDER_RUN.search(text, pos)
    return (m.start(), m.end()) if m else None


NUMERIC_KINDS = frozenset(
    {
        SlotKind.PERCENT,
        SlotKind.POINTS,
        SlotKind.AMOUNT,
        SlotKind.COUNT,
        SlotKind.MEASURE,
        SlotKind.RANK,
        SlotKind.MONTH,
        SlotKind.YEAR,
        SlotKind.RATIO,
    }
)
