from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from speechapp.collection import sheet_files
from speechapp.collection.management.commands._sheets import load_template, load_values
from speechapp.core.sheets import SheetFilter


class Command(BaseCommand):
    help = (
        "Write a data-request sheet (.xlsx or .csv) for a template: one row per blank, "
        "with the current values from --values (slot id -> value, as render_speech reads)."
    )

    def add_arguments(self, parser):
        parser.add_argument("template", help="template file (.txt or .docx)")
        parser.add_argument("--values", help="JSON file: slot id -> value")
        parser.add_argument("--office", help="the supplying office, written on every row")
        parser.add_argument("--output", required=True, help="OUT.xlsx or OUT.csv")

    def handle(self, *args, **options):
        # The sheet's names in the site's language (Chinese), whatever a caller left active.
        with translation.override(settings.LANGUAGE_CODE):
            self.export_sheet(options)

    def export_sheet(self, options):
        output = Path(options["output"])
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in sheet_files.SHEET_TYPES:
            raise CommandError("--output must end in .xlsx or .csv")
        text, speech = load_template(options["template"])
        printed = load_values(speech, options["values"])
        office = (options["office"] or "").strip()
        sheet = sheet_files.sheet_file(
            speech,
            marker=sheet_files.sheet_marker(
                source_text=text, token_set=speech.token_set, draft_id=None
            ),
            printed=printed,
            offices=dict.fromkeys(speech.slot_ids, office),
            chosen=SheetFilter(),
            fmt=fmt,
            per_office=bool(office),
        )
        output.write_bytes(sheet.content)
        self.stdout.write(f"wrote {output} ({len(speech.slots)} rows)")
