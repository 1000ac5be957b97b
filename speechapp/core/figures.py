"""Figure checks: printed values that are allowed but look wrong, as warnings that never block.

Pure: each rule reads the parsed slots and the printed values and returns
:class:`FigureWarning`s, naming the blanks involved (one or two) by id. The web layer words
them and links each blank.

- ``month_order``: a month range whose start is after its end ("×一×月份" filled 6 and 3).
- ``share_over_100``: a share (占比, 比重, 占…, a rate) above 100 %.
- ``ratio_sum``: the parts of a structure ratio ("三次产业比例为×：×：×") not adding up to 100.
- ``growth_large``: a growth rate beyond ±50 %.
- ``same_figure``: the same figure in two neighbouring blanks of one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from speechapp.core.model import Slot, SlotKind
from speechapp.core.values import GROWTH_BEFORE

GROWTH_LIMIT = Decimal(50)  # percent, either way
RATIO_TOTAL = Decimal(100)
RATIO_TOLERANCE = Decimal("0.1")  # rounded parts may add up to 99.9 or 100.1
# Between two blanks of a range: "×一×月份", "×至×月", "×—×月".
_RANGE_JOINERS = frozenset({"一", "至", "到", "-", "—", "–", "~", "～"})
# A share right before the blank: "占比", "比重达到", "占年度计划", "办结率". Not a growth rate.
_SHARE_BEFORE = re.compile(
    r"(?:占比|比重|占[^，。；、：]{0,6}|(?<!增长)(?<!增)率)(?:达到|超过|达|为)?$"
)
_SENTENCE_END = re.compile(r"[。；！？!?;]")
# Kinds whose same value twice in a row is more likely a slip than a fact (not dates, names).
_FIGURE_KINDS = frozenset(
    {SlotKind.PERCENT, SlotKind.POINTS, SlotKind.AMOUNT, SlotKind.COUNT, SlotKind.MEASURE}
)


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


def month_order(slots, values, text_of) -> list[FigureWarning]:
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


def share_over_100(slots, values, text_of) -> list[FigureWarning]:
    found = []
    for slot in slots:
        value = _number(values.get(slot.id))
        if slot.kind is not SlotKind.PERCENT or value is None or value <= 100:
            continue
        if _SHARE_BEFORE.search(slot.before.rstrip()) and not GROWTH_BEFORE.search(slot.before):
            found.append(FigureWarning("share_over_100", (slot.id,), {"value": values[slot.id]}))
    return found


def ratio_sum(slots, values, text_of) -> list[FigureWarning]:
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


def growth_large(slots, values, text_of) -> list[FigureWarning]:
    found = []
    for slot in slots:
        value = _number(values.get(slot.id))
        if slot.kind is not SlotKind.PERCENT or value is None or abs(value) <= GROWTH_LIMIT:
            continue
        if GROWTH_BEFORE.search(slot.before.rstrip()):
            found.append(FigureWarning("growth_large", (slot.id,), {"value": values[slot.id]}))
    return found


def same_figure(slots, values, text_of) -> list[FigureWarning]:
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


RULES = (month_order, share_over_100, ratio_sum, growth_large, same_figure)


def figure_warnings(
    slots: Sequence[Slot], values: Mapping[str, str], block_texts: Mapping[int, str]
) -> list[FigureWarning]:
    """Every warning about the printed ``values``, in the order of the first blank named.

    ``slots`` as the writer set them (a blank switched to words is a name), ``block_texts``
    the text of each paragraph by block index (for what stands between two blanks)."""
    slots = sorted(slots, key=lambda s: s.number)
    order = {s.id: s.number for s in slots}
    found = [w for rule in RULES for w in rule(slots, values, block_texts)]
    return sorted(found, key=lambda w: order[w.slot_ids[0]])
