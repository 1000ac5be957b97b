"""Forms: the blanks of one section, a template upload, the speech details."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from speechapp.core.kinds import NUMERIC_KINDS
from speechapp.core.length import MAX_CHARS_PER_MINUTE, MIN_CHARS_PER_MINUTE
from speechapp.core.model import Slot, SlotKind
from speechapp.core.overrides import (
    Span,
    find_span,
    key_of,
    overrides_from_choices,
    span_at,
    text_lines,
)
from speechapp.core.parsing import parse_speech
from speechapp.core.reading import TemplateReadError, read_template
from speechapp.core.text import has_control_chars, strip_control_chars
from speechapp.core.tokens import (
    DEFAULT_TOKENS,
    TokenSetError,
    count_blanks,
    fixed_digits,
    parse_token_set,
)
from speechapp.core.values import NAME_MAX_CHARS, RAW_MAX_CHARS
from speechapp.core.wrapping import prepare_text
from speechapp.drafts.models import SHARE_ROLES, Access, Draft, WriterSettings
from speechapp.drafts.selectors import earlier_choices
from speechapp.drafts.titles import check_title, with_names
from speechapp.drafts.values import VALUE_MESSAGES, Checked

# Django's own wording ("确保该变量包含不超过 80 字符") speaks of a variable, not a blank.
LENGTH_MESSAGE = _("最多 %(limit_value)s 个字")
CONTROL_CHARS_REMOVED = _("已去掉模板中 %(n)s 个看不见的控制字符")


def refuse_control_chars(value: str) -> None:
    """A validator for every text input: control characters are refused, never stored."""
    if value and has_control_chars(value):
        raise ValidationError(VALUE_MESSAGES["control_char"], code="control_char")


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
    SlotKind.AGE: _("岁数"),
    SlotKind.RATE: _("比率"),
    SlotKind.NAME: _("名称"),
}


class SlotField(forms.CharField):
    """One blank: only parses (strips) what was typed.

    What the blank prints, and any problem with it, is the service's to decide
    (values.check_value via services.draft_save_values); ``SlotsForm.show_checks`` puts its
    verdict beside the field.
    """

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
        else:
            attrs["maxlength"] = NAME_MAX_CHARS  # the value rule's limit, not a looser one
        super().__init__(
            required=False,
            strip=True,
            widget=forms.TextInput(attrs=attrs),
            # The value the page was shown with travels along, so a full-form save writes
            # only the fields this tab changed and never blanks another tab's newer value.
            show_hidden_initial=True,
            **kwargs,
        )


SLOT_PLACEHOLDER = "__slot__"


class SlotInputRenderer(DjangoTemplates):
    """Django's form renderer, with the text and hidden inputs written in Python.

    The fill page shows up to a few hundred blanks, each an input and its hidden initial
    value: through the widget templates that was two thirds of the page's time. The markup is
    the same as Django's ``input.html`` and ``attrs.html`` (tests/web/test_fill_all.py)."""

    INPUTS = frozenset({"django/forms/widgets/text.html", "django/forms/widgets/hidden.html"})

    def render(self, template_name, context, request=None) -> SafeString:
        if template_name not in self.INPUTS:
            return super().render(template_name, context, request=request)
        widget = context["widget"]
        html = [format_html('<input type="{}" name="{}"', widget["type"], widget["name"])]
        if widget["value"] is not None:
            html.append(format_html(' value="{}"', str(widget["value"])))
        for name, value in widget["attrs"].items():
            if value is True:
                html.append(format_html(" {}", name))
            elif value is not False:
                html.append(format_html(' {}="{}"', name, str(value)))
        return mark_safe("".join(html) + ">")


SLOT_INPUT_RENDERER = SlotInputRenderer()


def slot_label(slot: Slot) -> str:
    """A label naming the blank by its context, for screen readers and error lists."""
    return f"{slot.before}＿{slot.after}".strip() or slot.id


