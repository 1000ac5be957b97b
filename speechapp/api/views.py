"""The values API: ``GET``/``PUT /api/drafts/<id>/values/`` for a statistics system.

Both answer the draft's values file (blank id -> printed value, filled blanks only). A PUT
sets the blanks it names ("" or null clears one) and leaves the others alone; every value is
checked by the fill page's rule, and if any fails nothing is saved.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from speechapp.api import http
from speechapp.core.values_json import values_object
from speechapp.drafts.http import draft_for
from speechapp.drafts.locks import DraftLocked
from speechapp.drafts.models import Access, ChangeHow
from speechapp.filling import saving, stored


@login_not_required  # the view names its user itself: a key, or the session with CSRF
@csrf_exempt
@require_http_methods(["GET", "PUT"])
def draft_values(request, pk: int):
    refused = http.authenticate(request)
    if refused is not None:
        return refused
    try:
        draft = draft_for(request, pk, Access.READ if request.method == "GET" else Access.EDIT)
    except Http404:
        return http.error(_("没有这份讲话稿"), 404)
    except PermissionDenied:
        return http.error(_("这份讲话稿只共享给你查看，不能修改"), 403)
    if request.method == "GET":
        current = stored.stored_values(draft)
    else:
        try:
            raw, notes = http.put_values(request.body, draft.speech.slot_ids)
        except RequestDataTooBig:
            limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            return http.error(_("请求体太大，上限为 %(limit)s") % {"limit": limit}, 413)
        except ValueError as exc:
            return http.error(str(exc), 400)
        # If-Match: a push computed from an older GET must not overwrite a newer edit. The
        # revision is compared and bumped in the write itself (saving.next_revision).
        try:
            saved = saving.draft_save_all_or_nothing(
                draft=draft,
                raw=raw,
                how=ChangeHow.API,
                user=request.user,
                expected_revision=http.if_match_revision(request, draft),
                notes=notes,
            )
        except DraftLocked as locked:
            return http.error(locked.message, 409)
        except saving.RevisionConflict as conflict:
            message = _("讲话稿在你读取之后已有改动，请重新读取后再提交")
            response = http.error(message, 412)
            response["ETag"] = http.etag_of(conflict.current)
            return response
        if saved.problems:
            errors = {i: c.error.messages[0] for i, c in saved.checks.items() if c.error}
            return JsonResponse({"errors": errors}, status=400, json_dumps_params=http.READABLE)
        current = saved.values
    values = stored.values_file(draft.speech, current.printed)
    content = values_object(values, current.notes)
    response = JsonResponse(content, json_dumps_params=http.READABLE)
    response["ETag"] = http.etag(draft)
    return response
