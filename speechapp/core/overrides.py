"""The writer's corrections to what the parser found, and keeping things in place across edits.

A template stores its text and, beside it, the writer's *overrides*: spans marked as blanks the
scanner left alone ("X光" in a template that really means a blank), blanks unmarked as plain
text, blanks whose kind the writer changed, and text the writer confirmed is text (这是正文:
something the last look before a download, speechapp.core.leftovers, took for a blank; the
parser never reads these). Each names its span as (block, start, end) and
the text it covered, so an override whose text is gone is simply not applied (never a wrong
blank). The parser applies them line by line (:func:`apply_overrides`), so a parse stays pure
and cached: ``parse_speech(text, tokens, overrides)``.

Two re-mappings keep the writer's work across an edit of the fixed text:

* :func:`remap_overrides` moves the overrides to the new text (a span survives when its text
  and line survive);
* :func:`remap_slots` matches the old speech's blanks to the new one's by their context
  (before, token, after) and order, so a draft's values move to the right new blank ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from speechapp.core.kinds import infer_kind
from speechapp.core.model import Slot, SlotKind, Speech
from speechapp.core.tokens import Miss, Token

MARKED = "marked"  # the token family of a span the writer marked as a blank
IGNORED = "ignored"  # the near-miss reason of a blank the writer unmarked


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """``text`` at ``start:end`` of block ``block`` (a stripped, non-empty line)."""

    block: int
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return key_of(self.block, self.start, self.end)

    def fits(self, line: str) -> bool:
        return 0 <= self.start < self.end <= len(line) and line[self.start : self.end] == self.text

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def covers(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass(frozen=True, slots=True)
class Overrides:
    marks: tuple[Span, ...] = ()
    ignores: tuple[Span, ...] = ()
    kinds: tuple[tuple[Span, SlotKind], ...] = field(default=())
    # 这是正文: spans the writer confirmed as text, read by the leftover scan only.
    texts: tuple[Span, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.marks or self.ignores or self.kinds or self.texts)

    def to_json(self) -> list[dict]:
        """The stored form: a list of {"op", "block", "start", "end", "text"[, "kind"]}."""
        rows = [_row("mark", s) for s in self.marks] + [_row("ignore", s) for s in self.ignores]
        rows += [{**_row("kind", s), "kind": str(k)} for s, k in self.kinds]
        rows += [_row("text", s) for s in self.texts]
        return rows

    def with_texts(self, texts: Iterable[Span]) -> Overrides:
        """These corrections with ``texts`` as the spans confirmed as text (sorted, once)."""
        return replace(self, texts=tuple(sorted(set(texts))))

    def kind_at(self, block: int, start: int, end: int) -> SlotKind | None:
        for span, kind in self.kinds:
            if (span.block, span.start, span.end) == (block, start, end):
                return kind
        return None


def _row(op: str, span: Span) -> dict:
    return {"op": op, "block": span.block, "start": span.start, "end": span.end, "text": span.text}


NO_OVERRIDES = Overrides()


def overrides_of(value: Overrides | Sequence[Mapping] | str | None) -> Overrides:
    """Overrides from their stored form (a JSON list or its text); rows that make no sense
    (an unknown op or kind, offsets that are not numbers) are left out, never an error."""
    if isinstance(value, Overrides):
        return value
    if not value:
        return NO_OVERRIDES
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return NO_OVERRIDES
    if not isinstance(value, list):
        return NO_OVERRIDES
    marks: list[Span] = []
    ignores: list[Span] = []
    kinds: list[tuple[Span, SlotKind]] = []
    texts: list[Span] = []
    for row in value:
        try:
            span = Span(int(row["block"]), int(row["start"]), int(row["end"]), str(row["text"]))
            op = row["op"]
            if op == "mark":
                marks.append(span)
            elif op == "ignore":
                ignores.append(span)
            elif op == "kind":
                kinds.append((span, SlotKind(row["kind"])))
            elif op == "text":
                texts.append(span)
        except (KeyError, TypeError, ValueError):
            continue
    return Overrides(
        tuple(sorted(set(marks))),
        tuple(sorted(set(ignores))),
        tuple(sorted(kinds)),
        tuple(sorted(set(texts))),
    )


def apply_overrides(
    block: int,
    line: str,
    found: Sequence[Token],
    missed: Sequence[Miss],
    overrides: Overrides,
) -> tuple[tuple[Token, ...], tuple[Miss, ...]]:
    """The blanks and near-misses of one line after the writer's corrections.

    An unmarked blank becomes a near-miss with the reason "ignored"; a marked span becomes a
    blank of the family "marked", taking in the blanks it covers whole (marking "X,XXX" when
    "X" and "XXX" are blanks makes one blank of them), unless it cuts through a blank.
    Overrides whose text is no longer at their place are not applied.
    """
    if not (overrides.marks or overrides.ignores):
        return tuple(found), tuple(missed)
    ignores = {(s.start, s.end) for s in overrides.ignores if s.block == block and s.fits(line)}
    tokens = [t for t in found if (t.start, t.end) not in ignores]
    misses = list(missed) + [
        Miss(t.start, t.end, t.text, t.family, IGNORED)
        for t in found
        if (t.start, t.end) in ignores
    ]
    for span in overrides.marks:
        if span.block != block or not span.fits(line):
            continue
        inside = [t for t in tokens if span.overlaps(t.start, t.end)]
        if any(not span.covers(t.start, t.end) for t in inside):
            continue
        tokens = [t for t in tokens if t not in inside]
        tokens.append(Token(span.start, span.end, span.text, MARKED))
        misses = [m for m in misses if not span.overlaps(m.start, m.end)]
    tokens.sort(key=lambda t: t.start)
    misses.sort(key=lambda m: m.start)
    return tuple(tokens), tuple(misses)


def key_of(block: int, start: int, end: int) -> str:
    """A span's place as a form value: "12:3:5"."""
    return f"{block}:{start}:{end}"


