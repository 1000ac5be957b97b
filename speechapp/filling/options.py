"""How a draft prints: its render options (the copy asked for, its details, the marks of a draft or
review copy), shared by the preview and the files."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.conf import settings
from django.utils.translation import pgettext

from speechapp.core.rendering import Layout, PageNumbers, RenderOptions
from speechapp.drafts.models import Draft
from speechapp.drafts.titles import printable
from speechapp.filling.leftovers import draft_leftovers


def speech_date(day: date) -> str:
    """The date as the speech prints it under the title: "2024年7月15日"."""
    # Translators: printed inside the Chinese speech, whatever the language of the pages.
    text = pgettext("date printed in the speech", "%(year)s年%(month)s月%(day)s日")
    return text % {"year": day.year, "month": day.month, "day": day.day}


# The mark on every page of a copy that is not the final one. Part of the speech, which is
# Chinese whatever the UI language: not translated.
DRAFT_MARK, REVIEW_MARK = "草稿", "审校稿"


def copy_kind(*, draft_copy: bool, review: bool) -> str:
    """The page mark of the copy asked for: "草稿", "审校稿", or "" for the final copy."""
    return DRAFT_MARK if draft_copy else REVIEW_MARK if review else ""


def render_options(
    draft: Draft,
    *,
    draft_copy: bool = False,
    review: bool = False,
    layout: Layout = Layout.OFFICIAL,
    carried: Collection[str] = (),
    version: str = "",
    footer_note: str = "",
    comments: tuple = (),
):
    """``carried``: the blanks whose value was taken from 上期 and not yet confirmed; only the
    review copy marks them. The draft and review copies highlight the leftovers."""
    marked = () if is_finished_copy(draft_copy=draft_copy, review=review) else leftover_spans(draft)
    return RenderOptions(
        leftovers=marked,
        page_mark=copy_kind(draft_copy=draft_copy, review=review),
        allow_unfilled=draft_copy,
        review_marks=review,
        bold_points=draft.bold_points,
        page_numbers=PageNumbers(draft.page_numbers),
        title=printable(draft.title) or None,
        speaker=printable(draft.speaker),
        meeting=printable(draft.meeting),
        date=speech_date(draft.speech_date) if draft.speech_date else "",
        fonts_dir=settings.SPEECHAPP_FONTS_DIR,
        slim_fonts_dir=settings.SPEECHAPP_SLIM_FONTS_DIR,
        layout=layout,
        carried=tuple(sorted(carried)) if review else (),
        version=version,
        footer_note=footer_note if review else "",
        comments=comments if review else (),
    )


def is_finished_copy(*, draft_copy: bool, review: bool) -> bool:
    """The copy that goes to the leader: not the draft copy, not the review copy."""
    return not draft_copy and not review


def leftover_spans(draft: Draft) -> tuple[tuple[int, int, int], ...]:
    """Where the text still looks like a blank: the draft and review copies highlight it."""
    return tuple((x.block, x.start, x.end) for x in draft_leftovers(draft))
