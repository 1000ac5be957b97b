"""Name blanks that probably take the same value: "×区跨境电商产业园" and "×区PM2.5均值"."""

from __future__ import annotations

import unicodedata

from .model import SlotKind, Speech


def _following_word(after: str) -> str | None:
    """The first character after the blank when it is a Chinese character (区, 河, 路, 乡…)."""
    if after and unicodedata.category(after[0]) == "Lo":
        return after[0]
    return None


def name_groups(speech: Speech) -> dict[str, tuple[str, ...]]:
    """Group key ("×区") -> ids of the name slots followed by that word (groups of 2 or more)."""
    groups: dict[str, list[str]] = {}
    for slot in speech.slots:
        if slot.kind is not SlotKind.NAME:
            continue
        word = _following_word(slot.after)
        if word:
            groups.setdefault(slot.token[:1] + word, []).append(slot.id)
    return {key: tuple(ids) for key, ids in groups.items() if len(ids) > 1}


def group_of(speech: Speech, slot_id: str) -> tuple[str, tuple[str, ...]] | None:
    """The group holding ``slot_id`` as (key, ids), or None."""
    for key, ids in name_groups(speech).items():
        if slot_id in ids:
            return key, ids
    return None