def span_at(lines: Sequence[str], key: str) -> Span | None:
    """The span a key ("12:3:5") names, if it names text of ``lines``."""
    try:
        block, start, end = (int(x) for x in key.split(":"))
    except ValueError:
        return None
    if not (0 <= block < len(lines) and 0 <= start < end <= len(lines[block])):
        return None
    return Span(block, start, end, lines[block][start:end])


def find_span(lines: Sequence[str], text: str, taken: Iterable[Span] = ()) -> Span | None:
    """The first place ``text`` occurs in ``lines`` that is not a ``taken`` span already and
    cuts through none (the writer typed the words to mark instead of selecting them); it may
    take in whole blanks ("X,XXX" over the blanks "X" and "XXX")."""
    text = text.strip()
    if not text:
        return None
    taken = list(taken)
    for block, line in enumerate(lines):
        start = line.find(text)
        while start >= 0:
            end = start + len(text)
            here = [t for t in taken if t.block == block and t.overlaps(start, end)]
            exact = any((t.start, t.end) == (start, end) for t in here)
            if not exact and all(
                Span(block, start, end, text).covers(t.start, t.end) for t in here
            ):
                return Span(block, start, end, text)
            start = line.find(text, start + 1)
    return None


def text_lines(text: str) -> list[str]:
    """The lines of a template as the parser numbers its blocks."""
    return [stripped for line in text.splitlines() if (stripped := line.strip())]


