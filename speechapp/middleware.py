"""Simplified Chinese unless the writer picks another language with the switcher; private
pages are never stored by the browser or a proxy."""

from django.utils.cache import add_never_cache_headers


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
