import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from speechapp.collection import proposals, sheet_files
from speechapp.collection.management.commands._sheets import load_template, load_values, read_values


class Command(BaseCommand):
    help = (
        "Read returned data-request sheets into a values file (slot id -> value). Every "
        "rejected row and conflict is reported on stderr; the exit status is 1 when there "
        "was any, after the valid values are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("sheets", nargs="+", help="returned .xlsx or .csv files")
        parser.add_argument("--template", required=True, help="template file (.txt or .docx)")
        parser.add_argument("--values", help="JSON file with the values so far")
        parser.add_argument("--output", required=True, help="JSON file to write")

    def handle(self, *args, **options):
        # Reasons in the site's language (Chinese), whatever a caller left active.
        with translation.override(settings.LANGUAGE_CODE):
            self.import_sheets(options)

    def import_sheets(self, options):
        text, speech = load_template(options["template"])
        printed = load_values(speech, options["values"])
        files = []
        for name in options["sheets"]:
            try:
                files.append((Path(name).name, Path(name).read_bytes()))
            except OSError as exc:
                raise CommandError(f"cannot read sheet: {exc}") from None
        try:
            sheets = sheet_files.read_files(files, max_bytes=settings.SPEECHAPP_MAX_UPLOAD_BYTES)
            proposal = proposals.propose(
                speech,
                sheets,
                marker=sheet_files.sheet_marker(
                    source_text=text, token_set=speech.token_set, draft_id=None
                ),
                printed=printed,
            )
        except sheet_files.SheetFileError as exc:
            raise CommandError(exc.message) from None
        # The values file keeps every entry it had; the sheets' accepted values overlay it.
        given = read_values(options["values"])
        merged = {**given, **{change.slot: change.value for change in proposal.changes}}
        Path(options["output"]).write_text(
            json.dumps(merged, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        for row in proposal.rejected:
            self.stderr.write(f"{row.slot}: {row.reason} ({row.where}: {row.raw!r})")
        for conflict in proposal.conflicts:
            options_text = "; ".join(f"{o.value} ({o.where})" for o in conflict.options)
            self.stderr.write(f"{conflict.slot}: 两张表的值不同：{options_text}")
        self.stdout.write(
            f"wrote {options['output']}: {len(proposal.changes)} changed, "
            f"{proposal.unchanged} unchanged, {len(proposal.rejected)} rejected, "
            f"{len(proposal.conflicts)} conflicts"
        )
        if proposal.rejected or proposal.conflicts:
            sys.exit(1)
