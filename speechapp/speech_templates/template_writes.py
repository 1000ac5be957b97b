"""Writes to templates: import (with the size limits), corrections of what is a blank, the
fixed text, name, a writer's own copy, delete. A template's drafts keep their frozen text and
are told when it changes (按模板更新, filling.updates.draft_update_to_template)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from speechapp.core.model import Speech
from speechapp.core.overrides import Overrides, overrides_of, remap_overrides
from speechapp.core.parsing import parse_speech
from speechapp.core.tokens import DEFAULT_SPEC
from speechapp.drafts.models import SpeechTemplate


def template_check(source_text: str, tokens: str = DEFAULT_SPEC, overrides=None):
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
    speech = parse_speech(source_text, tokens, overrides)
    max_blanks = settings.SPEECHAPP_MAX_TEMPLATE_BLANKS
    if len(speech.slots) > max_blanks:
        raise ValidationError(
            _("模板中的空太多（%(count)s 个），最多 %(limit)s 个，请分成几份导入"),
            code="too_many_blanks",
            params={"count": f"{len(speech.slots):,}", "limit": f"{max_blanks:,}"},
        )
    return speech


def template_create(
    *,
    owner,
    name: str,
    source_text: str,
    tokens: str = DEFAULT_SPEC,
    overrides: Overrides | None = None,
) -> SpeechTemplate:
    """A template from its text; without a name it is called by its title line.

    ``overrides`` are the writer's ticks on the import preview. Raises ValidationError when
    it is too large (see template_check)."""
    overrides = overrides_of(overrides)
    speech = template_check(source_text, tokens, overrides)
    if not speech.slots:
        raise ValidationError(_("模板中至少要有一个空"), code="no_slots")
    return SpeechTemplate.objects.create(
        owner=owner,
        name=(name.strip() or speech.title)[:200],
        source_text=source_text,
        tokens=speech.token_set,
        overrides=overrides.to_json(),
        slot_count=len(speech.slots),
    )


def template_correct(*, template: SpeechTemplate, overrides: Overrides) -> Speech:
    """Store the writer's corrections of which text is a blank and of what kind.

    Drafts keep the text they were started with until the writer updates them
    (draft_update_to_template). Raises ValidationError (too many blanks, none left)."""
    # The text confirmed as text (这是正文, from a draft's download page) is not on the ticks
    # page: it stays.
    overrides = overrides.with_texts(overrides_of(template.overrides).texts)
    speech = template_check(template.source_text, template.tokens, overrides)
    if not speech.slots:
        raise ValidationError(_("模板中至少要有一个空"), code="no_slots")
    template.overrides = overrides.to_json()
    template.slot_count = len(speech.slots)
    template.save(update_fields=["overrides", "slot_count"])
    _drafts_behind(template)
    return speech


def _drafts_behind(template: SpeechTemplate) -> None:
    """Tell the template's drafts it changed (their fill page offers 按模板更新)."""
    template.drafts.exclude(
        source_text=template.source_text, tokens=template.tokens, overrides=template.overrides
    ).update(template_changed=True)


def template_edit_text(*, template: SpeechTemplate, source_text: str) -> int:
    """Replace the template's fixed text, moving its corrections along; returns how many
    corrections were lost because the text they covered was edited. Raises ValidationError."""
    overrides, lost = remap_overrides(
        template.source_text, source_text, overrides_of(template.overrides)
    )
    speech = template_check(source_text, template.tokens, overrides)
    if not speech.slots:
        raise ValidationError(_("模板中至少要有一个空"), code="no_slots")
    template.source_text = source_text
    template.overrides = overrides.to_json()
    template.slot_count = len(speech.slots)
    template.save(update_fields=["source_text", "overrides", "slot_count"])
    _drafts_behind(template)
    return lost


def template_rename(*, template: SpeechTemplate, name: str) -> None:
    template.name = name.strip()[:200]
    template.save(update_fields=["name"])


def template_copy(*, template: SpeechTemplate, owner) -> SpeechTemplate:
    """The writer's own copy of a template (the shared seed, say), with its corrections, for
    them to correct further; drafts started from the original stay with it."""
    suffix = _("（副本）")
    return template_create(
        owner=owner,
        name=template.name[: 200 - len(suffix)] + suffix,
        source_text=template.source_text,
        tokens=template.tokens,
        overrides=template.overrides,
    )


def template_delete(*, template: SpeechTemplate) -> int:
    """Delete a template; its drafts stay, each with the frozen copy of the text it was
    started with (they can no longer be updated to it). Returns how many drafts it had."""
    count = template.drafts.count()
    template.delete()
    return count
