"""Reads: a user's drafts and templates, a draft's values and progress."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from speechapp.core.earlier import Earlier, earlier_values, takeable
from speechapp.core.leftovers import Leftover, leftovers
from speechapp.core.linking import NameGroup, group_of
from speechapp.core.model import BlockKind, Slot, Speech
from speechapp.core.overrides import (
    Overrides,
    Span,
    blank_for_value,
    overrides_of,
    remap_overrides,
)
from speechapp.core.parsing import parse_speech
from speechapp.core.paste import paste_targets, pasted_lines
from speechapp.core.progress import is_filled
from speechapp.core.rendering.titles import title_note
from speechapp.core.sheets import blank_context, slot_offices
from speechapp.drafts.models import (
    Access,
    ChangeHow,
    Draft,
    DraftShare,
    SlotValue,
    SpeechTemplate,
    Variable,
)
from speechapp.drafts.values import check_values, effective_slot, effective_slots


def templates_for(user) -> QuerySet[SpeechTemplate]:
    return SpeechTemplate.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def templates_editable_by(user) -> QuerySet[SpeechTemplate]:
    """The templates ``user`` may correct, rename or delete: their own, and (staff) the
    shared ones."""
    editable = Q(owner=user)
    if user.is_staff:
        editable |= Q(owner__isnull=True)
    return SpeechTemplate.objects.filter(editable)


def may_edit_template(template: SpeechTemplate, user) -> bool:
    """``templates_editable_by`` for one template, without a query."""
    if template.owner_id is None:
        return bool(user.is_staff)
    return template.owner_id == user.pk


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


def template_leftovers(template: SpeechTemplate) -> tuple[Leftover, ...]:
    return leftovers(template.speech, overrides_of(template.overrides).texts)


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


def drafts_for(user) -> QuerySet[Draft]:
    """The user's own drafts, each annotated with ``filled`` (slots with a printable value).

    The database form of ``core.progress.is_filled``: a stored value is always normalised
    (services.draft_save_values), so it is never whitespace alone.
    """
    return (
        Draft.objects.filter(owner=user)
        .defer("earlier", "source_text")
        .annotate(
            filled=Count("slot_values", filter=~Q(slot_values__value="")),
            to_confirm=Count("slot_values", filter=Q(slot_values__carried=True)),
        )
    )


def drafts_shared_with(user) -> list[Draft]:
    """Drafts colleagues shared with ``user``, annotated like ``drafts_for``, each with the
    user's ``access`` (Access) from the share."""
    role = DraftShare.objects.filter(draft=OuterRef("pk"), user=user).values("role")[:1]
    drafts = list(
        Draft.objects.filter(shares__user=user)
        .defer("earlier", "source_text")
        .annotate(
            filled=Count("slot_values", filter=~Q(slot_values__value=""), distinct=True),
            role=Subquery(role),
        )
        .select_related("owner")
    )
    for draft in drafts:
        draft.access = Access(draft.role)
    return drafts


def readable_drafts(user) -> QuerySet[Draft]:
    """Every draft ``user`` may read: their own and those shared with them (draft_access)."""
    return Draft.objects.filter(
        pk__in=Draft.objects.filter(Q(owner=user) | Q(shares__user=user)).values("pk")
    )


def earlier_choices(user, draft: Draft | None = None) -> QuerySet[Draft]:
    """The drafts ``user`` may base ``draft`` (None: a new draft of theirs) on, as 上期: those
    they may read and, since the snapshot shows to everyone the draft is shared with, that
    the draft's owner may read too; never the draft itself. Newest first."""
    drafts = readable_drafts(user)
    if draft is not None:
        drafts = drafts.filter(pk__in=readable_drafts(draft.owner).values("pk")).exclude(
            pk=draft.pk
        )
    return drafts.order_by("-updated_at", "-pk")


def draft_access(draft: Draft, user) -> Access | None:
    """What ``user`` may do with ``draft``: own it, edit or read it (shared), or nothing."""
    if draft.owner_id == user.pk:
        return Access.OWN
    role = DraftShare.objects.filter(draft=draft, user_id=user.pk).values_list("role", flat=True)
    return Access(role[0]) if role else None


def draft_shares(draft: Draft) -> QuerySet[DraftShare]:
    return draft.shares.select_related("user").order_by("user__username")


