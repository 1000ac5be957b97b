"""Forms: the blanks of one section, a template upload, the speech details."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from speechapp.core.kinds import NUMERIC_KINDS
from speechapp.core.model import PLACEHOLDER_RUN, Slot, SlotKind
from speechapp.core.reading import TemplateReadError, read_template
from speechapp.core.text import has_control_chars, strip_control_chars
from speechapp.core.values import (
    NAME_MAX_CHARS,
    RAW_MAX_CHARS,
    ValueProblem,
    normalise_value,
    raw_problem,
)

from .models import Draft

VALUE_MESSAGES = {
    "not_number": _("请输入数字，例如 5.2"),
    "negative": _("请输入不小于 0 的数"),
    "not_positive_integer": _("请输入大于 0 的整数"),
    "not_positive_number": _("请输入大于 0 的数"),
    "month_range": _("请输入 1–12 之间的月份"),
    "year_format": _("请输入四位数的年份，例如 2024"),
    "line_break": _("名称不能换行"),
    "too_long": _("最多 %(limit)s 个字"),
    "placeholder": _("请填写实际内容，不要保留 ×"),
    "control_char": _("含有看不见的控制字符（常见于从其他软件复制的文字），请删去后重新输入"),
    "too_many_digits": _("数字太长，最多 %(limit)s 位"),
}
# Django's own wording ("确保该变量包含不超过 80 字符") speaks of a variable, not a blank.
LENGTH_MESSAGE = _("最多 %(limit_value)s 个字")
CONTROL_CHARS_REMOVED = _("已去掉模板中 %(n)s 个看不见的控制字符")


def refuse_control_chars(value: str) -> None:
    """A validator for every text input: control characters are refused, never stored."""
    if value and has_control_chars(value):
        raise ValidationError(VALUE_MESSAGES["control_char"], code="control_char")


UNIT_STRIPPED = _("已去掉多余的单位“%(unit)s”")

KIND_HINTS = {
    SlotKind.PERCENT: _("百分比"),
    SlotKind.POINTS: _("百分点"),
    SlotKind.AMOUNT: _("金额"),
    SlotKind.COUNT: _("数量"),
    SlotKind.MEASURE: _("数值"),
    SlotKind.RANK: _("名次"),
    SlotKind.MONTH: _("月份"),
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
        attrs = {
            "placeholder": KIND_HINTS[slot.kind],
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
            error_messages={"max_length": LENGTH_MESSAGE},
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
            result = normalise_value(self.slot.kind, self.slot.unit, raw)
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

    def raw_values(self, *, changed_only: bool = False) -> dict[str, str]:
        """What was typed into each field, valid or not, so nothing is lost."""
        names = set(self.changed_data) if changed_only else None
        typed = {
            slot.id: (self.data.get(slot.id) or "").strip()
            for slot in self.slots
            if names is None or slot.id in names
        }
        # Text that cannot even be kept (too long, control characters) is refused, not stored:
        # its field shows why, and the browser still holds what was typed.
        return {k: v for k, v in typed.items() if raw_problem(v) is None}

    def valid_values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    def notices(self) -> dict[str, str]:
        return {
            name: field.notice
            for name, field in self.fields.items()
            if getattr(field, "notice", None) and name not in self.errors
        }


class TemplateUploadForm(forms.Form):
    """A pasted or uploaded template.

    Control characters in the template's text are removed with a notice (``removed_controls``)
    rather than refused: they come along invisibly when text is copied from other programs,
    and the writer could not find them to delete them. Its name is typed, so they are refused.
    """

    name = forms.CharField(
        label=_("模板名称"), max_length=200, required=False, validators=[refuse_control_chars]
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # NUL is one of the control characters removed from the text below, not refused.
        self.fields["text"].validators = []

    @property
    def source_field(self) -> str:
        """The field the template's text came from, where messages about it belong."""
        return "file" if self.cleaned_data.get("file") else "text"

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("file") or cleaned.get("text") or ""
        if "file" in self.errors:
            return cleaned
        text, cleaned["removed_controls"] = strip_control_chars(text)
        if not text.strip():
            self.add_error("text", ValidationError(_("请粘贴模板全文或上传文件"), code="empty"))
            return cleaned
        if not PLACEHOLDER_RUN.search(text):
            self.add_error(
                self.source_field,
                ValidationError(_("模板中没有找到用 × 标出的空"), code="no_slots"),
            )
        cleaned["source_text"] = text
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
    "encrypted": _("这个 Word 文件设有密码，请在 Word 中取消密码后再上传"),
    "docx_too_big": _("这个 Word 文件解压后太大或结构异常，无法读取；请另存为 .txt 后再上传"),
}


class DraftDetailsForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = ["title", "speaker", "meeting", "speech_date", "bold_points", "page_numbers"]
        widgets = {"speech_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "speaker", "meeting"):
            self.fields[name].validators.append(refuse_control_chars)


class VariableForm(forms.Form):
    """A new variable: its name and the slots to attach (e.g. every "×区" slot)."""

    name = forms.CharField(label=_("变量名"), max_length=40, validators=[refuse_control_chars])
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


class VariableValueForm(forms.Form):
    """A variable's value: bounded by what its column holds on every database."""

    raw = forms.CharField(
        label=_("值"),
        max_length=RAW_MAX_CHARS,
        required=False,
        validators=[refuse_control_chars],
        error_messages={"max_length": LENGTH_MESSAGE},
    )
