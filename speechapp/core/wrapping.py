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

from .parsing import heading_label, is_salutation

# A line ending in one of these closes its paragraph.
_CLOSERS = "。！？；：!?;:」』”’）)】"
# A line indented as a new paragraph, or starting like a heading (parsing.heading_label),
# starts a block of its own. Points (一是, 首先) do not: they run on inside a paragraph, so a
# cut may fall right before one.
_INDENT = re.compile(r"^[\s\u3000]{2,}")
# A line is "full" when it reaches this share of the text's common width.
_FULL = 0.85
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


def looks_hard_wrapped(text: str) -> bool:
    """Whether most lines are cut at one width in mid-sentence, as a PDF copy is."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < _MIN_LINES:
        return False
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


def _starts_block(raw: str) -> bool:
    return _INDENT.match(raw) is not None or heading_label(raw.strip()) is not None


def rejoin_lines(text: str) -> str:
    """Join every full-width line to the line after it, unless that one starts a heading or
    is indented as a new paragraph."""
    lines = text.splitlines()
    stripped = [line.strip() for line in lines]
    widths = [display_width(line) for line in stripped if line]
    if not widths:
        return text
    full_width = _common_width(widths) * _FULL
    out: list[str] = []
    joining = False
    for raw, line in zip(lines, stripped, strict=True):
        if not line:
            out.append(raw)
            joining = False
            continue
        # "同志们：" right under the title is a salutation, not the rest of a sentence.
        salutation = len(out) <= 2 and is_salutation(line)
        if joining and not _starts_block(raw) and not salutation:
            out[-1] = out[-1] + _joint(out[-1], line) + line
        else:
            out.append(raw.rstrip())
        # A full line continues on the next even after a 。: a cut lands after a sentence end
        # far more often than a paragraph ends exactly at the margin.
        # The first line is the title, centred on its own in any PDF.
        # A heading that ends its sentence ("（二）项目引资提速。") stands alone however long.
        heading_done = heading_label(line) is not None and line[-1] in _CLOSERS
        joining = len(out) > 1 and display_width(line) >= full_width and not heading_done
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def prepare_text(text: str, *, rejoin: bool = False) -> tuple[str, bool]:
    """The text to store and parse, and whether it was re-joined: always when ``rejoin``
    (the writer asked), else only when it :func:`looks_hard_wrapped`."""
    if rejoin or looks_hard_wrapped(text):
        joined = rejoin_lines(text)
        return joined, joined != text
    return text, False
