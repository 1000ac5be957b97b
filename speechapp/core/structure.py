"""Line kinds the parser decides from their neighbours, not from the line alone.

- **Ordinal headings** ("第一，……。"): a speech whose part (一、 or 第一部分) has no （一） level
  often numbers that part's points "第一，" "第二，" on lines of their own; those are the
  part's sub-headings. The same words inline ("第一，…；第二，…") are body text.
- **Bylines**: the speaker ("××同志", "区委书记 ☆☆☆"), a subtitle ("——在…会议上的讲话") and
  the date line ("（20XX年X月X日）") right under the title, printed centred.

Pure functions over the stripped lines, called by speechapp.core.parsing.
"""

from __future__ import annotations

import re

_ORDINAL_NUM = "一二三四五六七八九十"
# "第一，" through "第十，" (and "第一、"); not 第一部分/第一章 (parsing's heading forms), not
# "第一次" or "第一批".
_ORDINAL = re.compile(rf"^第[{_ORDINAL_NUM}]{{1,2}}[，,、]")
_ORDINAL_INSIDE = re.compile(rf"第[{_ORDINAL_NUM}]{{1,2}}[，,、]")
# A stand-alone ordinal heading: one sentence, as short as the other heading forms.
_ORDINAL_MAX_CHARS = 60
_INNER_SENTENCE_END = "。！？；!?;"

_BYLINE_MAX_CHARS = 40
MAX_BYLINES = 3
# A byline has no sentence in it: no sentence end, and no comma outside its brackets (a 、
# joins a speaker's titles: "市审计局党组书记、局长　✕✕✕").
_BYLINE_REFUSED = re.compile(r"[。！？；!?;，,：:]")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_SALUTATION_WORDS = ("尊敬的", "各位", "同志们", "女士们", "先生们", "朋友们", "亲爱的")
# The rest of a title cut in two ("部署会上的讲话"): it names no meeting with 在.
_TITLE_TAILS = ("讲话", "发言", "致辞", "报告", "讲稿")
_DASHES = ("—", "－", "-", "─")


def ordinal_label(line: str) -> str | None:
    """ "第一，" when the line starts with an ordinal and a comma (or 、)."""
    m = _ORDINAL.match(line)
    return m.group(0) if m else None


def _is_inline_list(line: str, label: str) -> bool:
    """ "第一，抓项目；第二，抓招商。": the line numbers more than one point."""
    return _ORDINAL_INSIDE.search(line, len(label)) is not None


def _stands_alone(line: str) -> bool:
    body = line.rstrip(_INNER_SENTENCE_END)
    return len(line) <= _ORDINAL_MAX_CHARS and not any(ch in body for ch in _INNER_SENTENCE_END)


def ordinal_headings(
    lines: list[str], ranks: list[int | None], section_rank: int
) -> dict[int, tuple[str, bool, int]]:
    """The ordinal lines that are headings: line index -> (label, stands alone, index of the
    heading of the part holding it).

    ``ranks`` holds each line's heading form rank (parsing._HEADING_FORMS: 0 第一部分, 1 一、,
    2 （一） …) or None; ``section_rank`` is the rank of （一）, the form ordinals stand in for.
    The ordinals of one part are headings when that part's heading ranks above it (第一部分 or
    一、), the part has no heading of a deeper form, it numbers at least two points starting
    with 第一, and its 第一 is a paragraph with a run-in heading or a stand-alone line followed
    by its body.
    """
    found: dict[int, list[tuple[int, str, bool]]] = {}
    part: int | None = None
    deeper: set[int] = set()  # parts that have a （一）, 1. … level
    for index, line in enumerate(lines):
        rank = ranks[index]
        if rank is not None:
            inside = part is not None and rank > ranks[part]
            if inside:
                deeper.add(part)
            if rank < section_rank:
                part = index
            elif not inside:
                part = None
            continue
        label = ordinal_label(line)
        if part is None or label is None or _is_inline_list(line, label):
            continue
        found.setdefault(part, []).append((index, label, _stands_alone(line)))
    headings: dict[int, tuple[str, bool, int]] = {}
    for part, ordinals in found.items():
        first, label, alone = ordinals[0]
        if part in deeper or len(ordinals) < 2 or not label.startswith("第一") or len(label) != 3:
            continue
        after = first + 1
        body_follows = (
            after < len(lines) and ranks[after] is None and ordinal_label(lines[after]) is None
        )
        if not alone or body_follows:
            headings.update({i: (lab, a, part) for i, lab, a in ordinals})
    return headings


def is_byline(line: str) -> bool:
    """Whether a line under the title is a speaker, subtitle or date line: short, and no
    sentence in it."""
    if len(line) > _BYLINE_MAX_CHARS or line.startswith(_SALUTATION_WORDS):
        return False
    if _BYLINE_REFUSED.search(_BRACKETED.sub("", line)):
        return False
    tail = line.endswith(_TITLE_TAILS) and "在" not in line
    return not tail or line.startswith(_DASHES)


def byline_count(lines: list[str], plain: list[bool]) -> int:
    """How many lines right under the title (``lines[0]``) are bylines: up to MAX_BYLINES
    plain lines (``plain``: not a heading, a run-in heading or a salutation) of a byline's
    shape, with something after them (a byline stands above a speech)."""
    count = 0
    while count < MAX_BYLINES:
        index = count + 1
        if index >= len(lines) - 1 or not plain[index] or not is_byline(lines[index]):
            break
        count += 1
    return count
