"""The finished files are ready before the click: rendered in the background once a complete
draft stops changing, never twice at once, keyed by the fonts and code that shape them, and a
server process warms the renderer when it starts."""

import ast
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import speechapp.core
from speechapp.core.rendering import docx as docx_module
from speechapp.core.rendering import pdf as pdf_module
from speechapp.drafts import bounded_work as render_pool
from speechapp.filling.saving import draft_save_values
from speechapp.outputs import pruning, render_cache
from tests.pdfs import font_names
from tests.render_probe import every_worker_state
from tests.samples import filled_values
from tests.system import GKAI, needs_gkai

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def prerender(settings):
    settings.SPEECHAPP_PRERENDER = True
    settings.SPEECHAPP_PRERENDER_DELAY_MS = 0
    settings.SPEECHAPP_WARM_RENDERER = False  # the worker's warm-up is tested on its own


def fill_all_but(draft, last: str):
    values = filled_values(draft.speech)
    values.pop(last)
    draft_save_values(draft=draft, raw=values)


def autosave(client, draft, slot_id: str, text: str):
    response = client.post(reverse("slot_save", args=[draft.pk, slot_id]), {slot_id: text})
    assert response.status_code == 200


def burst_of_edits(client, draft, capture_on_commit) -> None:
    """The last blank typed in two autosaves, then the worker run: one job, one render."""
    fill_all_but(draft, "s178")
    with capture_on_commit(execute=True):
        autosave(client, draft, "s178", "东")
        autosave(client, draft, "s178", "东城")
    run_worker()


def run_worker():
    call_command("render_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def refuse_to_render(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendered on the click")

    monkeypatch.setattr(pdf_module, "render_pdf", refuse)
    monkeypatch.setattr(docx_module, "render_docx", refuse)


# The worker closes its database connection: no test transaction may wrap it.
@pytest.mark.django_db(transaction=True)
def test_the_last_blank_saved_renders_both_files_in_the_background(
    logged_in, draft, prerender, django_capture_on_commit_callbacks, monkeypatch
):
    fill_all_but(draft, "s178")
    with django_capture_on_commit_callbacks(execute=True):
        autosave(logged_in, draft, "s178", "东城")
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert DBTaskResult.objects.get().return_value == "rendered"

    refuse_to_render(monkeypatch)
    for fmt in ("pdf", "docx"):
        response = logged_in.get(reverse("draft_export", args=[draft.pk, fmt]))
        assert response.status_code == 200
        assert len(response.content) > 1000


# The worker closes its database connection: no test transaction may wrap it.
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_edits_renders_once(
    logged_in, draft, prerender, django_capture_on_commit_callbacks
):
    burst_of_edits(logged_in, draft, django_capture_on_commit_callbacks)
    results = sorted(DBTaskResult.objects.values_list("return_value", flat=True))
    assert results == ["rendered"]


# The worker closes its database connection: no test transaction may wrap it.
@pytest.mark.django_db(transaction=True)
def test_the_worker_drops_background_renders_finished_over_a_day_ago_when_it_starts(
    logged_in, draft, prerender, django_capture_on_commit_callbacks
):
    burst_of_edits(logged_in, draft, django_capture_on_commit_callbacks)
    old = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert len(old) == 1
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        autosave(logged_in, draft, "s178", "西城")
    # A worker pruned when the burst's worker started: the next is SPEECHAPP_TASK_PRUNE_HOURS
    # later, whichever worker.
    run_worker()
    assert old < set(DBTaskResult.objects.values_list("pk", flat=True))
    old = set(DBTaskResult.objects.values_list("pk", flat=True))
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(hours=25))
    cache.delete(pruning.PRUNE_KEY)  # that much later
    with django_capture_on_commit_callbacks(execute=True):
        autosave(logged_in, draft, "s178", "东城")
    run_worker()
    left = DBTaskResult.objects.all()
    assert not old & {row.pk for row in left}
    assert [row.return_value for row in left] == ["rendered"]

    # A render finished an hour ago is kept.
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(hours=1))
    cache.delete(pruning.PRUNE_KEY)
    run_worker()
    assert DBTaskResult.objects.count() == 1


