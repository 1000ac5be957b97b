from django.apps import AppConfig


class SpeechTemplatesConfig(AppConfig):
    """Templates: import, corrections, update; commands load_seed and parse_speech."""

    name = "speechapp.speech_templates"
    label = "speech_templates"
