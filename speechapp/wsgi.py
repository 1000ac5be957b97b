"""The WSGI entry point of every server process (runserver, gunicorn); management commands
never import it, so only a server warms the PDF renderer."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechapp.settings")
application = get_wsgi_application()

if settings.SPEECHAPP_WARM_RENDERER:
    from speechapp.outputs.warm import warm_renderer_in_background

    warm_renderer_in_background()