def test_an_incomplete_draft_schedules_no_render(
    logged_in, draft, prerender, django_capture_on_commit_callbacks
):
    fill_all_but(draft, "s178")
    with django_capture_on_commit_callbacks(execute=True):
        autosave(logged_in, draft, "s177", "")
    assert DBTaskResult.objects.count() == 0


def test_changing_the_title_of_a_complete_draft_renders_it_again(
    logged_in, draft, prerender, django_capture_on_commit_callbacks
):
    values = filled_values(draft.speech)
    draft_save_values(draft=draft, raw=values)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            reverse("draft_details", args=[draft.pk]),
            {"title": "新的标题", "page_numbers": "outside"},
        )
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 1


def test_without_a_worker_the_download_renders_on_the_click(logged_in, draft):
    values = filled_values(draft.speech)
    draft_save_values(draft=draft, raw=values)
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_a_download_waits_for_the_render_in_flight_instead_of_starting_another():
    key = "render:test"
    assert cache.add(key + ":busy", True)  # another process is rendering this file
    got = []

    def download():
        got.append(render_cache.fetch_render(key, lambda wait: b"second render")[0])

    waiting = threading.Thread(target=download)
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive()  # still waiting for the first render
    cache.set(key, b"first render")
    cache.delete(key + ":busy")
    waiting.join(5)
    assert got == [b"first render"]


def test_a_download_starts_no_render_past_its_wait():
    """The wait for a render in flight elsewhere is part of the request's time: once too
    little of it is left for a render of its own, the download says 正在生成 and renders
    nothing. It used to wait up to 25 s and then, when the other render had ended without a
    file, start its own for up to 20 s more: past gunicorn's 30 s."""
    key = "render:test-late"
    assert cache.add(key + ":busy", True)  # another process is rendering this file
    made, outcome = [], []

    def make(deadline) -> bytes:
        made.append(deadline)
        return b"rendered late"

    def download():
        try:
            render_cache.fetch_render(key, make, deadline=time.monotonic() + 3.2)
        except render_cache.RenderBusyError:
            outcome.append("busy")

    waiting = threading.Thread(target=download)
    waiting.start()
    waiting.join(3)  # past the 0.2 s it may wait with 3 s left to render
    cache.delete(key + ":busy")  # the other render ended without a file
    waiting.join(5)
    assert outcome == ["busy"] and made == []
    assert cache.get(key) is None


def test_a_render_started_late_in_the_request_gets_what_is_left_of_its_time():
    key = "render:test-rest"
    assert cache.add(key + ":busy", True)
    deadline = time.monotonic() + 10
    made = []

    def download():
        made.append(
            render_cache.fetch_render(key, lambda d: made.append(d) or b"f", deadline=deadline)
        )

    waiting = threading.Thread(target=download)
    waiting.start()
    waiting.join(0.3)
    cache.delete(key + ":busy")
    waiting.join(5)
    assert made == [deadline, (b"f", render_cache.RENDERED)]


@needs_gkai
def test_a_licensed_font_dropped_into_the_fonts_folder_shows_in_the_next_download(
    logged_in, draft, settings, tmp_path
):
    settings.SPEECHAPP_FONTS_DIR = str(tmp_path)
    values = filled_values(draft.speech)
    draft_save_values(draft=draft, raw=values)
    url = reverse("draft_export", args=[draft.pk, "pdf"])

    def fonts() -> set[str]:
        return font_names(pypdf.PdfReader(io.BytesIO(logged_in.get(url).content)))

    assert not any("SpeechLicensed" in name for name in fonts())
    # A free Kai face under the file name of the licensed 楷体 stands for the office's file.
    shutil.copy(GKAI, tmp_path / "simkai.ttf")
    assert any(name.endswith("SpeechLicensed-heading2") for name in fonts())


def test_the_cache_key_covers_every_core_module_not_only_the_renderers(tmp_path, monkeypatch):
    package = tmp_path / "core"
    shutil.copytree(ROOT / "speechapp" / "core", package)
    monkeypatch.setattr(speechapp.core, "__file__", str(package / "__init__.py"))
    render_cache.code_fingerprint.cache_clear()
    try:
        before = render_cache.code_fingerprint()
        render_cache.code_fingerprint.cache_clear()
        (package / "parsing.py").write_text((package / "parsing.py").read_text() + "\n# changed\n")
        assert render_cache.code_fingerprint() != before
    finally:
        render_cache.code_fingerprint.cache_clear()


