"""Simplified Chinese unless the writer picks another language; bounded request bodies;
private pages never stored by the browser or a proxy; a script's request without a session
gets 401; a write on a 定稿 draft gets its message; which server answered, when it has a name."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from speechapp.drafts.locks import DraftLocked
from speechapp.web.errors import bad_request_page


class ChineseByDefaultMiddleware:
    """Drop the browser's Accept-Language so LocaleMiddleware falls back to LANGUAGE_CODE.

    Office PCs often run English-language browsers; the app should still speak Chinese until
    the writer chooses otherwise (the switcher's cookie is still honoured).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ServedByMiddleware:
    """``X-Served-By: <SPEECHAPP_SERVER_NAME>`` on every answer of a named server: which app
    server behind the proxy answered (a cluster's logs, the load script's hits per server)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.name = settings.SPEECHAPP_SERVER_NAME

    def __call__(self, request):
        response = self.get_response(request)
        if self.name:
            response["X-Served-By"] = self.name
        return response


class BoundedBodyMiddleware:
    """Read a post's fields first, so a body too large, too many fields or malformed gets our 400.

    Django raises RequestDataTooBig or TooManyFieldsSent wherever the body is first read (the
    CSRF check, or a view); under DEBUG that shows the technical page instead of a message.
    Reading it here, before any view middleware, answers the app's own page on every setting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018  (parsing is the point)
            except (
                RequestDataTooBig,
                TooManyFieldsSent,
                TooManyFilesSent,
                MultiPartParserError,
            ) as exc:
                return bad_request_page(request, exc)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages and files shown to a logged-in writer carry ``Cache-Control: no-store``.

    A draft, its download and its changes feed are the writer's alone: a shared office PC's
    browser cache or an intranet proxy must not keep a copy for the next person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login requirement, but a script's request (an autosave, the changes poll)
    gets 401 instead of a redirect: swapped into a field, the login page would hide that the
    value was not saved. The page's script keeps the value and asks to log in again."""

    def handle_no_permission(self, request, view_func):
        if request.headers.get("HX-Request") or request.headers.get("Accept") == (
            "application/json"
        ):
            return HttpResponse(
                _("未保存，请重新登录"), status=401, content_type="text/plain; charset=utf-8"
            )
        return super().handle_no_permission(request, view_func)


class DraftLockedMiddleware:
    """Any write refused because its draft is 定稿 (drafts.locks.DraftLocked, raised by the
    write itself) answers with the message: 409 and the text for a script's request (an
    autosave: fill.js shows it beside the field), else the message on the draft's fill page.
    The values API answers its own JSON 409 (api.views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DraftLocked):
            return None
        if request.headers.get("HX-Request") or "application/json" in request.headers.get(
            "Accept", ""
        ):
            return HttpResponse(
                exception.message, status=409, content_type="text/plain; charset=utf-8"
            )
        messages.error(request, exception.message)
        return redirect("draft_fill", pk=exception.draft.pk)
