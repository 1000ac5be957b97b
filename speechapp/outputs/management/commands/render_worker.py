"""`manage.py render_worker`: django-tasks' database worker (`db_worker`, same options) that
warms the PDF renderer first, so its first background render costs no more than later ones,
and first drops the finished renders older than ``SPEECHAPP_TASK_RESULTS_KEEP_DAYS`` with
django-tasks-db's own ``prune_db_task_results`` (a server also runs that daily: README)."""

import os

from django.conf import settings
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from speechapp.outputs.warm import warm_renderer_in_background


class Command(DBWorkerCommand):
    help = "Run the background worker (renders finished speeches ahead of the download)."

    def handle(self, *args, **options):
        # With --reload the tasks run in the reloader's child (RUN_MAIN): warm that one only.
        runs_tasks = not options.get("reload") or os.environ.get("RUN_MAIN") == "true"
        if runs_tasks:
            call_command(
                "prune_db_task_results",
                min_age_days=settings.SPEECHAPP_TASK_RESULTS_KEEP_DAYS,
                verbosity=0,
            )
        if settings.SPEECHAPP_WARM_RENDERER and runs_tasks:
            warm_renderer_in_background()
        return super().handle(*args, **options)
