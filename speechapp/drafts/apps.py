from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "speechapp.drafts"
    label = "drafts"
    verbose_name = "讲话稿"

    def ready(self) -> None:
        from speechapp.drafts import checks  # noqa: F401  (registers the font and HarfBuzz checks)
