"""Writes: start drafts, save typed values, render the finished speech."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from speechapp.core.parsing import parse_speech
from speechapp.core.progress import missing_slots
from speechapp.core.rendering import PageNumbers, RenderOptions
from speechapp.core.text import strip_control_chars
from speechapp.core.tokens import DEFAULT_SPEC
from speechapp.core.values import ValueProblem, raw_problem

from . import outputs, selectors
from .models import Draft, SlotValue, SpeechTemplate, Variable
from .selectors import StoredValues
from .values import Checked, check_values


def template_check(source_text: str, tokens: str = DEFAULT_SPEC):
    """The parsed speech, if the template is within the size every page and render can bear.

    Raises ValidationError (codes ``too_many_chars``, ``too_many_blanks``).
    """
    max_chars = settings.SPEECHAPP_MAX_TEMPLATE_CHARS
    if len(source_text) > max_chars:
        raise ValidationError(
            _("模板太长（%(count)s 字），最多 %(limit)s 字，请分成几份导入"),
            code="too_many_chars",
            params={"count": f"{len(source_text):,}", "limit": f"{max_chars:,}"},
        )
    speech = parse_speech(source_text, tokens)
    max_blanks = settings.SPEECHAPP_MAX_TEMPLATE_BLANKS
    if len(speech.slots) > max_blanks:
        raise ValidationError(
            _("模板中的空太多（%(count)s 个），最多 %(limit)s 个，请分成几份导入"),
            code="too_many_blanks",
            params={"count": f"{len(speech.slots):,}", "limit": f"{max_blanks:,}"},
        )
    return speech


def template_create(
    *, owner, name: str, source_text: str, tokens: str = DEFAULT_SPEC
) -> SpeechTemplate:
    """A template from its text; without a name it is called by its title line.

    Raises ValidationError when it is too large (see template_check)."""
    speech = template_check(source_text, tokens)
    return SpeechTemplate.objects.create(
        owner=owner,
        name=(name.strip() or speech.title)[:200],
        source_text=source_text,
        tokens=speech.token_set,
        slot_count=len(speech.slots),
    )


def draft_start(*, owner, template: SpeechTemplate) -> Draft:
    """A new draft of ``template``; a template stored before the size limits is refused too."""
    speech = template_check(template.source_text, template.tokens)
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

    @property
    def problems(self) -> dict[str, ValueProblem]:
        return {i: c.problem for i, c in self.checks.items() if c.problem is not None}

    @property
    def notices(self) -> dict[str, str]:
        return {i: c.notice for i, c in self.checks.items() if c.notice}


@transaction.atomic
def draft_save_values(*, draft: Draft, raw: Mapping[str, str]) -> SavedValues:
    """Store what was typed into each blank and, beside it, what the blank prints.

    The printed value is always ``check_value`` of the typed text under the blank's effective
    kind ("" when it does not fit): no caller can store another. Only the blanks sent are
    touched, so two tabs saving different fields never overwrite each other.
    """
    known = [slot for slot in draft.speech.slots if slot.id in raw]
    typed = {slot.id: raw[slot.id].strip() for slot in known}
    # Text that cannot even be kept as typed (control characters, far too long) is refused:
    # nothing is stored, and its check says why.
    refused = {
        slot_id: Checked("", problem=problem)
        for slot_id, text in typed.items()
        if (problem := raw_problem(text)) is not None
    }
    typed = {slot_id: text for slot_id, text in typed.items() if slot_id not in refused}
    if not typed:
        return SavedValues(draft.revision, refused, selectors.stored_values(draft))
    now = timezone.now()
    # The revision bump comes first: it locks the draft, so the kinds read next are the ones
    # this save is checked against, even with another tab switching a blank to words.
    Draft.objects.filter(pk=draft.pk).update(revision=F("revision") + 1, updated_at=now)
    revision = Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)
    stored = selectors.stored_values(draft)
    checks = check_values(stored.slots(draft.speech), typed, stored.printed)
    SlotValue.objects.bulk_create(
        [
            SlotValue(
                draft=draft,
                slot_id=slot_id,
                raw=typed[slot_id],
                value=check.value,
                revision=revision,
                updated_at=now,
            )
            for slot_id, check in checks.items()
        ],
        update_conflicts=True,
        unique_fields=["draft", "slot_id"],
        update_fields=["raw", "value", "revision", "updated_at"],
    )
    draft.revision = revision
    draft.updated_at = now
    after = stored.with_written(typed, {i: c.value for i, c in checks.items()})
    draft_edited(draft=draft, printed=after.printed)
    return SavedValues(revision, {**checks, **refused}, after)


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


def _printable(text: str) -> str:
    """Stored text without control characters, which a .docx cannot hold.

    Inputs refuse them; this keeps a draft stored before that (or written around the forms)
    downloadable.
    """
    return strip_control_chars(text)[0]


def render_options(draft: Draft, *, draft_copy: bool = False, review: bool = False):
    return RenderOptions(
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
    """The speech as DOCX or PDF; raises MissingSlotsError unless ``draft_copy``, and
    RenderLimitError when the render goes past its time or memory bound.

    Identical content is served from the cache, keyed by a hash of everything that shapes
    the file; a render of the same file in flight elsewhere is waited for, not repeated.
    """
    from speechapp.core.rendering.docx import render_docx
    from speechapp.core.rendering.pdf import render_pdf

    speech = parse_speech(_printable(draft.source_text), draft.tokens)
    values = {i: _printable(value) for i, value in selectors.draft_values(draft).items()}
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
    content = outputs.cached_render(
        key, lambda: outputs.bounded_render(renderer, speech, values, options)
    )
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
def group_apply(*, draft: Draft, slot_id: str) -> list[str]:
    """Copy a name slot's value into the open blanks of its group; returns their ids."""
    stored = selectors.stored_values(draft)
    _, targets = selectors.group_targets(draft.speech, slot_id, stored)
    if targets:
        draft_save_values(draft=draft, raw={i: stored.raw[slot_id] for i in targets})
    return targets


