"""Figure checks: printed values that are allowed but look wrong, as warnings that never block.

Pure: each rule reads the parsed slots and the printed values and returns
:class:`FigureWarning`s, naming the blanks involved (one or two) by id. The web layer words
them and links each blank.

- ``month_order``: a month range whose start is after its end ("×一×月份" filled 6 and 3).
- ``share_over_100``: a share (占比, 比重, 占…, a rate) above 100 %.
- ``ratio_sum``: the parts of a structure ratio ("三次产业比例为×：×：×") not adding up to 100.
- ``growth_large``: a growth rate beyond ±50 %.
- ``same_figure``: the same figure in two neighbouring blanks of one sentence.
- ``count_not_whole``: a count of things that is not whole ("×万人" filled 1.23456: 12345.6
  people); ``count_too_large``: one beyond any real count (99999999999999999999).
- ``year_far``: a year more than five years from the draft's.

Against 上期 (the earlier draft's values, for blanks whose sentence is unchanged, so the unit
is the same):

- ``growth_mismatch``: an amount followed by its growth rate ("实现×亿元，同比增长×%")
  that do not agree with 上期's amount: the computed rate, rounded as the stated one is
  written, is 0.1 point or more away (117 → 123 亿元 is 5.1%, not 5.2%).
- ``amount_jump``: an amount more than twice, or less than half, 上期's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from speechapp.core.earlier import Earlier
from speechapp.core.model import Slot, SlotKind
from speechapp.core.tokens import is_decimal_token
from speechapp.core.values import GROWTH_BEFORE

GROWTH_LIMIT = Decimal(50)  # percent, either way
RATIO_TOTAL = Decimal(100)
RATIO_TOLERANCE = Decimal("0.1")  # rounded parts may add up to 99.9 or 100.1
GROWTH_TOLERANCE = Decimal("0.1")  # points between the stated and the computed growth rate
AMOUNT_JUMP = Decimal(2)  # an amount more than twice (or under half) 上期's
YEAR_SPAN = 5  # years either side of the draft's
COUNT_MAX = Decimal(10) ** 10  # more than any count a speech gives (people, firms, projects)
# A count's unit that multiplies it: "×万人" filled 1.2 is 12000 people.
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
# What may stand between an amount's unit and its growth rate: "，同比增长", "，比上年同期下降".
_GROWTH_AFTER_AMOUNT = re.compile(
    r"[，,]?(?:同比|环比|(?:比|较)(?:上年|去年)(?:同期)?)?"
    r"(?:增长|提高|增加|上升|提升|(?P<fall>下降|减少|降低))"
)
# Between two blanks of a range: "×一×月份", "×至×月", "×—×月".
_RANGE_JOINERS = frozenset({"一", "至", "到", "-", "—", "–", "~", "～"})
# A share right before the blank: "占比", "比重达到", "占年度计划", "办结率". Not a growth rate.
_SHARE_BEFORE = re.compile(
    r"(?:占比|比重|占[^，。；、：]{0,6}|(?<!增长)(?<!增)率(?:保持在|稳定在|提高到|提升至|提高至)?)"
    r"(?:达到|超过|达|为)?$"
)
_SENTENCE_END = re.compile(r"[。；！？!?;]")
# Kinds whose same value twice in a row is more likely a slip than a fact (not dates, names).
_FIGURE_KINDS = frozenset(
    {SlotKind.PERCENT, SlotKind.POINTS, SlotKind.AMOUNT, SlotKind.COUNT, SlotKind.MEASURE}
)


@dataclass(frozen=True, slots=True)
class Period:
    """What the figures are checked against besides each other."""

    earlier: Mapping[str, Earlier] = field(default_factory=dict)  # 上期, by this draft's slot id
    year: int | None = None  # the draft's year (its speech date's)


@dataclass(frozen=True, slots=True)
class FigureWarning:
    code: str
    slot_ids: tuple[str, ...]  # the blanks it is about, in template order
    params: dict[str, str] = field(default_factory=dict)


def _number(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _neighbours(slots: Sequence[Slot]):
    """Pairs of blanks next to each other in the same paragraph."""
    return [(a, b) for a, b in zip(slots, slots[1:], strict=False) if a.block == b.block]


def _between(text_of: Mapping[int, str], a: Slot, b: Slot) -> str:
    return text_of[a.block][a.end : b.start]


def month_order(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for a, b in _neighbours(slots):
        if a.kind is not SlotKind.MONTH or b.kind is not SlotKind.MONTH:
            continue
        if _between(text_of, a, b).strip() not in _RANGE_JOINERS:
            continue
        start, end = _number(values.get(a.id)), _number(values.get(b.id))
        if start is not None and end is not None and start > end:
            found.append(
                FigureWarning("month_order", (a.id, b.id), {"start": str(start), "end": str(end)})
            )
    return found


def share_over_100(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for slot in slots:
        value = _number(values.get(slot.id))
        if slot.kind is not SlotKind.PERCENT or value is None or value <= 100:
            continue
        if _SHARE_BEFORE.search(slot.before.rstrip()) and not GROWTH_BEFORE.search(slot.before):
            found.append(FigureWarning("share_over_100", (slot.id,), {"value": values[slot.id]}))
    return found


def ratio_sum(slots, values, text_of, period) -> list[FigureWarning]:
    """A chain of ratio blanks ("×：×：×") of three parts or more, or after 结构/比例/比重,
    is a split of 100: its parts should add up to 100."""
    chains: list[list[Slot]] = []
    for a, b in _neighbours(slots):
        if (
            a.kind is SlotKind.RATIO
            and b.kind is SlotKind.RATIO
            and _between(text_of, a, b) in "：:"
        ):
            if chains and chains[-1][-1] is a:
                chains[-1].append(b)
            else:
                chains.append([a, b])
    found = []
    for chain in chains:
        if len(chain) < 3 and not re.search(r"结构|比例|比重", chain[0].before):
            continue
        parts = [_number(values.get(s.id)) for s in chain]
        if any(p is None for p in parts):
            continue
        total = sum(parts, Decimal(0))
        if abs(total - RATIO_TOTAL) > RATIO_TOLERANCE:
            ids = tuple(s.id for s in chain)
            found.append(FigureWarning("ratio_sum", ids, {"total": f"{total.normalize():f}"}))
    return found


def growth_large(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for slot in slots:
        value = _number(values.get(slot.id))
        if slot.kind is not SlotKind.PERCENT or value is None or abs(value) <= GROWTH_LIMIT:
            continue
        if GROWTH_BEFORE.search(slot.before.rstrip()):
            found.append(FigureWarning("growth_large", (slot.id,), {"value": values[slot.id]}))
    return found


def same_figure(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for a, b in _neighbours(slots):
        if a.kind not in _FIGURE_KINDS or b.kind not in _FIGURE_KINDS:
            continue
        value = values.get(a.id)
        if not value or value != values.get(b.id):
            continue
        if _SENTENCE_END.search(_between(text_of, a, b)):
            continue  # another sentence
        found.append(FigureWarning("same_figure", (a.id, b.id), {"value": value}))
    return found


def _earlier_number(period: Period, slot_id: str) -> Decimal | None:
    """上期's figure for a blank whose sentence (and so its unit) is unchanged."""
    earlier = period.earlier.get(slot_id)
    if earlier is None or not earlier.same_sentence or earlier.as_text:
        return None
    return _number(earlier.value)


