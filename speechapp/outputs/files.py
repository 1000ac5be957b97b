"""The finished files of a draft: the last look before a finished copy, the cached and bounded
render, the file name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from speechapp.core.leftovers import Leftover
from speechapp.core.rendering import Layout, RenderOptions, check_complete
from speechapp.drafts.bounded_work import request_deadline, run_bounded
from speechapp.drafts.models import Draft
from speechapp.drafts.parsed import parsed_speech
from speechapp.drafts.titles import file_title, printable
from speechapp.filling.leftovers import draft_leftovers
from speechapp.filling.options import DRAFT_MARK, REVIEW_MARK, is_finished_copy, render_options
from speechapp.filling.stored import stored_values
from speechapp.outputs import frozen, render_cache
from speechapp.review.comments import doc_comments, doc_notes


class LeftoversError(ValueError):
    """A finished copy was asked for while text still looks like a blank (core.leftovers)."""

    def __init__(self, leftovers: tuple[Leftover, ...]):
        self.leftovers = leftovers
        super().__init__(f"{len(leftovers)} leftovers: " + ", ".join(x.key for x in leftovers))


def check_finished(draft: Draft) -> None:
    """The one check every finished copy (official and podium, DOCX and PDF, downloaded or
    rendered ahead) passes: nothing in the text still looks like a blank unless the writer
    confirmed it as text. Raises LeftoversError. (Open blanks are the renderer's check:
    MissingSlotsError.)"""
    found = draft_leftovers(draft)
    if found:
        raise LeftoversError(found)


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str
    source: str = render_cache.RENDERED  # render_cache.HIT, WAITED or RENDERED, or KEPT


# A 定稿 draft's official file, kept when it was frozen (outputs.frozen): never rendered again.
KEPT = "kept"


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _file_suffix(options: RenderOptions) -> str:
    """What the file name adds to the title: a draft or review copy, and the podium copy,
    say so."""
    marked = {DRAFT_MARK: _("（草稿）"), REVIEW_MARK: _("（审校稿）")}.get(options.page_mark)
    if marked:
        return marked
    if options.layout is Layout.PODIUM:
        return _("（讲台版）")
    return ""


def _review_comments(draft: Draft, stored) -> tuple:
    threads = doc_comments(draft)
    return threads + doc_notes(stored.notes, stored.printed, len(threads))


def draft_render(
    *,
    draft: Draft,
    fmt: str,
    draft_copy: bool = False,
    review: bool = False,
    layout: Layout = Layout.OFFICIAL,
    version: str = "",
    ask_worker: Callable[[str], None] | None = None,
    wait: bool = True,
    in_request: bool = True,
) -> RenderedFile:
    """The speech as DOCX or PDF; raises MissingSlotsError unless ``draft_copy``,
    LeftoversError for a finished copy (check_finished), and RenderLimitError when the render
    goes past its time or memory bound.

    The podium copy (``Layout.PODIUM``) is a finished speech's only: never a draft copy.

    Identical content is served from the cache, keyed by a hash of everything that shapes
    the file; a render of the same file in flight elsewhere is waited for, not repeated.
    With ``ask_worker`` (a web process beside render workers) nothing is rendered here:
    ``ask_worker(key)`` queues the render and the file is waited for in the shared cache
    (render_cache.wait_for_worker; ``wait=False``: only looked up), else RenderBusyError.
    Rendered here, the waits for a render of the same file in flight and for a render slot,
    and the render, fit in the request's budget (bounded_work.request_deadline), else
    RenderBusyError; ``in_request=False`` (a background job): the render's own bounds only.

    A 定稿 draft's official DOCX and PDF are the files kept when it was frozen
    (outputs.frozen), byte for byte, whatever the code or fonts do since; its review copy
    says its version and their SHA-256 on every page. ``version``: written into the file's
    properties (outputs.frozen renders with it).
    """
    kept = frozen.frozen_file(draft, fmt) if layout is Layout.OFFICIAL else None
    if kept is not None and is_finished_copy(draft_copy=draft_copy, review=review):
        return RenderedFile(bytes(kept.content), kept.filename, CONTENT_TYPES[fmt], KEPT)
    footer_note = frozen.review_note(draft) if review and not draft_copy else ""
    if footer_note:
        version = frozen.version_label(draft)
    from speechapp.core.rendering.docx import render_docx
    from speechapp.core.rendering.pdf import render_pdf

    speech = parsed_speech(printable(draft.source_text), draft.tokens, draft.overrides)
    stored = stored_values(draft)
    values = {i: printable(value) for i, value in stored.printed.items()}
    if layout is not Layout.OFFICIAL:
        draft_copy = False
    if is_finished_copy(draft_copy=draft_copy, review=review):
        check_finished(draft)
    options = render_options(
        draft,
        draft_copy=draft_copy,
        review=review,
        layout=layout,
        carried=stored.carried & values.keys(),
        version=version,
        footer_note=footer_note,
        # The review copy's Word comments (DOCX only): the open threads, then the 备注 and
        # 来源/口径 kept with the values.
        comments=_review_comments(draft, stored) if review and fmt == "docx" else (),
    )
    renderer = {"docx": render_docx, "pdf": render_pdf}[fmt]
    key = render_cache.render_key(
        fmt, (draft.source_text, draft.tokens, draft.overrides), values, options
    )
    if ask_worker is None:
        content, source = render_cache.fetch_render(
            key,
            lambda deadline: run_bounded(renderer, speech, values, options, deadline=deadline),
            deadline=request_deadline() if in_request else None,
        )
    else:
        check_complete(speech, values, options)  # the renderer's own check, before queueing
        content, source = render_cache.wait_for_worker(key, lambda: ask_worker(key), wait=wait)
    suffix = _file_suffix(options)
    return RenderedFile(
        content=content,
        filename=f"{file_title(draft, speech, values)}{suffix}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
        source=source,
    )
