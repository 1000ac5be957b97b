"""The figure checks of a draft, worded for the writer, each blank named and linked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from speechapp.core.figures import figure_warnings
from speechapp.drafts.links import slot_url
from speechapp.drafts.models import Draft
from speechapp.filling.stored import StoredValues, stored_values

FIGURE_MESSAGES = {
    "month_order": _("月份范围的起点（%(start)s月）晚于终点（%(end)s月）"),
    "share_over_100": _("占比 %(value)s%% 超过了 100%%"),
    "ratio_sum": _("各部分合计 %(total)s，不是 100"),
    "growth_large": _("增幅 %(value)s%% 超出了 ±50%%"),
    "same_figure": _("相邻两个空都填了 %(value)s"),
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
    shown = []
    for warning in figure_warnings(list(slots.values()), stored.printed, texts):
        blanks = []
        for slot_id in warning.slot_ids:
            slot = slots[slot_id]
            label = f"{slot.before[-6:]}【{stored.printed.get(slot_id, '')}】{slot.after[:4]}"
            blanks.append(BlankLink(label, slot_url(draft.pk, slot_id)))
        shown.append(ShownWarning(str(FIGURE_MESSAGES[warning.code] % warning.params), blanks))
    return shown
