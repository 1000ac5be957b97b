"""The figure checks of a draft, worded for the writer, each blank named and linked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from speechapp.core.figures import Period, figure_warnings
from speechapp.drafts.links import slot_url
from speechapp.drafts.models import Draft
from speechapp.filling.earlier import draft_earlier
from speechapp.filling.stored import StoredValues, stored_values

FIGURE_MESSAGES = {
    "month_order": _("月份范围的起点（%(start)s月）晚于终点（%(end)s月）"),
    "share_over_100": _("占比 %(value)s%% 超过了 100%%"),
    "ratio_sum": _("各部分合计 %(total)s，不是 100"),
    "growth_large": _("增幅 %(value)s%% 超出了 ±50%%"),
    "same_figure": _("相邻两个空都填了 %(value)s"),
    "growth_mismatch": _(
        "上期 %(then)s、本期 %(now)s，算得增幅 %(computed)s%%，与所填的 %(stated)s%% 不符"
    ),
    "amount_jump": _("本期 %(now)s 与上期 %(then)s 相差一倍以上"),
    "count_not_whole": _("数量 %(value)s%(unit)s 折合 %(things)s，不是整数"),
    "count_too_large": _("数量 %(value)s 大得不合常理"),
    "year_far": _("年份 %(value)s 与讲话稿的年份 %(year)s 相差五年以上"),
}


@dataclass(frozen=True)
class BlankLink:
    label: str  # the blank in its sentence, its value in brackets: "同比增长【5.2】%，较一"
    url: str


@dataclass(frozen=True)
class ShownWarning:
    text: str
    blanks: list[BlankLink]


def draft_figure_warnings(draft: Draft, stored: StoredValues | None = None) -> list[ShownWarning]:
    """Warnings about the printed values of ``draft``; they never block a save or a download."""
    speech = draft.speech
    stored = stored or stored_values(draft)
    slots = stored.slots(speech)
    texts = {block.index: block.text for block in speech.blocks}
    earlier = draft_earlier(draft, stored) if draft.earlier else None
    period = Period(
        earlier=earlier.values if earlier else {},
        year=(draft.speech_date or draft.created_at).year,
    )
    shown = []
    for warning in figure_warnings(list(slots.values()), stored.printed, texts, period):
        blanks = []
        for slot_id in warning.slot_ids:
            slot = slots[slot_id]
            label = f"{slot.before[-6:]}【{stored.printed.get(slot_id, '')}】{slot.after[:4]}"
            blanks.append(BlankLink(label, slot_url(draft.pk, slot_id)))
        shown.append(ShownWarning(str(FIGURE_MESSAGES[warning.code] % warning.params), blanks))
    return shown
