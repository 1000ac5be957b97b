"""Layout decisions shared by the HTML/PDF and DOCX renderers, so all of them print the same
lines: where a long title breaks, the speaker line, where a run-in heading's sentence ends.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from enum import IntEnum
from functools import lru_cache

from speechapp.core.model import SENTENCE_END, Block, BlockKind, Speech
from speechapp.core.rendering import RenderOptions, Segment
from speechapp.core.rendering.titles import title_segments

# A 2号 (22 pt) title line holds 20 characters of the 156 mm text block; past 18 the title is
# broken in two, which reads better than a line filled edge to edge.
TITLE_BREAK_WIDTH = 18.0
TITLE_LINE_WIDTH = 20.0
# A line must not start with closing punctuation, nor end with opening punctuation.
_NO_LINE_START = "，。、；：！？）》〉」』”’%％"
_NO_LINE_END = "（《〈「『“‘"
# Where the podium copy may turn the page: after a full stop, question or exclamation mark
# (the sentence ends of model.SENTENCE_END without its semicolons, which join the clauses of
# one sentence); closing quotes and brackets right after the mark stay with the sentence.
FULL_STOPS = "".join(ch for ch in SENTENCE_END if ch not in "；;")
_SENTENCE_CLOSERS = "”’）》」』)\"'"


class _Cut(IntEnum):
    """How well a title reads when broken at a word boundary, best first."""

    PAUSE = 0  # after a mark, 暨, or the "…会议上的" that leads into 讲话
    PHRASE = 1  # between phrases: after 的, a scope (全区), a date or a noun before its verb
    # (项目建设|观摩点评); before 和, 工作, 会议
    WORD = 2  # between two words of one phrase (安全|生产): still never inside a word


# Longest first: "会议上的" wins over "上的".
_PAUSE_AFTER = ("会议上的", "会上的", "上的", "时的", "暨", "——", "：", "，", "、", " ")
_PHRASE_AFTER = ("的",)
_PHRASE_BEFORE = ("和", "与", "及", "并", "工作")
# A meeting's name ends in its kind (工作会议, 推进会, 表彰大会): the topic before it is whole.
_MEETING_HEADS = ("会", "会议", "会上")
_DATE_ENDS = ("年", "季度", "月", "周年")
_SCOPES = "省市区县州盟旗镇乡村"
# jieba's part-of-speech tags: nouns (n, nr, ns, nt, nz…), verbal and adjectival nouns,
# abbreviations and idioms, which a following verb (tag v) starts a new phrase after.
_NOUN_TAGS = ("n", "vn", "an", "j", "l", "i")


# Marks Latin and Chinese text share (one code point each) that Chinese print sets a full
# character wide, in the Chinese font: the PDF's fonts give them a full em, the DOCX marks
# their runs for the East Asian font.
SHARED_FULL_WIDTH = "“”‘’—…·"


def text_width(text: str) -> float:
    """Width in em of the printed text: ASCII letters and digits are half a Chinese character."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in SHARED_FULL_WIDTH else 1.0 for ch in text)


