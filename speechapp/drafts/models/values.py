"""What is stored for a draft's blanks: each value with its history, and the variables that fill
several blanks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from speechapp.drafts.models.drafts import Draft


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
    ONLINE = "online", _("在线填报")
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
    # Taken from 上期 (filling.earlier.draft_take_earlier) and not yet confirmed by the writer.
    carried = models.BooleanField(default=False)
    # What the supplier said of the figure (备注: "快报数，待正式公布") and where it comes from
    # (来源/口径): kept with the value from the office page, a sheet or the API.
    note = models.CharField(_("备注"), max_length=200, blank=True)
    source = models.CharField(_("来源/口径"), max_length=200, blank=True)
    variable = models.ForeignKey(
        "Variable", null=True, blank=True, on_delete=models.SET_NULL, related_name="slot_values"
    )
    # The browser's sequence number of the autosave that wrote ``raw`` (None: written by the
    # server, e.g. a group fill): an autosave numbered below it is older and is refused
    # (filling.saving.draft_save_values).
    seq = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Every change of a blank: who, when, how (ChangeHow) and the values after it. The rows
    # are written by filling.saving.draft_save_values, the one write path (its upserts bypass the
    # signals). They outlive a value row (按模板更新 moves them: filling.history.carry_history)
    # and go with the draft when it is deleted (drafts.signals).
    history = HistoricalRecords(excluded_fields=["variable", "seq", "updated_at"])

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
