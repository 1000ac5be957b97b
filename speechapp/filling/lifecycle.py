"""A draft's life: start, details and title, copy, delete, sharing; and the writer's settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from speechapp.drafts.access import may_open_new_version
from speechapp.drafts.locks import claim_values_write
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
from speechapp.drafts.titles import named_after
from speechapp.filling.earlier import draft_set_earlier, earlier_snapshot
from speechapp.filling.saving import draft_edited
from speechapp.speech_templates.template_writes import template_check


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


def draft_delete(*, draft: Draft) -> None:
    """Delete a draft with its values, their history (drafts.signals) and its shares."""
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
            earlier=draft.earlier if keep_values else earlier_snapshot(draft),
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


def draft_new_version(*, draft: Draft, user) -> Draft:
    """Open version n+1 of a 定稿 draft: a new draft (起草中) starting from its values, its
    details and its 上期; the 定稿 one stays as it was. Only its owner opens one
    (drafts.access.may_open_new_version); raises PermissionDenied otherwise."""
    access = Access.OWN if user.pk == draft.owner_id else None
    if not may_open_new_version(draft, access):
        raise PermissionDenied
    with transaction.atomic():
        copy = draft_duplicate(draft=draft, keep_values=True, title=draft.title, user=user)
        copy.version, copy.previous = draft.version + 1, draft
        copy.save(update_fields=["version", "previous"])
    return copy


def draft_share(*, draft: Draft, user, role: Access) -> DraftShare:
    """Share ``draft`` with a colleague as a reader, a reviewer (审核: reads and comments) or
    an editor (again: change the role)."""
    if user.pk == draft.owner_id or role not in (Access.READ, Access.REVIEW, Access.EDIT):
        raise ValueError("a draft is shared with another user, to read, review or edit")
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
    note = named_after(title, speech, draft)
    if not title:
        title = line
    elif note is not None:
        title = line + note
    draft.title = title[: Draft._meta.get_field("title").max_length]
    draft.save(update_fields=["title", "updated_at"])
    draft.__dict__.pop("name", None)


DETAILS = ("speaker", "meeting", "speech_date", "bold_points", "page_numbers")


@transaction.atomic
def draft_update_details(*, draft: Draft, title: str, **details) -> None:
    """讲话稿信息: the speaker, meeting, date and print options (``DETAILS``), and the 标题
    (draft_set_title's rule). Announced as an edit: the files change with them."""
    unknown = set(details) - set(DETAILS)
    if unknown:
        raise TypeError(f"not a detail of a draft: {sorted(unknown)}")
    claim_values_write(draft)
    for name, value in details.items():
        setattr(draft, name, value)
    draft.save(update_fields=[*details, "updated_at"])
    draft_set_title(draft=draft, title=title)
    draft_edited(draft=draft)
