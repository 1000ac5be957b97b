"""What a blank prints: the one function that turns typed text into the printed value.

Every write (autosave, full-page save, group fill, variables, "this takes words") stores
``check_value(slot, raw).value`` through ``services.draft_save_values``, and the fill page
shows the same check's problem or notice beside each field.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.values import ValueProblem, normalise_value

VALUE_MESSAGES = {
    "not_number": _("请输入数字，例如 5.2"),
    "negative": _("请输入不小于 0 的数"),
    "not_positive_integer": _("请输入大于 0 的整数"),
    "not_positive_number": _("请输入大于 0 的数"),
    "month_range": _("请输入 1–12 之间的月份"),
    "year_format": _("请输入四位数的年份，例如 2024"),
    "line_break": _("名称不能换行"),
    "too_long": _("最多 %(limit)s 个字"),
    "placeholder": _("请填写实际内容，不要保留 ×"),
}
UNIT_STRIPPED = _("已去掉多余的单位“%(unit)s”")


@dataclass(frozen=True, slots=True)
class Checked:
    """The printed value of what was typed into one blank, and what to tell the writer."""

    value: str  # what prints; "" while the blank is empty or the text does not fit
    problem: ValueProblem | None = None
    stripped_unit: str | None = None  # a unit the writer typed and the blank already prints

    @property
    def error(self) -> ValidationError | None:
        if self.problem is None:
            return None
        code = self.problem.code
        return ValidationError(VALUE_MESSAGES[code], code=code, params=self.problem.params)

    @property
    def notice(self) -> str | None:
        return UNIT_STRIPPED % {"unit": self.stripped_unit} if self.stripped_unit else None


def effective_slot(slot: Slot, as_text: bool) -> Slot:
    """The slot as the writer set it: the parser's guess, or words when they said so."""
    return replace(slot, kind=SlotKind.NAME, unit=None) if as_text else slot


def effective_slots(speech: Speech, as_text: Collection[str]) -> dict[str, Slot]:
    return {slot.id: effective_slot(slot, slot.id in as_text) for slot in speech.slots}


def check_value(slot: Slot, raw: str) -> Checked:
    """The printable value of ``raw`` for ``slot`` (already the effective slot)."""
    try:
        result = normalise_value(slot.kind, slot.unit, raw)
    except ValueProblem as problem:
        return Checked("", problem=problem)
    return Checked(result.text, stripped_unit=result.stripped_unit if result.notice else None)
