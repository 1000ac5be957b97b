"""Name blanks that probably take the same value: "×区跨境电商产业园" and "×区PM2.5均值"."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.progress import is_filled


@dataclass(frozen=True, slots=True)
class NameGroup:
    """Name blanks that probably take one value: ``key`` names them ("×区")."""

    key: str
    slot_ids: tuple[str, ...]

    def open_others(self, slot_id: str, typed: Mapping[str, str]) -> list[str]:
        """The other members a group fill may write into: those with nothing typed yet.

        The offer ("也填入其他 N 个") and the fill itself both count with this rule, and a
        member holding text the writer typed (even text that does not fit) is never overwritten.
        """
        return [i for i in self.slot_ids if i != slot_id and not is_filled(typed.get(i))]


# Words naming a place a speech keeps coming back to (the district it is about, its river),
# longest first. Grouping is by the whole word, never by a particle or the first character of
# any word: "×等", "×生物" and "×生态湿地", "×科技" name unrelated things.
PLACE_WORDS = (
    "自治区",
    "步行街",
    "街道",
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "村",
    "河",
    "湖",
    "江",
)
# Words that start like a place word but name no place: "×市场", "×区域".
_NOT_PLACES = ("市场", "市民", "区域", "区间", "县域", "乡村", "村民", "村级")
# "×区、×区": a list names different places.
_LIST_JOINERS = ("、", "和", "与", "及")


def place_word(after: str) -> str | None:
    """The place word a blank is followed by ("区" in "×区跨境电商产业园"), or None."""
    if after.startswith(_NOT_PLACES):
        return None
    return next((word for word in PLACE_WORDS if after.startswith(word)), None)


def name_groups(speech: Speech) -> dict[str, NameGroup]:
    """Group key ("×区") -> the name slots followed by that place word (groups of 2 or more).

    Blanks listed side by side ("×区、×区") name different places and join no group.
    """
    groups: dict[str, list[Slot]] = {}
    for slot in speech.slots:
        word = place_word(slot.after) if slot.kind is SlotKind.NAME else None
        if word:
            groups.setdefault(slot.token[:1] + word, []).append(slot)
    result = {}
    for key, slots in groups.items():
        word = key[1:]
        listed = {
            s.id
            for a, b in itertools.pairwise(slots)
            if _side_by_side(speech, a, b, word)
            for s in (a, b)
        }
        ids = tuple(s.id for s in slots if s.id not in listed)
        if len(ids) > 1:
            result[key] = NameGroup(key, ids)
    return result


def _side_by_side(speech: Speech, a: Slot, b: Slot, word: str) -> bool:
    between = speech.blocks[a.block].text[a.end : b.start] if a.block == b.block else None
    return between in {word + joiner for joiner in _LIST_JOINERS}


def groups_by_slot(speech: Speech) -> dict[str, NameGroup]:
    """slot id -> the group holding it, for every grouped slot."""
    return {i: group for group in name_groups(speech).values() for i in group.slot_ids}


def group_of(speech: Speech, slot_id: str) -> NameGroup | None:
    """The group holding ``slot_id``, or None."""
    return groups_by_slot(speech).get(slot_id)
