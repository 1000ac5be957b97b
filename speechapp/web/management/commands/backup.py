"""`manage.py backup`: a consistent copy of the database (web/backups.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speechapp.web import backups


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump for PostgreSQL) into a file; "
        "rendered files are not backed up, they are rebuilt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the file to write (default: var/backups/…)")

    def handle(self, *args, **options):
        try:
            target = (
                Path(options["output"])
                if options["output"]
                else backups.default_name(Path(settings.VAR_DIR) / "backups")
            )
            written = backups.backup(target)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(written))
