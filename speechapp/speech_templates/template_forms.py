"""The template pages' forms: import (paste, .txt, .docx), corrections of blanks and kinds, the
text, the name. They parse and check; writes are template_writes'."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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
from speechapp.core.text import strip_control_chars
from speechapp.core.tokens import (
    DEFAULT_TOKENS,
    TokenSetError,
    count_blanks,
    parse_token_set,
)
from speechapp.core.wrapping import prepare_text
from speechapp.drafts.validators import LENGTH_MESSAGE, refuse_control_chars, refuse_line_breaks

# Django's own wording ("确保该变量包含不超过 80 字符") speaks of a variable, not a blank.
CONTROL_CHARS_REMOVED = _("已去掉模板中 %(n)s 个看不见的控制字符")


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


class TemplateUploadForm(forms.Form):
    """A pasted or uploaded template.

    Control characters in the template's text are removed with a notice (``removed_controls``)
    rather than refused: they come along invisibly when text is copied from other programs,
    and the writer could not find them to delete them. Its name is typed, so they are refused.
    """

    name = forms.CharField(
        label=_("模板名称"), max_length=200, required=False, validators=[refuse_line_breaks]
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
        validators=[refuse_line_breaks],
        error_messages={"max_length": LENGTH_MESSAGE},
    )
