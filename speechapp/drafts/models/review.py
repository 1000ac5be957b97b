"""Review and sign-off: where a draft stands (起草中 → 送审 → 退回修改 / 审核通过 → 定稿), each
transition kept with who, when and the message, the files frozen at 定稿, and the comments on a
blank or a sentence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DraftState(models.TextChoices):
    DRAFTING = "drafting", _("起草中")
    IN_REVIEW = "in_review", _("送审")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过")
    FINAL = "final", _("定稿")


# A message with a transition or a comment: a few paragraphs, not a document.
MESSAGE_MAX_CHARS = 2000


class ReviewEvent(models.Model):
    """One transition of a draft's state (review.states), kept for its history page."""

    draft = models.ForeignKey(
        "drafts.Draft", on_delete=models.CASCADE, related_name="review_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=20, choices=DraftState)
    to_state = models.CharField(max_length=20, choices=DraftState)
    # Who the draft was sent to (送审); else empty.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(blank=True, max_length=MESSAGE_MAX_CHARS)
    # The draft's values revision at the transition: 定稿 freezes the revision approved.
    revision = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.draft_id}: {self.from_state} → {self.to_state}"


class FrozenFile(models.Model):
    """A file of a draft rendered once when it reached 定稿 and served as it is ever since."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="frozen")
    fmt = models.CharField(max_length=10)  # "docx" or "pdf"
    filename = models.CharField(max_length=300)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "fmt"], name="one_frozen_file_per_format")
        ]

    def __str__(self) -> str:
        return self.filename


class Comment(models.Model):
    """A comment on a blank (``slot_id``) or a sentence (``quote``, the text it is about) of a
    draft; a reply names its ``parent``. Resolved by the writer or the commenter."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    slot_id = models.CharField(max_length=20, blank=True)
    quote = models.CharField(max_length=500, blank=True)
    text = models.TextField(max_length=MESSAGE_MAX_CHARS)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