class SlotsForm(forms.Form):
    """The blanks of one section (or of the whole speech), one field per slot id."""

    default_renderer = SLOT_INPUT_RENDERER

    def __init__(
        self,
        slots: Iterable[Slot],
        *args,
        autosave_url: str | None = None,
        read_only: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("auto_id", "field-%s")
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        for slot in self.slots:
            field = SlotField(slot, label=slot_label(slot), disabled=read_only)
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
        return {
            slot.id: (self.data.get(slot.id) or "").strip()
            for slot in self.slots
            if names is None or slot.id in names
        }

    def show_checks(self, checks: Mapping[str, Checked]) -> None:
        """Put each field's problem, as the service judged it, beside the field."""
        if not self.is_bound:
            return
        self.is_valid()  # errors are added to a cleaned form
        for slot_id, check in checks.items():
            if slot_id in self.fields and check.error is not None:
                self.add_error(slot_id, check.error)


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
    tokens = forms.CharField(
        label=_("空白标记"),
        required=False,
        max_length=100,
        initial=DEFAULT_TOKENS.examples,
        help_text=_("模板用哪些记号标出要填的空；删去不用的，或加上模板自己的符号（如 ◇）"),
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
                _(
                    "无法用“%(item)s”标记空：请用 ×、X、X.X、*、□、○○、某某、__、☆、（）"
                    "或一个符号（如 ◇）"
                ),
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
        if "file" in self.errors or "tokens" in self.errors:
            return cleaned
        text, cleaned["removed_controls"] = strip_control_chars(text)
        if not text.strip():
            self.add_error("text", ValidationError(_("请粘贴模板全文或上传文件"), code="empty"))
            return cleaned
        # The re-joined text is what gets saved: every later parse reads the same lines.
        text, cleaned["rejoined"] = prepare_text(text, rejoin=cleaned.get("rejoin", False))
        tokens = cleaned["tokens"]
        if not count_blanks(text, tokens):
            self.add_error(
                self.source_field,
                ValidationError(
                    _("模板中没有找到空：请用 %(marks)s 之一标出要填的数字或名称"),
                    code="no_slots",
                    params={"marks": tokens.examples or DEFAULT_TOKENS.examples},
                ),
            )
        cleaned["source_text"] = text
        cleaned["tokens"] = tokens.spec
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


# Why the parser left a look-alike alone (speechapp.core.tokens.Miss reasons).
MISS_REASONS = {
    "multiplication": _("乘号"),
    "latin": _("英文词"),
    "term": _("术语"),
    "code": _("编号或代码"),
    "numeral": _("数字"),
    "word": _("普通词语"),
    "single": _("单个“某”或单个记号"),
    "decoration": _("装饰符号"),
    "legend": _("图例说明"),
    "rating": _("星级"),
    "not_in_set": _("不在本模板的空白标记中"),
    "ignored": _("已改为普通文字"),
}


KIND_VALUES = frozenset(kind.value for kind in SlotKind)


class TemplateMarksForm(forms.Form):
    """The writer's ticks on a template's marked-up text: which blanks stay blanks
    (``blank``), which look-alikes become blanks (``mark``), each blank's kind
    (``kind-<span>``), and words to mark, selected in the text (``mark_at``) or typed.

    ``cleaned_data["overrides"]`` is the template's corrections after these ticks.
    """

    mark_text = forms.CharField(
        label=_("把这段文字标为空"),
        required=False,
        max_length=100,
        validators=[refuse_control_chars],
        help_text=_("在上面的正文中选中文字，或在这里输入（标第一处还不是空的）"),
        error_messages={"max_length": LENGTH_MESSAGE},
    )
    mark_at = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, text: str, tokens: str, *args, **kwargs):
        self.text, self.tokens = text, tokens
        self.lines = text_lines(text)
        self.overrides = None  # after cleaning: the corrections the ticks stand for
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        base = parse_speech(self.text, self.tokens)
        marked = []
        for key in self.data.getlist("mark"):
            span = span_at(self.lines, key)
            if span is None:
                self.add_error(None, ValidationError(_("模板已改动，请重新勾选"), code="stale"))
                return cleaned
            marked.append(span)
        kept = set(self.data.getlist("blank"))
        kinds = {
            name.removeprefix("kind-"): SlotKind(value)
            for name, value in self.data.items()
            if name.startswith("kind-") and value in KIND_VALUES
        }
        # The ticks alone, kept for the page even when the typed words are not found.
        self.overrides = self._overrides(base, kept, marked, kinds)
        typed = (cleaned.get("mark_text") or "").strip()
        place = span_at(self.lines, cleaned.get("mark_at") or "")
        # A date field of spaces ("2025年　月　日", from a draft's 标为空) has no words to
        # type: its place names it, with the very spaces posted.
        spaces = place is not None and not typed and self.data.get("mark_text") == place.text
        if typed or spaces:
            span = place
            if span is None or span.text.strip() != typed:
                taken = parse_speech(self.text, self.tokens, self.overrides).slots
                span = find_span(self.lines, typed, [_span_of(s) for s in taken])
            if span is None:
                self.add_error(
                    "mark_text",
                    ValidationError(
                        _("模板中找不到还不是空的“%(text)s”"),
                        code="not_found",
                        params={"text": typed},
                    ),
                )
                return cleaned
            self.overrides = self._overrides(base, kept, [*marked, span], kinds)
        cleaned["overrides"] = self.overrides
        return cleaned

    def _overrides(self, base, kept, marked, kinds):
        plain = overrides_from_choices(
            base, self.lines, kept=kept, marked=marked, kinds={}, inferred={}
        )
        inferred = {
            key_of(s.block, s.start, s.end): s.kind
            for s in parse_speech(self.text, self.tokens, plain).slots
        }
        return overrides_from_choices(
            base, self.lines, kept=kept, marked=marked, kinds=kinds, inferred=inferred
        )


def _span_of(slot: Slot) -> Span:
    return Span(slot.block, slot.start, slot.end, slot.token)


class TemplatePreviewForm(TemplateMarksForm):
    """The import preview: the ticks, and the imported text carried along signed."""

    payload = forms.CharField(widget=forms.HiddenInput)


class TemplateTextForm(forms.Form):
    """The template's fixed text, as the writer corrects it."""

    source_text = forms.CharField(
        label=_("模板全文"),
        widget=forms.Textarea(attrs={"rows": 16}),
        strip=False,
        help_text=_("改正错字、补全句子；空的标记照旧保留。已开始的讲话稿可在填写页“按模板更新”"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Control characters are removed with a notice (as on import), not refused.
        self.fields["source_text"].validators = []
        self.removed_controls = 0

    def clean_source_text(self):
        text, removed = strip_control_chars(self.cleaned_data["source_text"])
        text = text.replace("\r\n", "\n")
        if not text.strip():
            raise ValidationError(_("请粘贴模板全文或上传文件"), code="empty")
        self.removed_controls = removed
        return text


class TemplateNameForm(forms.Form):
    name = forms.CharField(
        label=_("模板名称"),
        max_length=200,
        validators=[refuse_control_chars],
        error_messages={"max_length": LENGTH_MESSAGE},
    )


class OrphanPlaceForm(forms.Form):
    """Where to put a value whose blank is gone: a blank of the draft, by id."""

    slot_id = forms.ChoiceField(label=_("放到某个空"))

    def __init__(self, slots, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot_id"].choices = [(s.id, slot_label(s)) for s in slots]


class DraftDetailsForm(forms.ModelForm):
    """讲话稿信息. The 标题 shows the draft's name; saved unchanged it changes nothing, so a
    draft that prints its template's title with the values keeps doing so
    (titles.draft_set_title takes the cleaned title)."""

    title = forms.CharField(
        label=Draft._meta.get_field("title").verbose_name,
        max_length=Draft._meta.get_field("title").max_length,
        required=False,
        validators=[refuse_control_chars],
        help_text=_(
            "留空则用模板的标题，其中的空按填写页填的内容印出；"
            "模板标题后加的括号注记（如“（第二稿）”）只用来区分讲话稿，不印出。"
        ),
    )

    field_order = ["title"]

    class Meta:
        model = Draft
        fields = ["speaker", "meeting", "speech_date", "bold_points", "page_numbers"]
        widgets = {"speech_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("title", self.instance.name)
        for name in ("speaker", "meeting"):
            self.fields[name].validators.append(refuse_control_chars)

    def clean_title(self):
        return check_title(self.instance, self.cleaned_data["title"])


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


class ShareForm(forms.Form):
    """A colleague to share a draft with, by user name, and what they may do."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.TypedChoiceField(
        label=_("权限"), choices=SHARE_ROLES, coerce=lambda v: Access(int(v)), initial=Access.READ
    )

    def __init__(self, draft: Draft, *args, **kwargs):
        self.draft = draft
        super().__init__(*args, **kwargs)

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("没有名为“%(name)s”的用户"), code="unknown", params={"name": name}
            )
        if user.pk == self.draft.owner_id:
            raise ValidationError(_("这是你自己的讲话稿，不用共享给自己"), code="self")
        return user


class WriterSettingsForm(forms.Form):
    chars_per_minute = forms.IntegerField(
        label=WriterSettings._meta.get_field("chars_per_minute").verbose_name,
        help_text=WriterSettings._meta.get_field("chars_per_minute").help_text,
        min_value=MIN_CHARS_PER_MINUTE,
        max_value=MAX_CHARS_PER_MINUTE,
    )


class _NamedDraftChoices(forms.models.ModelChoiceIterator):
    """The choices with every draft's name read at once (titles.with_names), not a query
    per draft."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for draft in with_names(self.queryset):
            yield self.choice(draft)


class EarlierDraftField(forms.ModelChoiceField):
    iterator = _NamedDraftChoices

    def label_from_instance(self, obj: Draft) -> str:
        return f"{obj.name}（{timezone.localdate(obj.updated_at):%Y-%m-%d}）"


class EarlierForm(forms.Form):
    """上期: the earlier draft a draft is based on, among those the user may read."""

    earlier = EarlierDraftField(
        queryset=Draft.objects.none(),
        required=False,
        label=_("上期讲话稿"),
        empty_label=_("不基于上期"),
        error_messages={"invalid_choice": _("请从列表中选择你可以查看的讲话稿")},
    )

    def __init__(self, user, *args, draft: Draft | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["earlier"]
        field.queryset = earlier_choices(user, draft).only(
            "pk", "title", "updated_at", "template_id"
        )
        snapshot = draft.earlier if draft is not None else {}
        # The earlier draft may have been deleted (or unshared) since: its snapshot still
        # serves, and the empty choice then keeps it rather than clearing it.
        self.keeps_snapshot = (
            bool(snapshot) and not field.queryset.filter(pk=snapshot.get("draft")).exists()
        )
        if self.keeps_snapshot:
            field.empty_label = _("保留现在的上期（原稿已删除或不再共享）")
        elif snapshot:
            self.initial.setdefault("earlier", snapshot.get("draft"))


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("密钥名称"),
        max_length=100,
        help_text=_("写明谁用这把密钥，例如“统计系统”"),
        validators=[refuse_control_chars],
        error_messages={"required": _("请给密钥起个名字")},
    )
