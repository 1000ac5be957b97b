from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Review and sign-off: a draft's state (送审 → 定稿) and the comments on its blanks."""

    name = "speechapp.review"
    label = "review"
