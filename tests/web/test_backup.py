"""`manage.py backup` and `manage.py restore`: a round trip into an empty database keeps every
draft's values and their history; a restore never overwrites a database that holds data unless
told to; a broken file gets a clear message."""

import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from speechapp.filling.saving import draft_save_values
from tests.samples import filled_values
from tests.system import needs_package

ROOT = Path(__file__).resolve().parents[2]
# What a restore must bring back whole: drafts, their values, every value's history.
MODELS = [
    "auth.user",
    "drafts.speechtemplate",
    "drafts.draft",
    "drafts.slotvalue",
    "drafts.historicalslotvalue",
]
# pg_dump and pg_restore come with the versioned client the meta package pulls in.
needs_pg_tools = needs_package(
    "postgresql-client", path="/usr/share/doc/postgresql-client/copyright"
)


def dump_here() -> list:
    out = io.StringIO()
    call_command("dumpdata", *MODELS, stdout=out)
    return json.loads(out.getvalue())


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "speechapp.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.fixture
def empty_database(tmp_path):
    """The environment of another host with an empty database of the same engine."""
    env = {"SPEECHAPP_VAR_DIR": str(tmp_path / "other-host")}
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'other-host' / 'db.sqlite3'}"
        (tmp_path / "other-host").mkdir()
        yield env
        return
    db = connection.settings_dict
    name = "restore_" + secrets.token_hex(4)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    )
    yield env
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def worked_draft(draft):
    """A draft with values saved twice: each value has a history of two entries."""
    values = filled_values(draft.speech)
    draft_save_values(draft=draft, raw=values)
    draft_save_values(
        draft=draft, raw={slot: f"{value}9" for slot, value in list(values.items())[:5]}
    )
    return draft


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_value_and_its_history(
    worked_draft, empty_database, tmp_path
):
    before = dump_here()
    assert sum(1 for row in before if row["model"] == "drafts.historicalslotvalue") > 178
    backup_file = tmp_path / "backup"
    call_command("backup", output=str(backup_file), stdout=io.StringIO())
    restored = manage(empty_database, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    after = manage(empty_database, "dumpdata", *MODELS)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == before


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_holds_data(worked_draft, tmp_path):
    backup_file = tmp_path / "backup"
    call_command("backup", output=str(backup_file), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds drafts or logins"):
        call_command("restore", str(backup_file))


@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_a_backup_gets_a_message(tmp_path, empty_database):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    done = manage(empty_database, "restore", str(junk))
    assert done.returncode != 0
    assert "CommandError" in done.stderr or "Error" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_file_gets_a_message(tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(tmp_path / "nothing"))