def _line_map(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Old line index -> new line index for lines kept or edited in place."""
    mapping: dict[int, int] = {}
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
    return mapping


def _move_span(span: Span, old_line: str, new_line: str) -> Span | None:
    if old_line == new_line:
        return span
    for op, i1, i2, j1, _j2 in SequenceMatcher(
        None, old_line, new_line, autojunk=False
    ).get_opcodes():
        if op == "equal" and i1 <= span.start and span.end <= i2:
            start = j1 + span.start - i1
            return Span(span.block, start, start + len(span.text), span.text)
    return None


def remap_overrides(old_text: str, new_text: str, overrides: Overrides) -> tuple[Overrides, int]:
    """The overrides moved onto ``new_text``, and how many were lost (their text was edited)."""
    if not overrides:
        return overrides, 0
    old, new = text_lines(old_text), text_lines(new_text)
    lines = _line_map(old, new)
    lost = 0

    def move(span: Span) -> Span | None:
        nonlocal lost
        j = lines.get(span.block)
        moved = None
        if j is not None and span.block < len(old):
            moved = _move_span(span, old[span.block], new[j])
        if moved is None:
            lost += 1
            return None
        return Span(j, moved.start, moved.end, moved.text)

    marks = tuple(s for s in map(move, overrides.marks) if s)
    ignores = tuple(s for s in map(move, overrides.ignores) if s)
    kinds = tuple((m, k) for s, k in overrides.kinds if (m := move(s)))
    texts = tuple(s for s in map(move, overrides.texts) if s)
    return Overrides(marks, ignores, kinds, texts), lost


# A blank whose context changed is still the same blank when its words around (before and
# after) are at least this similar (difflib ratio) to the new blank's.
MIN_CONTEXT_SIMILARITY = 0.5


def _similarity(a: Slot, b: Slot) -> float:
    return SequenceMatcher(
        None, f"{a.before}\0{a.after}", f"{b.before}\0{b.after}", autojunk=False
    ).ratio()


def remap_slots(old: Speech, new: Speech) -> dict[str, str]:
    """Old slot id -> new slot id for every blank of ``old`` that is still in ``new``.

    Blanks are matched in order by their context (before, token, after); a blank whose
    context changed is matched, between the new places of its matched neighbours, to the
    blank with the same token whose words around are most alike (at least
    MIN_CONTEXT_SIMILARITY), the nearest in order among those not yet taken. A blank matched
    by neither is left out: its value has no place in the new text.
    """
    old_keys = [(s.before, s.token, s.after) for s in old.slots]
    new_keys = [(s.before, s.token, s.after) for s in new.slots]
    mapping: dict[str, str] = {}
    taken: set[int] = set()
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[old.slots[i + k].id] = new.slots[j + k].id
            taken.add(j + k)
    new_index = {slot.id: j for j, slot in enumerate(new.slots)}
    for i, slot in enumerate(old.slots):
        if slot.id in mapping:
            continue
        # Only between the new places of its matched neighbours: the order is kept.
        lo = max(
            (new_index[mapping[s.id]] + 1 for s in old.slots[:i] if s.id in mapping), default=0
        )
        hi = next(
            (new_index[mapping[s.id]] for s in old.slots[i + 1 :] if s.id in mapping),
            len(new.slots),
        )
        best: tuple[float, int] | None = None  # (-similarity, distance in order)
        best_j = -1
        for j in range(lo, hi):
            other = new.slots[j]
            if j in taken or slot.token != other.token:
                continue
            similarity = _similarity(slot, other)
            if similarity < MIN_CONTEXT_SIMILARITY:
                continue
            rank = (-similarity, abs(i - j))
            if best is None or rank < best:
                best, best_j = rank, j
        if best is not None:
            mapping[slot.id] = new.slots[best_j].id
            taken.add(best_j)
    return mapping


def blank_for_value(
    before: str, token: str, after: str, speech: Speech, open_ids: Iterable[str]
) -> str | None:
    """The open blank of ``speech`` a value whose blank is gone ("before token after") most
    likely belongs in: one of the same kind (read from its words), the most alike in its
    words around; None when no open blank has that kind (a value is never offered to just
    any blank, such as the first of the speech)."""
    kind, _unit = infer_kind(before + token + after, [(len(before), len(before) + len(token))], 0)
    gone = Slot("", 0, 0, 0, 0, token, kind, None, before, after, "", None, None)
    best: tuple[float, int] | None = None
    choice = None
    open_ids = set(open_ids)
    for n, slot in enumerate(speech.slots):
        if slot.id not in open_ids or slot.kind is not kind:
            continue
        rank = (-_similarity(gone, slot), n)
        if best is None or rank < best:
            best, choice = rank, slot.id
    return choice


def overrides_from_choices(
    base: Speech,
    lines: Sequence[str],
    *,
    kept: set[str],
    marked: Iterable[Span],
    kinds: Mapping[str, SlotKind],
    inferred: Mapping[str, SlotKind],
) -> Overrides:
    """The overrides for the writer's ticks on a preview of ``base`` (the text parsed without
    any): blanks of ``base`` whose span key is not in ``kept`` are unmarked, ``marked`` spans
    (that fit their line) become blanks, and ``kinds`` (span key -> kind) that differ from the
    kind the parser infers (``inferred``, by span key) are stored."""
    ignores = tuple(
        Span(s.block, s.start, s.end, s.token)
        for s in base.slots
        if key_of(s.block, s.start, s.end) not in kept
    )
    marks = tuple(sorted({s for s in marked if s.block < len(lines) and s.fits(lines[s.block])}))
    kind_overrides = []
    for key, kind in kinds.items():
        span = span_at(lines, key)
        if span is not None and key in inferred and inferred[key] != kind:
            kind_overrides.append((span, kind))
    return Overrides(marks, ignores, tuple(sorted(kind_overrides)))
