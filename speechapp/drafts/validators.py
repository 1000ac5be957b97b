"""What every text a writer types must be, whatever the form: the one rule for control
characters (refused, never stored) and the length message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from speechapp.core.text import has_control_chars

CONTROL_CHAR_MESSAGE = _("含有看不见的控制字符（常见于从其他软件复制的文字），请删去后重新输入")
LENGTH_MESSAGE = _("最多 %(limit_value)s 个字")


def refuse_control_chars(value: str) -> None:
    """A validator for every text input: control characters are refused, never stored."""
    if value and has_control_chars(value):
        raise ValidationError(CONTROL_CHAR_MESSAGE, code="control_char")
