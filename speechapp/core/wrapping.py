"""Re-join hard-wrapped text: a template copied from a PDF has its lines cut mid-sentence at a
fixed width, and every cut would otherwise become a paragraph of its own.

Pure functions: :func:`looks_hard_wrapped` tells whether a text was cut that way (most lines
near one width and not ending a sentence), :func:`rejoin_lines` joins the cut lines back into
paragraphs. The import form and ``parse_speech --rejoin`` call :func:`prepare_text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from speechapp.core.parsing import heading_label, is_salutation
from speechapp.core.structure import ordinal_label

# A line ending in one of these closes its paragraph.
_CLOSERS = "。！？；：!?;:」』”’）)】"
# Marks a PDF lets hang past the margin rather than start a line with.
_HANGING = "，、”’）》"
# A sentence end inside a line that starts like a heading makes it a run-in heading's
# paragraph ("（二）项目引资提速。一是…"), not a heading line.
_RUN_IN = re.compile(r"[。！？!?]")
# A sentence that has ended: an ordinal ("第二，") after it starts a block of its own.
_SENTENCE_DONE = re.compile(r"[。！？：!?:][」』”’）)】]*$")
# A line indented as a new paragraph, or starting like a heading (parsing.heading_label),
# starts a block of its own. Points (一是, 首先) do not: they run on inside a paragraph, so a
# cut may fall right before one.
_INDENT = re.compile(r"^[\s\u3000]{2,}")
# A line is "full" when it reaches this share of the text's common width.
_FULL = 0.85
# A heading line is full only when it reaches the width of a paragraph's first line (less
# one wide character and one narrow, for a mark pushed to the next line or a digit): a
# heading that stops short of it is whole, however long.
_HEADING_SLACK = 3
_MIN_LINES = 6
_MIN_WIDTH = 20


def display_width(line: str) -> int:
    """Columns the line takes: 2 for a wide (CJK) character, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _common_width(widths: list[int]) -> int:
    """The width most lines are cut at: the widest line of the most
    common 4-column band.
    Short lines (titles, headings, a paragraph's last line) say nothing about it."""
    widths = [w for w in widths if w >= _MIN_WIDTH] or widths
    buckets = Counter(w // 4 for w in widths)
    bucket, _ = max(buckets.items(), key=lambda item: (item[1], item[0]))
    return max(w for w in widths if w // 4 in (bucket, bucket + 1))


def _labelled(line: str) -> bool:
    """Whether the line starts like a heading ("一、", "（一）", "第一，")."""
    return heading_label(line) is not None or ordinal_label(line) is not None


def looks_hard_wrapped(text: str) -> bool:
    """Whether most lines are cut at one width in mid-sentence, as a PDF copy is.

    Headings say nothing about it: a text of short paragraphs under many headings is still
    judged by its paragraphs' lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < _MIN_LINES:
        return False
    lines = [line for line in lines if not _labelled(line)] or lines
    widths = [display_width(line) for line in lines]
    width = _common_width(widths)
    if width < _MIN_WIDTH:
        return False
    full = [line for line, w in zip(lines, widths, strict=True) if w >= width * _FULL]
    cut = [line for line in full if line[-1] not in _CLOSERS]
    return len(full) >= len(lines) * 0.5 and len(cut) >= len(full) * 0.6


def _joint(left: str, right: str) -> str:
    """What goes between two joined pieces: a space between two Latin words, else nothing."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalpha():
        return " "
    return ""


def _starts_block(raw: str, before: str) -> bool:
    """Whether ``raw`` starts a block of its own after the full line ``before``: it is
    indented, starts like a heading, or is an ordinal ("第二，") after a finished sentence
    (after "；" or mid-sentence it is an inline point the cut happened to land before)."""
    line = raw.strip()
    if _INDENT.match(raw) is not None or heading_label(line) is not None:
        return True
    return ordinal_label(line) is not None and _SENTENCE_DONE.search(before) is not None


def _first_line_width(lines: list[str], widths: list[int], full_width: float) -> int | None:
    """How wide a paragraph's first line is cut: the common width, or less when the PDF
    indented it and the copy lost the indent. The median of the full lines that follow a
    short line (which ended a paragraph); None with too few of them to tell."""
    samples = sorted(
        widths[i]
        for i in range(1, len(lines))
        if widths[i] >= full_width and widths[i - 1] < full_width and not _labelled(lines[i])
    )
    return samples[len(samples) // 2] if len(samples) >= 3 else None


def rejoin_lines(text: str) -> str:
    """Join every full-width line to the line after it, unless that one starts a heading or
    is indented as a new paragraph."""
    lines = text.splitlines()
    stripped = [line.strip() for line in lines]
    widths = [display_width(line) for line in stripped if line]
    if not widths:
        return text
    common = _common_width(widths)
    full_width = common * _FULL
    present = [line for line in stripped if line]
    # Too few paragraphs to tell how wide a first line is: any full line may be one.
    first_width = _first_line_width(present, widths, full_width)
    heading_width = max(full_width, min(first_width or 0, common) - _HEADING_SLACK)
    # The PDF indented each paragraph and the copy lost the indent: a line as wide as a first
    # line after a finished sentence starts a paragraph, even when the one before is full.
    indent_lost = first_width is not None and first_width <= common - 4
    out: list[str] = []
    joining = False
    for raw, line in zip(lines, stripped, strict=True):
        if not line:
            out.append(raw)
            joining = False
            continue
        # "同志们：" right under the title is a salutation, not the rest of a sentence.
        salutation = len(out) <= 2 and is_salutation(line)
        width = display_width(line)
        starts = not joining or _starts_block(raw, out[-1]) or salutation
        if not starts and indent_lost and _SENTENCE_DONE.search(out[-1]):
            # A comma may hang past the margin; a line ending its sentence there is more
            # likely the paragraph's last.
            hangs = width == first_width + 2 and line[-1] in _HANGING
            starts = first_width - 2 <= width <= first_width + 1 or hangs
        if starts:
            out.append(raw.rstrip())
        else:
            out[-1] = out[-1] + _joint(out[-1], line) + line
        # A full line continues on the next even after a 。: a cut lands after a sentence end
        # far more often than a paragraph ends exactly at the margin.
        # The first line is the title, centred on its own in any PDF.
        # A heading line continues only when it fills its line (a long heading cut in two);
        # one that ends its sentence ("（二）项目引资提速。") stands alone however long.
        if starts and _labelled(line) and not _RUN_IN.search(line[:-1]):
            joining = width >= heading_width and line[-1] not in _CLOSERS
        else:
            joining = width >= full_width
        joining = joining and len(out) > 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def prepare_text(text: str, *, rejoin: bool = False) -> tuple[str, bool]:
    """The text to store and parse, and whether it was re-joined: always when ``rejoin``
    (the writer asked), else only when it :func:`looks_hard_wrapped`."""
    if rejoin or looks_hard_wrapped(text):
        joined = rejoin_lines(text)
        return joined, joined != text
    return text, False
