"""deploy/: the nginx site passes `nginx -t` (with a self-signed certificate made here), its
limits match the app's, the systemd units run commands that exist, and the environment file
sets only what the settings read."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

from speechapp.outputs import render_cache
from speechapp.web.uploads import request_ceiling
from tests.system import needs_package

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "speechapp.conf"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
INSTALLED_AT = "/srv/speechapp"  # where the units say the checkout lies
needs_nginx = needs_package("nginx", path="/usr/sbin/nginx")


def directive(text: str, name: str) -> str:
    found = re.findall(rf"^\s*{name}\s+([^;]+);", text, flags=re.M)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def seconds(value: str) -> int:
    assert value.endswith("s"), value
    return int(value[:-1])


def exec_start(unit: Path) -> list[str]:
    line = re.search(r"^ExecStart=(.+)$", unit.read_text(), flags=re.M).group(1)
    return shlex.split(line)


@needs_nginx
def test_the_nginx_site_passes_nginx_t_with_a_certificate(tmp_path):
    cert, key = tmp_path / "site.crt", tmp_path / "site.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=speech.example.gov.cn", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = SITE.read_text()
    site = site.replace("/etc/ssl/certs/speechapp.crt", str(cert))
    site = site.replace("/etc/ssl/private/speechapp.key", str(key))
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(
        ["/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c", str(conf), "-e",
         str(tmp_path / "error.log")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_the_site_sets_the_forwarded_proto_itself_and_terminates_tls():
    site = SITE.read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "listen 443 ssl" in site and "return 301 https://$host$request_uri;" in site


def test_the_site_takes_every_body_the_app_takes_and_no_more_than_a_megabyte_past():
    limit = directive(SITE.read_text(), "client_max_body_size")
    assert limit.endswith("m")
    allowed = int(limit[:-1]) * 1024 * 1024
    assert request_ceiling() <= allowed < request_ceiling() + 1024 * 1024


def test_the_timeouts_wait_for_the_app_s_own_answer():
    """nginx waits longer than gunicorn lets a request run, which is longer than a download
    waits for a worker's file (render_cache.busy_seconds)."""
    site = SITE.read_text()
    argv = exec_start(DEPLOY / "systemd" / "speechapp-web.service")
    gunicorn_timeout = int(argv[argv.index("--timeout") + 1])
    for name in ("proxy_read_timeout", "proxy_send_timeout"):
        assert seconds(directive(site, name)) > gunicorn_timeout
    assert gunicorn_timeout > render_cache.busy_seconds()


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_each_unit_runs_a_command_that_exists_with_the_environment_file(unit):
    text = unit.read_text()
    assert "EnvironmentFile=/etc/speechapp/speechapp.env" in text
    assert "/etc/speechapp/speechapp.env" in (DEPLOY / "speechapp.env.example").read_text()
    argv = exec_start(unit)
    program = Path(argv[0].replace(INSTALLED_AT, str(ROOT)))
    assert program.is_file(), program
    role = re.search(r"^Environment=SPEECHAPP_ROLE=(\w+)$", text, flags=re.M).group(1)
    if program.name == "gunicorn":
        assert role == "web"
        module, _, name = argv[1].partition(":")
        assert (ROOT / (module.replace(".", "/") + ".py")).is_file()
        assert name == "application"
    else:
        assert role == "worker"
        assert argv[1] == "manage.py"
        assert argv[2] in get_commands()


def test_the_units_are_a_web_server_and_a_worker_and_no_prune_timer():
    assert [u.name for u in UNITS] == ["speechapp-web.service", "speechapp-worker.service"]
    assert not list((DEPLOY / "systemd").glob("*.timer"))


def test_the_environment_file_sets_only_what_the_settings_read():
    settings_text = (ROOT / "speechapp" / "settings.py").read_text()
    example = (DEPLOY / "speechapp.env.example").read_text()
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, flags=re.M)
    assert {"DATABASE_URL", "SPEECHAPP_CACHE_URL", "DJANGO_SECRET_KEY"} <= set(names)
    for name in names:
        assert f'"{name}"' in settings_text or name == "DATABASE_URL", name
