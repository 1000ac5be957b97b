"""Forms: the blanks of one section, a template upload, the speech details."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from speechapp.core.kinds import NUMERIC_KINDS, day_months
from speechapp.core.model import Slot, SlotKind
from speechapp.core.reading import TemplateReadError, read_template
from speechapp.core.tokens import (
    DEFAULT_TOKENS,
    TokenSetError,
    count_blanks,
    fixed_digits,
    parse_token_set,
)
from speechapp.core.values import (
    NAME_MAX_CHARS,
    ValueProblem,
    check_day_in_month,
    normalise_value,
)
from speechapp.core.wrapping import prepare_text

from .models import Draft

VALUE_MESSAGES = {
    "not_number": _("请输入数字，例如 5.2"),
    "negative": _("请输入不小于 0 的数"),
    "not_positive_integer": _("请输入大于 0 的整数"),
    "not_positive_number": _("请输入大于 0 的数"),
    "month_range": _("请输入 1–12 之间的月份"),
    "day_range": _("请输入 1–31 之间的日期"),
    "day_not_in_month": _("%(month)s月只有 %(days)s 天"),
    "year_format": _("请输入四位数的年份，例如 2024"),
    "year_prefix": _("这一年份以 %(prefix)s 开头：填完整年份，或只填后 %(digits)s 位"),
    "line_break": _("名称不能换行"),
    "too_long": _("最多 %(limit)s 个字"),
    "placeholder": _("请填写实际内容，不要保留 ×、XX、某某 等空白标记"),
}
UNIT_STRIPPED = _("已去掉多余的单位“%(unit)s”")

KIND_HINTS = {
    SlotKind.PERCENT: _("百分比"),
    SlotKind.POINTS: _("百分点"),
    SlotKind.AMOUNT: _("金额"),
    SlotKind.COUNT: _("数量"),
    SlotKind.MEASURE: _("数值"),
    SlotKind.RANK: _("名次"),
    SlotKind.MONTH: _("月份"),
    SlotKind.DAY: _("日"),
    SlotKind.YEAR: _("年份"),
    SlotKind.RATIO: _("比例"),
    SlotKind.NAME: _("名称"),
}
KIND_LABELS = {
    SlotKind.PERCENT: _("百分比"),
    SlotKind.POINTS: _("百分点"),
    SlotKind.AMOUNT: _("金额"),
    SlotKind.COUNT: _("数量"),
    SlotKind.MEASURE: _("度量"),
    SlotKind.RANK: _("名次"),
    SlotKind.MONTH: _("月份"),
    SlotKind.DAY: _("日"),
    SlotKind.YEAR: _("年份"),
    SlotKind.RATIO: _("比例"),
    SlotKind.NAME: _("名称"),
}


def value_error(problem: ValueProblem) -> ValidationError:
    return ValidationError(VALUE_MESSAGES[problem.code], code=problem.code, params=problem.params)


class SlotField(forms.CharField):
    """One blank: checks the typed text by the blank's kind; cleans to the printable form."""

    def __init__(self, slot: Slot, **kwargs):
        self.slot = slot
        numeric = slot.kind in NUMERIC_KINDS
        hint = KIND_HINTS[slot.kind]
        if slot.kind is SlotKind.YEAR and fixed_digits(slot.token):
            hint = slot.token  # "20XX": the whole year or only the missing digits will do
        attrs = {
            "placeholder": hint,
            "autocomplete": "off",
            "data-slot": slot.id,
            "data-kind": str(slot.kind),
            "class": "slot-input",
        }
        # A text input with a decimal keypad, not type=number: the browser would drop "５．２" or
        # "1,200" before the server could normalise it, losing what the writer typed.
        if numeric:
            attrs["inputmode"] = "decimal"
        super().__init__(
            required=False,
            strip=True,
            max_length=NAME_MAX_CHARS * 2,
            widget=forms.TextInput(attrs=attrs),
            # The value the page was shown with travels along, so a full-form save writes
            # only the fields this tab changed and never blanks another tab's newer value.
            show_hidden_initial=True,
            **kwargs,
        )
        self.notice: str | None = None

    def clean(self, value):
        raw = super().clean(value)
        try:
            result = normalise_value(self.slot.kind, self.slot.unit, raw, token=self.slot.token)
        except ValueProblem as problem:
            raise value_error(problem) from None
        self.notice = UNIT_STRIPPED % {"unit": result.stripped_unit} if result.notice else None
        return result.text


SLOT_PLACEHOLDER = "__slot__"


def slot_label(slot: Slot) -> str:
    """A label naming the blank by its context, for screen readers and error lists."""
    return f"{slot.before}＿{slot.after}".strip() or slot.id


