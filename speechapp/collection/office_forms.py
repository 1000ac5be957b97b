"""The office page's forms: the values (one row of fields per blank) and 提交."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from speechapp.collection.office_page import MAX_NOTE_CHARS
from speechapp.core.values import RAW_MAX_CHARS
from speechapp.drafts.validators import refuse_control_chars, refuse_line_breaks


class OfficeValuesForm(forms.Form):
    """``value-<id>``, ``note-<id>`` and ``source-<id>`` for each of the office's blanks; only
    the blanks posted are saved (an autosave posts one)."""

    def __init__(self, slot_ids: Sequence[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_ids = list(slot_ids)
        for slot_id in self.slot_ids:
            self.fields[f"value-{slot_id}"] = forms.CharField(
                label=_("填写值"),
                required=False,
                strip=False,
                max_length=RAW_MAX_CHARS,
                validators=[refuse_control_chars],
            )
            for name, label in (("note", _("备注")), ("source", _("来源/口径"))):
                self.fields[f"{name}-{slot_id}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=MAX_NOTE_CHARS,
                    validators=[refuse_line_breaks],
                )

    def posted_ids(self) -> list[str]:
        return [i for i in self.slot_ids if f"value-{i}" in self.data]

    def typed(self) -> dict[str, tuple[str, str, str]]:
        """slot id -> (value, 备注, 来源) as posted, errors or not (to show them again)."""
        return {
            i: tuple(self.data.get(f"{n}-{i}", "") for n in ("value", "note", "source"))
            for i in self.posted_ids()
        }

    def slot_errors(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for i in self.posted_ids():
            for n in ("value", "note", "source"):
                found.setdefault(i, []).extend(str(e) for e in self.errors.get(f"{n}-{i}", []))
        return {i: e for i, e in found.items() if e}

    def values(self) -> dict[str, tuple[str, str, str]]:
        """slot id -> (value, 备注, 来源) for the blanks posted without an error."""
        data = self.cleaned_data
        return {
            i: (data.get(f"value-{i}", ""), data.get(f"note-{i}", ""), data.get(f"source-{i}", ""))
            for i in self.posted_ids()
            if not any(f"{n}-{i}" in self.errors for n in ("value", "note", "source"))
        }


class OfficeSubmitForm(forms.Form):
    name = forms.CharField(
        label=_("填报人"), max_length=50, validators=[refuse_line_breaks],
        error_messages={"required": _("请填写填报人姓名")},
    )  # fmt: skip
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        validators=[
            RegexValidator(r"^[0-9+\-（）() 转]{5,30}$", _("请填写电话号码，例如 0571-12345678"))
        ],
        error_messages={"required": _("请填写联系电话")},
    )
