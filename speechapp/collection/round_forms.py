"""The writer's forms of an online round: start one, set an office's e-mail address."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from speechapp.drafts.validators import refuse_control_chars


class RoundForm(forms.Form):
    offices = forms.MultipleChoiceField(
        label=_("请哪些单位填报"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个单位")},
    )
    deadline = forms.DateTimeField(
        label=_("截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("请填写截止时间"),
            "invalid": _("请按 2026-12-10 17:00 填写"),
        },
    )
    grace_hours = forms.IntegerField(
        label=_("截止后宽限（小时）"), min_value=0, max_value=720, initial=0,
        help_text=_("宽限期内链接仍可填报，状态显示为已逾期。"),
    )  # fmt: skip
    remind_every_hours = forms.IntegerField(
        label=_("同一单位两次催办至少间隔（小时）"), min_value=1, max_value=720, initial=24
    )
    message = forms.CharField(
        label=_("给各单位的说明（可不填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[refuse_control_chars],
    )

    def __init__(self, offices: Sequence[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offices"].choices = [(o, o) for o in offices]
        self.fields["offices"].initial = list(offices)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise ValidationError(_("截止时间应在现在之后"), code="past")
        return deadline


class LinkEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("电子邮箱"), required=False, error_messages={"invalid": _("请填写有效的邮箱地址")}
    )