@lru_cache(maxsize=1)
def _segmenter():
    """jieba's part-of-speech segmenter, loaded on first use, without its log lines.

    Its dictionary ships in the package; loading takes most of a second, so only a long
    title pays it (a server warming its renderer can call ``tagged_words`` once).
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.posseg.dt.tokenizer.initialize()
    return jieba.posseg.dt


def tagged_words(text: str) -> list[tuple[str, str]]:
    """``text`` cut into words by jieba, the segmenter Chinese text processing uses, each
    with its part-of-speech tag ("n", "v", "uj"…)."""
    return [(pair.word, pair.flag) for pair in _segmenter().cut(text)]


def _title_cuts(title: str) -> dict[int, _Cut]:
    """Every word boundary inside the title, with how well the title reads broken there."""
    tagged = tagged_words(title)
    cuts: dict[int, _Cut] = {}
    position = 0
    for (before, before_tag), (after, after_tag) in zip(tagged, tagged[1:], strict=False):
        position += len(before)
        top = title[:position]
        if top.endswith(_PAUSE_AFTER):
            kind = _Cut.PAUSE
        elif (
            top.endswith(_PHRASE_AFTER)
            or after in _PHRASE_BEFORE
            or after.startswith(_MEETING_HEADS)
            or after.endswith(_MEETING_HEADS)
            or before.endswith(_DATE_ENDS)
            or (len(before) == 2 and before[0] == "全" and before[1] in _SCOPES)
            or (before_tag.startswith(_NOUN_TAGS) and after_tag == "v")
        ):
            kind = _Cut.PHRASE
        else:
            kind = _Cut.WORD
        cuts[position] = kind
    return cuts


def break_title(title: str) -> list[str]:
    """One or two title lines: a long title becomes a trapezoid, the longer line on top.

    The one rule for the PDF, the DOCX and the preview. The title breaks only between words
    (jieba), never before closing or after opening punctuation, with both lines fitting and
    the shorter at least half the longer. Among those breaks: the longer line on top if any
    break allows it, then the best kind of break (a pause, between phrases, between words),
    then the most even lines.
    """
    title = title.strip()
    if text_width(title) <= TITLE_BREAK_WIDTH:
        return [title]
    ranked = []
    for cut, kind in _title_cuts(title).items():
        top, bottom = title[:cut].rstrip(), title[cut:].lstrip()
        if not top or not bottom or bottom[0] in _NO_LINE_START or top[-1] in _NO_LINE_END:
            continue
        top_w, bottom_w = text_width(top), text_width(bottom)
        fits = max(top_w, bottom_w) <= TITLE_LINE_WIDTH
        even = min(top_w, bottom_w) >= max(top_w, bottom_w) / 2
        rank = (not fits, not even, bottom_w > top_w, kind if even else 0, abs(top_w - bottom_w))
        ranked.append((rank, cut))
    if not ranked:  # one long word: print it whole
        return [title]
    cut = min(ranked)[1]
    lines = [title[:cut].rstrip(), title[cut:].lstrip()]
    return [line for line in lines if line]


def speaker_line(options: RenderOptions, title: str) -> str:
    """The speaker and the bracketed date and meeting on one line, or "".

    "张三　（2024年7月15日，全区重点任务部署会）"; the meeting is left out when the printed
    ``title`` already names it.
    """
    meeting = options.meeting.strip()
    if meeting and meeting in title:
        meeting = ""
    bracket = "，".join(p for p in (options.date.strip().strip("（）()"), meeting) if p)
    bracket = f"（{bracket}）" if bracket else ""
    return "\u3000".join(part for part in (options.speaker.strip(), bracket) if part)


def byline_blocks(speech: Speech) -> list[Block]:
    """The template's own lines under the title (speaker, subtitle, date): printed centred
    under it like the speaker line, and not again among the body's blocks."""
    return [b for b in speech.blocks if b.kind is BlockKind.BYLINE]


def is_head(block: Block) -> bool:
    """Whether the block prints in the head (the title and its bylines), not the body."""
    return block.kind in (BlockKind.TITLE, BlockKind.BYLINE)


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
    segments = title_segments(speech, values, options)
    if not segments:
        return []
    printed = "".join(s.text for s in segments)
    lines = break_title(printed)
    if len(lines) < 2:
        return [_strip_edges(segments)]
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
                if ch in SENTENCE_END:
                    return split_segments(segments, position + i + 1)
        position += len(segment.text)
    return segments, []


def split_sentences(segments: list[Segment]) -> list[list[Segment]]:
    """A paragraph's segments cut into sentences, each ending with its mark (and any closing
    quote after it); a value stays whole, and the edges of each sentence are trimmed."""
    text = "".join(s.text for s in segments)
    in_value = [False] * len(text)
    position = 0
    for segment in segments:
        if segment.slot_id is not None:
            in_value[position : position + len(segment.text)] = [True] * len(segment.text)
        position += len(segment.text)
    cuts = []
    i = 0
    while i < len(text):
        if text[i] in FULL_STOPS and not in_value[i]:
            i += 1
            while i < len(text) and text[i] in FULL_STOPS + _SENTENCE_CLOSERS:
                i += 1
            if text[i:].strip():
                cuts.append(i)
            continue
        i += 1
    sentences = []
    rest, done = segments, 0
    for cut in cuts:
        sentence, rest = split_segments(rest, cut - done)
        done = cut
        sentences.append(sentence)
    sentences.append(rest)
    trimmed = [_strip_edges(list(sentence)) for sentence in sentences]
    return [sentence for sentence in trimmed if sentence]


def podium_sentences(segments: list[Segment], run_in: bool) -> list[list[Segment]]:
    """The podium copy's paragraph: one block per sentence, so that a page can turn only
    between sentences. With a run-in heading (``run_in``), its sentence comes first.

    The one rule for the PDF (each sentence a block that does not break) and the DOCX (each
    sentence a paragraph with "keep lines together")."""
    if run_in:
        head, rest = split_run_in(segments)
        return [head, *split_sentences(rest)]
    return split_sentences(segments)
