from django.apps import AppConfig


class CollectionConfig(AppConfig):
    """Collecting figures from offices: data-request sheets out and in."""

    name = "speechapp.collection"
    label = "collection"
