"""The app's URL patterns, through the domain URL confs the root one includes."""

from django.urls import URLPattern, URLResolver, get_resolver


def app_url_patterns() -> list[URLPattern]:
    """Every pattern of the root URL conf and of the domain confs it includes at its root
    (``path("", include(...))``); Django's own includes (admin/, i18n/) are left out."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                yield pattern
            elif isinstance(pattern, URLResolver) and str(pattern.pattern) == "":
                yield from walk(pattern.url_patterns)

    return list(walk(get_resolver().url_patterns))
