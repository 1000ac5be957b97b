"""The WSGI entry point of every server process (runserver, gunicorn); management commands
never import it, so only a server warms the PDF renderer, and only one that renders: a web
process beside render workers (SPEECHAPP_ROLE=web) starts no render pool at boot."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechapp.settings")
application = get_wsgi_application()

if settings.SPEECHAPP_WARM_RENDERER and settings.SPEECHAPP_ROLE != "web":
    from speechapp.outputs.warm import warm_renderer_in_background

    warm_renderer_in_background()
