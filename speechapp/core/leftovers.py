"""The last look before a download: fixed text that still looks like a blank.

The parser finds blanks with the template's own token set; whatever it misses prints as it
stands, and a leader reads "＊＊＊＊万元" or "（　　）名" aloud. This scan reads every line again
with the broadest set (every family of the latest grammar, speechapp.core.grammar, plus the
template's own marks), whatever set or grammar the template was parsed with, and is broader
still where the grammar leaves a doubt:

- every blank the broad grammar finds outside the speech's slots (a mark run of any family,
  empty brackets, a year "20__", a date field of spaces, "xx-x");
- every look-alike it left alone for no reason that makes it text: a lone ○ or _ (a blank
  nowhere else in the line), and a year shape the grammar took for a code ("20XX届").

Traps stay text by the grammar's own judgement (speechapp.core.tokens.Miss reasons: 3×4 is a
multiplication, X光 a term, iPhone X Latin, 二〇二五 a numeral, 某些 a word, a separator line,
a "● " bullet, a quoted legend, ☆☆☆级 a rating). So is a span the writer unticked as a blank
(the "ignore" correction) or confirmed as text (这是正文, the "text" correction of
speechapp.core.overrides).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from speechapp.core.marks import (
    DEFAULT_TOKENS,
    MOUMOU,
    Miss,
    TokenSet,
    char_after,
    char_before,
    is_digit,
    is_latin,
    token_set_of,
)
from speechapp.core.model import SENTENCE_END, Speech
from speechapp.core.overrides import IGNORED, Span, key_of
from speechapp.core.tokens import fixed_digits, scan

# The scanner's reasons for leaving a look-alike alone that make it real text.
TRAP_REASONS = frozenset(
    {"multiplication", "latin", "term", "numeral", "word", "legend", "decoration", "rating"}
)
# Between two suspects, a character that keeps them one leftover: "X/X", "XX-XX".
_JOINERS = ".．,-‐/·"
CONTEXT_CHARS = 20


@dataclass(frozen=True, slots=True)
class Leftover:
    """``text`` at ``start:end`` of block ``block``: it looks like a blank but is none."""

    block: int
    start: int
    end: int
    text: str
    sentence: str  # the sentence around it
    before: str  # the words just before it in its sentence (up to CONTEXT_CHARS)
    after: str  # and just after

    @property
    def key(self) -> str:
        """Its place as a form value: "12:3:5" (speechapp.core.overrides.span_at)."""
        return key_of(self.block, self.start, self.end)

    @property
    def span(self) -> Span:
        return Span(self.block, self.start, self.end, self.text)


def leftovers(speech: Speech, confirmed: Iterable[Span] = ()) -> tuple[Leftover, ...]:
    """Everything in the fixed text of ``speech`` (every block, the title too) that still
    looks like a blank: outside its slots, not a trap, not ``confirmed`` as text (the
    "text" corrections, ``Overrides.texts``) and not unticked by the writer."""
    return _leftovers(speech, tuple(sorted(set(confirmed))))


@lru_cache(maxsize=64)
def _leftovers(speech: Speech, confirmed: tuple[Span, ...]) -> tuple[Leftover, ...]:
    tokens = _broad_tokens(speech.token_set)
    text_spans: dict[int, list[tuple[int, int]]] = {}
    for miss in speech.near_misses:
        if miss.reason == IGNORED:
            text_spans.setdefault(miss.block, []).append((miss.start, miss.end))
    found: list[Leftover] = []
    for block in speech.blocks:
        line = block.text
        slots = [(s.start, s.end) for s in speech.slots_in_block(block.index)]
        texts = text_spans.get(block.index, []) + [
            (c.start, c.end) for c in confirmed if c.block == block.index and c.fits(line)
        ]
        spans = [
            (start, end)
            for start, end in _suspects(line, tokens)
            if not any(s < end and start < e for s, e in slots)
            and not any(s <= start and end <= e for s, e in texts)
        ]
        found += (_leftover(block.index, line, start, end) for start, end in _merge(line, spans))
    return tuple(found)


def _broad_tokens(spec: str) -> TokenSet:
    """Every family of the latest grammar, with the template's own marks: broader than the
    set (and the grammar) the template's blanks were found with."""
    return TokenSet(DEFAULT_TOKENS.families, token_set_of(spec or None).custom)


def _suspects(line: str, tokens: TokenSet) -> list[tuple[int, int]]:
    """The spans of ``line`` that look like a blank, before slots and confirmations."""
    found, missed = scan(line, tokens)
    suspects = [(t.start, t.end) for t in found]
    for miss in missed:
        if (start := _suspect_start(line, miss)) is not None:
            suspects.append((start, miss.end))
    return sorted(suspects)


def _suspect_start(line: str, miss: Miss) -> int | None:
    """Where a look-alike the grammar left alone starts as a suspect, or None when its
    reason makes it text."""
    if miss.reason in TRAP_REASONS or (miss.family == MOUMOU and miss.reason == "single"):
        return None  # 某市, 某地: a word of its own (only 某某 is a blank)
    if miss.reason == "code":
        return _year_start(line, miss.start, miss.end)  # 20XX届; X5, 4X4 stay text
    return miss.start  # a lone ○ or _ the template uses nowhere else


def _year_start(line: str, start: int, end: int) -> int | None:
    """Where a year written with marks starts ("20XX", "202X", "20__"), or None."""
    digits = start
    while is_digit(char_before(line, digits)):
        digits -= 1
    if digits == start or end - digits != 4 or fixed_digits(line[digits]) not in ("1", "2"):
        return None
    outside = char_before(line, digits), char_after(line, end)
    if any(is_latin(ch) for ch in outside) or is_digit(outside[1]):
        return None
    return digits


def _merge(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Suspects next to each other, or joined by one joiner ("X/X"), as one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            last_start, last_end = merged[-1]
            gap = line[last_end:start]
            if start <= last_end or (len(gap) == 1 and gap in _JOINERS):
                merged[-1] = (last_start, max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def context_as_printed(
    speech: Speech, leftover: Leftover, values: Mapping[str, str]
) -> tuple[str, str]:
    """The words before and after ``leftover`` in its sentence as they will print: each
    filled blank shows its value ("共发放（　　）万元，惠及8户")."""
    line = speech.blocks[leftover.block].text
    left, right = _sentence(line, leftover.start, leftover.end)
    slots = speech.slots_in_block(leftover.block)

    def printed(lo: int, hi: int) -> str:
        parts, pos = [], lo
        for slot in slots:
            if lo <= slot.start and slot.end <= hi:
                parts += [line[pos : slot.start], (values.get(slot.id) or "").strip() or slot.token]
                pos = slot.end
        return "".join([*parts, line[pos:hi]])

    before, after = printed(left, leftover.start), printed(leftover.end, right)
    return before[-CONTEXT_CHARS:], after[:CONTEXT_CHARS]


def _sentence(line: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``line[start:end]`` (with its closing mark)."""
    left = max((i + 1 for i in range(start) if line[i] in SENTENCE_END), default=0)
    right = next((i + 1 for i in range(end, len(line)) if line[i] in SENTENCE_END), len(line))
    return left, right


def _leftover(block: int, line: str, start: int, end: int) -> Leftover:
    left, right = _sentence(line, start, end)
    return Leftover(
        block=block,
        start=start,
        end=end,
        text=line[start:end],
        sentence=line[left:right],
        before=line[max(left, start - CONTEXT_CHARS) : start],
        after=line[end : min(right, end + CONTEXT_CHARS)],
    )