@dataclass(frozen=True)
class StoredValues:
    """Everything stored for a draft's blanks, read in one query."""

    raw: Mapping[str, str] = field(default_factory=dict)  # what the writer typed
    printed: Mapping[str, str] = field(default_factory=dict)  # filled slots only
    as_text: frozenset[str] = frozenset()  # blanks the writer made take words
    links: Mapping[str, int] = field(default_factory=dict)  # slot id -> variable id
    seqs: Mapping[str, int] = field(default_factory=dict)  # the autosave that wrote each
    carried: frozenset[str] = frozenset()  # taken from 上期, not yet confirmed (沿用)

    def slot(self, slot: Slot) -> Slot:
        """``slot`` as the writer set it (see values.effective_slot)."""
        return effective_slot(slot, slot.id in self.as_text)

    def slots(self, speech: Speech) -> dict[str, Slot]:
        return effective_slots(speech, self.as_text)

    def with_written(
        self,
        raw: Mapping[str, str],
        printed: Mapping[str, str],
        as_text: frozenset[str] | None = None,
        carried: frozenset[str] | None = None,
    ) -> StoredValues:
        """These values after a save wrote ``raw`` and ``printed`` (and the blanks that take
        words, ``as_text``, and the carried ones, ``carried``) for some slots."""
        new_printed = {**self.printed, **printed}
        return StoredValues(
            raw={**self.raw, **raw},
            printed={k: v for k, v in new_printed.items() if is_filled(v)},
            as_text=self.as_text if as_text is None else frozenset(as_text),
            links=self.links,
            seqs=self.seqs,
            carried=self.carried if carried is None else frozenset(carried),
        )


def group_targets(
    speech: Speech, slot_id: str, values: StoredValues
) -> tuple[NameGroup | None, list[str]]:
    """The name group of ``slot_id`` and the blanks a group fill would write into.

    No blanks while ``slot_id`` prints nothing; the offer ("也填入其他 N 个") and the fill both ask
    this, so they always count the same blanks.
    """
    group = group_of(speech, slot_id)
    if group is None or not is_filled(values.printed.get(slot_id)):
        return group, []
    return group, group.open_others(slot_id, values.raw)


def stored_values(draft: Draft) -> StoredValues:
    rows = SlotValue.objects.filter(draft=draft).values_list(
        "slot_id", "raw", "value", "as_text", "variable_id", "seq", "carried"
    )
    raw, printed, as_text, links, seqs, carried = {}, {}, set(), {}, {}, set()
    for slot_id, typed, value, takes_words, variable_id, seq, was_carried in rows:
        raw[slot_id] = typed
        if is_filled(value):
            printed[slot_id] = value
        if takes_words:
            as_text.add(slot_id)
        if variable_id is not None:
            links[slot_id] = variable_id
        if seq is not None:
            seqs[slot_id] = seq
        if was_carried:
            carried.add(slot_id)
    return StoredValues(raw, printed, frozenset(as_text), links, seqs, frozenset(carried))


def draft_values(draft: Draft) -> dict[str, str]:
    """slot id -> printable value, for filled slots only."""
    return dict(stored_values(draft).printed)


def values_file(speech: Speech, printed: Mapping[str, str]) -> dict[str, str]:
    """What the values file holds (render_speech's --values): the printed value of each
    filled blank, in the speech's order."""
    return {slot.id: printed[slot.id] for slot in speech.slots if slot.id in printed}


def draft_raw_values(draft: Draft) -> dict[str, str]:
    """slot id -> what the writer typed, valid or not."""
    return dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "raw"))


def draft_variables(draft: Draft) -> list[Variable]:
    """The draft's variables, each annotated with ``slot_count`` (the blanks attached)."""
    return list(draft.variables.annotate(slot_count=Count("slot_values")))


def draft_changes(draft: Draft, since: int) -> list[dict]:
    """Slot values written after revision ``since`` (by this tab or another)."""
    rows = SlotValue.objects.filter(draft=draft, revision__gt=since).values(
        "slot_id", "raw", "value", "revision"
    )
    return [
        {"id": r["slot_id"], "raw": r["raw"], "value": r["value"], "revision": r["revision"]}
        for r in rows
    ]


def draft_offices(draft: Draft) -> tuple[dict[str, str], dict[str, str]]:
    """The 责任单位 assigned on a draft: by section key, and by slot id."""
    by_section, by_slot = {}, {}
    for section_key, slot_id, office in draft.offices.values_list(
        "section_key", "slot_id", "office"
    ):
        if slot_id:
            by_slot[slot_id] = office
        else:
            by_section[section_key] = office
    return by_section, by_slot


def draft_slot_offices(draft: Draft) -> dict[str, str]:
    """Each blank's 责任单位 (its own, else its section's or part's; "" when none)."""
    by_section, by_slot = draft_offices(draft)
    return slot_offices(draft.speech, by_section, by_slot)


