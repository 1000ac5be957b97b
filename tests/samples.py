"""Plausible values for every blank, by kind: shared by the web tests and `make bench`."""

from __future__ import annotations

BY_KIND = {
    "percent": "5.2",
    "points": "1.3",
    "amount": "12.5",
    "count": "8",
    "measure": "36",
    "rank": "3",
    "month": "6",
    "day": "15",
    "year": "2024",
    "ratio": "4",
    "name": "东城",
}


def filled_values(speech) -> dict[str, str]:
    """A value for every slot of ``speech``."""
    return {slot.id: BY_KIND[str(slot.kind)] for slot in speech.slots}
