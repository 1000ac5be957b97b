"""The finished files of a draft: its render options, the cached and bounded render, the
file names. Writes nothing to the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from speechapp.core.leftovers import Leftover
from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import Layout, PageNumbers, RenderOptions
from speechapp.core.text import strip_control_chars
from speechapp.drafts import outputs, selectors, titles
from speechapp.drafts.models import Draft


def speech_date(day: date) -> str:
    """The date as the speech prints it under the title: "2024年7月15日"."""
    # Translators: printed inside the Chinese speech, whatever the language of the pages.
    text = pgettext("date printed in the speech", "%(year)s年%(month)s月%(day)s日")
    return text % {"year": day.year, "month": day.month, "day": day.day}


def _printable(text: str) -> str:
    """Stored text without control characters, which a .docx cannot hold.

    Inputs refuse them; this keeps a draft stored before that (or written around the forms)
    downloadable.
    """
    return strip_control_chars(text)[0]


# The mark on every page of a copy that is not the final one. Part of the speech, which is
# Chinese whatever the UI language: not translated.
DRAFT_MARK, REVIEW_MARK = "草稿", "审校稿"


def copy_kind(*, draft_copy: bool, review: bool) -> str:
    """The page mark of the copy asked for: "草稿", "审校稿", or "" for the final copy."""
    return DRAFT_MARK if draft_copy else REVIEW_MARK if review else ""


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
    leftovers = selectors.draft_leftovers(draft)
    if leftovers:
        raise LeftoversError(leftovers)


def is_finished_copy(*, draft_copy: bool, review: bool) -> bool:
    """The copy that goes to the leader: not the draft copy, not the review copy."""
    return not draft_copy and not review


def render_options(
    draft: Draft,
    *,
    draft_copy: bool = False,
    review: bool = False,
    layout: Layout = Layout.OFFICIAL,
    carried: Collection[str] = (),
):
    """``carried``: the blanks whose value was taken from 上期 and not yet confirmed; only the
    review copy marks them. The draft and review copies highlight the leftovers."""
    marked = () if is_finished_copy(draft_copy=draft_copy, review=review) else _spans(draft)
    return RenderOptions(
        leftovers=marked,
        page_mark=copy_kind(draft_copy=draft_copy, review=review),
        allow_unfilled=draft_copy,
        review_marks=review,
        bold_points=draft.bold_points,
        page_numbers=PageNumbers(draft.page_numbers),
        title=_printable(draft.title) or None,
        speaker=_printable(draft.speaker),
        meeting=_printable(draft.meeting),
        date=speech_date(draft.speech_date) if draft.speech_date else "",
        fonts_dir=settings.SPEECHAPP_FONTS_DIR,
        slim_fonts_dir=settings.SPEECHAPP_SLIM_FONTS_DIR,
        layout=layout,
        carried=tuple(sorted(carried)) if review else (),
    )


def _spans(draft: Draft) -> tuple[tuple[int, int, int], ...]:
    return tuple((x.block, x.start, x.end) for x in selectors.draft_leftovers(draft))


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str


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


def draft_render(
    *,
    draft: Draft,
    fmt: str,
    draft_copy: bool = False,
    review: bool = False,
    layout: Layout = Layout.OFFICIAL,
) -> RenderedFile:
    """The speech as DOCX or PDF; raises MissingSlotsError unless ``draft_copy``,
    LeftoversError for a finished copy (check_finished), and RenderLimitError when the render
    goes past its time or memory bound.

    The podium copy (``Layout.PODIUM``) is a finished speech's only: never a draft copy.

    Identical content is served from the cache, keyed by a hash of everything that shapes
    the file; a render of the same file in flight elsewhere is waited for, not repeated.
    """
    from speechapp.core.rendering.docx import render_docx
    from speechapp.core.rendering.pdf import render_pdf

    speech = parse_speech(_printable(draft.source_text), draft.tokens, draft.overrides)
    stored = selectors.stored_values(draft)
    values = {i: _printable(value) for i, value in stored.printed.items()}
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
    )
    renderer = {"docx": render_docx, "pdf": render_pdf}[fmt]
    key_material = json.dumps(
        [
            outputs.code_fingerprint(),
            outputs.font_fingerprint(options.fonts_dir, options.slim_fonts_dir),
            fmt,
            draft.source_text,
            draft.tokens,
            draft.overrides,
            values,
            repr(options),
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    key = "render:" + hashlib.sha256(key_material.encode()).hexdigest()
    content = outputs.cached_render(
        key, lambda: outputs.bounded_render(renderer, speech, values, options)
    )
    suffix = _file_suffix(options)
    return RenderedFile(
        content=content,
        filename=f"{file_title(draft, speech, values)}{suffix}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def file_title(draft: Draft, speech=None, printed=None) -> str:
    """A file's name before its suffix: the draft's name, an open blank of its title as
    "…", never a mark (titles.draft_title)."""
    return safe_filename(titles.draft_title(draft, speech=speech, printed=printed).file_name)


def safe_filename(title: str) -> str:
    cleaned = "".join("_" if ch in '\\/:*?"<>|\r\n\t' else ch for ch in title).strip(" .")
    return cleaned[:80] or _("讲话稿")
