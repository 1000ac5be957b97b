"""Comments on a blank or on the sentence around it: a 审核 reviewer, an editor or the owner
writes one, anyone of them replies, the writer (or the comment's author) resolves it. Read by
the fill page (beside the field), the download page (the open ones), the lists (a count) and
the review copy DOCX (as Word comments, core.rendering.comments)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from speechapp.core.rendering.comments import DocComment
from speechapp.drafts import locks
from speechapp.drafts.access import may_comment, may_resolve_comment
from speechapp.drafts.models import Access, Comment, Draft


def refuse_comment(draft: Draft, access: Access | None) -> None:
    """Why a comment may not be written: DraftLocked for a 定稿 draft (the message says so),
    else PermissionDenied (a reader)."""
    if access is not None and access.can_comment:
        locks.refuse(draft)
    raise PermissionDenied


@transaction.atomic
def comment_add(
    *, draft: Draft, author, access: Access | None, slot_id: str, text: str, sentence: bool
) -> Comment:
    """A new comment on blank ``slot_id`` (``sentence``: on the sentence around it).

    Raises PermissionDenied for a reader, ValidationError for a blank the draft does not
    have or an empty text."""
    if not may_comment(draft, access):
        refuse_comment(draft, access)
    slot = next((s for s in draft.speech.slots if s.id == slot_id), None)
    if slot is None:
        raise ValidationError(_("这份讲话稿没有这个空"), code="no_slot")
    text = _checked_text(text)
    quote = f"{slot.before}{slot.token}{slot.after}".strip()[:500] if sentence else ""
    return Comment.objects.create(
        draft=draft, author=author, slot_id=slot_id, quote=quote, text=text
    )


@transaction.atomic
def comment_reply(*, comment: Comment, author, access: Access | None, text: str) -> Comment:
    if not may_comment(comment.draft, access):
        refuse_comment(comment.draft, access)
    thread = comment.parent or comment
    return Comment.objects.create(
        draft=thread.draft,
        parent=thread,
        author=author,
        slot_id=thread.slot_id,
        text=_checked_text(text),
    )


@transaction.atomic
def comment_resolve(*, comment: Comment, user, access: Access | None, resolved: bool) -> int:
    """Mark a thread resolved (or open again); returns 1 if it changed, 0 if it already was
    (a second click). Only the writer (an editor, the owner) or its author resolves."""
    if not may_resolve_comment(comment, user, access):
        raise PermissionDenied
    rows = Comment.objects.filter(pk=comment.pk, resolved_at__isnull=resolved)
    if resolved:
        return rows.update(resolved_at=timezone.now(), resolved_by=user)
    return rows.update(resolved_at=None, resolved_by=None)


def _checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("请写下批注的内容"), code="empty")
    return text


def draft_comments(draft: Draft) -> QuerySet[Comment]:
    """The draft's threads (not replies), oldest first, with their replies and authors."""
    return (
        draft.comments.filter(parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related("replies__author")
    )


def open_comments(draft: Draft) -> list[Comment]:
    return [c for c in draft_comments(draft) if c.resolved_at is None]


def comments_by_slot(draft: Draft) -> Mapping[str, list[Comment]]:
    """Each blank's threads, for the fill page (one query and one for the replies)."""
    by_slot: dict[str, list[Comment]] = defaultdict(list)
    for comment in draft_comments(draft):
        by_slot[comment.slot_id].append(comment)
    return dict(by_slot)


def doc_comments(draft: Draft) -> tuple[DocComment, ...]:
    """The open threads as the review copy's Word comments: the comment, then each reply."""
    result = []
    for n, comment in enumerate(open_comments(draft)):
        paragraphs = [comment.text]
        paragraphs += [f"{_name(reply.author)}：{reply.text}" for reply in comment.replies.all()]
        name = _name(comment.author)
        result.append(
            DocComment(
                id=n,
                slot_id=comment.slot_id,
                sentence=bool(comment.quote),
                author=name,
                initials=name[:2],
                date=comment.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                paragraphs=tuple(paragraphs),
            )
        )
    return tuple(result)


def _name(user) -> str:
    return user.get_username() if user is not None else "—"


# Printed in the file whatever the UI language, like the review copy's other marks.
NOTE_AUTHOR = "备注"


def doc_notes(
    notes: Mapping[str, tuple[str, str]], printed: Mapping[str, str], first_id: int
) -> tuple[DocComment, ...]:
    """The 备注 and 来源/口径 kept with the printed values (an office's, a sheet's, the API's),
    each a Word comment on its blank in the review copy, numbered from ``first_id``."""
    result = []
    for slot_id, (note, source) in sorted(notes.items()):
        if slot_id not in printed or not (note or source):
            continue
        paragraphs = [f"备注：{note}"] if note else []
        paragraphs += [f"来源/口径：{source}"] if source else []
        result.append(
            DocComment(
                id=first_id + len(result),
                slot_id=slot_id,
                sentence=False,
                author=NOTE_AUTHOR,
                initials=NOTE_AUTHOR,
                date="",
                paragraphs=tuple(paragraphs),
            )
        )
    return tuple(result)