@dataclass(frozen=True)
class PasteRow:
    slot: Slot
    context: str
    line: str
    value: str  # what it will print ("" when the line does not fit: ``error`` says why)
    error: str | None


@dataclass(frozen=True)
class PastePlan:
    rows: tuple[PasteRow, ...]
    extra: int  # lines left over once the section's open blanks ran out

    @property
    def raw(self) -> dict[str, str]:
        """What a paste writes: every line with text (an empty cell leaves its blank alone)."""
        return {row.slot.id: row.line for row in self.rows if row.line}


def paste_plan(draft: Draft, slot_id: str, text: str) -> PastePlan:
    """Which pasted line goes into which blank, each checked by the one value rule."""
    speech = draft.speech
    lines = pasted_lines(text)
    stored = stored_values(draft)
    targets = paste_targets(speech, slot_id, stored.printed, len(lines))
    typed = {target: line for target, line in zip(targets, lines, strict=False) if line}
    checks = check_values(stored.slots(speech), typed, stored.printed)
    by_id = {slot.id: slot for slot in speech.slots}
    rows = []
    for target, line in zip(targets, lines, strict=False):
        check = checks.get(target)
        error = check.error if check is not None else None
        rows.append(
            PasteRow(
                slot=by_id[target],
                context=blank_context(speech, by_id[target]),
                line=line,
                value=check.value if check is not None else "",
                error=" ".join(error.messages) if error is not None else None,
            )
        )
    return PastePlan(tuple(rows), extra=len(lines) - len(targets))


# --- history ------------------------------------------------------------------------------


def draft_history(draft: Draft, slot_id: str | None = None) -> QuerySet:
    """The draft's value changes, newest first, each annotated with the blank's text and
    printed value before it (``old_raw``, ``old_value``; None for its first entry)."""
    historical = SlotValue.history.model
    before = historical.objects.filter(
        draft_id=OuterRef("draft_id"),
        slot_id=OuterRef("slot_id"),
        history_id__lt=OuterRef("history_id"),
    ).order_by("-history_id")
    rows = historical.objects.filter(draft_id=draft.pk)
    if slot_id is not None:
        rows = rows.filter(slot_id=slot_id)
    return (
        rows.annotate(
            old_raw=Subquery(before.values("raw")[:1]),
            old_value=Subquery(before.values("value")[:1]),
        )
        .select_related("history_user")
        .order_by("-history_id")
    )


def values_as_of(draft: Draft, revision: int) -> dict[str, tuple[str, bool, bool]]:
    """slot id -> (typed text, takes words, 沿用) right after save ``revision``, from the
    history."""
    rows = (
        SlotValue.history.filter(draft_id=draft.pk, revision__lte=revision)
        .order_by("history_id")
        .values_list("slot_id", "raw", "as_text", "carried")
    )
    return {slot_id: (raw, as_text, carried) for slot_id, raw, as_text, carried in rows}


def restored_slots(draft: Draft, revision: int) -> list[str]:
    """The blanks a restore (or an undone restore) saved as ``revision`` wrote."""
    return list(
        SlotValue.history.filter(
            draft_id=draft.pk,
            revision=revision,
            history_change_reason__in=[ChangeHow.RESTORE, ChangeHow.UNDO],
        ).values_list("slot_id", flat=True)
    )


@dataclass(frozen=True)
class EarlierState:
    """上期 beside a draft's blanks: what each matched blank printed in the earlier draft."""

    draft_id: int | None  # the earlier draft (it may have been deleted since)
    title: str
    values: Mapping[str, Earlier]  # this draft's slot id -> the earlier value
    takeable: list[str]  # what "全部沿用" fills (core.earlier.takeable)
    carried: frozenset[str]  # values taken and not yet confirmed

    @property
    def changed(self) -> int:
        """Blanks with an earlier value whose sentence changed: typed, not taken."""
        return sum(1 for e in self.values.values() if not e.same_sentence)


def draft_earlier(draft: Draft, stored: StoredValues | None = None) -> EarlierState | None:
    """The draft's 上期, matched against its current text (None when it has none)."""
    snapshot = draft.earlier or {}
    if stored is None:
        stored = stored_values(draft)
    if "source_text" not in snapshot:
        return None
    old = parse_speech(snapshot["source_text"], snapshot.get("tokens"), snapshot.get("overrides"))
    values = earlier_values(
        old, draft.speech, snapshot.get("values") or {}, snapshot.get("as_text") or ()
    )
    return EarlierState(
        draft_id=snapshot.get("draft"),
        title=snapshot.get("title", ""),
        values=values,
        takeable=takeable(values, stored.printed),
        carried=stored.carried,
    )


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
