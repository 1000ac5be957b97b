from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "speechapp.drafts"
    label = "drafts"
    verbose_name = "讲话稿"

    def ready(self) -> None:
        # Registers the font and HarfBuzz checks, and the history's receiver.
        from speechapp.drafts import checks, signals  # noqa: F401
