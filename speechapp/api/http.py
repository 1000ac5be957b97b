"""The values API's edge: who is asking (a key, or the session with CSRF), the JSON errors, the
ETag, and the body of a PUT read into blank values."""

from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from speechapp.api.tokens import token_user
from speechapp.core.limits import max_rows
from speechapp.core.values_json import ValuesJsonError, read_values_file

READABLE = {"ensure_ascii": False}  # Chinese as itself in the JSON answers


def error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params=READABLE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="speechapp"'
    return response


def etag(draft) -> str:
    """The values' version: the draft's revision, bumped by every save."""
    return etag_of(draft.revision)


def etag_of(revision: int) -> str:
    return f'"{revision}"'


def if_match_revision(request, draft) -> int | None:
    """The revision a PUT's If-Match asks to write over: None without the header or with
    "*"; an ETag that is none of ours can match no revision (-1: always 412)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tag = header.removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() and len(tag) < 19 else -1


def csrf_refused(request) -> bool:
    """Django's own CSRF check of a request made with the session (a key needs none), run
    through the middleware's public hooks: the view is exempt because a key's request has no
    CSRF token, so the check is made here, after the request was found to carry no key."""
    check = CsrfViewMiddleware(lambda request: None)
    check.process_request(request)  # reads the CSRF cookie into request.META
    return check.process_view(request, None, (), {}) is not None


def authenticate(request) -> JsonResponse | None:
    """Set ``request.user`` from the key or the session; or the 401/403 answer to give."""
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    # Only a Bearer header is ours: a proxy's Basic login leaves the session to name the user.
    if scheme.lower() == "bearer":
        user = token_user(key.strip()) if key.strip() else None
        if user is None:
            return error(_("接口密钥无效或已撤销"), 401)
        request.user = user
        return None
    if not request.user.is_authenticated:
        return error(_("请提供接口密钥（Authorization: Bearer …）或先登录"), 401)
    if csrf_refused(request):
        return error(_("CSRF 校验失败：请在请求头 X-CSRFToken 中带上页面的 CSRF 令牌"), 403)
    return None


def put_values(
    body: bytes, slot_ids: Collection[str]
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The blanks a PUT body sets (blank id -> text; "" clears: null is read as ""), and the
    (备注, 来源/口径) it gives some of them under "_notes" (core.values_json).

    Raises ValueError with the Chinese message for a body that is not a values object of
    this draft's blanks.
    """
    try:
        read = read_values_file(body, max_values=max_rows(settings.SPEECHAPP_MAX_TEMPLATE_BLANKS))
    except ValuesJsonError as exc:
        messages = {
            "not_json": _("请求体不是有效的 JSON（第 %(line)s 行有误）"),
            "not_object": _('请求体应是一个对象：空的编号对应填写值，例如 {"s001": "5.2"}'),
            "bad_value": _("“%(key)s”的值应是文字、数字或 null"),
            "too_many_values": _("请求体中的值太多（%(count)s 个，上限为 %(limit)s 个）"),
            "value_too_long": _("“%(key)s”的值超过 %(limit)s 个字"),
            "bad_notes": _(
                '“%(key)s”的备注应写成 {"note": "备注", "source": "来源/口径"}，每项都是文字'
            ),
        }
        raise ValueError(messages[exc.code] % exc.params) from None
    known = set(slot_ids)
    unknown = [key for key in {**read.values, **read.notes} if key not in known]
    if unknown:
        raise ValueError(_("这些编号不是本讲话稿的空：%(ids)s") % {"ids": "、".join(unknown[:20])})
    notes_only = [key for key in read.notes if key not in read.values]
    if notes_only:
        raise ValueError(
            _("备注只能随值一起提交：%(ids)s 没有值") % {"ids": "、".join(notes_only[:20])}
        )
    return {key: value or "" for key, value in read.values.items()}, read.notes
