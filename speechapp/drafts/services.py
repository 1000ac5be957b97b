"""Writes: start drafts, save typed values, render the finished speech."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from speechapp.core import rendering
from speechapp.core.linking import group_of
from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import PageNumbers, RenderOptions
from speechapp.core.text import strip_control_chars
from speechapp.core.values import ValueProblem, normalise_value

from .models import Draft, SlotValue, SpeechTemplate, Variable
from .selectors import draft_slots, draft_values


def template_check(source_text: str):
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
    speech = parse_speech(source_text)
    max_blanks = settings.SPEECHAPP_MAX_TEMPLATE_BLANKS
    if len(speech.slots) > max_blanks:
        raise ValidationError(
            _("模板中的空太多（%(count)s 个），最多 %(limit)s 个，请分成几份导入"),
            code="too_many_blanks",
            params={"count": f"{len(speech.slots):,}", "limit": f"{max_blanks:,}"},
        )
    return speech


def template_create(*, owner, name: str, source_text: str) -> SpeechTemplate:
    """A new template; raises ValidationError when it is too large (see template_check)."""
    speech = template_check(source_text)
    return SpeechTemplate.objects.create(
        owner=owner, name=name, source_text=source_text, slot_count=len(speech.slots)
    )


def draft_start(*, owner, template: SpeechTemplate) -> Draft:
    """A new draft of ``template``; a template stored before the size limits is refused too."""
    speech = template_check(template.source_text)
    return Draft.objects.create(
        owner=owner,
        template=template,
        source_text=template.source_text,
        slot_count=len(speech.slots),
        title=speech.title,
    )


def draft_save_values(*, draft: Draft, raw: Mapping[str, str], valid: Mapping[str, str]) -> int:
    """Store what was typed in every field; the printable value only where it was valid.

    Only the fields sent are touched, so two tabs saving different fields never overwrite
    each other. Returns the draft's new revision.
    """
    known = set(draft.speech.slot_ids)
    if not known.intersection(raw):
        return draft.revision
    now = timezone.now()
    with transaction.atomic():
        Draft.objects.filter(pk=draft.pk).update(revision=F("revision") + 1, updated_at=now)
        revision = Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)
        rows = [
            SlotValue(
                draft=draft,
                slot_id=slot_id,
                raw=text,
                value=valid.get(slot_id, ""),
                revision=revision,
                updated_at=now,
            )
            for slot_id, text in raw.items()
            if slot_id in known
        ]
        SlotValue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["draft", "slot_id"],
            update_fields=["raw", "value", "revision", "updated_at"],
        )
    draft.revision = revision
    return revision


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
        date=f"{draft.speech_date.year}年{draft.speech_date.month}月{draft.speech_date.day}日"
        if draft.speech_date
        else "",
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


@lru_cache(maxsize=1)
def _renderer_fingerprint() -> str:
    """A hash of the rendering code itself, so a changed renderer never serves a stale file."""
    package = Path(rendering.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.iterdir()):
        if path.suffix in (".py", ".css"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def draft_render(
    *, draft: Draft, fmt: str, draft_copy: bool = False, review: bool = False
) -> RenderedFile:
    """The speech as DOCX or PDF; raises MissingSlotsError unless ``draft_copy``.

    Identical content is served from the cache, keyed by a hash of everything that shapes
    the file.
    """
    from speechapp.core.rendering.docx import render_docx
    from speechapp.core.rendering.pdf import render_pdf

    speech = parse_speech(_printable(draft.source_text))
    values = {slot_id: _printable(value) for slot_id, value in draft_values(draft).items()}
    options = render_options(draft, draft_copy=draft_copy, review=review)
    renderer = {"docx": render_docx, "pdf": render_pdf}[fmt]
    key_material = json.dumps(
        [_renderer_fingerprint(), fmt, draft.source_text, values, repr(options)],
        ensure_ascii=False,
        sort_keys=True,
    )
    key = "render:" + hashlib.sha256(key_material.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = renderer(speech, values, options)
        cache.set(key, content)
    suffix = "（草稿副本）" if draft_copy else ""
    return RenderedFile(
        content=content,
        filename=f"{safe_filename(draft.title or speech.title)}{suffix}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def safe_filename(title: str) -> str:
    cleaned = "".join("_" if ch in '\\/:*?"<>|\r\n\t' else ch for ch in title).strip(" .")
    return cleaned[:80] or "讲话稿"


def _check(slot, raw: str) -> str:
    """The printable value of ``raw`` for ``slot``, or "" when it does not fit."""
    try:
        return normalise_value(slot.kind, slot.unit, raw).text
    except ValueProblem:
        return ""


def group_apply(*, draft: Draft, slot_id: str) -> list[str]:
    """Copy a name slot's value into the still-empty slots of its group; returns their ids."""
    speech = draft.speech
    group = group_of(speech, slot_id)
    source = SlotValue.objects.filter(draft=draft, slot_id=slot_id).exclude(value="").first()
    if group is None or source is None:
        return []
    filled = set(
        SlotValue.objects.filter(draft=draft, slot_id__in=group[1])
        .exclude(raw="")
        .values_list("slot_id", flat=True)
    )
    targets = [i for i in group[1] if i != slot_id and i not in filled]
    if targets:
        by_id = draft_slots(draft)
        draft_save_values(
            draft=draft,
            raw={i: source.raw for i in targets},
            valid={i: _check(by_id[i], source.raw) for i in targets},
        )
    return targets


