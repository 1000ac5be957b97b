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
from django.db import transaction
from django.utils import timezone

from speechapp.core.parsing import parse_speech
from speechapp.core import rendering
from speechapp.core.rendering import PageNumbers, RenderOptions

from .models import Draft, SlotValue, SpeechTemplate
from .selectors import draft_values


def template_create(*, owner, name: str, source_text: str) -> SpeechTemplate:
    speech = parse_speech(source_text)
    return SpeechTemplate.objects.create(
        owner=owner, name=name, source_text=source_text, slot_count=len(speech.slots)
    )


def draft_start(*, owner, template: SpeechTemplate) -> Draft:
    speech = template.speech
    return Draft.objects.create(
        owner=owner,
        template=template,
        source_text=template.source_text,
        slot_count=len(speech.slots),
        title=speech.title,
    )


def draft_save_values(*, draft: Draft, raw: Mapping[str, str], valid: Mapping[str, str]) -> None:
    """Store what was typed in every field; the printable value only where it was valid.

    Only the fields sent are touched, so two tabs saving different fields never overwrite
    each other.
    """
    known = set(draft.speech.slot_ids)
    now = timezone.now()
    rows = [
        SlotValue(
            draft=draft,
            slot_id=slot_id,
            raw=text,
            value=valid.get(slot_id, ""),
            updated_at=now,
        )
        for slot_id, text in raw.items()
        if slot_id in known
    ]
    with transaction.atomic():
        SlotValue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["draft", "slot_id"],
            update_fields=["raw", "value", "updated_at"],
        )
        Draft.objects.filter(pk=draft.pk).update(updated_at=now)


def render_options(draft: Draft, *, draft_copy: bool = False, review: bool = False):
    return RenderOptions(
        allow_unfilled=draft_copy,
        review_marks=review,
        bold_points=draft.bold_points,
        page_numbers=PageNumbers(draft.page_numbers),
        title=draft.title or None,
        speaker=draft.speaker,
        date=f"{draft.speech_date.year}年{draft.speech_date.month}月{draft.speech_date.day}日"
        if draft.speech_date
        else "",
        fonts_dir=settings.SPEECHAPP_FONTS_DIR,
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

    speech = draft.speech
    values = draft_values(draft)
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
