from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    variable = models.ForeignKey(
        "Variable", null=True, blank=True, on_delete=models.SET_NULL, related_name="slot_values"
    )
    updated_at = models.DateTimeField(auto_now=True)

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
