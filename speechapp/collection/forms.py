"""Forms of the data-request sheet pages: offices, the export filter, the upload, the review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from speechapp.collection.proposals import Proposal
from speechapp.core.model import Speech
from speechapp.core.outline import Section
from speechapp.core.sheets import SheetFilter, blank_context
from speechapp.drafts.validators import refuse_line_breaks

ALL = ""


class OfficesForm(forms.Form):
    """A 责任单位 per section (``section-<key>``) and, overriding it, per blank (``slot-<id>``)."""

    def __init__(
        self,
        speech: Speech,
        sections: Sequence[Section],
        *args,
        by_section: Mapping[str, str] | None = None,
        by_slot: Mapping[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.sections = [s for s in sections if s.slot_ids or s.level == 1]
        self.slot_ids = speech.slot_ids
        self.contexts = {slot.id: blank_context(speech, slot) for slot in speech.slots}
        for section in self.sections:
            self.fields[f"section-{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                max_length=100,
                validators=[refuse_line_breaks],
                initial=(by_section or {}).get(section.key, ""),
            )
        for slot_id in self.slot_ids:
            self.fields[f"slot-{slot_id}"] = forms.CharField(
                label=slot_id,
                required=False,
                max_length=100,
                validators=[refuse_line_breaks],
                initial=(by_slot or {}).get(slot_id, ""),
            )

    def groups(self) -> list[tuple[Section, forms.BoundField, list, bool]]:
        """Each section with its field, its blanks as (context, field) pairs, and whether one
        of those blanks has an error (its list is shown open)."""
        groups = []
        for section in self.sections:
            blanks = [(self.contexts[i], self[f"slot-{i}"]) for i in section.slot_ids]
            has_errors = any(field.errors for _, field in blanks)
            groups.append((section, self[f"section-{section.key}"], blanks, has_errors))
        return groups

    def by_section(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[f"section-{s.key}"] for s in self.sections}

    def by_slot(self) -> dict[str, str]:
        return {i: self.cleaned_data[f"slot-{i}"] for i in self.slot_ids}


class SheetExportForm(forms.Form):
    fmt = forms.ChoiceField(
        label=_("格式"),
        choices=[("xlsx", _("Excel（.xlsx）")), ("csv", _("CSV（.csv）"))],
        initial="xlsx",
    )
    section = forms.ChoiceField(label=_("章节"), required=False)
    office = forms.ChoiceField(label=_("责任单位"), required=False)
    open_only = forms.BooleanField(label=_("只含未填的空"), required=False)
    figures_only = forms.BooleanField(label=_("只含数字"), required=False)
    per_office = forms.BooleanField(label=_("每个责任单位一张工作表（仅 Excel）"), required=False)

    def __init__(self, sections: Sequence[Section], offices: Sequence[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(ALL, _("全部章节"))] + [
            (s.key, ("　" * (s.level - 1 if s.level else 0)) + s.title) for s in sections
        ]
        self.fields["office"].choices = [(ALL, _("全部单位"))] + [(o, o) for o in offices]

    def sheet_filter(self) -> SheetFilter:
        data = self.cleaned_data
        return SheetFilter(
            section=data["section"] or None,
            office=data["office"] or None,
            open_only=data["open_only"],
            figures_only=data["figures_only"],
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the Django documentation's recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv,.json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class SheetImportForm(forms.Form):
    files = MultipleFileField(
        label=_("交回的数据征集表（.xlsx 或 .csv，可多选）"),
        help_text=_("也可以导入下载的数值文件（.json）：按空的编号填入。"),
        error_messages={"required": _("请选择要导入的表")},
    )

    def clean_files(self) -> list[tuple[str, bytes]]:
        limit = settings.SPEECHAPP_MAX_UPLOAD_BYTES
        files = []
        for upload in self.cleaned_data["files"]:
            if upload.size > limit:
                raise ValidationError(
                    _("%(name)s：文件太大（%(size)s），上限为 %(limit)s"),
                    code="too_big",
                    params={
                        "name": upload.name,
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(limit),
                    },
                )
            files.append((upload.name, upload.read()))
        return files


class SheetReviewForm(forms.Form):
    """Which changes to accept (``accept``, slot ids) and each conflict's choice."""

    ACTIONS = ("accept", "accept_all", "discard")

    def __init__(self, proposal: Proposal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["accept"] = forms.MultipleChoiceField(
            required=False, choices=[(c.slot, c.slot) for c in proposal.changes]
        )
        for conflict in proposal.conflicts:
            self.fields[f"choice-{conflict.slot}"] = forms.ChoiceField(
                required=False,
                choices=[("", _("都不用"))] + [(o.raw, o.raw) for o in conflict.options],
            )
        self.fields["action"] = forms.ChoiceField(choices=[(a, a) for a in self.ACTIONS])

    def accepted(self) -> list[str]:
        if self.cleaned_data["action"] == "accept_all":
            return [c.slot for c in self.proposal.changes]
        return list(self.cleaned_data["accept"])

    def chosen(self) -> dict[str, str]:
        return {
            c.slot: self.cleaned_data[f"choice-{c.slot}"]
            for c in self.proposal.conflicts
            if self.cleaned_data[f"choice-{c.slot}"]
        }
