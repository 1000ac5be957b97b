from django.apps import AppConfig


class FillingConfig(AppConfig):
    """Filling a draft: the value write path, the fill page, 上期, history, sharing."""

    name = "speechapp.filling"
    label = "filling"
