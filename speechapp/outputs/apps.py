from django.apps import AppConfig


class OutputsConfig(AppConfig):
    """The finished files: render cache, bounded pool, pre-render task, downloads."""

    name = "speechapp.outputs"
    label = "outputs"

    def ready(self) -> None:
        # Connects the pre-render to drafts.signals.draft_changed.
        from speechapp.outputs import prerender  # noqa: F401
