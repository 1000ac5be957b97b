"""The last look before a download: fixed text that still looks like a blank.

The parser finds blanks by the template's grammar (speechapp.core.tokens); whatever it misses
prints as it stands, and a leader reads "＊＊＊＊万元" or "（　　）名" aloud. This scan is
deliberately broader than the parser, so it catches what the grammar does not know:

- a run of any mark character (× ✕ X x Ｘ ＊ * □ ○ 〇 ☆ △ ▲ ■ ● _ ＿, and the template's own
  marks), and 某某;
- empty brackets with any spaces or none: （　　） ( ) 【 】 〔 〕;
- a year written with marks, "20__" "20XX" "20□□";
- a date field of spaces: "2025年　月　日".

What it finds inside the speech's slots is a blank, not a leftover. Traps stay text: the
scanner's own judgement (speechapp.core.tokens.Miss reasons: 3×4 is a multiplication, X光 a
term, iPhone X Latin, 二〇二五 a numeral, 某些 a word), a separator line made only of marks,
a quoted legend (带“＊”的为必报指标), a bullet at the start of a line. So is a span the writer
unticked as a blank (the "ignore" correction) or confirmed as text (这是正文, the "text"
correction of speechapp.core.overrides).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .marks import MOUMOU
from .model import SENTENCE_END, Speech
from .overrides import IGNORED, Span, key_of
from .tokens import DEFAULT_TOKENS, TokenSet, scan, token_set_of

# Every character a template may write a blank in. Runs of one of them are the candidates.
MARK_CHARS = "×✕XxＸｘ＊*□○〇☆△▲■●_＿"
# Characters that are one mark written two ways: a run may mix them.
_SAME_MARK = {"Ｘ": "X", "ｘ": "x", "＊": "*", "＿": "_"}
# The scanner's reasons for leaving a look-alike alone that make it real text.
TRAP_REASONS = frozenset(
    {
        "multiplication",
        "latin",
        "term",
        "code",
        "numeral",
        "word",
        # Reasons a later grammar may give for what this scan also takes as text.
        "legend",
        "separator",
        "bullet",
        "rating",
    }
)
_SPACES = " \u3000\t"
_DIGITS = "0123456789０１２３４５６７８９"
_CN_NUMERALS = "〇○零一二三四五六七八九十百千"
_OPEN_QUOTES = "“‘\"'「『"
_CLOSE_QUOTES = "”’\"'」』"
_TIMES = "×✕Xx*＊"
_BULLETS = "●■▲◆"
# Between two marks, a character that keeps them one blank: "X.X", "X,XXX", "xx-x", "X/X".
_JOINERS = ".．,-‐/·"
# A line that is a separator, not text: marks, spaces and rules only.
_RULE_CHARS = MARK_CHARS + _SPACES + "-—=~～·.．…"
_MIN_SEPARATOR_MARKS = 3

_EMPTY_BRACKETS = re.compile(r"[（(【〔\[［][ \u3000\t]*[）)】〕\]］]")
_DATE_FIELDS = re.compile(
    r"(?<=[年月])[ \u3000\t]+(?=[月日号])"
    rf"|(?<![{_DIGITS}{_CN_NUMERALS}])[ \u3000\t]+(?=年[ \u3000\t]+月)"
)
_MOUMOU = re.compile(r"某{2,}")
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
    marks = MARK_CHARS + "".join(c for c in tokens.custom if c not in MARK_CHARS)
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
            for start, end in _suspects(line, tokens, marks)
            if not any(s < end and start < e for s, e in slots)
            and not any(s <= start and end <= e for s, e in texts)
        ]
        found += (_leftover(block.index, line, start, end) for start, end in _merge(line, spans))
    return tuple(found)


def _broad_tokens(spec: str) -> TokenSet:
    """Every family the scanner knows, with the template's own marks: broader than the set
    the template's blanks were found with."""
    return TokenSet(DEFAULT_TOKENS.families, token_set_of(spec or None).custom)


def _suspects(line: str, tokens: TokenSet, marks: str) -> list[tuple[int, int]]:
    """The spans of ``line`` that look like a blank, before slots and confirmations."""
    suspects: list[tuple[int, int]] = []
    decided: list[tuple[int, int]] = []  # judged already, as a blank or as text

    def claim(start: int, end: int, suspicious: bool) -> None:
        decided.append((start, end))
        if suspicious:
            suspects.append((start, end))

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in decided)

    for m in _EMPTY_BRACKETS.finditer(line):
        claim(m.start(), m.end(), True)
    for m in _DATE_FIELDS.finditer(line):
        if free(m.start(), m.end()):
            claim(m.start(), m.end(), True)
    separator = _is_separator(line, marks)
    runs = _mark_runs(line, marks)
    for start, end in _hyphenated(line, runs):
        if not separator:
            claim(start, end, True)  # a name "xx-x", not X-ray
    for start, end in runs:
        if not free(start, end):
            continue
        if separator or _quoted(line, start, end) or _bullet(line, start, end):
            claim(start, end, False)
        elif (year := _year_start(line, start, end)) is not None:
            claim(year, end, True)
    found, missed = scan(line, tokens)
    for token in found:
        if free(token.start, token.end):
            claim(token.start, token.end, True)
    for miss in missed:
        if free(miss.start, miss.end):
            claim(miss.start, miss.end, _miss_is_suspicious(line, miss, separator))
    for start, end in runs:
        if free(start, end):
            claim(start, end, not _looks_like_text(line, start, end))
    return sorted(set(suspects))


