"""Name blanks that probably take the same value: "×区跨境电商产业园" and "×区PM2.5均值"."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .model import SlotKind, Speech
from .progress import is_filled


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


def _following_word(after: str) -> str | None:
    """The first character after the blank when it is a Chinese character (区, 河, 路, 乡…)."""
    if after and unicodedata.category(after[0]) == "Lo":
        return after[0]
    return None


def name_groups(speech: Speech) -> dict[str, NameGroup]:
    """Group key ("×区") -> the name slots followed by that word (groups of 2 or more)."""
    groups: dict[str, list[str]] = {}
    for slot in speech.slots:
        if slot.kind is not SlotKind.NAME:
            continue
        word = _following_word(slot.after)
        if word:
            groups.setdefault(slot.token[:1] + word, []).append(slot.id)
    return {key: NameGroup(key, tuple(ids)) for key, ids in groups.items() if len(ids) > 1}


def groups_by_slot(speech: Speech) -> dict[str, NameGroup]:
    """slot id -> the group holding it, for every grouped slot."""
    return {i: group for group in name_groups(speech).values() for i in group.slot_ids}


def group_of(speech: Speech, slot_id: str) -> NameGroup | None:
    """The group holding ``slot_id``, or None."""
    return groups_by_slot(speech).get(slot_id)
