"""The lock of a 定稿 draft, held in the database: every write on a draft's values claims the
draft first (``claim_values_write``), in the same transaction as the write. The rule itself is
drafts.access.may_change_values."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from speechapp.drafts.access import LOCKED_STATES
from speechapp.drafts.models import Draft


def locked_message() -> str:
    return _(
        "这份讲话稿已定稿，内容已锁定，不能再修改。如需修改，请由所有者在讲话稿页面“开新版本”。"
    )


class DraftLocked(Exception):
    """A write was asked of a draft whose values are locked (定稿): nothing was written."""

    def __init__(self, draft: Draft):
        self.draft = draft
        super().__init__(locked_message())

    @property
    def message(self) -> str:
        return locked_message()


def claim_values_write(draft: Draft, now=None) -> None:
    """Claim ``draft`` for a write on its values, or raise DraftLocked.

    One conditional UPDATE (state not locked): it takes the draft's row (PostgreSQL) or the
    database's write lock (SQLite) until the transaction ends, so a 定稿 made at the same
    moment either comes first (and this write is refused) or waits for this write to end
    (and freezes what it wrote). Call it inside the write's transaction, before writing."""
    rows = Draft.objects.filter(pk=draft.pk).exclude(state__in=LOCKED_STATES)
    if not rows.update(updated_at=now or timezone.now()):
        refuse(draft)


def refuse(draft: Draft) -> None:
    """Raise DraftLocked for ``draft`` (its state as stored now)."""
    draft.state = Draft.objects.values_list("state", flat=True).get(pk=draft.pk)
    raise DraftLocked(draft)
