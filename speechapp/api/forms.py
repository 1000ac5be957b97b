"""The form that names a new API key."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from speechapp.drafts.validators import refuse_line_breaks


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("密钥名称"),
        max_length=100,
        help_text=_("写明谁用这把密钥，例如“统计系统”"),
        validators=[refuse_line_breaks],
        error_messages={"required": _("请给密钥起个名字")},
    )
