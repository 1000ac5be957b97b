"""What each reader of a draft last saw of it, for "what changed since I last looked"."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from speechapp.drafts.models.drafts import Draft


class DraftSeen(models.Model):
    """The latest point of a draft's history (a revision) a user has looked at: its preview,
    or its what-changed page up to that point (filling.changes.draft_mark_seen). Kept apart
    from any review state: it is only what this user saw."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="seen_by")
    revision = models.PositiveBigIntegerField(default=0)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "draft"], name="one_seen_per_user_and_draft")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.draft_id}@{self.revision}"
