"""Collecting figures: the 责任单位 of sections and blanks, and the returned sheets waiting
for review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from speechapp.drafts.models.drafts import Draft


class OfficeAssignment(models.Model):
    """The 责任单位 that supplies a section's figures (slot_id "") or one blank's."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="offices")
    section_key = models.CharField(max_length=16, blank=True)
    slot_id = models.CharField(max_length=16, blank=True)
    office = models.CharField(_("责任单位"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "section_key", "slot_id"], name="one_office_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_key or self.slot_id}: {self.office}"


class SheetImportStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    APPLIED = "applied", _("已导入")
    DISCARDED = "discarded", _("已放弃")
    UNDONE = "undone", _("已撤销")


class SheetImport(models.Model):
    """Returned data-request sheets: the proposal read from them, then what was applied.

    Pending while the writer reviews the changes; once applied it records the old and new
    text of every blank it wrote, so the whole import can be undone.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sheet_imports")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    files = models.JSONField(default=list)  # the file names, in the order uploaded
    proposal = models.JSONField(default=dict)  # collection.proposals.Proposal.to_json()
    status = models.CharField(
        max_length=10, choices=SheetImportStatus, default=SheetImportStatus.PENDING
    )
    applied = models.JSONField(default=dict)  # slot id -> {"old": raw, "new": raw}
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return "、".join(self.files)
