"""Last quarter's values (上期) beside this draft's blanks.

A draft can be based on an earlier one: the same template, an earlier version of it, or last
quarter's copy. Its blanks are matched to the earlier text's by :func:`remap_slots` (the one
matcher, also behind 按模板更新), so a paragraph inserted above shifts the ids, not the values.
A matched blank whose sentence is unchanged (``blank_context``: the sentence with this blank as
【　】 and the others as written) may take the earlier value; one whose sentence changed only
shows it, since the sentence may now ask for another figure.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from speechapp.core.model import Speech
from speechapp.core.overrides import remap_slots
from speechapp.core.progress import is_filled
from speechapp.core.sheets import blank_context


@dataclass(frozen=True, slots=True)
class Match:
    old_id: str  # the earlier text's blank
    same_sentence: bool  # its sentence reads the same in both texts


@dataclass(frozen=True, slots=True)
class Earlier:
    """What a blank printed in the earlier draft."""

    value: str
    same_sentence: bool
    as_text: bool = False  # the writer had made the earlier blank take words


def earlier_matches(old: Speech, new: Speech) -> dict[str, Match]:
    """New slot id -> its match in ``old``, for every blank of ``new`` that ``old`` has."""
    old_slots = {s.id: s for s in old.slots}
    new_slots = {s.id: s for s in new.slots}
    return {
        new_id: Match(
            old_id,
            blank_context(old, old_slots[old_id]) == blank_context(new, new_slots[new_id]),
        )
        for old_id, new_id in remap_slots(old, new).items()
    }


def earlier_values(
    old: Speech,
    new: Speech,
    old_values: Mapping[str, str],
    old_as_text: Collection[str] = (),
) -> dict[str, Earlier]:
    """New slot id -> what its match printed, for the matched blanks that had a value."""
    return {
        new_id: Earlier(old_values[m.old_id], m.same_sentence, m.old_id in old_as_text)
        for new_id, m in earlier_matches(old, new).items()
        if is_filled(old_values.get(m.old_id))
    }


def may_take(earlier: Earlier) -> bool:
    """Whether a blank may take its earlier value: only when its sentence is unchanged (a
    changed sentence may ask for another figure; the writer types it)."""
    return earlier.same_sentence


def takeable(earlier: Mapping[str, Earlier], printed: Mapping[str, str]) -> list[str]:
    """The blanks "take all" fills: still open here and allowed to take (may_take)."""
    return [
        slot_id
        for slot_id, e in earlier.items()
        if may_take(e) and not is_filled(printed.get(slot_id))
    ]
