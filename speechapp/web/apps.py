from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site's edge: middleware, error pages, home, settings pages, the URL conf."""

    name = "speechapp.web"
    label = "web"
