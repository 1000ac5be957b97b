"""Writes: drafts, typed values (the one rule for what a blank prints), 上期, groups,
variables, sharing. Templates are template_services.py's, restores history_services.py's,
rendered files renders.py's, returned sheets sheet_services.py's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from speechapp.core.earlier import may_take
from speechapp.core.overrides import Overrides, overrides_of, remap_overrides, remap_slots
from speechapp.core.progress import missing_slots
from speechapp.core.values import ValueProblem, raw_problem
from speechapp.drafts import outputs, selectors
from speechapp.drafts.models import (
    Access,
    ChangeHow,
    Draft,
    DraftShare,
    OfficeAssignment,
    SlotValue,
    SpeechTemplate,
    Variable,
    WriterSettings,
)
from speechapp.drafts.selectors import StoredValues
from speechapp.drafts.template_services import template_check
from speechapp.drafts.titles import title_after_update
from speechapp.drafts.values import Checked, check_values, effective_slots


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
    draft.slot_values.all().delete()
    moved = [(mapping[r.slot_id], r) for r in rows if r.slot_id in mapping]
    SlotValue.objects.bulk_create(
        SlotValue(draft=draft, slot_id=new_id, as_text=r.as_text, variable_id=r.variable_id)
        for new_id, r in moved
    )
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
    draft.save(update_fields=["orphans", "template_changed"])
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
    displaced = selectors.stored_values(draft).raw.get(slot_id, "")
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
    draft.orphans = [o for o in draft.orphans if o.get("id") != orphan["id"]]
    draft.save(update_fields=["orphans"])


@transaction.atomic
def draft_start(*, owner, template: SpeechTemplate, earlier: Draft | None = None) -> Draft:
    """A new draft of ``template``, based on ``earlier`` (上期) when given; a template stored
    before the size limits is refused too."""
    speech = template_check(template.source_text, template.tokens, template.overrides)
    draft = Draft.objects.create(
        owner=owner,
        template=template,
        source_text=template.source_text,
        tokens=template.tokens,
        overrides=template.overrides,
        slot_count=len(speech.slots),
        title=speech.title,
    )
    if earlier is not None:
        draft_set_earlier(draft=draft, earlier=earlier)
    return draft


def _earlier_snapshot(earlier: Draft) -> dict:
    """What a draft keeps of the earlier draft it is based on: its text and filled values."""
    stored = selectors.stored_values(earlier)
    return {
        "draft": earlier.pk,
        "title": earlier.name,
        "updated_at": earlier.updated_at.isoformat(),
        "source_text": earlier.source_text,
        "tokens": earlier.tokens,
        "overrides": earlier.overrides,
        "values": dict(stored.printed),
        "as_text": sorted(stored.as_text & stored.printed.keys()),
    }


def draft_set_earlier(*, draft: Draft, earlier: Draft | None) -> None:
    """Base ``draft`` on ``earlier`` (上期), or on nothing (None).

    A snapshot is kept, so later edits or deleting the earlier draft change nothing here.
    Values already taken stay as they are (and stay 沿用 until confirmed)."""
    if earlier is not None and earlier.pk == draft.pk:
        raise ValidationError(_("不能以本稿作为上期讲话稿"), code="self")
    # Its text and values show to everyone the draft is shared with: only a draft its owner
    # may read can be its 上期, whoever picks it.
    if (
        earlier is not None
        and not selectors.earlier_choices(draft.owner, draft).filter(pk=earlier.pk).exists()
    ):
        raise ValidationError(
            _("只能选择这份讲话稿的所有者可以查看的讲话稿作为上期"), code="not_readable"
        )
    draft.earlier = _earlier_snapshot(earlier) if earlier is not None else {}
    draft.save(update_fields=["earlier", "updated_at"])


@transaction.atomic
def draft_take_earlier(*, draft: Draft, slot_ids: list[str] | None, user=None) -> list[str]:
    """Take 上期's values (marked 沿用 until confirmed); returns the blanks written.

    ``None`` takes all: every open blank whose sentence is unchanged and that has an earlier
    value; a value already typed is never overwritten. A blank named in ``slot_ids`` (the
    writer clicked its 沿用) is taken even if filled, but only when its sentence is unchanged:
    a changed sentence may ask for another figure."""
    # Lock the draft before reading which blanks are open, so a value autosaved meanwhile
    # is seen (and not overwritten) on every database.
    list(Draft.objects.select_for_update().filter(pk=draft.pk).values_list("pk", flat=True))
    earlier = selectors.draft_earlier(draft)
    if earlier is None:
        return []
    if slot_ids is None:
        ids = earlier.takeable
    else:
        ids = [i for i in slot_ids if i in earlier.values and may_take(earlier.values[i])]
    if not ids:
        return []
    draft_save_values(
        draft=draft,
        raw={i: earlier.values[i].value for i in ids},
        as_text={i: True for i in ids if earlier.values[i].as_text},
        how=ChangeHow.CARRIED,
        user=user,
    )
    return ids


@transaction.atomic
def draft_confirm_carried(*, draft: Draft, slot_ids: list[str] | None, user=None) -> int:
    """The writer checked these 沿用 values (None: all of them): no longer marked.

    A save of its own: a new revision (other tabs see it) and a history entry per blank
    (ChangeHow.CONFIRMED, with ``user``), so a restore puts the mark back as it was."""
    now = timezone.now()
    revision = _next_revision(draft, now)
    rows = SlotValue.objects.filter(draft=draft, carried=True)
    if slot_ids is not None:
        rows = rows.filter(slot_id__in=slot_ids)
    rows = list(rows)
    if not rows:
        transaction.set_rollback(True)  # nothing to confirm: no revision either
        return 0
    for row in rows:
        row.carried, row.revision, row.updated_at = False, revision, now
    SlotValue.objects.bulk_update(rows, ["carried", "revision", "updated_at"])
    SlotValue.history.bulk_history_create(
        rows, default_user=user, default_change_reason=ChangeHow.CONFIRMED, default_date=now
    )
    draft.revision, draft.updated_at = revision, now
    draft_edited(draft=draft)
    return len(rows)


def _next_revision(draft: Draft, now) -> int:
    """Bump the draft's revision (locking its row until the transaction ends); the new one."""
    Draft.objects.filter(pk=draft.pk).update(revision=F("revision") + 1, updated_at=now)
    return Draft.objects.values_list("revision", flat=True).get(pk=draft.pk)


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
    carried: Mapping[str, bool] | None = None,
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

    沿用: a save with ``how=ChangeHow.CARRIED`` (draft_take_earlier) marks its blanks as taken
    from 上期; any later save that changes a blank's typed text clears the mark, a save of the
    same text keeps it (draft_confirm_carried clears it too). A restore says the marks it
    puts back (``carried``).
    """
    seqs = seqs or {}
    as_text = as_text or {}
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
    # The revision bump comes first: it locks the draft, so the kinds and sequence numbers
    # read next are the ones this save is judged against, whatever another tab does.
    revision = _next_revision(draft, now)
    stored = selectors.stored_values(draft)
    stale = frozenset(s.id for s in known if is_stale(seqs.get(s.id), stored.seqs.get(s.id)))
    typed = {slot_id: text for slot_id, text in typed.items() if slot_id not in stale}
    words = {i for i in typed if as_text.get(i, i in stored.as_text)}
    takes_words = (stored.as_text - typed.keys()) | words
    checks = check_values(effective_slots(draft.speech, takes_words), typed, stored.printed)
    # 沿用: a value taken from 上期 stays marked until the writer confirms it or types another
    # text; saving the same text again (a full-page save, another tab) keeps the mark.
    marks = carried or {}
    carried = {
        slot_id
        for slot_id in typed
        if marks.get(
            slot_id,
            how == ChangeHow.CARRIED
            or (slot_id in stored.carried and typed[slot_id] == stored.raw.get(slot_id)),
        )
    }
    rows = [
        SlotValue(
            draft=draft,
            slot_id=slot_id,
            raw=typed[slot_id],
            value=check.value,
            as_text=slot_id in words,
            carried=slot_id in carried,
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
        update_fields=["raw", "value", "as_text", "carried", "revision", "seq", "updated_at"],
    )
    changed = [row for row in rows if _state(row) != _stored_state(stored, row.slot_id)]
    SlotValue.history.bulk_history_create(
        changed, default_user=user, default_change_reason=how, default_date=now
    )
    draft.revision = revision
    draft.updated_at = now
    after = stored.with_written(
        typed,
        {i: c.value for i, c in checks.items()},
        takes_words,
        (stored.carried - typed.keys()) | carried,
    )
    draft_edited(draft=draft, printed=after.printed)
    return SavedValues(revision, {**checks, **refused}, after, stale)


def _state(row: SlotValue) -> tuple[str, str, bool, bool]:
    return row.raw, row.value, row.as_text, row.carried


def _stored_state(stored: StoredValues, slot_id: str) -> tuple[str, str, bool, bool]:
    return (
        stored.raw.get(slot_id, ""),
        stored.printed.get(slot_id, ""),
        slot_id in stored.as_text,
        slot_id in stored.carried,
    )


def draft_is_complete(draft: Draft, printed: Mapping[str, str] | None = None) -> bool:
    """Every blank has a printable value and nothing else in the text still looks like one
    (selectors.draft_leftovers): the finished speech can be rendered."""
    if printed is None:
        printed = selectors.draft_values(draft)
    return not missing_slots(draft.speech, printed) and not selectors.draft_leftovers(draft)


def draft_save_all_or_nothing(
    *, draft: Draft, raw: Mapping[str, str], how: ChangeHow, user=None
) -> SavedValues:
    """``draft_save_values`` of every blank in ``raw``, or of none: when any value fails the
    one rule (its check has a problem), the whole write is rolled back, and the returned
    checks say which blanks failed and why (its ``values`` are then the values before).

    For writers that cannot keep a half-typed value as the fill page does (the values API).
    """
    with transaction.atomic():
        saved = draft_save_values(draft=draft, raw=raw, how=how, user=user)
        if saved.problems:
            transaction.set_rollback(True)
    if saved.problems:
        draft.refresh_from_db(fields=["revision", "updated_at"])
        return SavedValues(draft.revision, saved.checks, selectors.stored_values(draft))
    return saved


def draft_edited(*, draft: Draft, printed: Mapping[str, str] | None = None) -> None:
    """After any edit that can change the output: render the files ahead if it is complete.

    ``printed`` is the draft's printed values when the caller has them (saves no query)."""
    outputs.prerender_soon(draft, complete=draft_is_complete(draft, printed))


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
def slot_paste(*, draft: Draft, slot_id: str, text: str, user=None) -> selectors.PastePlan:
    """Fill the blank and the next open blanks of its section with a pasted column."""
    plan = selectors.paste_plan(draft, slot_id, text)
    if plan.raw:
        draft_save_values(draft=draft, raw=plan.raw, how=ChangeHow.TYPED, user=user)
    return plan


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


