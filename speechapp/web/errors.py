"""Django's error pages, in the app's look and language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


def bad_request(request, exception):
    """Django's 400 (a body too large, too many fields, a forged id) as a page in the app."""
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
