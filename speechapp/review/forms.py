"""The forms of review: a transition's message, the reviewer a draft is sent to, a comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from speechapp.drafts.models import MESSAGE_MAX_CHARS, Draft
from speechapp.drafts.validators import refuse_control_chars
from speechapp.review.states import reviewer_choices


class TransitionForm(forms.Form):
    message = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=MESSAGE_MAX_CHARS,
        validators=[refuse_control_chars],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmitForm(TransitionForm):
    """送审: to one of the colleagues the draft is shared with as 审核."""

    reviewer = forms.TypedChoiceField(label=_("审核人"), coerce=int)

    field_order = ["reviewer", "message"]

    def __init__(self, draft: Draft, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shares = {share.user_id: share.user for share in reviewer_choices(draft)}
        self.fields["reviewer"].choices = [
            (pk, user.get_username()) for pk, user in self.shares.items()
        ]

    def clean_reviewer(self):
        return self.shares[self.cleaned_data["reviewer"]]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("批注"),
        max_length=MESSAGE_MAX_CHARS,
        validators=[refuse_control_chars],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请写下批注的内容")},
    )
    # On the sentence around the blank, not the figure alone.
    sentence = forms.BooleanField(label=_("针对整句"), required=False)
