"""`manage.py restore FILE`: the database as it was in a backup (web/backups.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speechapp.web import backups


class Command(BaseCommand):
    help = "Restore the database from a file made by `manage.py backup` (into an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that holds data"
        )

    def handle(self, *args, **options):
        try:
            backups.restore(Path(options["file"]), replace=options["replace"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {options['file']}")
