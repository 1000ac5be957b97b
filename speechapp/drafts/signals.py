"""``draft_changed``: sent once the transaction of an edit that can change a draft's files
(its values, title, options or text) has committed.

The write path sends it (filling.saving.draft_edited); outputs listens and renders a complete
draft's files ahead of the download (outputs.prerender). So the write path knows nothing of
rendering, and a rolled-back edit is never announced.

Also here: a deleted draft takes its value history with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from speechapp.drafts.models import Draft, SlotValue

# Receivers get ``draft`` (the Draft as saved) and ``printed`` (its printed values when the
# writer had them at hand, else None).
draft_changed = Signal()


def send_draft_changed(draft, printed: Mapping[str, str] | None = None) -> None:
    """Announce the edit when its transaction commits (at once outside a transaction)."""
    snapshot = dict(printed) if printed is not None else None
    transaction.on_commit(
        lambda: draft_changed.send(sender=type(draft), draft=draft, printed=snapshot)
    )


@receiver(post_delete, sender=Draft)
def drop_value_history(sender, instance: Draft, **kwargs) -> None:
    """A deleted draft's value history goes with it, however it was deleted (its page, the
    admin, its owner's account): the history is kept apart from the value rows, which a
    template update replaces."""
    SlotValue.history.filter(draft_id=instance.pk).delete()
