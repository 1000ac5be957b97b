"""The finished rows of background work, dropped in one place: render workers run
django-tasks-db's own ``prune_db_task_results`` every ``SPEECHAPP_TASK_PRUNE_HOURS``, and of all
the workers (on every host) only the one that takes the shared cache's mark does it. A web
process never prunes."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections

logger = logging.getLogger(__name__)

# Held for SPEECHAPP_TASK_PRUNE_HOURS by the worker that pruned last.
PRUNE_KEY = "task-results-pruned"
# How often each worker asks whether the time has come (an atomic add in the shared cache).
CHECK_SECONDS = 300


def prune_seconds() -> int:
    return max(1, settings.SPEECHAPP_TASK_PRUNE_HOURS) * 3600


def prune_finished_tasks() -> bool:
    """Drop the rows finished over ``SPEECHAPP_TASK_RESULTS_KEEP_DAYS`` ago, unless another
    worker did within ``SPEECHAPP_TASK_PRUNE_HOURS``; whether this call pruned."""
    if not cache.add(PRUNE_KEY, True, timeout=prune_seconds()):
        return False
    call_command(
        "prune_db_task_results",
        min_age_days=settings.SPEECHAPP_TASK_RESULTS_KEEP_DAYS,
        verbosity=0,
    )
    return True


def prune_periodically(stop: threading.Event, every_s: float = CHECK_SECONDS) -> threading.Thread:
    """A worker's thread: look every ``every_s`` whether it is time to prune, until ``stop``
    is set (the worker prunes once itself as it starts)."""

    def run() -> None:
        while not stop.wait(every_s):
            try:
                prune_finished_tasks()
            except Exception:  # a failed prune is tried again at the next look
                logger.exception("pruning finished task rows failed")
            finally:
                connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, name="prune-task-results", daemon=True)
    thread.start()
    return thread
