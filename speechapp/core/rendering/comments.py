"""Word comments in the review copy: a comment on a blank spans the blank's value, a comment on
a sentence spans the sentence around it (commentRangeStart/End, commentReference in the text;
the comments in word/comments.xml), which Word, WPS and LibreOffice show in the margin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from speechapp.core.model import SENTENCE_END

COMMENTS_PART = "word/comments.xml"
COMMENTS_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class DocComment:
    """A comment as the file shows it: on blank ``slot_id`` (or its sentence), by ``author``
    at ``date`` (ISO 8601, UTC; "" for none), its text and each reply a paragraph."""

    id: int
    slot_id: str
    sentence: bool
    author: str
    initials: str
    date: str
    paragraphs: tuple[str, ...]


def comment_bounds(texts: Sequence[tuple[str, str | None]], comments: Iterable[DocComment]):
    """Where each comment starts and ends in a paragraph of pieces (text, slot id or None):
    {character offset: [("end" | "start", id), ...]}, the ends at an offset before the
    starts. A comment whose blank is not in the paragraph is not in it."""
    text = "".join(t for t, _slot in texts)
    spans: dict[str, tuple[int, int]] = {}
    position = 0
    for piece, slot_id in texts:
        if slot_id is not None and slot_id not in spans:
            spans[slot_id] = (position, position + len(piece))
        position += len(piece)
    bounds: dict[int, list[tuple[str, int]]] = {}
    for comment in comments:
        if comment.slot_id not in spans:
            continue
        start, end = spans[comment.slot_id]
        if comment.sentence:
            start, end = _sentence_around(text, start, end)
        bounds.setdefault(start, []).append(("start", comment.id))
        bounds.setdefault(end, []).append(("end", comment.id))
    for marks in bounds.values():
        marks.sort(key=lambda mark: mark[0] != "end")
    return bounds


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: after the mark ending the one before it, up to
    and with its own mark."""
    before = max((text.rfind(mark, 0, start) for mark in SENTENCE_END), default=-1)
    after = [i for i in (text.find(mark, end) for mark in SENTENCE_END) if i >= 0]
    return before + 1, (min(after) + 1 if after else len(text))


def mark_xml(kind: str, comment_id: int) -> str:
    """The marks in the document's text: the range's start, or its end with the reference."""
    if kind == "start":
        return f'<w:commentRangeStart w:id="{comment_id}"/>'
    return (
        f'<w:commentRangeEnd w:id="{comment_id}"/>'
        f'<w:r><w:commentReference w:id="{comment_id}"/></w:r>'
    )


def comments_part(comments: Iterable[DocComment]) -> bytes:
    """word/comments.xml with ``comments``."""
    items = []
    for comment in comments:
        paragraphs = "".join(
            f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
            for text in comment.paragraphs
        )
        date = f" w:date={quoteattr(comment.date)}" if comment.date else ""  # optional
        items.append(
            f'<w:comment w:id="{comment.id}" w:author={quoteattr(comment.author)}{date} '
            f"w:initials={quoteattr(comment.initials)}>{paragraphs}</w:comment>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:comments xmlns:w="{_W}">{"".join(items)}</w:comments>'
    )
    return xml.encode()


def with_comments_part(parts: dict[str, bytes], comments: Sequence[DocComment]) -> None:
    """Add word/comments.xml to a package's ``parts``, with its relationship and type."""
    if not comments:
        return
    parts[COMMENTS_PART] = comments_part(comments)
    rels = "word/_rels/document.xml.rels"
    relationship = (
        f'<Relationship Id="rIdComments" Type="{COMMENTS_REL_TYPE}" Target="comments.xml"/>'
    )
    parts[rels] = parts[rels].replace(
        b"</Relationships>", relationship.encode() + b"</Relationships>"
    )
    override = f'<Override PartName="/{COMMENTS_PART}" ContentType="{COMMENTS_CONTENT_TYPE}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", override.encode() + b"</Types>"
    )
