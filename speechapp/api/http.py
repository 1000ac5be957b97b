"""http: TODO docstring."""

from __future__ import annotations

from collections.abc import Collection

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from speechapp.api.tokens import token_user
from speechapp.core.values_json import ValuesJsonError, read_values

READABLE = {"ensure_ascii": False}  # Chinese as itself in the JSON answers


def error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params=READABLE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="speechapp"'
    return response


def etag(draft) -> str:
    """The values' version: the draft's revision, bumped by every save."""
    return f'"{draft.revision}"'


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, answering the reason instead of a 403 page (as DRF does)."""

    def _reject(self, request, reason):
        return reason


def _csrf_failure(request) -> str | None:
    check = _CsrfCheck(lambda request: None)
    check.process_request(request)  # reads the CSRF cookie into request.META
    return check.process_view(request, None, (), {})


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
    if _csrf_failure(request) is not None:
        return error(_("CSRF 校验失败：请在请求头 X-CSRFToken 中带上页面的 CSRF 令牌"), 403)
    return None


def put_values(body: bytes, slot_ids: Collection[str]) -> dict[str, str]:
    """The blanks a PUT body sets (blank id -> text; "" clears: null is read as "").

    Raises ValueError with the Chinese message for a body that is not a values object of
    this draft's blanks.
    """
    try:
        values = read_values(body)
    except ValuesJsonError as exc:
        messages = {
            "not_json": _("请求体不是有效的 JSON（第 %(line)s 行有误）"),
            "not_object": _('请求体应是一个对象：空的编号对应填写值，例如 {"s001": "5.2"}'),
            "bad_value": _("“%(key)s”的值应是文字、数字或 null"),
        }
        raise ValueError(messages[exc.code] % exc.params) from None
    known = set(slot_ids)
    unknown = [key for key in values if key not in known]
    if unknown:
        raise ValueError(_("这些编号不是本讲话稿的空：%(ids)s") % {"ids": "、".join(unknown[:20])})
    return {key: value or "" for key, value in values.items()}