def draft_delete(*, draft: Draft) -> None:
    """Delete a draft with its values, their history and its shares."""
    with transaction.atomic():
        SlotValue.history.filter(draft_id=draft.pk).delete()
        draft.delete()


def draft_duplicate(*, draft: Draft, keep_values: bool, title: str, user=None) -> Draft:
    """A copy of a draft (e.g. for next quarter), with or without its values and variables.

    Without its values, the copy is based on the draft (上期): its values show beside the
    copy's blanks, to take one by one or all at once.

    The copied values are the copy's first save (revision 1) and first history entries."""
    with transaction.atomic():
        copy = Draft.objects.create(
            owner=draft.owner,
            template=draft.template,
            source_text=draft.source_text,
            tokens=draft.tokens,
            overrides=draft.overrides,
            slot_count=draft.slot_count,
            title=title,
            speaker=draft.speaker,
            meeting=draft.meeting,
            speech_date=draft.speech_date,
            bold_points=draft.bold_points,
            page_numbers=draft.page_numbers,
            revision=1 if keep_values else 0,
            template_changed=draft.template_changed,
            # Copied empty for next quarter: this quarter's values show beside its blanks.
            # With its values (and their 沿用 marks) the copy keeps the draft's own 上期.
            earlier=draft.earlier if keep_values else _earlier_snapshot(draft),
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
                    carried=row.carried,
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
            copy.orphans = draft.orphans
            copy.save(update_fields=["orphans"])
        # Who supplies what belongs to the speech, not to this quarter's values.
        OfficeAssignment.objects.bulk_create(
            OfficeAssignment(
                draft=copy, section_key=row.section_key, slot_id=row.slot_id, office=row.office
            )
            for row in draft.offices.all()
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


def writer_settings_update(*, user, chars_per_minute: int) -> WriterSettings:
    """Set the writer's speaking pace; the model's bounds are checked here, for every caller."""
    row = WriterSettings.objects.filter(user=user).first() or WriterSettings(user=user)
    row.chars_per_minute = chars_per_minute
    row.full_clean()
    row.save()
    return row
