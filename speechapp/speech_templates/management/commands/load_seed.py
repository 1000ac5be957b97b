from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from speechapp.core.reading import read_template
from speechapp.drafts.models import SpeechTemplate
from speechapp.speech_templates.template_writes import template_create


class Command(BaseCommand):
    help = "Load the shared templates in fixtures/templates/ (idempotent: matched by text)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(Path(settings.BASE_DIR) / "fixtures" / "templates")
        )

    def handle(self, *args, **options):
        for path in sorted(Path(options["dir"]).glob("*.txt")):
            text = read_template(path.read_bytes(), path.name)
            if SpeechTemplate.objects.filter(owner=None, source_text=text).exists():
                continue
            # Named by its title line, as an upload without a name is.
            template = template_create(owner=None, name="", source_text=text)
            if options["verbosity"] > 0:
                self.stdout.write(
                    f"loaded {path.name}: {template.name} ({template.slot_count} 个空)"
                )
