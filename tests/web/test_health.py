"""/healthz and /readyz: what a proxy polls, without a login and without data; /readyz says
503 and which check failed while the app cannot serve."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from speechapp.web import health

pytestmark = pytest.mark.django_db


def ready(client):
    response = client.get("/readyz")
    return response.status_code, json.loads(response.content)


def test_healthz_answers_without_a_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_is_ok_when_database_cache_and_fonts_are(client, slim_fonts):
    status, body = ready(client)
    assert status == 200
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "fonts": "ok"},
    }


def test_readyz_is_503_while_the_cache_cannot_keep_anything(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        }
    }
    status, body = ready(client)
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"].startswith("unreachable")
    assert body["checks"]["database"] == "ok"


def test_readyz_is_503_until_the_slim_fonts_are_made(client, settings, tmp_path):
    settings.SPEECHAPP_SLIM_FONTS_DIR = str(tmp_path / "no-fonts-yet")
    status, body = ready(client)
    assert status == 503
    assert "prepare_fonts" in body["checks"]["fonts"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_readyz_is_503_while_a_migration_is_not_applied(client, slim_fonts, monkeypatch):
    monkeypatch.setattr(health, "_migrated", [])  # a process started before the migration
    MigrationExecutor(connection).migrate([("drafts", "0015_prerender_task_path")])
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["migrations"].endswith("not applied")
    assert health._migrated == []  # asked again on the next poll


def test_once_every_migration_is_seen_applied_a_poll_builds_no_migration_graph(
    client, slim_fonts, monkeypatch
):
    monkeypatch.setattr(health, "_migrated", [])
    assert ready(client)[0] == 200

    def no_graph(*args, **kwargs):
        raise AssertionError("the migration graph was built again")

    monkeypatch.setattr(health, "MigrationExecutor", no_graph)
    status, body = ready(client)
    assert status == 200 and body["checks"]["migrations"] == "ok"


def test_neither_says_anything_of_the_app_s_data(client, user):
    for path in ("/healthz", "/readyz"):
        text = client.get(path).content.decode()
        assert user.username not in text
