"""A reduced cluster on loopback (scripts/cluster.py): the PostgreSQL of DATABASE_URL (a database
of its own), a Redis, two app servers of role web, each with its own var folder, and render
workers. A draft completed through server A downloads from server B as a cache hit that a
worker rendered; the writers' edits on both servers queue one pre-render at a time."""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path

import pytest

from tests.system import needs_redis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from cluster import Cluster, manage  # noqa: E402
from load_processes import Client  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.slow,
    needs_redis,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="a cluster shares one PostgreSQL (SQLite cannot be shared by hosts): runs when "
        "DATABASE_URL is PostgreSQL, as .ci/run's second pass",
    ),
]

PASSWORD = "cluster-" + secrets.token_hex(8)
SETUP = """
import json
from django.contrib.auth import get_user_model
from speechapp.drafts.models import SpeechTemplate
from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from tests.samples import filled_values
user = get_user_model().objects.create_user("clusterwriter", password={password!r})
seed = SpeechTemplate.objects.get(owner=None)
draft = draft_start(owner=user, template=seed)
values = filled_values(seed.speech)
last = seed.speech.slots[-1].id
last_value = values.pop(last)
draft_save_values(draft=draft, raw=values, user=user)
print(json.dumps({{"draft": draft.pk, "last": last, "value": last_value}}))
"""
PRERENDERS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path__endswith="prerender_draft")
print(json.dumps([[r.status, r.return_value, r.worker_ids] for r in rows]))
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import psycopg

    name = "cluster_" + secrets.token_hex(4)
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    folder = tmp_path_factory.mktemp("cluster")
    running = Cluster(
        folder, DATABASE_URL.rsplit("/", 1)[0] + "/" + name, apps=2, workers=2,
        gunicorn_workers=1, threads=4, nginx=False,
        extra_env={"SPEECHAPP_PRERENDER_DELAY_MS": "300", "SPEECHAPP_RENDER_WORKERS": "1"},
    )  # fmt: skip
    env = running.env_of("setup", "worker")
    try:
        manage(env, "load_seed")
        running.setup = json.loads(
            manage({**env, "SPEECHAPP_PRERENDER": "0"}, "shell", "-c",
                   SETUP.format(password=PASSWORD)).strip().splitlines()[-1]
        )  # fmt: skip
        running.start()
        yield running
    finally:
        running.stop()
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def prerenders(cluster) -> list:
    env = cluster.env_of("setup", "worker")
    return json.loads(manage(env, "shell", "-c", PRERENDERS).strip().splitlines()[-1])


def wait_for(check, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError("not within the time")


def autosave(client: Client, draft: int, slot: str, value: str, seq: int) -> None:
    status, _, _ = client.request(
        "POST", f"/drafts/{draft}/slots/{slot}/", {slot: value, "seq": str(seq)},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert status == 200


def test_a_draft_completed_on_one_server_downloads_from_the_other_as_the_worker_s_file(cluster):
    a, b = cluster.apps
    setup = cluster.setup
    on_a = Client(a.port)
    on_a.login("clusterwriter", PASSWORD)
    # The writer's edits reach both servers (the proxy balances them): one pre-render waits
    # at a time, whichever server saw the edit, and the two workers render it once.
    on_b = Client(b.port)
    on_b.cookies = on_a.cookies  # one session, in the shared database
    seq = time.time_ns() // 1000
    for n, client in enumerate([on_a, on_b, on_a, on_b]):
        autosave(client, setup["draft"], setup["last"], f"{setup['value']}{n}", seq + n)
    autosave(on_a, setup["draft"], setup["last"], setup["value"], seq + 10)  # completed on A

    def settled():
        rows = prerenders(cluster)
        done = all(status == "SUCCESSFUL" for status, *_ in rows)
        return done and any(value == "rendered" for _, value, _ in rows) and rows

    rows = wait_for(settled)
    assert [value for _, value, _ in rows].count("rendered") == 1, rows
    assert len(rows) < 5, rows  # fewer jobs than edits: one waits at a time, put off or run

    status, response, body = on_b.request("GET", f"/drafts/{setup['draft']}/download/pdf/")
    assert status == 200 and body.startswith(b"%PDF")
    assert response.getheader("X-Served-By") == "app2"
    assert response.getheader("X-Render-Cache") == "hit"


def test_a_file_no_worker_made_yet_is_queued_by_the_web_server_and_served_when_made(cluster):
    b = cluster.apps[1]
    on_b = Client(b.port)
    on_b.login("clusterwriter", PASSWORD)
    path = f"/drafts/{cluster.setup['draft']}/download/docx/?review=1"  # no pre-render makes it
    status, response, body = on_b.request("GET", path)
    if status == 202:  # the worker was slower than the request may wait: the page asks again
        assert "正在生成" in body.decode()
        status, response, body = wait_for(lambda: (r := on_b.request("GET", path))[0] == 200 and r)
    assert status == 200 and body[:2] == b"PK"
    assert response.getheader("X-Render-Cache") in ("waited", "hit")
    log = (cluster.folder / "app2" / "gunicorn.log").read_text()
    assert "Traceback" not in log