def python(code: str, **env_vars: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "speechapp.settings", **env_vars}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_server_process_warms_every_render_worker_when_it_starts():
    # Whichever worker the first download lands on pays for layout and subsetting only.
    out = python(
        "import threading\n"
        "import speechapp.wsgi\n"
        "[t.join() for t in threading.enumerate() if t.name == 'warm-pdf-renderer']\n"
        "from speechapp.drafts import bounded_work as render_pool\n"
        "from tests.render_probe import every_worker_state\n"
        "print(every_worker_state(render_pool.render_pool(), 2))",
        SPEECHAPP_RENDER_WORKERS="2",
    )
    states = ast.literal_eval(out.splitlines()[-1])
    assert len(states) == 2
    for stylesheets, segmenters in states.values():
        assert stylesheets >= 1
        assert segmenters == 1  # a long title's word breaks cost nothing more either


def test_the_worker_warms_every_render_worker_before_taking_tasks(tmp_path, settings):
    out = python(
        "import threading, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('render_worker', '--batch', '--no-startup-delay', '--no-reload')\n"
        "[t.join() for t in threading.enumerate() if t.name == 'warm-pdf-renderer']\n"
        "from speechapp.drafts import bounded_work as render_pool\n"
        "from tests.render_probe import every_worker_state\n"
        "print(every_worker_state(render_pool.render_pool(), 2))",
        SPEECHAPP_RENDER_WORKERS="2",
        SPEECHAPP_VAR_DIR=str(tmp_path),
        SPEECHAPP_SLIM_FONTS_DIR=str(settings.SPEECHAPP_SLIM_FONTS_DIR),
    )
    states = ast.literal_eval(out.splitlines()[-1])
    assert len(states) == 2
    assert all(stylesheets >= 1 for stylesheets, _ in states.values())


@pytest.fixture
def warm_render_worker(settings):
    settings.SPEECHAPP_RENDER_WORKERS = 1
    settings.SPEECHAPP_WARM_RENDERER = True
    yield
    for pool in list(render_pool._renderers.values()):
        pool.shutdown()
    render_pool._renderers.clear()


def test_a_worker_started_in_place_of_a_killed_one_is_warm_too(warm_render_worker):
    pool = render_pool.render_pool()
    pool.start()
    (old_pid,) = pool.worker_pids()
    os.kill(old_pid, signal.SIGKILL)
    states = every_worker_state(pool, 1)
    assert old_pid not in states
    assert all(stylesheets >= 1 for stylesheets, _ in states.values())


def test_a_management_command_does_not_load_the_pdf_renderer():
    out = python(
        "import sys, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', verbosity=0)\n"
        "print('weasyprint' in sys.modules)"
    )
    assert out.splitlines()[-1] == "False"


def test_typing_in_a_complete_draft_queues_one_render_for_when_the_writer_pauses(
    logged_in, draft, prerender, settings, django_capture_on_commit_callbacks
):
    settings.SPEECHAPP_PRERENDER_DELAY_MS = 60_000
    fill_all_but(draft, "s178")
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("东", "东城", "东城区", "东城", "西城"):
            autosave(logged_in, draft, "s178", text)
    (job,) = DBTaskResult.objects.all()
    assert job.run_after > timezone.now() + timedelta(seconds=50)


def test_a_render_due_while_the_writer_still_types_puts_itself_off(
    draft, prerender, settings, django_capture_on_commit_callbacks
):
    from speechapp.outputs.prerender import prerender_draft

    settings.SPEECHAPP_PRERENDER_DELAY_MS = 60_000
    fill_all_but(draft, "s177")
    draft.refresh_from_db()  # just edited: the writer is still at it
    with django_capture_on_commit_callbacks(execute=True):
        assert prerender_draft.call(draft.pk) == "postponed"
    (job,) = DBTaskResult.objects.all()
    assert job.run_after >= draft.updated_at + timedelta(seconds=60)
