from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from speechapp.core.length import (
    DEFAULT_CHARS_PER_MINUTE,
    MAX_CHARS_PER_MINUTE,
    MIN_CHARS_PER_MINUTE,
)
from speechapp.core.model import Speech
from speechapp.core.parsing import parse_speech
from speechapp.core.tokens import DEFAULT_SPEC


def default_tokens() -> str:
    return DEFAULT_SPEC


class SpeechTemplate(models.Model):
    """A circulated template; owner None means it is shared with every user (the seed)."""

    name = models.CharField(_("名称"), max_length=200)
    source_text = models.TextField(_("模板全文"))
    slot_count = models.PositiveIntegerField(_("空数"), default=0)
    # The marks that stand for a blank in this template (speechapp.core.tokens), stored in
    # full so a later default never shifts its slot ids; rows from before were "cross" only.
    tokens = models.CharField(_("空白标记"), max_length=100, default=default_tokens)
    # The writer's corrections to what the parser found (speechapp.core.overrides): spans
    # marked as blanks, blanks unmarked, kinds changed. A list of JSON rows.
    overrides = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("模板")
        verbose_name_plural = _("模板")

    def __str__(self) -> str:
        return self.name

    @property
    def speech(self) -> Speech:
        return parse_speech(self.source_text, self.tokens, self.overrides)


class PageNumberChoice(models.TextChoices):
    OUTSIDE = "outside", _("单页居右、双页居左")
    CENTER = "center", _("居中")


class Draft(models.Model):
    """A writer's copy of a template, with the text frozen at the time it was started."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    template = models.ForeignKey(
        SpeechTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    source_text = models.TextField()
    # The template's token set when the draft was started, frozen with its text.
    tokens = models.CharField(max_length=100, default=default_tokens)
    # The template's corrections when the draft was started or last updated to the template.
    overrides = models.JSONField(default=list, blank=True)
    # Set when its template is corrected after the draft took its text: the fill page offers
    # 按模板更新 (services.draft_update_to_template), which clears it.
    template_changed = models.BooleanField(default=False)
    # Values whose blank was gone after an update to the template, kept for the writer to
    # place or drop: [{"id", "raw", "before", "token", "after", "section"}] (services.orphan_*).
    orphans = models.JSONField(default=list, blank=True)
    slot_count = models.PositiveIntegerField(default=0)
    # The template's title line as written when the draft starts, marks and all; a copy
    # adds "（下期）". Such a name prints the line with its values, and the pages call the
    # draft by that (``name``, core.rendering.titles); any other title is the writer's own.
    title = models.CharField(_("标题"), max_length=200)
    speaker = models.CharField(_("讲话人"), max_length=100, blank=True)
    meeting = models.CharField(_("会议名称"), max_length=200, blank=True)
    speech_date = models.DateField(_("日期"), null=True, blank=True)
    bold_points = models.BooleanField(_("要点首句加粗"), default=False)
    page_numbers = models.CharField(
        _("页码位置"), max_length=10, choices=PageNumberChoice, default=PageNumberChoice.OUTSIDE
    )
    # Bumped by every save; each slot value remembers the revision that wrote it, so an open
    # tab can ask what changed since it last looked.
    revision = models.PositiveBigIntegerField(default=0)
    # 上期: a snapshot of the earlier draft this one is based on, taken when the writer picked
    # it (services.draft_set_earlier), so later edits or deleting it change nothing here:
    # {"draft", "title", "source_text", "tokens", "overrides", "values", "as_text"}; {} = none.
    earlier = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("讲话稿")
        verbose_name_plural = _("讲话稿")

    def __str__(self) -> str:
        return self.title

    @property
    def speech(self) -> Speech:
        return parse_speech(self.source_text, self.tokens, self.overrides)

    @cached_property
    def name(self) -> str:
        """What the pages and lists call the draft: its title as the speech prints it, with
        the values (titles.draft_title). A list sets it for all its drafts at once
        (titles.with_names)."""
        from speechapp.drafts.titles import draft_title

        return draft_title(self).name


class Access(models.IntegerChoices):
    """What a user may do with a draft; each level includes the ones below it."""

    READ = 1, _("只读")
    EDIT = 2, _("可编辑")
    OWN = 3, _("所有者")

    @property
    def can_edit(self) -> bool:
        return self >= Access.EDIT

    @property
    def is_owner(self) -> bool:
        return self >= Access.OWN


class ChangeHow(models.TextChoices):
    """How a value came to change: kept with each history entry (``history_change_reason``)."""

    TYPED = "typed", _("填写")
    GROUP = "group", _("同组填入")
    VARIABLE = "variable", _("变量")
    AS_TEXT = "as_text", _("改为文字或数字")
    RESTORE = "restore", _("恢复")
    UNDO = "undo", _("撤销恢复")
    COPY = "copy", _("复制讲话稿")
    SHEET = "sheet", _("表格导入")
    CARRIED = "carried", _("沿用上期")
    CONFIRMED = "confirmed", _("确认沿用")
    API = "api", _("接口写入")
    BEFORE = "before", _("启用历史记录前")


class SlotValue(models.Model):
    """What the writer typed into one blank, and its printable form ("" while invalid)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="slot_values")
    slot_id = models.CharField(max_length=16)
    raw = models.TextField(blank=True)
    value = models.CharField(max_length=200, blank=True)
    revision = models.PositiveBigIntegerField(default=0)
    # The writer's word that this blank takes words, not a number ("×千万吨级" may be a
    # company's name): the parser's guess of the kind is only a guess.
    as_text = models.BooleanField(default=False)
    # Taken from 上期 (services.draft_take_earlier) and not yet confirmed by the writer.
    carried = models.BooleanField(default=False)
    variable = models.ForeignKey(
        "Variable", null=True, blank=True, on_delete=models.SET_NULL, related_name="slot_values"
    )
    # The browser's sequence number of the autosave that wrote ``raw`` (None: written by the
    # server, e.g. a group fill): an autosave numbered below it is older and is refused
    # (services.draft_save_values).
    seq = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every change of a blank: who, when, how (ChangeHow) and the values after it. The rows
    # are written by services.draft_save_values, the one write path (its upserts bypass the
    # signals), and go with the draft when it is deleted.
    history = HistoricalRecords(
        excluded_fields=["variable", "seq", "updated_at"], cascade_delete_history=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "slot_id"], name="one_value_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.slot_id}={self.value!r}"


