"""A circulated template: its text, marks and corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from speechapp.core.model import Speech
from speechapp.core.tokens import DEFAULT_SPEC
from speechapp.drafts.parsed import parsed_speech


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
        return parsed_speech(self.source_text, self.tokens, self.overrides)
