"""Writes: start drafts, save typed values, render the finished speech."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from speechapp.core.parsing import parse_speech
from speechapp.core.progress import missing_slots
from speechapp.core.rendering import PageNumbers, RenderOptions
from speechapp.core.tokens import DEFAULT_SPEC
from speechapp.core.values import ValueProblem

from . import outputs, selectors
from .models import Access, ChangeHow, Draft, DraftShare, SlotValue, SpeechTemplate, Variable
from .selectors import StoredValues
from .values import Checked, check_values, effective_slots


def template_create(
    *, owner, name: str, source_text: str, tokens: str = DEFAULT_SPEC
) -> SpeechTemplate:
    """A template from its text; without a name it is called by its title line."""
    speech = parse_speech(source_text, tokens)
    return SpeechTemplate.objects.create(
        owner=owner,
        name=(name.strip() or speech.title)[:200],
        source_text=source_text,
        tokens=speech.token_set,
        slot_count=len(speech.slots),
    )


def draft_start(*, owner, template: SpeechTemplate) -> Draft:
    speech = template.speech
    return Draft.objects.create(
        owner=owner,
        template=template,
        source_text=template.source_text,
        tokens=template.tokens,
        slot_count=len(speech.slots),
        title=speech.title,
    )


@dataclass(frozen=True)
class SavedValues:
    """What a save wrote: each blank's check (printed value, problem, notice), by slot id."""

    revision: int
    checks: Mapping[str, Checked]
    values: StoredValues  # the draft's values after the save
    # Blanks whose save was refused as older than the stored value (see draft_save_values).
    stale: frozenset[str] = frozenset()

    @property
    def problems(self) -> dict[str, ValueProblem]:
        return {i: c.problem for i, c in self.checks.items() if c.problem is not None}

    @property
    def notices(self) -> dict[str, str]:
        return {i: c.notice for i, c in self.checks.items() if c.notice}


def is_stale(seq: int | None, stored_seq: int | None) -> bool:
    """The save order rule: a browser save numbered below the stored one is older."""
    return seq is not None and stored_seq is not None and seq < stored_seq


@transaction.atomic
def draft_save_values(
    *,
    draft: Draft,
    raw: Mapping[str, str],
    seqs: Mapping[str, int] | None = None,
    as_text: Mapping[str, bool] | None = None,
    how: ChangeHow = ChangeHow.TYPED,
    user=None,
) -> SavedValues:
    """Store what was typed into each blank and, beside it, what the blank prints.

    The printed value is always ``check_value`` of the typed text under the blank's effective
    kind ("" when it does not fit): no caller can store another. ``as_text`` switches blanks
    to words (True) or back to the parser's kind (False) in the same write. Only the blanks
    sent are touched, so two tabs saving different fields never overwrite each other.

    Save order: an autosave carries the browser's sequence number for its field (``seqs``,
    growing with every save the writer's tabs make: the time in microseconds, kept rising
    within a tab). A save numbered below the number stored for its blank is older than what
    is stored and is refused: nothing is written for that blank and it is listed in
    ``stale``, so a request delayed in the network never overwrites a later one. A save
    without a number (full-page save, group fill, variables, "takes words", restore) always
    applies and keeps the stored number, so the field's next autosave still applies.

    History: each blank whose typed text, printed value or kind changes gets a history entry
    (SlotValue.history) with ``user``, the time and ``how``; all entries of one save share
    its revision, which is what a restore goes back to.
    """
    seqs = seqs or {}
    as_text = as_text or {}
    known = [slot for slot in draft.speech.slots if slot.id in raw]
    if not known:
        return SavedValues(draft.revision, {}, selectors.stored_values(draft))
    now = timezone.now()
    # The revision bump comes first: it locks the draft, so the kinds and sequence numbers
    # read next are the ones this save is judged against, whatever another tab does.
    Draft.objects.filter(pk=draft.pk).update(revision=F("revision") + 1, updated_at=now)
    revision = Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)
    stored = selectors.stored_values(draft)
    stale = frozenset(s.id for s in known if is_stale(seqs.get(s.id), stored.seqs.get(s.id)))
    typed = {slot.id: raw[slot.id].strip() for slot in known if slot.id not in stale}
    words = {i for i in typed if as_text.get(i, i in stored.as_text)}
    takes_words = (stored.as_text - typed.keys()) | words
    checks = check_values(effective_slots(draft.speech, takes_words), typed, stored.printed)
    rows = [
        SlotValue(
            draft=draft,
            slot_id=slot_id,
            raw=typed[slot_id],
            value=check.value,
            as_text=slot_id in words,
            revision=revision,
            seq=seqs.get(slot_id, stored.seqs.get(slot_id)),
            updated_at=now,
        )
        for slot_id, check in checks.items()
    ]
    SlotValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["draft", "slot_id"],
        update_fields=["raw", "value", "as_text", "revision", "seq", "updated_at"],
    )
    changed = [row for row in rows if _state(row) != _stored_state(stored, row.slot_id)]
    SlotValue.history.bulk_history_create(
        changed, default_user=user, default_change_reason=how, default_date=now
    )
    draft.revision = revision
    draft.updated_at = now
    after = stored.with_written(typed, {i: c.value for i, c in checks.items()}, takes_words)
    draft_edited(draft=draft, printed=after.printed)
    return SavedValues(revision, checks, after, stale)


