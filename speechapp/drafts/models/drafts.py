"""A writer's draft of a template, with its text frozen when started, and the shares that let
colleagues read or edit it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from speechapp.core.model import Speech
from speechapp.drafts.models.review import DraftState
from speechapp.drafts.models.templates import SpeechTemplate, default_tokens
from speechapp.drafts.parsed import parsed_speech
from speechapp.drafts.titles import TITLE_MAX_LENGTH, draft_title


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
    # 按模板更新 (filling.updates.draft_update_to_template), which clears it.
    template_changed = models.BooleanField(default=False)
    # Values whose blank was gone after an update to the template, kept for the writer to
    # place or drop (filling.updates.orphan_*):
    # [{"id", "raw", "before", "token", "after", "section"}].
    orphans = models.JSONField(default=list, blank=True)
    slot_count = models.PositiveIntegerField(default=0)
    # The template's title line as written when the draft starts, marks and all; a copy
    # adds "（下期）". Such a name prints the line with its values, and the pages call the
    # draft by that (``name``, core.rendering.titles); any other title is the writer's own.
    title = models.CharField(_("标题"), max_length=TITLE_MAX_LENGTH)
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
    # The revision at which the draft last took its template's corrected text (按模板更新,
    # filling.updates): the history before it is kept, moved to the blanks' new ids, but a
    # restore of the whole draft to an earlier revision would rebuild another text's blanks,
    # so it is refused (filling.history.draft_restore). 0: never updated.
    template_update_revision = models.PositiveBigIntegerField(default=0)
    # 上期: a snapshot of the earlier draft this one is based on, taken when the writer picked
    # it (filling.earlier.draft_set_earlier), so later edits or deleting it change nothing here:
    # {"draft", "title", "source_text", "tokens", "overrides", "values", "as_text"}; {} = none.
    earlier = models.JSONField(default=dict, blank=True)
    # Where the draft stands in its review (review.states; who may move it: drafts.access).
    # In 定稿 its values are locked (drafts.access.may_change_values).
    state = models.CharField(
        _("状态"), max_length=20, choices=DraftState, default=DraftState.DRAFTING
    )
    # Who it was last sent to (送审): the one who may return or approve it.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts_to_review",
    )
    # 第 n 版: a new version opened from a 定稿 one is its version + 1 (``previous``).
    version = models.PositiveIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )
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
        return parsed_speech(self.source_text, self.tokens, self.overrides)

    @cached_property
    def name(self) -> str:
        """What the pages and lists call the draft: its title as the speech prints it, with
        the values (titles.draft_title). A list sets it for all its drafts at once
        (titles.with_names)."""
        return draft_title(self).name


class Access(models.IntegerChoices):
    """What a user may do with a draft; each level includes the ones ranked below it
    (``includes``): read < review (read and comment) < edit < own. The stored numbers are
    the shares' roles as first written, not the order."""

    READ = 1, _("只读")
    EDIT = 2, _("可编辑")
    OWN = 3, _("所有者")
    REVIEW = 4, _("审核")

    @property
    def rank(self) -> int:
        return ACCESS_RANK[self]

    def includes(self, need: Access) -> bool:
        return self.rank >= Access(need).rank

    @property
    def can_comment(self) -> bool:
        return self.includes(Access.REVIEW)

    @property
    def can_edit(self) -> bool:
        return self.includes(Access.EDIT)

    @property
    def is_owner(self) -> bool:
        return self.includes(Access.OWN)


ACCESS_RANK = {Access.READ: 1, Access.REVIEW: 2, Access.EDIT: 3, Access.OWN: 4}

SHARE_ROLES = [
    (Access.READ.value, Access.READ.label),
    (Access.REVIEW.value, Access.REVIEW.label),
    (Access.EDIT.value, Access.EDIT.label),
]


class DraftShare(models.Model):
    """A colleague the owner shares a draft with, as a reader, a reviewer (审核) or an editor."""

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
