"""http: TODO docstring."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from speechapp.drafts.access import draft_access
from speechapp.drafts.models import Access, Draft


def draft_for(request, pk: int, need: Access) -> Draft:
    """The draft ``pk`` if the user may ``need`` (read, edit, own) it: the one access rule
    every draft URL calls first.

    A user with no access at all (neither the owner nor shared with) gets 404, as if the
    draft did not exist; a colleague asking for more than the share allows (a reader saving a
    value, an editor sharing or deleting) gets 403. The draft carries the user's ``access``
    for the page to show only what they may do.
    """
    draft = get_object_or_404(Draft, pk=pk)
    access = draft_access(draft, request.user)
    if access is None:
        raise Http404("no such draft")
    if access < need:
        raise PermissionDenied
    draft.access = access
    return draft
