"""``draft_changed``: sent once the transaction of an edit that can change a draft's files
(its values, title, options or text) has committed.

The write path sends it (filling.saving.draft_edited); outputs listens and renders a complete
draft's files ahead of the download (outputs.prerender). So the write path knows nothing of
rendering, and a rolled-back edit is never announced.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.dispatch import Signal

# Receivers get ``draft`` (the Draft as saved) and ``printed`` (its printed values when the
# writer had them at hand, else None).
draft_changed = Signal()


def send_draft_changed(draft, printed: Mapping[str, str] | None = None) -> None:
    """Announce the edit when its transaction commits (at once outside a transaction)."""
    snapshot = dict(printed) if printed is not None else None
    transaction.on_commit(
        lambda: draft_changed.send(sender=type(draft), draft=draft, printed=snapshot)
    )
