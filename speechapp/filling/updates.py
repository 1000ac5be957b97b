"""按模板更新: a draft takes its template's corrected text, every value moving to its blank; a value
whose blank is gone waits as an orphan to be placed or dropped."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from speechapp.core.model import Slot
from speechapp.core.overrides import (
    Overrides,
    blank_for_value,
    overrides_of,
    remap_overrides,
    remap_slots,
)
from speechapp.drafts.locks import claim_values_write
from speechapp.drafts.models import (
    Draft,
    SpeechTemplate,
)
from speechapp.drafts.titles import title_after_update
from speechapp.filling import stored
from speechapp.filling.history import carry_history
from speechapp.filling.saving import SavedValues, draft_edited, draft_save_values, next_revision
from speechapp.filling.stored import stored_values
from speechapp.speech_templates.template_writes import template_check


def draft_behind_template(draft: Draft) -> bool:
    """Whether the draft's template was corrected since the draft took its text (no query)."""
    return draft.template_changed and draft.template_id is not None


@dataclass(frozen=True)
class TemplateUpdate:
    moved: int  # values now in a blank of the corrected text
    orphaned: int  # values whose blank is gone, kept for the writer to place or drop


@transaction.atomic
def draft_update_to_template(*, draft: Draft) -> TemplateUpdate:
    """Take the template's corrected text into the draft, moving every value to its blank.

    Blanks are matched by their context (core.overrides.remap_slots); a value whose blank is
    gone is kept in ``draft.orphans``, never lost. Raises ValidationError when the draft has no
    template or the template cannot be used."""
    claim_values_write(draft)
    template = draft.template
    if template is None:
        raise ValidationError(_("这份讲话稿的模板已删除，无法按模板更新"), code="no_template")
    new = template_check(template.source_text, template.tokens, template.overrides)
    old = draft.speech
    mapping = remap_slots(old, new)
    old_slots = {s.id: s for s in old.slots}
    rows = list(draft.slot_values.all())
    draft.overrides = _template_overrides_with_own_texts(draft, template)
    draft.source_text = template.source_text
    draft.tokens = template.tokens
    draft.slot_count = len(new.slots)
    draft.title = title_after_update(draft.title, old, new)
    draft.save(
        update_fields=["source_text", "tokens", "overrides", "slot_count", "title", "updated_at"]
    )
    # The rows and their history move to the new ids; nothing of the history is deleted.
    carry_history(draft=draft, mapping=mapping)
    moved = [(mapping[r.slot_id], r) for r in rows if r.slot_id in mapping]
    # Each moved value is checked again under its blank's kind in the new text.
    draft_save_values(
        draft=draft,
        raw={new_id: r.raw for new_id, r in moved if r.raw},
        # A value still awaiting its 沿用 confirmation keeps waiting at its new blank.
        carried={new_id: r.carried for new_id, r in moved if r.raw},
    )
    orphans = [r for r in rows if r.slot_id not in mapping and r.raw]
    next_id = max((o["id"] for o in draft.orphans), default=0) + 1
    for n, row in enumerate(orphans):
        slot = old_slots.get(row.slot_id)
        draft.orphans.append(
            {
                "id": next_id + n,
                "raw": row.raw,
                "before": slot.before if slot else "",
                "token": slot.token if slot else "",
                "after": slot.after if slot else "",
                "section": slot.section if slot else "",
            }
        )
    draft.template_changed = False
    # The update is a revision of its own: a whole-draft restore goes back no further.
    draft.revision = draft.template_update_revision = next_revision(draft, timezone.now())
    draft.save(update_fields=["orphans", "template_changed", "template_update_revision"])
    draft_edited(draft=draft)
    return TemplateUpdate(moved=sum(1 for _, r in moved if r.raw), orphaned=len(orphans))


def _template_overrides_with_own_texts(draft: Draft, template: SpeechTemplate) -> list:
    """The template's corrections, plus the text the writer confirmed on this draft alone
    (这是正文 where they may not correct the template), moved onto the template's text."""
    own = overrides_of(draft.overrides).texts
    moved, _lost = remap_overrides(draft.source_text, template.source_text, Overrides(texts=own))
    corrections = overrides_of(template.overrides)
    if set(moved.texts) <= set(corrections.texts):
        return template.overrides
    return corrections.with_texts([*corrections.texts, *moved.texts]).to_json()


def draft_orphan(draft: Draft, orphan_id: int) -> dict | None:
    return next((o for o in draft.orphans if o.get("id") == orphan_id), None)


@transaction.atomic
def orphan_place(*, draft: Draft, orphan: dict, slot_id: str) -> SavedValues:
    """Put a value whose blank is gone into a blank of the draft (by id).

    A value already in that blank takes the orphan's place in the list, so none is lost."""
    displaced = stored.stored_values(draft).raw.get(slot_id, "")
    saved = draft_save_values(draft=draft, raw={slot_id: orphan["raw"]})
    if displaced and displaced != orphan["raw"]:
        slot = next(s for s in draft.speech.slots if s.id == slot_id)
        orphan_context = {"before": slot.before, "token": slot.token, "after": slot.after}
        draft.orphans = [
            {**o, "raw": displaced, **orphan_context, "section": slot.section}
            if o.get("id") == orphan["id"]
            else o
            for o in draft.orphans
        ]
        draft.save(update_fields=["orphans"])
    else:
        orphan_drop(draft=draft, orphan=orphan)
    return saved


def orphan_drop(*, draft: Draft, orphan: dict) -> None:
    claim_values_write(draft)
    draft.orphans = [o for o in draft.orphans if o.get("id") != orphan["id"]]
    draft.save(update_fields=["orphans"])


@dataclass(frozen=True)
class OrphanChoice:
    """A value whose blank is gone, and the blanks it may go to: the suggested one (an open
    blank of its kind, see core.overrides.blank_for_value) first, or none chosen."""

    orphan: dict
    suggested: str | None
    slots: list[Slot]


def orphan_choices(draft: Draft) -> list[OrphanChoice]:
    if not draft.orphans:
        return []
    speech = draft.speech
    filled = stored_values(draft).printed
    open_ids = [s.id for s in speech.slots if s.id not in filled]
    choices = []
    for orphan in draft.orphans:
        suggested = blank_for_value(
            orphan.get("before", ""), orphan.get("token", ""), orphan.get("after", ""),
            speech, open_ids,
        )  # fmt: skip
        first = [s for s in speech.slots if s.id == suggested]
        choices.append(
            OrphanChoice(orphan, suggested, first + [s for s in speech.slots if s.id != suggested])
        )
    return choices
