"""What every text a writer types must be, whatever the form: the one rule for control
characters (refused, never stored), the one for names that are one line (templates, drafts,
speakers, meetings, offices, variables, keys), and the length message."""

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


# Line and paragraph breaks and tabs: allowed in a template's text, never in a name.
LINE_BREAKS = frozenset("\r\n\t\x0b\x0c\x85\u2028\u2029")
ONE_LINE_MESSAGE = _("只能写成一行：请去掉换行、制表符或看不见的控制字符")


def refuse_line_breaks(value: str) -> None:
    """A validator for every one-line name: no line break, tab or control character (a name
    is a file name, a sheet's title, a heading: a break there splits it, or hides text)."""
    refuse_control_chars(value)
    if value and LINE_BREAKS.intersection(value):
        raise ValidationError(ONE_LINE_MESSAGE, code="line_break")
