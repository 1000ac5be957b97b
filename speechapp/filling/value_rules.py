"""What a blank prints: the one function that turns typed text into the printed value.

Every write (autosave, full-page save, group fill, variables, "this takes words") stores
``check_value(slot, raw).value`` through ``filling.saving.draft_save_values``, and the fill page
shows the same check's problem or notice beside each field.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from speechapp.core.kinds import day_months
from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.values import (
    ValueProblem,
    check_day_in_month,
    growth_wording,
    normalise_value,
)
from speechapp.drafts.validators import CONTROL_CHAR_MESSAGE

VALUE_MESSAGES = {
    "not_number": _("请输入数字，例如 5.2"),
    "not_whole_number": _("请输入整数，例如 12"),
    "age_range": _("请输入 0–%(limit)s 之间的岁数"),
    "negative": _("请输入不小于 0 的数"),
    "not_positive_integer": _("请输入大于 0 的整数"),
    "not_positive_number": _("请输入大于 0 的数"),
    "month_range": _("请输入 1–12 之间的月份"),
    "day_range": _("请输入 1–31 之间的日期"),
    "day_not_in_month": _("%(month)s月只有 %(days)s 天"),
    "year_format": _("请输入四位数的年份，例如 2024"),
    "year_prefix": _("这一年份以 %(prefix)s 开头：填完整年份，或只填后 %(digits)s 位"),
    "line_break": _("名称不能换行"),
    "too_long": _("最多 %(limit)s 个字"),
    "placeholder": _("请填写实际内容，不要保留 ×、XX、某某 等空白标记"),
    "control_char": CONTROL_CHAR_MESSAGE,
    "too_many_digits": _("数字太长，最多 %(limit)s 位"),
}
UNIT_STRIPPED = _("已去掉多余的单位“%(unit)s”")
FROM_CHINESE = _("已按“%(value)s”填写")
NEGATIVE_GROWTH = _("将印为“%(printed)s”；通常写作“%(usual)s”")


@dataclass(frozen=True, slots=True)
class Checked:
    """The printed value of what was typed into one blank, and what to tell the writer."""

    value: str  # what prints; "" while the blank is empty or the text does not fit
    problem: ValueProblem | None = None
    stripped_unit: str | None = None  # a unit the writer typed and the blank already prints
    from_chinese: bool = False  # typed as Chinese numerals (三十五): say what prints
    growth: tuple[str, str] | None = None  # a negative growth: (as printed, the usual wording)

    @property
    def error(self) -> ValidationError | None:
        if self.problem is None:
            return None
        code = self.problem.code
        return ValidationError(VALUE_MESSAGES[code], code=code, params=self.problem.params)

    @property
    def notice(self) -> str | None:
        """What to tell the writer about a value that was accepted (never blocks a save)."""
        notes = []
        if self.stripped_unit:
            notes.append(UNIT_STRIPPED % {"unit": self.stripped_unit})
        if self.from_chinese:
            notes.append(FROM_CHINESE % {"value": self.value})
        if self.growth:
            notes.append(NEGATIVE_GROWTH % {"printed": self.growth[0], "usual": self.growth[1]})
        return "；".join(str(note) for note in notes) or None


def effective_slot(slot: Slot, as_text: bool) -> Slot:
    """The slot as the writer set it: the parser's guess, or words when they said so."""
    return replace(slot, kind=SlotKind.NAME, unit=None) if as_text else slot


def effective_slots(speech: Speech, as_text: Collection[str]) -> dict[str, Slot]:
    return {slot.id: effective_slot(slot, slot.id in as_text) for slot in speech.slots}


def check_value(slot: Slot, raw: str) -> Checked:
    """The printable value of ``raw`` for ``slot`` (already the effective slot)."""
    try:
        result = normalise_value(slot.kind, slot.unit, raw, token=slot.token)
    except ValueProblem as problem:
        return Checked("", problem=problem)
    return Checked(
        result.text,
        stripped_unit=result.stripped_unit if result.notice else None,
        from_chinese=result.from_chinese,
        growth=growth_wording(slot.before, result.text, slot.unit)
        if slot.kind in (SlotKind.PERCENT, SlotKind.POINTS)
        else None,
    )


def check_values(
    slots: Mapping[str, Slot], typed: Mapping[str, str], printed: Mapping[str, str]
) -> dict[str, Checked]:
    """``check_value`` of each typed blank, and a typed day against its month ("×月×日"):
    the month typed with it, else the one already printed (``printed``)."""
    checks = {slot_id: check_value(slots[slot_id], text) for slot_id, text in typed.items()}
    for day_id, month_id in day_months(list(slots.values())).items():
        day = checks.get(day_id)
        if day is None or not day.value:
            continue
        month = checks[month_id].value if month_id in checks else printed.get(month_id, "")
        try:
            check_day_in_month(day.value, month)
        except ValueProblem as problem:
            checks[day_id] = Checked("", problem=problem)
    return checks
