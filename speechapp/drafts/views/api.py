"""The values API: ``GET``/``PUT /api/drafts/<id>/values/`` for a statistics system.

Both answer the draft's values file (blank id -> printed value, filled blanks only). A PUT
sets the blanks it names ("" or null clears one) and leaves the others alone; every value is
checked by the fill page's rule, and if any fails nothing is saved.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import api, selectors, services
from ..models import ChangeHow, Draft


@login_not_required  # the view names its user itself: a key, or the session with CSRF
@csrf_exempt
@require_http_methods(["GET", "PUT"])
def draft_values(request, pk: int):
    refused = api.authenticate(request)
    if refused is not None:
        return refused
    draft = Draft.objects.filter(pk=pk).first()
    access = selectors.draft_access(draft, request.user) if draft else None
    if access is None:
        return api.error(_("没有这份讲话稿"), 404)
    if request.method == "GET":
        printed = selectors.stored_values(draft).printed
    else:
        if not access.can_edit:
            return api.error(_("这份讲话稿只共享给你查看，不能修改"), 403)
        try:
            raw = api.put_values(request.body, draft.speech.slot_ids)
        except RequestDataTooBig:
            limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            return api.error(_("请求体太大，上限为 %(limit)s") % {"limit": limit}, 413)
        except ValueError as exc:
            return api.error(str(exc), 400)
        saved = services.draft_save_all_or_nothing(
            draft=draft, raw=raw, how=ChangeHow.API, user=request.user
        )
        if saved.problems:
            errors = {i: c.error.messages[0] for i, c in saved.checks.items() if c.error}
            return JsonResponse({"errors": errors}, status=400, json_dumps_params=api.READABLE)
        printed = saved.values.printed
    values = selectors.values_file(draft.speech, printed)
    return JsonResponse(values, json_dumps_params=api.READABLE)
