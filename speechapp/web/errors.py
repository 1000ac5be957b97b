"""Django's error pages, in the app's look and language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


def bad_request_page(request, exception):
    """The 400 page (a body too large, too many fields, a forged id) in the app's look: Django's
    handler400, and what BoundedBodyMiddleware answers."""
    too_big = isinstance(exception, (RequestDataTooBig, TooManyFieldsSent))
    return render(
        request,
        "400.html",
        {
            "too_big": too_big,
            "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "max_chars": f"{settings.SPEECHAPP_MAX_TEMPLATE_CHARS:,}",
        },
        status=400,
    )