def _miss_is_suspicious(line: str, miss, separator: bool) -> bool:
    if miss.reason in TRAP_REASONS:
        return False
    if miss.reason == "decoration":
        # "***" is decoration on a separator line or as a bullet, a blank inside a sentence
        return not (separator or _bullet(line, miss.start, miss.end))
    # 某市, 某地: a word of its own (only 某某 is a blank). Any other reason (not in the
    # template's set, a single mark the grammar skipped…) leaves a suspect.
    return not (miss.family == MOUMOU and miss.reason == "single")


def _mark_runs(line: str, marks: str) -> list[tuple[int, int]]:
    """Every run of one mark character (Ｘ and X alike), and every 某某."""
    runs = [(m.start(), m.end()) for m in _MOUMOU.finditer(line)]
    i = 0
    while i < len(line):
        ch = line[i]
        if ch not in marks:
            i += 1
            continue
        same = _SAME_MARK.get(ch, ch)
        j = i + 1
        while j < len(line) and _SAME_MARK.get(line[j], line[j]) == same:
            j += 1
        runs.append((i, j))
        i = j
    return sorted(runs)


def _hyphenated(line: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mark runs joined by a hyphen, with no letter on either side: "xx-x", "××-×"."""
    joined = []
    for (start, middle), (after, end) in zip(runs, runs[1:], strict=False):
        hyphen = after == middle + 1 and _is(line[middle], "-‐") and line[start] not in "_＿"
        if hyphen and not (_latin(_at(line, start - 1)) or _latin(_at(line, end))):
            joined.append((start, end))
    return joined


def _is_separator(line: str, marks: str) -> bool:
    return sum(1 for ch in line if ch in marks) >= _MIN_SEPARATOR_MARKS and all(
        ch in _RULE_CHARS or ch in marks for ch in line
    )


def _quoted(line: str, start: int, end: int) -> bool:
    """A legend: 带“＊”的为必报指标."""
    return _is(_at(line, start - 1), _OPEN_QUOTES) and _is(_at(line, end), _CLOSE_QUOTES)


def _bullet(line: str, start: int, end: int) -> bool:
    """A single mark opening a line as a list bullet: "● 坚持…", "* 说明", "●坚持…"."""
    if start != 0 or end != 1:
        return False
    return _is(_at(line, end), _SPACES) or line[0] in _BULLETS


def _year_start(line: str, start: int, end: int) -> int | None:
    """Where a year written with marks starts ("20XX", "202X", "20__"), or None."""
    digits = start
    while digits > 0 and line[digits - 1] in _DIGITS:
        digits -= 1
    if digits == start or end - digits != 4 or line[digits] not in "12１２":
        return None
    if _latin(_at(line, digits - 1)) or _latin(_at(line, end)) or _is(_at(line, end), _DIGITS):
        return None
    return digits


def _looks_like_text(line: str, start: int, end: int) -> bool:
    """The traps for a run the scanner has no opinion on (✕ ☆ △ ▲ ■ ● 〇, a single ○ or _)."""
    ch = line[start]
    left, right = _at(line, start - 1), _at(line, end)
    if (
        ch in _TIMES
        and end - start == 1
        and _next_digit(line, start, -1)
        and _next_digit(line, end, 1)
    ):
        return True  # 3✕4
    if _latin(left) or _latin(right) or _is(left, _DIGITS) or _is(right, _DIGITS):
        return True  # a code: A■B, 3△
    if ch in "○〇" and (_is(left, _CN_NUMERALS) or _is(right, _CN_NUMERALS)):
        return True  # 二〇二五
    return ch in "☆★" and line.startswith("级", end)  # ☆☆☆级: a rating


def _merge(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Suspects next to each other, or joined by one joiner ("XX.X", "□,□□□"), as one."""
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


def _at(line: str, i: int) -> str:
    return line[i] if 0 <= i < len(line) else ""


def _is(ch: str, chars: str) -> bool:
    """``ch in chars`` that is False for "" (the edge of the line)."""
    return bool(ch) and ch in chars


def _latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("ａ" <= ch <= "ｚ") or ("Ａ" <= ch <= "Ｚ")


def _next_digit(line: str, pos: int, step: int) -> bool:
    """Whether the first character past the spaces from ``pos`` (leftwards for step -1) is a
    digit."""
    i = pos - 1 if step < 0 else pos
    while 0 <= i < len(line) and line[i] in _SPACES:
        i += step
    return _is(_at(line, i), _DIGITS)
