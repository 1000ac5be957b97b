"""What changed in a draft: the speech with its changed values marked and the list of changed
blanks, between two points of its history, since 上期, or since the reader last looked; and
the same as a Word document with tracked changes."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.core.rendering.docx_changes import render_tracked_docx
from speechapp.core.rendering.host_slots import NoSlotError
from speechapp.core.rendering.html import render_changes
from speechapp.drafts.bounded_work import request_deadline, run_bounded
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, Draft
from speechapp.drafts.parsed import parsed_speech
from speechapp.drafts.titles import file_title, printable
from speechapp.filling import changes
from speechapp.filling.options import render_options

EARLIER, SEEN = "earlier", "seen"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CompareForm(forms.Form):
    """``since``: a revision, "earlier" (上期) or "seen" (what I last looked at); ``until``:
    a revision (default: now)."""

    since = forms.RegexField(regex=r"^(?:-?\d{1,18}|earlier|seen)$", required=False)
    until = forms.IntegerField(required=False, min_value=0, max_value=10**18)


class NoComparison(Exception):
    """The request names nothing to compare: the message says why."""

    def __init__(self, message: str, since: int | None = None):
        super().__init__(message)
        self.since = since  # a redirect to this point instead, when there is one


def _comparison(request, draft: Draft, seen: int | None) -> changes.Comparison:
    """The comparison the query asks for (``seen``: the revision the reader last looked at);
    raises NoComparison with a message."""
    form = CompareForm(request.GET)
    if not form.is_valid():
        raise NoComparison(_("没有这个版本，已显示全部修改"))
    since = form.cleaned_data["since"]
    if since == SEEN or (not since and seen is not None and seen < draft.revision):
        # A fixed point, so that the page reads the same when reloaded.
        if seen is None:
            raise NoComparison(_("你还没有看过这份讲话稿，已显示全部修改"))
        raise NoComparison("", since=seen)
    if not since:
        since = EARLIER if draft.earlier else "0"
    if since == EARLIER:
        comparison = changes.draft_changes_since_earlier(draft)
        if comparison is None:
            raise NoComparison(_("这份讲话稿没有上期，已显示全部修改"))
        return comparison
    until = form.cleaned_data["until"]
    until = draft.revision if until is None else min(until, draft.revision)
    return changes.draft_changes(draft, min(max(int(since), 0), draft.revision), until)


def _redirect(request, draft: Draft, exc: NoComparison):
    if str(exc):
        messages.info(request, str(exc))
    target = reverse("draft_compare", args=[draft.pk])
    return redirect(target + (f"?since={exc.since}" if exc.since is not None else "?since=0"))


@require_GET
def draft_compare(request, pk: int):
    draft = draft_for(request, pk, Access.READ)
    seen = changes.draft_seen_revision(draft, request.user)
    try:
        comparison = _comparison(request, draft, seen)
    except NoComparison as exc:
        return _redirect(request, draft, exc)
    changes.draft_mark_seen(draft=draft, user=request.user, revision=comparison.until)
    options = render_options(draft, draft_copy=True)
    since = EARLIER if comparison.since is None else comparison.since
    query = f"?since={since}&until={comparison.until}"
    context = {
        "draft": draft,
        "comparison": comparison,
        "text": mark_safe(  # render_changes escapes every text it prints
            render_changes(draft.speech, comparison.values, options, comparison.changes)
        ),
        "points": changes.history_points(draft),
        "seen": seen,
        "since": str(since),
        "docx_url": reverse("draft_compare_docx", args=[draft.pk]) + query,
    }
    return render(request, "drafts/compare.html", context)


@require_GET
def draft_compare_docx(request, pk: int):
    """The compared text as a Word document, each changed value a tracked change."""
    draft = draft_for(request, pk, Access.READ)
    try:
        comparison = _comparison(request, draft, changes.draft_seen_revision(draft, request.user))
    except NoComparison as exc:
        return _redirect(request, draft, exc)
    speech = parsed_speech(printable(draft.source_text), draft.tokens, draft.overrides)
    options = replace(render_options(draft, draft_copy=True), page_mark=_("修订稿"))
    try:
        content = run_bounded(
            render_tracked_docx,
            speech,
            comparison.values,
            options,
            comparison.changes,
            deadline=request_deadline(),
        )
    except (RenderLimitError, NoSlotError) as exc:
        if isinstance(exc, NoSlotError):
            messages.error(request, _("服务器正忙，修订稿还没有生成：请过一会儿再下载"))
        else:
            messages.error(request, _("生成 Word 超出了时间或内存上限，请稍后再试"))
        return redirect(reverse("draft_compare", args=[draft.pk]) + f"?{request.GET.urlencode()}")
    response = HttpResponse(content, content_type=DOCX_TYPE)
    filename = f"{file_title(draft)}{_('（修订）')}.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
