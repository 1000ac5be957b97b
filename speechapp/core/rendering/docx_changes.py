"""The speech as a Word document whose changed values are Word's tracked changes.

The same document as docx.render_docx writes (its frame, styles and paragraphs), but each
changed blank prints its old value as a tracked deletion (w:del) and its new one as a tracked
insertion (w:ins), each with the author and date of the change: a reviewer in Word (or WPS,
or LibreOffice) sees them in the margin and accepts or rejects them one by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC
from functools import partial
from xml.sax.saxutils import quoteattr

from speechapp.core.changes import Change
from speechapp.core.model import Speech
from speechapp.core.rendering import RenderOptions, Segment
from speechapp.core.rendering.docx import Writer, text_xml, write_docx

# A change whose author is not known: Word shows every revision with an author.
UNKNOWN_AUTHOR = "—"


class TrackedWriter(Writer):
    """Writes each blank of ``changes`` as a tracked deletion of its old value and a tracked
    insertion of its new one; an open blank stays the highlighted mark of the draft copy."""

    def __init__(
        self, style_ids: Mapping[str, str], options: RenderOptions, changes: Mapping[str, Change]
    ):
        super().__init__(style_ids, options)
        self.changes = changes
        self.revision_id = 0  # each w:ins and w:del of the document has its own w:id

    def mark(self, tag: str, change: Change, runs: str) -> str:
        self.revision_id += 1
        attrs = f' w:id="{self.revision_id}" w:author={quoteattr(change.author or UNKNOWN_AUTHOR)}'
        if change.when is not None:
            attrs += f' w:date="{change.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}"'
        return f"<{tag}{attrs}>{runs}</{tag}>"

    def runs(self, segments: list[Segment], char_style: str | None = None) -> str:
        parts = []
        for segment in segments:
            change = self.changes.get(segment.slot_id) if segment.slot_id else None
            if change is None:
                parts.append(self.run(segment, char_style))
                continue
            if change.old:
                old = replace(segment, text=change.old, missing=False)
                deleted = self.run_props(old, char_style) + text_xml(change.old, "w:delText")
                parts.append(self.mark("w:del", change, f"<w:r>{deleted}</w:r>"))
            if segment.missing:
                parts.append(self.run(segment, char_style))
            else:
                parts.append(self.mark("w:ins", change, self.run(segment, char_style)))
        return "".join(parts)


def render_tracked_docx(
    speech: Speech, values: Mapping[str, str], options: RenderOptions, changes: Mapping[str, Change]
) -> bytes:
    """The speech as ``values`` print it, each blank of ``changes`` a tracked change from its
    old value; never refused for open blanks (they print as the draft copy's mark). It opens
    with Word's 修订 on, so what the reviewer changes is tracked too."""
    writer = partial(TrackedWriter, changes=changes)
    return write_docx(speech, values, options, writer, track_revisions=True)