class Variable(models.Model):
    """A named value (e.g. 区名) that fills every slot attached to it."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="variables")
    name = models.CharField(_("变量名"), max_length=40)
    raw = models.CharField(_("值"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "name"], name="unique_variable_name")
        ]

    def __str__(self) -> str:
        return self.name


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
    proposal = models.JSONField(default=dict)  # drafts.collect.Proposal.to_json()
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


SHARE_ROLES = [(Access.READ.value, Access.READ.label), (Access.EDIT.value, Access.EDIT.label)]


class DraftShare(models.Model):
    """A colleague the owner shares a draft with, as a reader or an editor."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="draft_shares",
        verbose_name=_("用户"),
    )
    role = models.PositiveSmallIntegerField(_("权限"), choices=SHARE_ROLES, default=Access.READ)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "user__username"]
        verbose_name = _("共享")
        verbose_name_plural = _("共享")
        constraints = [models.UniqueConstraint(fields=["draft", "user"], name="one_share_per_user")]

    def __str__(self) -> str:
        return f"{self.draft} → {self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.draft_id and self.user_id and self.user_id == self.draft.owner_id:
            raise ValidationError({"user": _("这是你自己的讲话稿，不用共享给自己")})


class WriterSettings(models.Model):
    """A writer's own settings: for now the pace the speaking time is worked out at."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="writer_settings"
    )
    chars_per_minute = models.PositiveSmallIntegerField(
        _("每分钟字数"),
        default=DEFAULT_CHARS_PER_MINUTE,
        validators=[
            MinValueValidator(MIN_CHARS_PER_MINUTE),
            MaxValueValidator(MAX_CHARS_PER_MINUTE),
        ],
        help_text=_("用来估算讲话时长；一般念稿每分钟约 220 字。"),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("个人设置")

    def __str__(self) -> str:
        return str(self.user)


class ApiToken(models.Model):
    """A key a statistics system uses for the values API, as the user who created it.

    Only the key's sha256 is stored (``key_hash``): the key is shown once, when created.
    ``prefix`` (its first characters) tells the user's keys apart in the list.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("用户"),
    )
    name = models.CharField(_("名称"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("前几位"), max_length=12)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = _("接口密钥")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
