"""What a proxy or an orchestrator polls: ``/healthz`` (the process answers) and ``/readyz``
(it can serve: database reachable with every migration applied, cache reachable, fonts ready).
No login and no data: a JSON body of named checks, 200 when all pass, 503 otherwise."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from speechapp.core.rendering.probe import missing_cjk_fonts
from speechapp.core.rendering.slim import outdated_slim_fonts

logger = logging.getLogger(__name__)


def _database() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


# Once this process has seen every migration of its code applied, that stays so until it is
# restarted with new code: later polls skip building the migration graph (tens of ms each).
_migrated: list[bool] = []


def _migrations() -> str:
    if _migrated:
        return "ok"
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} not applied"
    _migrated.append(True)
    return "ok"


def _cache() -> str:
    key, value = "readyz:" + secrets.token_hex(8), secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        return "ok" if cache.get(key) == value else "not kept"
    finally:
        cache.delete(key)


def _fonts() -> str:
    missing = missing_cjk_fonts()
    if missing:
        return "no CJK font for " + ", ".join(missing)
    if outdated_slim_fonts(settings.SPEECHAPP_SLIM_FONTS_DIR):
        return "slim copies missing or out of date (manage.py prepare_fonts)"
    return "ok"


CHECKS = {"database": _database, "migrations": _migrations, "cache": _cache, "fonts": _fonts}


def readiness() -> dict[str, str]:
    """Each check's outcome: "ok", or what is wrong (never an exception)."""
    outcome = {}
    for name, check in CHECKS.items():
        try:
            outcome[name] = check()
        except Exception as exc:  # an unreachable engine is the answer, not a crash
            logger.warning("readiness check %s failed: %s", name, exc)
            outcome[name] = f"unreachable: {type(exc).__name__}"
    return outcome


@login_not_required
@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    checks = readiness()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
