"""Sharing a draft with colleagues, as readers or editors; only its owner shares."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, DraftShare
from speechapp.filling import lifecycle, listing
from speechapp.filling.forms import ShareForm


@require_http_methods(["GET", "POST"])
def draft_sharing(request, pk: int):
    draft = draft_for(request, pk, Access.OWN)
    form = ShareForm(draft, request.POST or None)
    if request.method == "POST" and form.is_valid():
        share = lifecycle.draft_share(
            draft=draft, user=form.cleaned_data["username"], role=form.cleaned_data["role"]
        )
        messages.success(
            request,
            _("已共享给 %(name)s（%(role)s）")
            % {"name": share.user.get_username(), "role": share.get_role_display()},
        )
        return redirect("draft_sharing", pk=draft.pk)
    return render(
        request,
        "drafts/sharing.html",
        {"draft": draft, "form": form, "shares": listing.draft_shares(draft)},
    )


@require_POST
def share_revoke(request, pk: int, share_id: int):
    draft = draft_for(request, pk, Access.OWN)
    share = get_object_or_404(DraftShare, pk=share_id, draft=draft)
    lifecycle.draft_unshare(share=share)
    messages.success(request, _("已取消与 %(name)s 的共享") % {"name": share.user.get_username()})
    return redirect("draft_sharing", pk=draft.pk)
