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
    # The office link whose values these are (an online round), None for uploaded sheets.
    link = models.ForeignKey(
        "OfficeLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return "、".join(self.files)


class CollectionRound(models.Model):
    """One round of collecting a draft's figures online: the offices asked, the deadline.

    Each office gets one private link (OfficeLink). The links open until ``deadline`` plus
    ``grace_hours``, or until the writer locks the round.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="rounds")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    message = models.TextField(_("说明"), blank=True, max_length=500)
    deadline = models.DateTimeField(_("截止时间"))
    grace_hours = models.PositiveSmallIntegerField(_("宽限（小时）"), default=0)
    remind_every_hours = models.PositiveSmallIntegerField(_("催办间隔（小时）"), default=24)
    locked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.draft_id} · {self.deadline:%Y-%m-%d %H:%M}"


class OfficeLink(models.Model):
    """One office's private link in a round.

    The link's key is never stored: only its sha256 (``token_hash``), as for API keys. The key
    is the HMAC of ``salt`` (16 random bytes) under the site's secret, so the writer's pages can
    show the link again and reminders can carry it (collection.links); a new salt (re-issue)
    makes the old link dead.
    """

    round = models.ForeignKey(CollectionRound, on_delete=models.CASCADE, related_name="links")
    office = models.CharField(_("责任单位"), max_length=100)
    email = models.EmailField(_("电子邮箱"), blank=True)
    salt = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_name = models.CharField(_("填报人"), max_length=50, blank=True)
    submitted_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["office", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "office"], name="one_link_per_office")
        ]

    def __str__(self) -> str:
        return self.office


class OfficeValue(models.Model):
    """What an office typed into one of its blanks, waiting for the writer's review."""

    link = models.ForeignKey(OfficeLink, on_delete=models.CASCADE, related_name="values")
    slot_id = models.CharField(max_length=16)
    raw = models.TextField(blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    source = models.CharField(_("来源/口径"), max_length=200, blank=True)
    # Changed after the office submitted (the board and the review say so).
    after_submit = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "slot_id"], name="one_office_value_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.slot_id}={self.raw!r}"
