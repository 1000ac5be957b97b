"""A writer's settings and API keys."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from speechapp.core.length import (
    DEFAULT_CHARS_PER_MINUTE,
    MAX_CHARS_PER_MINUTE,
    MIN_CHARS_PER_MINUTE,
)


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
