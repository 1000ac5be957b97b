"""How long a speech is: its characters, and about how many minutes it takes to read aloud."""

from __future__ import annotations

import math
from collections.abc import Mapping

from speechapp.core.model import BlockKind, Speech

# A leader reading a prepared speech at an even pace: about 220 characters a minute.
DEFAULT_CHARS_PER_MINUTE = 220
MIN_CHARS_PER_MINUTE, MAX_CHARS_PER_MINUTE = 100, 400


def spoken_text(speech: Speech, values: Mapping[str, str]) -> str:
    """What is read aloud: every block but the title and the lines under it (speaker, date),
    each blank as its value (an open blank as its mark, so the count moves little while
    filling)."""
    slots_by_block: dict[int, list] = {}
    for slot in speech.slots:
        slots_by_block.setdefault(slot.block, []).append(slot)
    parts = []
    for block in speech.blocks:
        if block.kind in (BlockKind.TITLE, BlockKind.BYLINE):
            continue
        text, at = [], 0
        for slot in slots_by_block.get(block.index, ()):
            text.append(block.text[at : slot.start])
            text.append(values.get(slot.id) or slot.token)
            at = slot.end
        text.append(block.text[at:])
        parts.append("".join(text))
    return "\n".join(parts)


def char_count(text: str) -> int:
    """Characters as an office counts them for a speech: everything but white space."""
    return sum(1 for ch in text if not ch.isspace())


def speaking_minutes(chars: int, chars_per_minute: int = DEFAULT_CHARS_PER_MINUTE) -> int:
    """Minutes to read ``chars`` characters aloud, to the nearest whole minute (at least 1)."""
    if chars <= 0:
        return 0
    return max(1, math.floor(chars / chars_per_minute + 0.5))
