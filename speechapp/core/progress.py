"""Which blanks are filled and which are still open: the one rule every page and file uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from speechapp.core.model import Slot, Speech


def is_filled(value: str | None) -> bool:
    """A blank is filled when it has a printable value; whitespace alone prints nothing."""
    return bool((value or "").strip())


def missing_slots(speech: Speech, values: Mapping[str, str]) -> list[Slot]:
    """The blanks of ``speech`` still open under ``values`` (slot id -> printable value)."""
    return [slot for slot in speech.slots if not is_filled(values.get(slot.id))]


def filled_count(slot_ids: Iterable[str], values: Mapping[str, str]) -> int:
    return sum(1 for slot_id in slot_ids if is_filled(values.get(slot_id)))


@dataclass(frozen=True, slots=True)
class Count:
    filled: int
    total: int

    @property
    def done(self) -> bool:
        return self.filled == self.total


def progress(slot_ids: Iterable[str], values: Mapping[str, str]) -> Count:
    ids = tuple(slot_ids)
    return Count(filled_count(ids, values), len(ids))
