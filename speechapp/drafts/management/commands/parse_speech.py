import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speechapp.core.parsing import parse_speech
from speechapp.core.reading import TemplateReadError, read_template


class Command(BaseCommand):
    help = "Parse a template (.txt in any encoding, or .docx) and print its blocks and slots."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print the structure as JSON")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            text = read_template(path.read_bytes(), path.name)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        except TemplateReadError as exc:
            raise CommandError(f"cannot read {path}: {exc.code}") from None
        speech = parse_speech(text)
        if options["json"]:
            self.stdout.write(json.dumps(speech.to_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{speech.title}: {len(speech.blocks)} blocks, {len(speech.slots)} slots")
        for slot in speech.slots:
            context = f"…{slot.before}[{slot.token}]{slot.after}…"
            self.stdout.write(f"{slot.id} {slot.kind:<8} {slot.unit or '':<6} {context}")
