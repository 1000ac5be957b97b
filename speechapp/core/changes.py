"""What changed in a speech's blanks between two sets of printed values.

Pure: the caller brings the values of each point (two points of a draft's history, or 上期
and now) and who made each change; the renderers mark the changes in the speech's text
(html.render_changes, docx_changes.render_tracked_docx).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


@dataclass(frozen=True, slots=True)
class Change:
    """One blank printing something else: ``old`` struck through, ``new`` in its place."""

    slot_id: str
    old: str  # "" when the blank was open
    new: str  # "" when it is open now
    author: str = ""  # who made the last change of the span ("" unknown)
    when: datetime | None = None  # when (aware)


@dataclass(frozen=True, slots=True)
class Movement:
    """How far a figure moved: "+6", "+5.1%"."""

    difference: str
    percent: str  # "" when the old figure is 0


def changed_values(
    slot_ids: Sequence[str], old: Mapping[str, str], new: Mapping[str, str]
) -> list[str]:
    """The blanks of ``slot_ids`` (in their order) that print something else in ``new``."""
    return [i for i in slot_ids if (old.get(i) or "").strip() != (new.get(i) or "").strip()]


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _signed(number: Decimal, *, normalize: bool = True) -> str:
    text = f"{number.normalize():f}" if normalize else f"{number:f}"
    return text if number < 0 else f"+{text}"


def movement(old: str, new: str) -> Movement | None:
    """How far a figure moved from ``old`` to ``new``; None unless both are numbers."""
    before, after = _number(old), _number(new)
    if before is None or after is None:
        return None
    percent = ""
    if before != 0:
        rate = ((after - before) / abs(before) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        percent = _signed(rate, normalize=False) + "%"
    return Movement(_signed(after - before), percent)
