"""A draft's length as the fill and download pages show it: characters and speaking time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from speechapp.core.length import (
    DEFAULT_CHARS_PER_MINUTE,
    char_count,
    speaking_minutes,
    spoken_text,
)
from speechapp.drafts.models import Draft, WriterSettings


@dataclass(frozen=True)
class SpeechLength:
    chars: int
    minutes: int
    chars_per_minute: int


def speaking_rate(user) -> int:
    """The writer's own pace (characters a minute), or the usual one."""
    rate = (
        WriterSettings.objects.filter(user=user).values_list("chars_per_minute", flat=True).first()
    )
    return rate or DEFAULT_CHARS_PER_MINUTE


def draft_length(draft: Draft, printed: Mapping[str, str], user) -> SpeechLength:
    chars = char_count(spoken_text(draft.speech, printed))
    rate = speaking_rate(user)
    return SpeechLength(chars, speaking_minutes(chars, rate), rate)
