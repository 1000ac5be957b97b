"""The render cache several app servers share: SPEECHAPP_CACHE_URL names a Redis (a real one,
started here), a render's in-flight mark is an atomic add seen by every process, and a
download never waits longer than its request can."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from speechapp.filling.saving import draft_save_values
from speechapp.outputs import render_cache
from tests.samples import filled_values
from tests.system import REDIS_SERVER, needs_redis

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis of the tests' own on a free loopback port, gone with the module."""
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "speechapp",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


def settings_in_a_process(**env) -> str:
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "speechapp.settings", **env},
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or done.stderr


def test_the_cache_url_chooses_redis_and_no_url_keeps_the_file_cache(tmp_path):
    with_url = settings_in_a_process(SPEECHAPP_CACHE_URL="redis://127.0.0.1:6390/0")
    assert with_url == "django.core.cache.backends.redis.RedisCache"
    without = settings_in_a_process(SPEECHAPP_VAR_DIR=str(tmp_path))
    assert without == "django.core.cache.backends.filebased.FileBasedCache"


def test_a_cache_url_that_is_not_redis_is_refused_with_a_message():
    out = settings_in_a_process(SPEECHAPP_CACHE_URL="memcached://127.0.0.1:11211")
    assert "SPEECHAPP_CACHE_URL must be a Redis URL" in out


@needs_redis
def test_with_redis_one_render_of_a_file_whatever_the_number_asking(redis_cache):
    renders = []
    started = threading.Barrier(8)

    def make(slot_wait: float) -> bytes:
        renders.append(1)
        time.sleep(0.3)  # long enough for every other asker to find the mark
        return b"%PDF the file"

    got = []

    def download():
        started.wait()
        got.append(render_cache.fetch_render("render:shared", make)[0])

    threads = [threading.Thread(target=download) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert got == [b"%PDF the file"] * 8
    assert len(renders) == 1


@needs_redis
def test_a_file_rendered_by_one_host_is_found_by_another(redis_cache, redis_url):
    # Another process (a worker on another host) puts the file into the shared cache.
    code = (
        "import django; django.setup()\n"
        "from speechapp.outputs import render_cache\n"
        "render_cache.fetch_render('render:from-worker', lambda wait: b'%PDF worker')[0]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "speechapp.settings",
            "SPEECHAPP_CACHE_URL": redis_url,
        },
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert render_cache.fetch_render("render:from-worker", lambda wait: b"rendered again")[0] == (
        b"%PDF worker"
    )


@needs_redis
@pytest.mark.django_db
def test_a_download_waits_for_another_s_render_no_longer_than_a_request_can(
    redis_cache, settings, logged_in, draft, monkeypatch
):
    settings.SPEECHAPP_RENDER_TIMEOUT_S = 1
    settings.SPEECHAPP_REQUEST_BUDGET_S = 1.5
    draft_save_values(draft=draft, raw=filled_values(draft.speech))
    # Another process took the mark of every file and never finishes.
    backend = caches["default"]
    real_add = backend.add
    monkeypatch.setattr(
        backend,
        "add",
        lambda key, *a, **kw: False if key.endswith(":busy") else real_add(key, *a, **kw),
    )
    url = reverse("draft_export", args=[draft.pk, "pdf"])
    response = logged_in.get(url)
    # It gave up after its bound and said so (it used to render the file a second time),
    # with a button that tries again.
    assert response.status_code == 202
    page = response.content.decode()
    assert "这份文件正在生成" in page
    assert f'href="{url}"' in page
