import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speechapp.core.parsing import parse_speech
from speechapp.core.reading import TemplateReadError, read_template
from speechapp.core.tokens import DEFAULT_SPEC, FAMILIES_ORDERED, TokenSetError, parse_token_set
from speechapp.core.wrapping import prepare_text


class Command(BaseCommand):
    help = "Parse a template (.txt in any encoding, or .docx) and print its blocks and slots."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print the structure as JSON")
        parser.add_argument(
            "--tokens",
            default=DEFAULT_SPEC,
            help=(
                "the marks that stand for a blank: family names or the marks themselves, "
                f"comma-separated ({', '.join(FAMILIES_ORDERED)}; ×, X, X.X, *, □, ○○, 某某, __), "
                "'default', '-name' to leave one out, or a symbol of the template's own (◇). "
                "Default: every family."
            ),
        )
        parser.add_argument(
            "--rejoin",
            action="store_true",
            help="re-join lines cut at a fixed width (text copied from a PDF); "
            "done anyway when the text looks hard-wrapped",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            tokens = parse_token_set(options["tokens"])
        except TokenSetError as exc:
            raise CommandError(
                f"--tokens: cannot use {exc.item!r} as a blank mark; use family names "
                f"({', '.join(FAMILIES_ORDERED)}), their marks (×, X, X.X, *, □, ○○, 某某, __) "
                "or a single symbol such as ◇"
            ) from None
        try:
            text = read_template(path.read_bytes(), path.name)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        except TemplateReadError as exc:
            raise CommandError(f"cannot read {path}: {exc.code}") from None
        text, rejoined = prepare_text(text, rejoin=options["rejoin"])
        speech = parse_speech(text, tokens)
        if options["json"]:
            data = speech.to_dict()
            data["rejoined"] = rejoined
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        counts = ", ".join(f"{name} {n}" for name, n in speech.token_counts.items())
        self.stdout.write(
            f"{speech.title}: {len(speech.blocks)} blocks, {len(speech.slots)} slots"
            + (f" ({counts})" if counts else "")
            + (", lines re-joined" if rejoined else "")
        )
        for slot in speech.slots:
            context = f"…{slot.before}[{slot.token}]{slot.after}…"
            self.stdout.write(f"{slot.id} {slot.kind:<8} {slot.unit or '':<6} {context}")
        for miss in speech.near_misses:
            self.stdout.write(f"not a blank ({miss.reason}): {miss.text} in block {miss.block}")