def _state(row: SlotValue) -> tuple[str, str, bool]:
    return row.raw, row.value, row.as_text


def _stored_state(stored: StoredValues, slot_id: str) -> tuple[str, str, bool]:
    return stored.raw.get(slot_id, ""), stored.printed.get(slot_id, ""), slot_id in stored.as_text


def draft_is_complete(draft: Draft, printed: Mapping[str, str] | None = None) -> bool:
    """Every blank has a printable value: the finished speech can be rendered."""
    if printed is None:
        printed = selectors.draft_values(draft)
    return not missing_slots(draft.speech, printed)


def draft_edited(*, draft: Draft, printed: Mapping[str, str] | None = None) -> None:
    """After any edit that can change the output: render the files ahead if it is complete.

    ``printed`` is the draft's printed values when the caller has them (saves no query)."""
    outputs.prerender_soon(draft, complete=draft_is_complete(draft, printed))


def speech_date(day: date) -> str:
    """The date as the speech prints it under the title: "2024年7月15日"."""
    # Translators: printed inside the Chinese speech, whatever the language of the pages.
    text = pgettext("date printed in the speech", "%(year)s年%(month)s月%(day)s日")
    return text % {"year": day.year, "month": day.month, "day": day.day}


def render_options(draft: Draft, *, draft_copy: bool = False, review: bool = False):
    return RenderOptions(
        allow_unfilled=draft_copy,
        review_marks=review,
        bold_points=draft.bold_points,
        page_numbers=PageNumbers(draft.page_numbers),
        title=draft.title or None,
        speaker=draft.speaker,
        meeting=draft.meeting,
        date=speech_date(draft.speech_date) if draft.speech_date else "",
        fonts_dir=settings.SPEECHAPP_FONTS_DIR,
        slim_fonts_dir=settings.SPEECHAPP_SLIM_FONTS_DIR,
    )


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def draft_render(
    *, draft: Draft, fmt: str, draft_copy: bool = False, review: bool = False
) -> RenderedFile:
    """The speech as DOCX or PDF; raises MissingSlotsError unless ``draft_copy``.

    Identical content is served from the cache, keyed by a hash of everything that shapes
    the file; a render of the same file in flight elsewhere is waited for, not repeated.
    """
    from speechapp.core.rendering.docx import render_docx
    from speechapp.core.rendering.pdf import render_pdf

    speech = draft.speech
    values = selectors.draft_values(draft)
    options = render_options(draft, draft_copy=draft_copy, review=review)
    renderer = {"docx": render_docx, "pdf": render_pdf}[fmt]
    key_material = json.dumps(
        [
            outputs.code_fingerprint(),
            outputs.font_fingerprint(options.fonts_dir, options.slim_fonts_dir),
            fmt,
            draft.source_text,
            draft.tokens,
            values,
            repr(options),
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    key = "render:" + hashlib.sha256(key_material.encode()).hexdigest()
    content = outputs.cached_render(key, lambda: renderer(speech, values, options))
    suffix = _("（草稿副本）") if draft_copy else ""
    return RenderedFile(
        content=content,
        filename=f"{safe_filename(draft.title or speech.title)}{suffix}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def safe_filename(title: str) -> str:
    cleaned = "".join("_" if ch in '\\/:*?"<>|\r\n\t' else ch for ch in title).strip(" .")
    return cleaned[:80] or _("讲话稿")


@transaction.atomic
def group_apply(*, draft: Draft, slot_id: str, user=None) -> list[str]:
    """Copy a name slot's value into the open blanks of its group; returns their ids."""
    stored = selectors.stored_values(draft)
    _, targets = selectors.group_targets(draft.speech, slot_id, stored)
    if targets:
        draft_save_values(
            draft=draft,
            raw={i: stored.raw[slot_id] for i in targets},
            how=ChangeHow.GROUP,
            user=user,
        )
    return targets


@transaction.atomic
def variable_create(*, draft: Draft, name: str, slot_ids: list[str], user=None) -> Variable:
    variable = Variable.objects.create(draft=draft, name=name)
    for slot_id in slot_ids:
        slot_link(draft=draft, slot_id=slot_id, variable=variable, user=user)
    return variable


@transaction.atomic
def variable_set(*, draft: Draft, variable: Variable, raw: str, user=None) -> SavedValues:
    """Set a variable's value and write it into every slot attached to it."""
    variable.raw = raw
    variable.save(update_fields=["raw"])
    linked = variable.slot_values.values_list("slot_id", flat=True)
    return draft_save_values(
        draft=draft, raw={i: raw for i in linked}, how=ChangeHow.VARIABLE, user=user
    )


@transaction.atomic
def slot_link(*, draft: Draft, slot_id: str, variable: Variable | None, user=None) -> None:
    """Attach a slot to a variable (taking its value) or detach it (keeping the value)."""
    SlotValue.objects.bulk_create(
        [SlotValue(draft=draft, slot_id=slot_id, variable=variable)],
        update_conflicts=True,
        unique_fields=["draft", "slot_id"],
        update_fields=["variable"],
    )
    if variable is not None and variable.raw:
        draft_save_values(
            draft=draft, raw={slot_id: variable.raw}, how=ChangeHow.VARIABLE, user=user
        )


@transaction.atomic
def slot_set_as_text(
    *, draft: Draft, slot_id: str, as_text: bool, raw: str | None, user=None
) -> None:
    """Let a blank take words instead of a number (or back), and re-check what it holds.

    ``raw`` is what the writer has in the field now; None keeps what is stored.
    """
    if raw is None:
        raw = selectors.stored_values(draft).raw.get(slot_id, "")
    draft_save_values(
        draft=draft,
        raw={slot_id: raw},
        as_text={slot_id: as_text},
        how=ChangeHow.AS_TEXT,
        user=user,
    )


@transaction.atomic
def draft_restore(
    *,
    draft: Draft,
    revision: int,
    slot_ids: Collection[str] | None = None,
    how: ChangeHow = ChangeHow.RESTORE,
    user=None,
) -> list[str]:
    """Put the blanks back as they were right after save ``revision`` (a history entry).

    All blanks, or only ``slot_ids``. Only blanks that differ now are written, through
    draft_save_values: the restore is itself a save with its own revision and history
    entries, so it can be undone (draft_undo_restore). Returns the blanks written.
    """
    then = selectors.values_as_of(draft, revision)
    now = selectors.stored_values(draft)
    ids = draft.speech.slot_ids if slot_ids is None else slot_ids
    empty = ("", False)
    changed = sorted(i for i in ids if then.get(i, empty) != (now.raw.get(i, ""), i in now.as_text))
    if changed:
        draft_save_values(
            draft=draft,
            raw={i: then.get(i, empty)[0] for i in changed},
            as_text={i: then.get(i, empty)[1] for i in changed},
            how=how,
            user=user,
        )
    return changed


@transaction.atomic
def draft_undo_restore(*, draft: Draft, revision: int, user=None) -> list[str]:
    """Undo the restore saved as ``revision``: the blanks it wrote go back to what they held
    just before it (right after save ``revision - 1``)."""
    slot_ids = selectors.restored_slots(draft, revision)
    if not slot_ids:
        return []
    return draft_restore(
        draft=draft, revision=revision - 1, slot_ids=slot_ids, how=ChangeHow.UNDO, user=user
    )


def draft_delete(*, draft: Draft) -> None:
    """Delete a draft with its values, their history and its shares."""
    with transaction.atomic():
        SlotValue.history.filter(draft_id=draft.pk).delete()
        draft.delete()


def draft_duplicate(*, draft: Draft, keep_values: bool, title: str, user=None) -> Draft:
    """A copy of a draft (e.g. for next quarter), with or without its values and variables.

    The copied values are the copy's first save (revision 1) and first history entries."""
    with transaction.atomic():
        copy = Draft.objects.create(
            owner=draft.owner,
            template=draft.template,
            source_text=draft.source_text,
            tokens=draft.tokens,
            slot_count=draft.slot_count,
            title=title,
            speaker=draft.speaker,
            meeting=draft.meeting,
            speech_date=draft.speech_date,
            bold_points=draft.bold_points,
            page_numbers=draft.page_numbers,
            revision=1 if keep_values else 0,
        )
        if keep_values:
            variables = {
                v.pk: Variable.objects.create(draft=copy, name=v.name, raw=v.raw)
                for v in draft.variables.all()
            }
            rows = SlotValue.objects.bulk_create(
                SlotValue(
                    draft=copy,
                    slot_id=row.slot_id,
                    raw=row.raw,
                    value=row.value,
                    as_text=row.as_text,
                    variable=variables.get(row.variable_id),
                    revision=1,
                )
                for row in draft.slot_values.all()
            )
            SlotValue.history.bulk_history_create(
                [row for row in rows if row.raw or row.as_text],
                default_user=user,
                default_change_reason=ChangeHow.COPY,
                default_date=copy.created_at,
            )
    return copy


def draft_share(*, draft: Draft, user, role: Access) -> DraftShare:
    """Share ``draft`` with a colleague as a reader or an editor (again: change the role)."""
    if user.pk == draft.owner_id or role not in (Access.READ, Access.EDIT):
        raise ValueError("a draft is shared with another user, to read or to edit")
    share, _ = DraftShare.objects.update_or_create(draft=draft, user=user, defaults={"role": role})
    return share


def draft_unshare(*, share: DraftShare) -> None:
    """Revoke a share: the colleague loses every access to the draft at once."""
    share.delete()
