"""What is left before a draft is finished: text that still looks like a blank (read, and the write
that confirms it as text), and whether the draft is complete."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from speechapp.core.leftovers import Leftover, leftovers
from speechapp.core.model import BlockKind
from speechapp.core.overrides import (
    Overrides,
    Span,
    overrides_of,
    remap_overrides,
)
from speechapp.core.progress import missing_slots
from speechapp.core.rendering.titles import title_note
from speechapp.drafts import access
from speechapp.drafts.access import LOCKED_STATES
from speechapp.drafts.locks import claim_values_write
from speechapp.drafts.models import (
    Draft,
    SpeechTemplate,
)
from speechapp.filling import saving
from speechapp.filling.stored import draft_values


def draft_leftovers(draft: Draft) -> tuple[Leftover, ...]:
    """The draft's fixed text that still looks like a blank and that the writer has not
    confirmed as text (core.leftovers): a finished copy is refused while there is one."""
    speech = draft.speech
    found = leftovers(speech, overrides_of(draft.overrides).texts)
    # A title of the writer's own prints instead of the template's title line (the rule is
    # core.rendering.titles'): that line is then no text of the speech. A name that is the
    # line with a note ("…（下期）") still prints the line.
    if title_note(speech, draft.title) is None:
        titles = {b.index for b in speech.blocks if b.kind is BlockKind.TITLE}
        found = tuple(x for x in found if x.block not in titles)
    return found


def span_in_template(draft: Draft, span: Span) -> Span | None:
    """Where ``span`` of the draft's text is in its template's text (moved along when the
    template was edited since the draft took it), or None (no template, or its line was
    edited)."""
    template = draft.template
    if template is None:
        return None
    if template.source_text == draft.source_text:
        return span
    moved, _lost = remap_overrides(
        draft.source_text, template.source_text, Overrides(texts=(span,))
    )
    return moved.texts[0] if moved.texts else None


@transaction.atomic
def leftover_confirm(*, draft: Draft, key: str, user) -> Leftover:
    """Confirm the leftover at ``key`` ("block:start:end" of the draft's text) as text.

    Stored on the draft, and on its template when ``user`` may correct the template (then
    every draft up to date with the template takes it too, and stays up to date). The
    caller checks that ``user`` may edit the draft. Raises ValidationError (code ``stale``)
    when no leftover is at ``key`` any more."""
    claim_values_write(draft)
    left = next((x for x in draft_leftovers(draft) if x.key == key), None)
    if left is None:
        raise ValidationError(
            _("这处文字已不在待确认的列表中（可能已经确认，或模板已改动），请看下面的最新列表"),
            code="stale",
        )
    template = draft.template
    if template is not None and access.may_edit_template(template, user):
        _confirm_on_template(template, draft, left.span)
    corrections = overrides_of(draft.overrides)
    draft.overrides = corrections.with_texts([*corrections.texts, left.span]).to_json()
    draft.save(update_fields=["overrides", "updated_at"])
    saving.draft_edited(draft=draft)
    return left


def _confirm_on_template(template: SpeechTemplate, draft: Draft, span: Span) -> None:
    span = span_in_template(draft, span)
    if span is None:
        return  # its line was edited since: the template no longer has this text
    before = template.overrides
    corrections = overrides_of(before)
    template.overrides = corrections.with_texts([*corrections.texts, span]).to_json()
    template.save(update_fields=["overrides"])
    # A 定稿 draft keeps its text as it was frozen (drafts.access.may_change_values).
    template.drafts.filter(
        source_text=template.source_text, tokens=template.tokens, overrides=before
    ).exclude(state__in=LOCKED_STATES).update(overrides=template.overrides)


def draft_is_complete(draft: Draft, printed: Mapping[str, str] | None = None) -> bool:
    """Every blank has a printable value and nothing else in the text still looks like one
    (draft_leftovers): the finished speech can be rendered."""
    if printed is None:
        printed = draft_values(draft)
    return not missing_slots(draft.speech, printed) and not draft_leftovers(draft)
