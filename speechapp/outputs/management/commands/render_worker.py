"""`manage.py render_worker`: django-tasks' database worker (`db_worker`, same options), the
process of role ``worker`` that renders (the pre-renders, and the files a web process asks for:
outputs.worker_render). It warms the PDF renderer first, so its first background render costs
no more than later ones, and it drops the finished task rows periodically with django-tasks-db's
own ``prune_db_task_results`` (outputs.pruning: one worker of all, every
``SPEECHAPP_TASK_PRUNE_HOURS``)."""

import os
import threading

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from speechapp.outputs.pruning import prune_finished_tasks, prune_periodically
from speechapp.outputs.warm import warm_renderer_in_background


class Command(DBWorkerCommand):
    help = "Run the background worker (renders finished speeches ahead of the download)."

    def handle(self, *args, **options):
        # With --reload the tasks run in the reloader's child (RUN_MAIN): that one works.
        runs_tasks = not options.get("reload") or os.environ.get("RUN_MAIN") == "true"
        stop = threading.Event()
        if runs_tasks:
            prune_finished_tasks()
            prune_periodically(stop)
        if settings.SPEECHAPP_WARM_RENDERER and runs_tasks:
            warm_renderer_in_background()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
