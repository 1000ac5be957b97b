"""这是正文: the writer's word that text the last look before a download took for a blank
(core.leftovers) is text. Remembered per template where the writer may correct it, with its
corrections (the "text" op of core.overrides), and on the draft always."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from speechapp.core.leftovers import Leftover
from speechapp.core.overrides import Span, overrides_of
from speechapp.drafts import selectors, services
from speechapp.drafts.models import Draft, SpeechTemplate


@transaction.atomic
def leftover_confirm(*, draft: Draft, key: str, user) -> Leftover:
    """Confirm the leftover at ``key`` ("block:start:end" of the draft's text) as text.

    Stored on the draft, and on its template when ``user`` may correct the template (then
    every draft up to date with the template takes it too, and stays up to date). The
    caller checks that ``user`` may edit the draft. Raises ValidationError (code ``stale``)
    when no leftover is at ``key`` any more."""
    left = next((x for x in selectors.draft_leftovers(draft) if x.key == key), None)
    if left is None:
        raise ValidationError(
            _("这处文字已不在待确认的列表中（可能已经确认，或模板已改动），请看下面的最新列表"),
            code="stale",
        )
    template = draft.template
    if template is not None and selectors.may_edit_template(template, user):
        _confirm_on_template(template, draft, left.span)
    corrections = overrides_of(draft.overrides)
    draft.overrides = corrections.with_texts([*corrections.texts, left.span]).to_json()
    draft.save(update_fields=["overrides", "updated_at"])
    services.draft_edited(draft=draft)
    return left


def _confirm_on_template(template: SpeechTemplate, draft: Draft, span: Span) -> None:
    span = selectors.span_in_template(draft, span)
    if span is None:
        return  # its line was edited since: the template no longer has this text
    before = template.overrides
    corrections = overrides_of(before)
    template.overrides = corrections.with_texts([*corrections.texts, span]).to_json()
    template.save(update_fields=["overrides"])
    template.drafts.filter(
        source_text=template.source_text, tokens=template.tokens, overrides=before
    ).update(overrides=template.overrides)