def _rate_of(slots: Sequence[Slot], i: int, values, text_of) -> tuple[Slot, Decimal] | None:
    """The growth rate stated for the amount ``slots[i]`` in the blank right after it, with
    only the amount's unit and the growth words between: "实现×亿元，同比增长×%" (not
    "货值约×万美元，运量同比增长×%", another figure's growth). A fall states minus its value."""
    if i + 1 >= len(slots):
        return None
    amount, rate = slots[i], slots[i + 1]
    if rate.block != amount.block or rate.kind is not SlotKind.PERCENT:
        return None
    between = _between(text_of, amount, rate).removeprefix("余").removeprefix(amount.unit or "")
    match = _GROWTH_AFTER_AMOUNT.fullmatch(between.strip())
    value = _number(values.get(rate.id))
    if match is None or value is None:
        return None
    return rate, -value if match.group("fall") else value


def _rounded(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def growth_mismatch(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for i, slot in enumerate(slots):
        then, now = _earlier_number(period, slot.id), _number(values.get(slot.id))
        if slot.kind is not SlotKind.AMOUNT or not then or now is None:
            continue
        rate = _rate_of(slots, i, values, text_of)
        if rate is None:
            continue
        rate_slot, stated = rate
        places = max(-int(stated.as_tuple().exponent), 0)
        computed = (now - then) / then * 100
        if abs(_rounded(computed, places) - stated) < GROWTH_TOLERANCE:
            continue  # as the stated rate is written (5 for 5.4; 5.2 for 5.24), they agree
        computed = _rounded(computed, max(places, 1))
        params = {
            "then": _plain(then),
            "now": _plain(now),
            "computed": f"{computed:f}",
            "stated": _plain(stated),
        }
        found.append(FigureWarning("growth_mismatch", (slot.id, rate_slot.id), params))
    return found


def amount_jump(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for slot in slots:
        then, now = _earlier_number(period, slot.id), _number(values.get(slot.id))
        if slot.kind is not SlotKind.AMOUNT or not then or now is None:
            continue
        if now > then * AMOUNT_JUMP or now * AMOUNT_JUMP < then:
            params = {"then": _plain(then), "now": _plain(now)}
            found.append(FigureWarning("amount_jump", (slot.id,), params))
    return found


def _multiplier(unit: str | None) -> int:
    """What a count's unit multiplies it by: "万人" 10000, "亿人次" 10^8, "家" 1."""
    factor = 1
    for ch in unit or "":
        if ch not in _MULTIPLIERS:
            break
        factor *= _MULTIPLIERS[ch]
    return factor


def count_not_whole(slots, values, text_of, period) -> list[FigureWarning]:
    """A count of things that is not whole, or beyond any real count. A blank written with a
    decimal point ("X.X人") is a mean, not a count."""
    found = []
    for slot in slots:
        value = _number(values.get(slot.id))
        if slot.kind is not SlotKind.COUNT or value is None or is_decimal_token(slot.token):
            continue
        things = value * _multiplier(slot.unit)
        if abs(things) > COUNT_MAX:
            found.append(FigureWarning("count_too_large", (slot.id,), {"value": values[slot.id]}))
        elif things != things.to_integral_value():
            params = {"value": values[slot.id], "unit": slot.unit or "", "things": _plain(things)}
            found.append(FigureWarning("count_not_whole", (slot.id,), params))
    return found


def year_far(slots, values, text_of, period) -> list[FigureWarning]:
    found = []
    for slot in slots:
        value = _number(values.get(slot.id))
        if slot.kind is not SlotKind.YEAR or value is None or period.year is None:
            continue
        if abs(value - period.year) > YEAR_SPAN:
            params = {"value": values[slot.id], "year": str(period.year)}
            found.append(FigureWarning("year_far", (slot.id,), params))
    return found


RULES = (
    month_order,
    share_over_100,
    ratio_sum,
    growth_large,
    same_figure,
    growth_mismatch,
    amount_jump,
    count_not_whole,
    year_far,
)


def figure_warnings(
    slots: Sequence[Slot],
    values: Mapping[str, str],
    block_texts: Mapping[int, str],
    period: Period | None = None,
) -> list[FigureWarning]:
    """Every warning about the printed ``values``, in the order of the first blank named.

    ``slots`` as the writer set them (a blank switched to words is a name), ``block_texts``
    the text of each paragraph by block index (for what stands between two blanks),
    ``period`` 上期's values and the draft's year (without it, those checks are skipped)."""
    slots = sorted(slots, key=lambda s: s.number)
    order = {s.id: s.number for s in slots}
    period = period or Period()
    found = [w for rule in RULES for w in rule(slots, values, block_texts, period)]
    return sorted(found, key=lambda w: order[w.slot_ids[0]])
