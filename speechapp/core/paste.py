"""Pasting a column copied from Excel into one blank: which line goes into which blank."""

from __future__ import annotations

from collections.abc import Mapping

from speechapp.core.model import Speech
from speechapp.core.progress import is_filled


def pasted_lines(text: str) -> list[str]:
    """The cells of a pasted column, top to bottom.

    Excel ends every copied row with a line break (so a trailing empty line is dropped) and
    separates the cells of a row by tabs (a copied block keeps only its first column).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [line.split("\t", 1)[0].strip() for line in lines]


def paste_targets(
    speech: Speech, slot_id: str, printed: Mapping[str, str], count: int
) -> list[str]:
    """The blank pasted into, then the next open blanks of its section, ``count`` at most."""
    slot = next(s for s in speech.slots if s.id == slot_id)
    following = [
        s.id
        for s in speech.slots
        if s.number > slot.number
        and s.section_block == slot.section_block
        and not is_filled(printed.get(s.id))
    ]
    return [slot_id, *following][:count]
