"""Layout decisions shared by the HTML/PDF and DOCX renderers, so all of them print the same
lines: where a long title breaks, the speaker line, where a run-in heading's sentence ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..model import BlockKind, Speech
from . import RenderOptions, Segment, block_segments

# A 2号 (22 pt) title line holds 20 characters of the 156 mm text block; past 18 the title is
# broken in two, which reads better than a line filled edge to edge.
TITLE_BREAK_WIDTH = 18.0
TITLE_LINE_WIDTH = 20.0
# Where a long title may break: right after a strong pause, or (weaker) after 的 / before a
# conjunction. Longest markers first so "会议上的" wins over "上的".
_TITLE_BREAK_AFTER = ("会议上的", "会上的", "上的", "时的", "暨", "——", "：", "，", "、", " ")
_TITLE_WEAK_AFTER = ("的",)
_TITLE_WEAK_BEFORE = ("和", "与", "及", "并")
# A line must not start with closing punctuation.
_NO_LINE_START = "，。、；：！？）》〉」』”’%％"
# The end of a run-in heading's first sentence (same marks as the parser's).
RUN_IN_END = "。！？；!?;"


def text_width(text: str) -> float:
    """Width in em of the printed text: ASCII letters and digits are half a Chinese character."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "“”‘’—…·" else 1.0 for ch in text)


def _title_cuts(title: str) -> list[tuple[int, float]]:
    """Candidate break offsets with a penalty: 0 for a strong pause, 1 for a weak one."""
    cuts = []
    for markers, after, penalty in (
        (_TITLE_BREAK_AFTER, True, 0.0),
        (_TITLE_WEAK_AFTER, True, 1.0),
        (_TITLE_WEAK_BEFORE, False, 1.0),
    ):
        for marker in markers:
            start = title.find(marker)
            while start != -1:
                cuts.append((start + len(marker) if after else start, penalty))
                start = title.find(marker, start + 1)
    return cuts


def break_title(title: str) -> list[str]:
    """One or two title lines: a long title becomes a trapezoid, the longer line on top.

    The break goes at a natural pause ("…会议上的", "暨", a comma, then 的 or before 和) when
    both lines fit, the shorter is at least half the longer, and (preferably) the top line is
    the longer; otherwise at the middle, never inside a run of Latin letters or digits and
    never before closing punctuation.
    """
    title = title.strip()
    if text_width(title) <= TITLE_BREAK_WIDTH:
        return [title]
    best: tuple[float, int] | None = None
    for cut, penalty in _title_cuts(title):
        top, bottom = title[:cut].rstrip(), title[cut:].lstrip()
        top_w, bottom_w = text_width(top), text_width(bottom)
        if not top or not bottom or max(top_w, bottom_w) > TITLE_LINE_WIDTH:
            continue
        if min(top_w, bottom_w) < max(top_w, bottom_w) / 2 or bottom[0] in _NO_LINE_START:
            continue
        cost = abs(top_w - bottom_w) + penalty + (1.5 if bottom_w > top_w else 0.0)
        if best is None or cost < best[0]:
            best = (cost, cut)
    if best is not None:
        cut = best[1]
    else:
        half = text_width(title) / 2
        cut = next(i for i in range(1, len(title) + 1) if text_width(title[:i]) >= half)
        while cut < len(title) and (
            title[cut] in _NO_LINE_START or (title[cut].isascii() and title[cut - 1].isascii())
        ):
            cut += 1
    lines = [title[:cut].rstrip(), title[cut:].lstrip()]
    return [line for line in lines if line]


def display_title(speech: Speech, options: RenderOptions) -> str:
    return options.title.strip() if options.title and options.title.strip() else speech.title


def speaker_line(options: RenderOptions) -> str:
    """The speaker and the bracketed date and meeting on one line, or "".

    "张三　（2024年7月15日，全区重点任务部署会）"; the meeting is left out when the title
    already names it.
    """
    meeting = options.meeting.strip()
    if meeting and options.title and meeting in options.title:
        meeting = ""
    bracket = "，".join(p for p in (options.date.strip().strip("（）()"), meeting) if p)
    bracket = f"（{bracket}）" if bracket else ""
    return "\u3000".join(part for part in (options.speaker.strip(), bracket) if part)


def split_segments(segments: list[Segment], offset: int) -> tuple[list[Segment], list[Segment]]:
    """Cut printed segments at a character offset of their joined text; a value stays whole."""
    before: list[Segment] = []
    after: list[Segment] = []
    position = 0
    for segment in segments:
        end = position + len(segment.text)
        if end <= offset or (segment.slot_id is not None and position < offset):
            before.append(segment)
        elif position >= offset:
            after.append(segment)
        else:
            cut = offset - position
            before.append(replace(segment, text=segment.text[:cut]))
            after.append(replace(segment, text=segment.text[cut:]))
        position = end
    return before, after


def title_lines(
    speech: Speech, values: Mapping[str, str], options: RenderOptions
) -> list[list[Segment]]:
    """The title as printed: one or two lines of segments (blanks in the title are slots too)."""
    if options.title and options.title.strip():
        return [[Segment(line)] for line in break_title(options.title)]
    title_block = next((b for b in speech.blocks if b.kind is BlockKind.TITLE), None)
    if title_block is None:
        return []
    segments = block_segments(speech, title_block, values, options)
    printed = "".join(s.text for s in segments)
    lines = break_title(printed)
    if len(lines) < 2:
        return [segments]
    top, bottom = split_segments(segments, printed.index(lines[1], len(lines[0])))
    return [_strip_edges(top), _strip_edges(bottom)]


def _strip_edges(segments: list[Segment]) -> list[Segment]:
    if segments and segments[0].slot_id is None:
        segments[0] = replace(segments[0], text=segments[0].text.lstrip())
    if segments and segments[-1].slot_id is None:
        segments[-1] = replace(segments[-1], text=segments[-1].text.rstrip())
    return [s for s in segments if s.text]


def split_run_in(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """A run-in heading paragraph: its first sentence (with the 。) and the rest."""
    position = 0
    for segment in segments:
        if segment.slot_id is None:
            for i, ch in enumerate(segment.text):
                if ch in RUN_IN_END:
                    return split_segments(segments, position + i + 1)
        position += len(segment.text)
    return segments, []
