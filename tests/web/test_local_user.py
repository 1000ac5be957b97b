"""ensure_local_user: the login `make run` prints."""

import io
import json

import pytest
from django.core.management import call_command

from tests.samples import SEED_PATH


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def render_speech(tmp_path, values: dict, fmt: str, *extra: str):
    """Run render_speech on the seed with ``values``; returns the output path."""
    values_file = tmp_path / "values.json"
    values_file.write_text(json.dumps(values), encoding="utf-8")
    out = tmp_path / f"speech.{fmt}"
    run("render_speech", str(SEED_PATH), "--values", str(values_file), "--format", fmt,
        "--output", str(out), *extra)  # fmt: skip
    return out


@pytest.mark.django_db
def test_ensure_local_user_creates_a_login_and_prints_it(
    settings, tmp_path, monkeypatch, django_user_model
):
    monkeypatch.setattr("speechapp.web.management.commands.ensure_local_user.VAR_DIR", tmp_path)
    first = run("ensure_local_user")
    again = run("ensure_local_user")
    password = (tmp_path / "writer.password").read_text()
    assert password in first and password in again
    assert django_user_model.objects.get(username="writer").check_password(password)
