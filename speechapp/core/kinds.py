"""Infer a slot's kind and unit from the words around it.

The rules read only the text right after (and, for ranks, right before) the blank, so they
work for any template and any blank mark (×, X, X.X, ＊…); the order matters: "×个百分点" is
points, not a count of 个. Spaces between a blank and its unit ("XX 亿元", "XX %") are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from speechapp.core.model import Slot, SlotKind

# Magnitude prefixes that may stand between the blank and its unit: "×万平方米", "×亿元".
_MAG = r"(?:千万|百万|十万|万亿|亿|万|千|百)?"
# "余"/"多" means "more than": "×余人", "×万余人次".
# A unit that starts a longer word is no unit: "×项目" names a project, "×场所" a place.
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
            r"毫米|厘米|微克/立方米|毫克/立方米|μg/m3|kg|千克|公斤|米)"
        ),
    ),
    # "X/10万", "×/万人": a rate per so many people
    (SlotKind.RATE, re.compile(r"/(?:十万|百万|千万|万|千|百|10万|100万|1000|100|10)(?:人口|人)?")),
    (SlotKind.AGE, re.compile(r"(?:周)?岁")),
    (SlotKind.MONTH, re.compile(r"月(?:份|底|初|中旬|上旬|下旬|中|末)?")),
    # "×日" is a day of the month; "×号" only right after a month ("×月×号"), since "×号街坊"
    # names a place. 日元 was taken by the amount rule above.
    (SlotKind.DAY, re.compile(r"日")),
    (SlotKind.YEAR, re.compile(r"年(?!度计划)")),
    (
        SlotKind.COUNT,
        re.compile(
            _MORE
            + _MAG
            + _MORE
            + r"(?:人次|剂次|个|家|项(?!目)|次|人|名|位(?!居|于|列|置)|轮|箱|台|笔|条|所|起|份|"
            r"件|户|座|批|宗|处|套|辆|场(?!所|地)|期(?!间)|届|栋|间|只|头|块|种|类|张|篇|部|支|本|架|艘|列|趟|天|周|小时|分钟|倍)"
        ),
    ),
)

_RANK_BEFORE = re.compile(r"第$")
_RANK_AFTER = re.compile(r"(?:位|名|批|次|届|期|季度)?")
_DAY_AFTER_MONTH = re.compile(r"[号]")
# "×和×个百分点", "×、×、×家": a blank joined to the next one takes that one's kind.
_JOINED_NEXT = re.compile(r"^(?:和|与|及|或|至|到|、|—|–|-|~|～|一)$")
_SPACES = " \u3000\t"


def _unit_text(match_text: str) -> str:
    """The unit without "more than" words: "余人次" -> "人次", "万余人" -> "万人"."""
    return match_text.replace("余", "").replace("多", "") or match_text


def infer_kind(
    text: str, spans: Sequence[tuple[int, int]], index: int
) -> tuple[SlotKind, str | None]:
    """Kind and unit of the blank ``spans[index]`` of ``text``.

    ``spans`` are all the blanks of the text, in order, as the tokens module found them: a
    blank joined to the next by 和/、/至… takes its kind ("分别较一季度提高×和×个百分点"), and
    blanks on both sides of a colon are a ratio ("×：×：×").
    """
    start, end = spans[index]
    # Units and "第" sit within a few characters; bounded slices keep a parse cheap.
    before = text[max(0, start - 8) : start].rstrip(_SPACES)
    after = text[end : end + 24].lstrip(_SPACES)
    prev_end = spans[index - 1][1] if index > 0 else None
    next_start = spans[index + 1][0] if index + 1 < len(spans) else None
    if (next_start is not None and text[end:next_start] in ("：", ":")) or (
        prev_end is not None and text[prev_end:start] in ("：", ":")
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
    if before.endswith("月") and _DAY_AFTER_MONTH.match(after):
        return SlotKind.DAY, "号"
    if next_start is not None and _JOINED_NEXT.match(text[end:next_start].strip(_SPACES)):
        return infer_kind(text, spans, index + 1)
    return SlotKind.NAME, None


NUMERIC_KINDS = frozenset(
    {
        SlotKind.PERCENT,
        SlotKind.POINTS,
        SlotKind.AMOUNT,
        SlotKind.COUNT,
        SlotKind.MEASURE,
        SlotKind.RANK,
        SlotKind.MONTH,
        SlotKind.DAY,
        SlotKind.YEAR,
        SlotKind.RATIO,
        SlotKind.AGE,
        SlotKind.RATE,
    }
)


def day_months(slots: Sequence[Slot]) -> dict[str, str]:
    """Day slot id -> id of the month slot of the same date ("×月×日"), so a value rule can
    check the day against the month (:func:`speechapp.core.values.check_day_in_month`)."""
    pairs: dict[str, str] = {}
    for month, day in zip(slots, slots[1:], strict=False):
        if (
            day.kind is SlotKind.DAY
            and month.kind is SlotKind.MONTH
            and month.block == day.block
            and 0 < day.start - month.end <= 3
            and day.before.rstrip(_SPACES).endswith("月")
        ):
            pairs[day.id] = month.id
    return pairs
