"""Simplified Chinese unless the writer picks another language with the switcher."""


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