def variable_create(*, draft: Draft, name: str, slot_ids: list[str]) -> Variable:
    variable = Variable.objects.create(draft=draft, name=name)
    for slot_id in slot_ids:
        slot_link(draft=draft, slot_id=slot_id, variable=variable)
    return variable


def variable_set(*, draft: Draft, variable: Variable, raw: str) -> int:
    """Set a variable's value and write it into every slot attached to it."""
    variable.raw = raw
    variable.save(update_fields=["raw"])
    linked = list(variable.slot_values.values_list("slot_id", flat=True))
    by_id = draft_slots(draft)
    return draft_save_values(
        draft=draft,
        raw={i: raw for i in linked},
        valid={i: _check(by_id[i], raw) for i in linked if i in by_id},
    )


def slot_link(*, draft: Draft, slot_id: str, variable: Variable | None) -> None:
    """Attach a slot to a variable (taking its value) or detach it (keeping the value)."""
    row, _ = SlotValue.objects.get_or_create(draft=draft, slot_id=slot_id)
    row.variable = variable
    row.save(update_fields=["variable"])
    if variable is not None and variable.raw:
        slot = draft_slots(draft)[slot_id]
        draft_save_values(
            draft=draft, raw={slot_id: variable.raw}, valid={slot_id: _check(slot, variable.raw)}
        )


def slot_set_as_text(*, draft: Draft, slot_id: str, as_text: bool, raw: str | None) -> None:
    """Let a blank take words instead of a number (or back), and re-check what it holds.

    ``raw`` is what the writer has in the field now; None keeps what is stored.
    """
    row, _ = SlotValue.objects.get_or_create(draft=draft, slot_id=slot_id)
    row.as_text = as_text
    row.save(update_fields=["as_text"])
    text = row.raw if raw is None else raw
    slot = draft_slots(draft)[slot_id]
    draft_save_values(draft=draft, raw={slot_id: text}, valid={slot_id: _check(slot, text)})


def draft_duplicate(*, draft: Draft, keep_values: bool, title: str) -> Draft:
    """A copy of a draft (e.g. for next quarter), with or without its values and variables."""
    with transaction.atomic():
        copy = Draft.objects.create(
            owner=draft.owner,
            template=draft.template,
            source_text=draft.source_text,
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
