"""Simplified Chinese unless the writer picks another language; bounded request bodies."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http.multipartparser import MultiPartParserError


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
                from speechapp.drafts.views import bad_request

                return bad_request(request, exc)
        return self.get_response(request)
