"""The speech's title: the one rule for what it prints (the page, a file's metadata and name)
and what a draft is called.

A draft is named after its template's title line as written, marks and all ("在20XX年…的讲话");
a copy adds a bracketed note ("…（下期）"), and so may the writer ("…（第二稿）"). Such a name
is no title of the writer's own: the speech prints the title line with its values, like any
other line, and the note stays in the name only. Any other title (``RenderOptions.title``) is
the writer's own and prints as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from speechapp.core.model import BlockKind, Speech
from speechapp.core.rendering import RenderOptions, Segment, block_segments

# Bracketed notes after the title line: "（下期）", " (copy)", "（副本）（下期）".
_NOTES = re.compile(r"(?:\s*[（(][^（）()]*[）)])*\s*")


def title_note(speech: Speech, title: str | None) -> str | None:
    """What ``title`` adds to the speech's title line as written: "" for the line itself (or
    no title), the bracketed notes after it ("（下期）"); None for a title of the writer's own."""
    title = (title or "").strip()
    line = speech.title.strip()
    if not title:
        return ""
    if not line or not title.startswith(line):
        return None
    rest = title[len(line) :]
    return rest.rstrip() if _NOTES.fullmatch(rest) else None


def own_title(speech: Speech, options: RenderOptions) -> str | None:
    """The writer's own title, printed as written; None when the speech prints its title line
    with the values (see title_note)."""
    if title_note(speech, options.title) is not None:
        return None
    return (options.title or "").strip()


def title_segments(
    speech: Speech, values: Mapping[str, str], options: RenderOptions
) -> list[Segment]:
    """The title as printed, in segments: the writer's own title as one segment, else the
    title line with its values, an open blank printed as in the body (the draft copy).

    The page (layout.title_lines), the file's metadata and its name (printed_title) all
    follow it."""
    own = own_title(speech, options)
    if own is not None:
        return [Segment(own)]
    title_block = next((b for b in speech.blocks if b.kind is BlockKind.TITLE), None)
    if title_block is None:
        return []
    # The title has its own face and size: no bold inside it (the podium copy's figures).
    return [replace(s, bold=False) for s in block_segments(speech, title_block, values, options)]


def printed_title(
    speech: Speech,
    values: Mapping[str, str],
    options: RenderOptions,
    *,
    open_blank: str | None = None,
) -> str:
    """The title as one line of text: a DOCX's and a PDF's document title, a file name.

    Review marks (〔沿用〕) are left out; ``open_blank`` replaces each blank still open (a
    file name must not carry a blank's mark)."""
    parts = []
    for segment in title_segments(speech, values, options):
        if segment.carried and segment.slot_id is None:
            continue  # the review copy's mark after a carried value
        parts.append(open_blank if segment.missing and open_blank is not None else segment.text)
    return "".join(parts).strip()


def title_name(
    speech: Speech,
    values: Mapping[str, str],
    options: RenderOptions,
    *,
    open_blank: str | None = None,
) -> str:
    """What a draft named ``options.title`` is called in lists, page headings and file names:
    its printed title, followed by the notes of its name ("在2025年…的讲话（下期）")."""
    printed = printed_title(speech, values, options, open_blank=open_blank)
    note = title_note(speech, options.title)
    if not printed:  # no title line
        return (options.title or "").strip()
    return printed + (note or "")
