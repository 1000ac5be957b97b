"""Downloads render in a warm worker process with a time and a memory bound; past one, the
download page says so in Chinese instead of an error page, and the background render stops
at the same bound."""

import os

import pytest
from django.urls import reverse

from speechapp.drafts import bounded_work as render_pool
from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.outputs import prerender
from speechapp.speech_templates.template_writes import template_create
from tests.samples import SEED_PATH, filled_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def render_workers(settings):
    settings.SPEECHAPP_RENDER_WORKERS = 1
    settings.SPEECHAPP_RENDER_TIMEOUT_S = 60
    settings.SPEECHAPP_RENDER_MEMORY_MB = 1024
    settings.SPEECHAPP_WARM_RENDERER = False  # tested in test_outputs.py
    yield settings
    for pool in list(render_pool._renderers.values()):
        pool.shutdown()
    render_pool._renderers.clear()


@pytest.fixture
def long_draft(user):
    """The seed's body eleven times over: 1,958 blanks, a PDF of several seconds."""
    title, body = SEED_PATH.read_text(encoding="utf-8").split("\n", 1)
    template = template_create(owner=user, name="长稿", source_text=title + "\n" + body * 11)
    return draft_start(owner=user, template=template)


def follow_export(client, draft, fmt="pdf"):
    response = client.get(reverse("draft_export", args=[draft.pk, fmt]) + "?copy=1")
    if response.status_code != 302:
        return response, None
    assert response.url == reverse("draft_download", args=[draft.pk])
    return response, client.get(response.url).content.decode()


def test_a_pdf_is_rendered_in_a_worker_process(logged_in, draft, render_workers):
    response, _ = follow_export(logged_in, draft)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    workers = render_pool.render_pool().worker_pids()
    assert workers and os.getpid() not in workers


def test_with_every_render_slot_of_the_machine_taken_a_download_says_it_is_being_made(
    logged_in, draft, render_workers, tmp_path
):
    """Every process of the host shares SPEECHAPP_RENDER_HOST_SLOTS. With the only slot held
    by another process's render, a download waits while its request's budget would leave
    its render time to run, and then says 正在生成, starting nothing. It used to wait the render's whole bound for a slot and then
    render for as long again: past gunicorn's timeout, which kills the request (the PDF that
    answered 500 under load, with no traceback). The busy page's own check renders the file
    once the slot is free."""
    from speechapp.core.rendering.host_slots import host_slot

    render_workers.SPEECHAPP_RENDER_HOST_SLOTS = 1
    render_workers.SPEECHAPP_RENDER_SLOTS_DIR = str(tmp_path)
    render_workers.SPEECHAPP_REQUEST_BUDGET_S = 3.2  # 0.2 s of waiting, 3 s to render
    url = reverse("draft_export", args=[draft.pk, "pdf"]) + "?copy=1"
    with host_slot(tmp_path, 1, wait_s=1):
        response = logged_in.get(url)
        assert response.status_code == 202
        assert "这份文件正在生成" in response.content.decode()
        # The busy page asking again (htmx) while the slot is still taken: not yet.
        check = logged_in.get(url, headers={"HX-Request": "true"})
        assert "这份文件正在生成" in check.content.decode()
    assert render_pool.render_pool().worker_pids() == []  # nothing was started
    check = logged_in.get(url, headers={"HX-Request": "true"})  # the slot is free again
    assert "文件已经生成好了" in check.content.decode()
    response = logged_in.get(url)
    assert response["X-Render-Cache"] == "hit"
    assert response.content.startswith(b"%PDF")


def test_a_job_of_a_request_ends_by_the_request_s_deadline_and_says_the_machine_is_busy(
    render_workers, tmp_path
):
    """A job given a deadline runs with what is left of it when that is less than its own
    bound, and one stopped by the deadline (not by its own bound) is "busy", not "too big"."""
    import time

    from speechapp.core.rendering.host_slots import NoSlotError

    render_workers.SPEECHAPP_RENDER_SLOTS_DIR = str(tmp_path)
    assert render_pool.run_bounded(time.sleep, 0, deadline=time.monotonic() + 60) is None
    with pytest.raises(NoSlotError):  # 30 s of work, 5 s left: only the deadline stops it
        render_pool.run_bounded(time.sleep, 30, deadline=time.monotonic() + 5)
    render_workers.SPEECHAPP_RENDER_TIMEOUT_S = 1  # its own bound, shorter than what is left
    with pytest.raises(render_pool.RenderLimitError) as stopped:
        render_pool.run_bounded(time.sleep, 30, deadline=time.monotonic() + 60)
    assert stopped.value.reason == "time"


def test_a_render_past_its_time_bound_is_a_message_on_the_download_page(
    logged_in, long_draft, render_workers
):
    render_workers.SPEECHAPP_RENDER_TIMEOUT_S = 1
    response, page = follow_export(logged_in, long_draft)
    assert response.status_code == 302
    assert "生成 PDF 超时（超过 1 秒）" in page


def test_a_render_past_its_memory_bound_is_a_message_on_the_download_page(
    logged_in, draft, render_workers
):
    render_workers.SPEECHAPP_RENDER_MEMORY_MB = 120
    response, page = follow_export(logged_in, draft)
    assert response.status_code == 302
    assert "生成 PDF 所需内存超过上限（120 MB）" in page


def test_the_background_render_stops_at_the_same_bound(long_draft, render_workers):
    draft_save_values(draft=long_draft, raw=filled_values(long_draft.speech))
    long_draft.refresh_from_db()
    render_workers.SPEECHAPP_RENDER_TIMEOUT_S = 1
    stamp = prerender.edit_stamp(long_draft)
    assert prerender.prerender_draft.call(long_draft.pk, stamp) == "over-limit"