class SlotsForm(forms.Form):
    """The blanks of one section (or of the whole speech), one field per slot id."""

    def __init__(self, slots: Iterable[Slot], *args, autosave_url: str | None = None, **kwargs):
        kwargs.setdefault("auto_id", "field-%s")
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        for slot in self.slots:
            field = SlotField(slot, label=slot_label(slot))
            if autosave_url:
                # Saved as the writer types (htmx); the full form post still works without JS.
                field.widget.attrs.update(
                    {
                        "hx-post": autosave_url.replace(SLOT_PLACEHOLDER, slot.id),
                        "hx-trigger": "input changed delay:700ms, change",
                        "hx-target": f"#feedback-{slot.id}",
                        "hx-sync": "this:replace",
                        "aria-describedby": f"feedback-{slot.id}",
                    }
                )
            self.fields[slot.id] = field

    def clean(self):
        cleaned = super().clean()
        # "×月×日": a day is checked against its month when both are on this form.
        for day_id, month_id in day_months(self.slots).items():
            day, month = cleaned.get(day_id), cleaned.get(month_id)
            if day and month:
                try:
                    check_day_in_month(day, month)
                except ValueProblem as problem:
                    self.add_error(day_id, value_error(problem))
        return cleaned

    def raw_values(self, *, changed_only: bool = False) -> dict[str, str]:
        """What was typed into each field, valid or not, so nothing is lost."""
        names = set(self.changed_data) if changed_only else None
        return {
            slot.id: (self.data.get(slot.id) or "").strip()
            for slot in self.slots
            if names is None or slot.id in names
        }

    def valid_values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def notices(self) -> dict[str, str]:
        return {
            name: field.notice
            for name, field in self.fields.items()
            if getattr(field, "notice", None) and name not in self.errors
        }


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label=_("模板名称"), max_length=200, required=False)
    text = forms.CharField(
        label=_("粘贴模板全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label=_("或上传文件（.txt 或 .docx）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,text/plain"}),
    )
    tokens = forms.CharField(
        label=_("空白标记"),
        required=False,
        max_length=100,
        initial=DEFAULT_TOKENS.examples,
        help_text=_("模板用哪些记号标出要填的空；删去不用的，或加上模板自己的符号（如 △）"),
    )
    rejoin = forms.BooleanField(
        label=_("重新接合断行（从 PDF 复制的文字每行在句中被截断时勾选）"),
        required=False,
        help_text=_("看起来按固定宽度断行的文字会自动接合"),
    )

    def clean_tokens(self):
        try:
            return parse_token_set(self.cleaned_data.get("tokens"))
        except TokenSetError as exc:
            raise ValidationError(
                _("无法用“%(item)s”标记空：请用 ×、X、X.X、*、□、○○、某某、__ 或一个符号（如 △）"),
                code="bad_token",
                params={"item": exc.item},
            ) from None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        limit = settings.SPEECHAPP_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("文件太大（%(size)s），上限为 %(limit)s"),
                code="too_big",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        try:
            return read_template(upload.read(), upload.name)
        except TemplateReadError as exc:
            raise ValidationError(TEMPLATE_READ_MESSAGES[exc.code], code=exc.code) from None

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("file") or cleaned.get("text") or ""
        if "file" in self.errors or "tokens" in self.errors:
            return cleaned
        if not text.strip():
            self.add_error("text", ValidationError(_("请粘贴模板全文或上传文件"), code="empty"))
            return cleaned
        # The re-joined text is what gets saved: every later parse reads the same lines.
        text, cleaned["rejoined"] = prepare_text(text, rejoin=cleaned.get("rejoin", False))
        tokens = cleaned["tokens"]
        if not count_blanks(text, tokens):
            target = "file" if cleaned.get("file") else "text"
            self.add_error(
                target,
                ValidationError(
                    _("模板中没有找到空：请用 %(marks)s 之一标出要填的数字或名称"),
                    code="no_slots",
                    params={"marks": tokens.examples or DEFAULT_TOKENS.examples},
                ),
            )
        cleaned["source_text"] = text
        cleaned["tokens"] = tokens.spec
        if not cleaned.get("name"):
            first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            cleaned["name"] = first_line[:200]
        return cleaned


TEMPLATE_READ_MESSAGES = {
    "undecodable": _("无法识别文件的文字编码，请另存为 UTF-8 文本后再上传"),
    "binary": _("这不是文本文件，请上传 .txt 或 .docx"),
    "bad_docx": _("无法打开这个 Word 文件，请确认它是 .docx 格式"),
    "old_doc": _("暂不支持旧版 .doc 文件，请在 Word 中另存为 .docx 后再上传"),
    "unsupported": _("只支持 .txt 和 .docx 文件"),
}


class DraftDetailsForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = ["title", "speaker", "meeting", "speech_date", "bold_points", "page_numbers"]
        widgets = {"speech_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class VariableForm(forms.Form):
    """A new variable: its name and the slots to attach (e.g. every "×区" slot)."""

    name = forms.CharField(label=_("变量名"), max_length=40)
    slot_ids = forms.CharField(required=False)

    def __init__(self, draft, *args, **kwargs):
        self.draft = draft
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.draft.variables.filter(name=name).exists():
            raise ValidationError(_("已有名为“%(name)s”的变量"), params={"name": name})
        return name

    def clean_slot_ids(self):
        known = set(self.draft.speech.slot_ids)
        ids = [i for i in self.cleaned_data["slot_ids"].split(",") if i]
        return [i for i in ids if i in known]
