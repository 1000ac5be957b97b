"""Production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_in_production_settings(tmp_path, slim_fonts):
    env = os.environ | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "speech.example.gov",
        "SPEECHAPP_VAR_DIR": str(tmp_path),
        # made by `manage.py prepare_fonts`, as a deployment does (the tests' fixture runs it)
        "SPEECHAPP_SLIM_FONTS_DIR": str(slim_fonts),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env |= {"DJANGO_DEBUG": "0", "SPEECHAPP_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


SECURE_PROBE = """
import django
django.setup()
from django.test import RequestFactory
request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="speech.example.gov")
print(request.is_secure())
"""


@pytest.mark.parametrize(("behind_proxy", "secure"), [(None, "False"), ("1", "True")])
def test_x_forwarded_proto_is_trusted_only_behind_a_proxy(tmp_path, behind_proxy, secure):
    """Production settings, a plain request that claims HTTPS: without DJANGO_BEHIND_PROXY the
    claim is ignored (any client could send it); with it, the proxy's header is believed."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_BEHIND_PROXY"}
    env |= {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "speech.example.gov",
        "DJANGO_SETTINGS_MODULE": "speechapp.settings",
        "SPEECHAPP_VAR_DIR": str(tmp_path),
    }
    if behind_proxy:
        env["DJANGO_BEHIND_PROXY"] = behind_proxy
    result = subprocess.run(
        [sys.executable, "-c", SECURE_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == secure, result.stderr
