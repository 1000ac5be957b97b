"""The fill page's forms (a field per blank, checked by the one value rule) and the draft's other
forms: details, variables, sharing, 上期, the writer's pace."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from speechapp.core.kinds import NUMERIC_KINDS
from speechapp.core.length import MAX_CHARS_PER_MINUTE, MIN_CHARS_PER_MINUTE
from speechapp.core.model import Slot, SlotKind
from speechapp.core.tokens import (
    fixed_digits,
)
from speechapp.core.values import NAME_MAX_CHARS, RAW_MAX_CHARS
from speechapp.drafts.access import earlier_choices
from speechapp.drafts.models import SHARE_ROLES, Access, Draft, WriterSettings
from speechapp.drafts.titles import check_title
from speechapp.drafts.validators import LENGTH_MESSAGE, refuse_control_chars, refuse_line_breaks
from speechapp.filling.listing import with_names
from speechapp.filling.value_rules import Checked
from speechapp.speech_templates.template_forms import KIND_HINTS


class SlotField(forms.CharField):
    """One blank: only parses (strips) what was typed.

    What the blank prints, and any problem with it, is the service's to decide
    (filling.value_rules.check_value via filling.saving.draft_save_values);
    ``SlotsForm.show_checks`` puts its verdict beside the field.
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
        validators=[refuse_line_breaks],
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
            self.fields[name].validators.append(refuse_line_breaks)

    def clean_title(self):
        return check_title(self.instance, self.cleaned_data["title"])


class VariableForm(forms.Form):
    """A new variable: its name and the slots to attach (e.g. every "×区" slot)."""

    name = forms.CharField(label=_("变量名"), max_length=40, validators=[refuse_line_breaks])
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
