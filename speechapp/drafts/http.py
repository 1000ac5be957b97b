"""The HTTP edge of the access rule (drafts.access): every view that takes an object's id
fetches it here, which answers 404 or 403 as the decision says."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from speechapp.drafts.access import (
    Decision,
    TemplateUse,
    draft_decision,
    may_write,
    template_decision,
    token_decision,
)
from speechapp.drafts.models import Access, ApiToken, Draft, SpeechTemplate


def enforce(decision: Decision) -> None:
    """Raise the answer to a refusal: Http404 (NOT_FOUND) or PermissionDenied (FORBIDDEN)."""
    if decision is Decision.NOT_FOUND:
        raise Http404("not found")
    if decision is Decision.FORBIDDEN:
        raise PermissionDenied


def draft_for(request, pk: int, need: Access) -> Draft:
    """The draft ``pk`` if the user may ``need`` (read, edit, own) it: the first call of every
    draft URL. The draft carries the user's ``access`` and ``may_write`` (may they change it
    now: an editor's access to a draft not 定稿), for the page to offer only that."""
    draft = Draft.objects.filter(pk=pk).first()
    decision, access = draft_decision(draft, request.user, need)
    enforce(decision)
    draft.access = access
    draft.may_write = may_write(draft, access)
    return draft


def template_for(request, pk: int, use: TemplateUse) -> SpeechTemplate:
    """The template ``pk`` if the user may ``use`` it (start a draft, copy) or edit it."""
    template = SpeechTemplate.objects.filter(pk=pk).first()
    enforce(template_decision(template, request.user, use))
    return template


def token_for(request, token_id: int) -> ApiToken:
    """One of the user's own API keys."""
    token = ApiToken.objects.filter(pk=token_id).first()
    enforce(token_decision(token, request.user))
    return token
