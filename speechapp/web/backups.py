"""Backing up and restoring the database: SQLite through its online backup API (a consistent
copy while the app runs), PostgreSQL through pg_dump / pg_restore (custom format). Rendered files
are not backed up: they are rebuilt from the values on the next download."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


class BackupError(RuntimeError):
    """A backup or a restore could not be made; the message says why and what to do."""


def _settings() -> dict:
    return connections[DEFAULT_DB_ALIAS].settings_dict


def engine() -> str:
    """ "sqlite" or "postgresql"."""
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"no backup for a {vendor} database")
    return vendor


def default_name(folder: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if engine() == "sqlite" else ".pgdump"
    return folder / f"speechapp-{stamp}{suffix}"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """The connection options of pg_dump / pg_restore, the password in the environment (never
    on a command line others can read)."""
    db = _settings()
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} failed ({done.returncode})")


def backup(target: Path) -> Path:
    """A consistent copy of the whole database in ``target`` (written beside it, then moved
    into place: a backup cut short never looks like a good one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if engine() == "sqlite":
        connection = connections[DEFAULT_DB_ALIAS]
        connection.ensure_connection()
        copy = sqlite3.connect(partial)
        try:
            connection.connection.backup(copy)
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("the copy failed SQLite's integrity check")
        finally:
            copy.close()
    else:
        args, env = _pg_env()
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(partial),
                *args,
            ],
            env,
        )
    partial.replace(target)
    return target


def holds_data() -> bool:
    """Whether the database already holds the app's data (a login or a template)."""
    connection = connections[DEFAULT_DB_ALIAS]
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("auth_user", "drafts_speechtemplate"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def restore(source: Path, *, replace: bool = False) -> None:
    """The database as it was in the backup ``source``. Refuses a database that already holds
    data unless ``replace``: a restore is for an empty (new or lost) database."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if holds_data() and not replace:
        raise BackupError(
            "the database already holds drafts or logins: restore into an empty database, "
            "or pass --replace to overwrite it"
        )
    connection = connections[DEFAULT_DB_ALIAS]
    if engine() == "sqlite":
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not a sound SQLite database")
            connection.ensure_connection()
            backup_db.backup(connection.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup: {exc}") from exc
        finally:
            backup_db.close()
        connection.close()
    else:
        connection.close()
        args, env = _pg_env()
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(source),
            ],
            env,
        )
