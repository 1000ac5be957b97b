from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The values API and its keys."""

    name = "speechapp.api"
    label = "api"