@transaction.atomic
def variable_create(*, draft: Draft, name: str, slot_ids: list[str]) -> Variable:
    variable = Variable.objects.create(draft=draft, name=name)
    for slot_id in slot_ids:
        slot_link(draft=draft, slot_id=slot_id, variable=variable)
    return variable


@transaction.atomic
def variable_set(*, draft: Draft, variable: Variable, raw: str) -> SavedValues:
    """Set a variable's value and write it into every slot attached to it."""
    variable.raw = raw
    variable.save(update_fields=["raw"])
    linked = variable.slot_values.values_list("slot_id", flat=True)
    return draft_save_values(draft=draft, raw={i: raw for i in linked})


@transaction.atomic
def slot_link(*, draft: Draft, slot_id: str, variable: Variable | None) -> None:
    """Attach a slot to a variable (taking its value) or detach it (keeping the value)."""
    row, _ = SlotValue.objects.get_or_create(draft=draft, slot_id=slot_id)
    row.variable = variable
    row.save(update_fields=["variable"])
    if variable is not None and variable.raw:
        draft_save_values(draft=draft, raw={slot_id: variable.raw})


@transaction.atomic
def slot_set_as_text(*, draft: Draft, slot_id: str, as_text: bool, raw: str | None) -> None:
    """Let a blank take words instead of a number (or back), and re-check what it holds.

    ``raw`` is what the writer has in the field now; None keeps what is stored.
    """
    row, _ = SlotValue.objects.get_or_create(draft=draft, slot_id=slot_id)
    row.as_text = as_text
    row.save(update_fields=["as_text"])
    draft_save_values(draft=draft, raw={slot_id: row.raw if raw is None else raw})


def draft_duplicate(*, draft: Draft, keep_values: bool, title: str) -> Draft:
    """A copy of a draft (e.g. for next quarter), with or without its values and variables."""
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
        )
        if keep_values:
            variables = {
                v.pk: Variable.objects.create(draft=copy, name=v.name, raw=v.raw)
                for v in draft.variables.all()
            }
            SlotValue.objects.bulk_create(
                SlotValue(
                    draft=copy,
                    slot_id=row.slot_id,
                    raw=row.raw,
                    value=row.value,
                    as_text=row.as_text,
                    variable=variables.get(row.variable_id),
                )
                for row in draft.slot_values.all()
            )
    return copy
