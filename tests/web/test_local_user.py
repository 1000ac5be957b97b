"""ensure_local_user: the login `make run` prints."""

import pytest

from tests.commands import run


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
