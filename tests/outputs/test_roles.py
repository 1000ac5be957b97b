"""Roles per process (SPEECHAPP_ROLE): a web process beside render workers never renders, it
queues the file for a worker and waits for it in the shared cache, else says "正在生成" and
tries again; a web process starts no render pool; one worker of all prunes the task rows."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from speechapp.core.rendering import docx as docx_module
from speechapp.core.rendering import pdf as pdf_module
from speechapp.filling.saving import draft_save_values
from speechapp.outputs import pruning, render_cache, worker_render
from tests.outputs.test_outputs import run_worker
from tests.samples import filled_values

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def web_role(settings, monkeypatch):
    """A web process beside workers, whose download waits at most a second and a half."""
    settings.SPEECHAPP_ROLE = "web"
    settings.SPEECHAPP_PRERENDER = False  # only the download's own request is queued
    settings.SPEECHAPP_WARM_RENDERER = False
    settings.SPEECHAPP_RENDER_TIMEOUT_S = 1
    settings.SPEECHAPP_REQUEST_BUDGET_S = 1.5


@pytest.fixture
def renders_counted(monkeypatch):
    """Counts the renders made in this process (the web process, or the worker run here)."""
    made = []
    real_pdf, real_docx = pdf_module.render_pdf, docx_module.render_docx
    monkeypatch.setattr(pdf_module, "render_pdf", lambda *a: made.append("pdf") or real_pdf(*a))
    monkeypatch.setattr(docx_module, "render_docx", lambda *a: made.append("docx") or real_docx(*a))
    return made


def complete(draft):
    draft_save_values(draft=draft, raw=filled_values(draft.speech))


# The worker closes its database connection: no test transaction may wrap it.
@pytest.mark.django_db(transaction=True)
def test_a_web_process_queues_the_file_for_a_worker_and_serves_it_from_the_cache(
    web_role, logged_in, draft, renders_counted
):
    complete(draft)
    url = reverse("draft_export", args=[draft.pk, "pdf"])
    first = logged_in.get(url)
    # Nothing rendered on the click: the file is queued for a worker, and the page says so.
    assert renders_counted == []
    assert first.status_code == 202
    assert "这份文件正在生成" in first.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="render_for_download").count() == 1
    # A second click while it waits queues nothing more.
    logged_in.get(url)
    assert DBTaskResult.objects.count() == 1

    run_worker()  # the worker renders it into the shared cache
    assert renders_counted == ["pdf"]
    again = logged_in.get(url)
    assert again.status_code == 200
    assert again.content.startswith(b"%PDF")
    assert again["X-Render-Cache"] == "hit"
    assert renders_counted == ["pdf"]


@pytest.mark.django_db(transaction=True)
def test_the_busy_page_asks_again_by_itself_and_offers_the_file_once_made(
    web_role, logged_in, draft
):
    complete(draft)
    url = reverse("draft_export", args=[draft.pk, "docx"])
    page = logged_in.get(url).content.decode()
    # Without JS the page reloads itself; with htmx it asks every few seconds.
    assert '<meta http-equiv="refresh"' in page
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 3s"' in page
    asked = logged_in.get(url, headers={"HX-Request": "true"})
    assert asked.status_code == 200
    assert 'hx-trigger="every 3s"' in asked.content.decode()  # not made yet: asks again
    run_worker()
    ready = logged_in.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "文件已经生成好了" in ready and "hx-trigger" not in ready
    assert logged_in.get(url).content[:2] == b"PK"


@pytest.mark.django_db(transaction=True)
def test_a_web_process_says_so_when_the_worker_s_render_went_past_its_bound(
    web_role, logged_in, draft, monkeypatch
):
    complete(draft)
    url = reverse("draft_export", args=[draft.pk, "pdf"])
    logged_in.get(url)

    def too_long(*args, **kwargs):
        raise render_cache.RenderLimitError("time", 1)

    monkeypatch.setattr("speechapp.outputs.files.run_bounded", too_long)
    run_worker()
    response = logged_in.get(url, follow=True)
    assert "生成 PDF 超时" in response.content.decode()


def test_a_web_process_refuses_a_draft_with_open_blanks_without_queueing(
    web_role, logged_in, draft
):
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]), follow=True)
    assert "还有空未填" in response.content.decode()
    assert DBTaskResult.objects.count() == 0


def test_one_machine_renders_on_the_click_as_before(settings, logged_in, draft, renders_counted):
    assert settings.SPEECHAPP_ROLE == "all"
    complete(draft)
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]))
    assert response.status_code == 200
    assert response["X-Render-Cache"] == "rendered"
    assert renders_counted == ["pdf"]
    assert DBTaskResult.objects.count() == 0
    again = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]))
    assert again["X-Render-Cache"] == "hit"
    assert worker_render.renders_here()


def test_a_named_server_says_which_one_answered(settings, logged_in):
    assert "X-Served-By" not in logged_in.get(reverse("home"))
    settings.SPEECHAPP_SERVER_NAME = "app2"
    from django.test import Client

    assert Client().get("/healthz")["X-Served-By"] == "app2"


def threads_after_importing_wsgi(role: str) -> str:
    code = (
        "import threading, time, speechapp.wsgi\n"
        "time.sleep(0.2)\n"
        "print(sorted(t.name for t in threading.enumerate()))\n"
    )
    env = {**os.environ, "SPEECHAPP_ROLE": role, "SPEECHAPP_WARM_RENDERER": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return done.stdout + done.stderr


def test_a_web_process_starts_no_render_pool_at_boot():
    assert "warm-pdf-renderer" in threads_after_importing_wsgi("all")
    assert "warm-pdf-renderer" not in threads_after_importing_wsgi("web")


def test_an_unknown_role_is_refused_with_a_message():
    code = "import django; django.setup()"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "speechapp.settings", "SPEECHAPP_ROLE": "db"},
        capture_output=True,
        text=True,
    )
    assert "SPEECHAPP_ROLE must be all, web or worker" in done.stderr


def test_of_all_workers_one_prunes_the_finished_rows_per_period(settings):
    settings.SPEECHAPP_TASK_RESULTS_KEEP_DAYS = 1
    cache.delete(pruning.PRUNE_KEY)
    row = worker_render.render_for_download.enqueue(1, "pdf", False, False, "official", "k")
    DBTaskResult.objects.filter(pk=row.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2)
    )
    assert pruning.prune_finished_tasks() is True
    assert DBTaskResult.objects.count() == 0
    row = worker_render.render_for_download.enqueue(1, "pdf", False, False, "official", "k")
    DBTaskResult.objects.filter(pk=row.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2)
    )
    # Another worker, within SPEECHAPP_TASK_PRUNE_HOURS: leaves it to the next period.
    assert pruning.prune_finished_tasks() is False
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_web_process_has_a_worker_render_the_files_it_freezes(
    web_role, logged_in, draft, renders_counted, django_user_model
):
    from django.test import Client

    from speechapp.drafts.models import Access, DraftState, FrozenFile
    from speechapp.filling import lifecycle
    from tests.review.conftest import move, state_of

    complete(draft)
    reviewer = django_user_model.objects.create_user("kezhang", password="s3cret-pass")
    lifecycle.draft_share(draft=draft, user=reviewer, role=Access.REVIEW)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    move(logged_in, draft, "submit", reviewer=reviewer.pk, message="请审核")
    move(reviewer_client, draft, "approve", message="同意")
    # The click renders nothing here: the files are queued for a worker; the state stays.
    page = move(logged_in, draft, "freeze")
    assert renders_counted == []
    assert "定稿文件正在生成" in page.content.decode()
    assert state_of(draft) == DraftState.APPROVED and not FrozenFile.objects.exists()
    run_worker()  # the worker renders them, the version in their properties
    assert sorted(renders_counted) == ["docx", "pdf"]
    move(logged_in, draft, "freeze")
    assert state_of(draft) == DraftState.FINAL
    assert bytes(FrozenFile.objects.get(fmt="pdf").content).startswith(b"%PDF")
    assert FrozenFile.objects.count() == 2
    assert sorted(renders_counted) == ["docx", "pdf"]  # nothing rendered on the second click
