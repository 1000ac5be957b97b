"""A draft's title: what the pages and lists call it, what its files are named, and the 标题
the writer sets on 讲话稿信息.

The rule is core's (speechapp.core.rendering.titles): a draft named after its template's
title line as written ("在20XX年…的讲话", "…（下期）" for a copy) prints that line with its
values, and is called by it, so a blank filled in the title shows in the lists, the page
headings and the file names as it does in the speech. Any other title is the writer's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from speechapp.core.model import BlockKind, Speech
from speechapp.core.parsing import parse_speech
from speechapp.core.progress import is_filled
from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.titles import printed_title, title_name, title_note
from speechapp.core.text import strip_control_chars
from speechapp.core.tokens import find_tokens
from speechapp.drafts.models import Draft, SlotValue

# An open blank of the title in a file name: a mark there would read as a blank left in a
# finished file, and "在年…" as a typo.
OPEN_BLANK_IN_FILE_NAME = "…"


@dataclass(frozen=True)
class DraftTitle:
    name: str  # lists and page headings: the printed title, an open blank as its mark
    file_name: str  # file names: every open blank as OPEN_BLANK_IN_FILE_NAME


def _printable(text: str) -> str:
    return strip_control_chars(text)[0]


def title_slot_ids(speech: Speech) -> list[str]:
    return [
        slot.id
        for block in speech.blocks
        if block.kind is BlockKind.TITLE
        for slot in speech.slots_in_block(block.index)
    ]


def draft_title(
    draft: Draft, *, speech: Speech | None = None, printed: Mapping[str, str] | None = None
) -> DraftTitle:
    """The draft's name and file name; ``printed`` (its printed values, when the caller has
    read them) saves the query a title with blanks needs."""
    speech = speech if speech is not None else draft.speech
    if printed is None:
        own = title_note(speech, draft.title) is None
        printed = {} if own else _title_values(draft, speech)
    return _title(draft.title, speech, printed)


def name_from(draft: Draft, printed: Mapping[str, str]) -> None:
    """Set ``draft.name`` from the printed values a page has already read (no query)."""
    draft.name = draft_title(draft, printed=printed).name


def with_names(drafts: Iterable[Draft]) -> list[Draft]:
    """``drafts`` with their ``name`` set, in two queries whatever their number (a list)."""
    drafts = list(drafts)
    if not drafts:
        return drafts
    speeches = {
        pk: parse_speech(text, tokens, overrides)
        for pk, text, tokens, overrides in Draft.objects.filter(
            pk__in=[d.pk for d in drafts]
        ).values_list("pk", "source_text", "tokens", "overrides")
    }
    wanted = {
        d.pk: set(title_slot_ids(speeches[d.pk]))
        for d in drafts
        if title_note(speeches[d.pk], d.title) is not None
    }
    values: dict[int, dict[str, str]] = {d.pk: {} for d in drafts}
    ids = set().union(*wanted.values())
    if ids:
        rows = SlotValue.objects.filter(
            draft_id__in=[pk for pk, slots in wanted.items() if slots], slot_id__in=ids
        ).values_list("draft_id", "slot_id", "value")
        for draft_id, slot_id, value in rows:
            if slot_id in wanted[draft_id] and is_filled(value):
                values[draft_id][slot_id] = value
    for draft in drafts:
        draft.name = _title(draft.title, speeches[draft.pk], values[draft.pk]).name
    return drafts


def _title_values(draft: Draft, speech: Speech) -> dict[str, str]:
    ids = title_slot_ids(speech)
    if not ids:
        return {}
    rows = SlotValue.objects.filter(draft=draft, slot_id__in=ids).values_list("slot_id", "value")
    return {slot_id: value for slot_id, value in rows if is_filled(value)}


def _title(title: str, speech: Speech, printed: Mapping[str, str]) -> DraftTitle:
    options = RenderOptions(title=_printable(title))
    values = {k: _printable(v) for k, v in printed.items()}
    return DraftTitle(
        name=title_name(speech, values, options),
        file_name=title_name(speech, values, options, open_blank=OPEN_BLANK_IN_FILE_NAME),
    )


def title_after_update(title: str, old: Speech, new: Speech) -> str:
    """A draft's title once it takes its template's corrected text (按模板更新): named after
    the old title line, it is named after the new one, with its notes; a title of the
    writer's own stays."""
    note = title_note(old, title)
    if note is None:
        return title
    return (new.title.strip() + note)[: Draft._meta.get_field("title").max_length]


def check_title(draft: Draft, title: str) -> str:
    """A 标题 typed on 讲话稿信息, stripped. A title of the writer's own that still holds a
    blank is refused: its mark would print as it stands."""
    title = title.strip()
    speech = draft.speech
    if title == draft.name or title_note(speech, title) is not None:
        return title
    if _named_after(title, speech, draft) is not None:
        return title
    # Read with every mark of the latest grammar, not only the template's: the title is
    # typed text, and a "（　　）" in it prints as it stands whatever the template uses.
    blanks = find_tokens(title)
    if blanks:
        raise ValidationError(
            _(
                "标题里还有空（%(blank)s）：请写上实际内容；或者清空标题，"
                "用模板的标题，在填写页填这个空。"
            ),
            code="blank_in_title",
            params={"blank": blanks[0].text},
        )
    return title


def _named_after(title: str, speech: Speech, draft: Draft) -> str | None:
    """The bracketed notes ``title`` adds to the title the speech prints now ("在2025年…的讲话
    （第二稿）"), or None when it is no such title."""
    printed = printed_title(speech, _title_values(draft, speech), RenderOptions())
    if not printed or not title.startswith(printed):
        return None
    return title_note(speech, speech.title + title[len(printed) :])


def draft_set_title(*, draft: Draft, title: str) -> None:
    """The 标题 the writer saved on 讲话稿信息 (check_title). The name shown, unchanged,
    changes nothing; an empty one goes back to the template's title line; the printed title
    with notes after it ("（第二稿）") keeps following the title line; any other is the
    writer's own, printed as written."""
    title = title.strip()
    if title == draft.name:
        return
    speech = draft.speech
    line = speech.title.strip()
    note = _named_after(title, speech, draft)
    if not title:
        title = line
    elif note is not None:
        title = line + note
    draft.title = title[: Draft._meta.get_field("title").max_length]
    draft.save(update_fields=["title", "updated_at"])
    draft.__dict__.pop("name", None)
