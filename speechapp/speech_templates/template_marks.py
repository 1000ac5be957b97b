"""The marked-up text of a template: every blank and near-miss as a tick box, on the import
preview and on the corrections page of a saved template (one view model, one partial)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from speechapp.core.leftovers import Leftover, leftovers
from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.overrides import MARKED, Overrides, key_of, overrides_of, text_lines
from speechapp.core.parsing import parse_speech

# Why the parser left a look-alike alone, for the writer (speechapp.core.tokens.Miss reasons).
from speechapp.speech_templates.template_forms import KIND_HINTS, MISS_REASONS


@dataclass(frozen=True)
class Segment:
    text: str
    start: int  # offset in the line: the script reads selections by it
    key: str = ""  # "block:start:end" for a blank or a near-miss, "" for plain text
    blank: bool = False  # a blank of the text as parsed without corrections
    checked: bool = False  # a blank now (after the corrections)
    slot: Slot | None = None  # the blank it is now
    reason: str = ""  # a near-miss: why it was left alone
    context: str = ""  # the words around it, naming its tick box for screen readers


@dataclass(frozen=True)
class Line:
    block: int
    kind: str
    level: int | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class MarkedText:
    base: Speech  # the text parsed without corrections
    speech: Speech  # with them
    lines: tuple[Line, ...]
    # Text that still looks like a blank after the corrections (core.leftovers): listed as
    # 看起来像空但未识别, for the writer to mark before a draft's download refuses it.
    leftovers: tuple[Leftover, ...] = ()

    @property
    def headings(self):
        return [b for b in self.speech.blocks if b.level is not None]

    @property
    def token_counts(self) -> list[tuple[str, int]]:
        """Each mark found and how many: ("×", 176), ("XX", 2); the writer's own as 自选."""
        first: dict[str, str] = {}
        for slot in self.speech.slots:
            first.setdefault(slot.family, slot.token)
        return [
            (str(_("自己标的")) if family == MARKED else first[family], count)
            for family, count in self.speech.token_counts.items()
        ]

    @property
    def kind_choices(self):
        return [(str(kind), label) for kind, label in KIND_HINTS.items()]

    @property
    def near_miss_count(self) -> int:
        return sum(1 for line in self.lines for s in line.segments if s.key and not s.checked)


def marked_text(text: str, tokens: str, overrides: Overrides | list | None) -> MarkedText:
    overrides = overrides_of(overrides)
    base = parse_speech(text, tokens)
    speech = parse_speech(text, tokens, overrides)
    lines = text_lines(text)
    now = {key_of(s.block, s.start, s.end): s for s in speech.slots}
    # Candidates per line: the blanks found, the look-alikes left alone and the writer's own
    # marks; a mark wins over what it overlaps.
    candidates: dict[int, list[tuple[int, int, bool, str]]] = {}
    for span in overrides.marks:
        if span.block < len(lines) and span.fits(lines[span.block]):
            candidates.setdefault(span.block, []).append((span.start, span.end, False, ""))
    for slot in base.slots:
        candidates.setdefault(slot.block, []).append((slot.start, slot.end, True, ""))
    for miss in base.near_misses:
        candidates.setdefault(miss.block, []).append(
            (miss.start, miss.end, False, str(MISS_REASONS.get(miss.reason, "")))
        )
    rows = []
    for block in base.blocks:
        line = block.text
        taken: list[tuple[int, int, bool, str]] = []
        for cand in candidates.get(block.index, []):
            if not any(cand[0] < t[1] and t[0] < cand[1] for t in taken):
                taken.append(cand)
        taken.sort()
        segments = []
        pos = 0
        for start, end, blank, reason in taken:
            if start > pos:
                segments.append(Segment(line[pos:start], pos))
            key = key_of(block.index, start, end)
            slot = now.get(key)
            context = f"{line[max(0, start - 8) : start]}【{line[start:end]}】{line[end : end + 8]}"
            segments.append(
                Segment(line[start:end], start, key, blank, slot is not None, slot, reason, context)
            )
            pos = end
        if pos < len(line):
            segments.append(Segment(line[pos:], pos))
        rows.append(Line(block.index, str(block.kind), block.level, tuple(segments)))
    return MarkedText(base, speech, tuple(rows), leftovers(speech, overrides.texts))


def inferred_kinds(text: str, tokens: str, overrides: Overrides) -> dict[str, SlotKind]:
    """The kind the parser infers for each blank, by span key, before any kind is changed."""
    plain = Overrides(overrides.marks, overrides.ignores)
    return {
        key_of(s.block, s.start, s.end): s.kind for s in parse_speech(text, tokens, plain).slots
    }
