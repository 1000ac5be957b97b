"""A render is bounded in time and memory (in a warm worker process), and two renders in two
threads run side by side: no lock is held across a render."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import MissingSlotsError, RenderOptions
from speechapp.core.rendering.bounded import BoundedRenderer, RenderLimitError
from speechapp.core.rendering.pdf import render_pdf
from tests.render_probe import failing_prepare
from tests.samples import SHORT_TEXT, filled_values

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def _sleep(seconds: float) -> bytes:
    time.sleep(seconds)
    return b"awake"


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * MB))


def _deaf_sleep(seconds: float) -> bytes:
    # Stuck where the worker's own timer cannot reach it (as in a long C call).
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        time.sleep(seconds)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    return b"awake"


@pytest.fixture
def slim_fonts_dir() -> str | None:
    # The slim copies `prepare_fonts` makes (faster); the full fonts where there are none.
    folder = ROOT / "var" / "fonts"
    return str(folder) if folder.is_dir() else None


@pytest.fixture
def renderer():
    made: list[BoundedRenderer] = []

    def make(**bounds) -> BoundedRenderer:
        made.append(BoundedRenderer(**({"workers": 1, "timeout_s": 60, "memory_mb": 0} | bounds)))
        return made[-1]

    yield make
    for pool in made:
        pool.shutdown()


def options(slim_fonts_dir) -> RenderOptions:
    return RenderOptions(slim_fonts_dir=slim_fonts_dir)


def test_two_renders_in_two_threads_overlap(monkeypatch, slim_fonts_dir):
    from weasyprint import HTML

    speech = parse_speech(SHORT_TEXT)
    values = filled_values(speech)
    render_pdf(speech, values, options(slim_fonts_dir))  # imports and fonts paid up front
    write_pdf = HTML.write_pdf
    first_inside, second_inside = threading.Event(), threading.Event()
    second_started_while_first_ran: list[bool] = []

    def watched_write_pdf(self, *args, **kwargs):
        if threading.current_thread().name == "first":
            first_inside.set()
            # Under a lock spanning the render, the second could never get here meanwhile.
            second_started_while_first_ran.append(second_inside.wait(timeout=30))
        else:
            second_inside.set()
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", watched_write_pdf)
    pdfs: dict[str, bytes] = {}

    def render(name: str) -> None:
        if name == "second":
            first_inside.wait(timeout=30)
        pdfs[name] = render_pdf(speech, values, options(slim_fonts_dir))

    threads = [threading.Thread(target=render, args=(n,), name=n) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert second_started_while_first_ran == [True]
    assert pdfs["first"].startswith(b"%PDF") and pdfs["second"].startswith(b"%PDF")


def test_a_render_in_a_worker_is_the_same_pdf_and_the_worker_stays_warm(renderer, slim_fonts_dir):
    pool = renderer(timeout_s=120)
    speech = parse_speech(SHORT_TEXT)
    values = filled_values(speech)
    pdf = pool.run(render_pdf, speech, values, options(slim_fonts_dir))
    assert pdf.startswith(b"%PDF")
    first_pid = pool.run(os.getpid)
    started = time.monotonic()
    pool.run(render_pdf, speech, values, options(slim_fonts_dir))
    warm_seconds = time.monotonic() - started
    assert pool.run(os.getpid) == first_pid != os.getpid()
    assert warm_seconds < 20  # no new interpreter, no new WeasyPrint import


def test_a_missing_blank_comes_back_from_the_worker_with_its_ids(renderer, slim_fonts_dir):
    speech = parse_speech(SHORT_TEXT)
    values = filled_values(speech)
    del values["s002"]
    with pytest.raises(MissingSlotsError) as caught:
        renderer().run(render_pdf, speech, values, options(slim_fonts_dir))
    assert caught.value.slot_ids == ["s002"]


def test_a_worker_whose_warm_up_fails_still_renders(renderer, slim_fonts_dir):
    # A worker that died at start would take the pool with it: every download would fail.
    pool = renderer(prepare=failing_prepare)
    speech = parse_speech(SHORT_TEXT)
    pdf = pool.run(render_pdf, speech, filled_values(speech), options(slim_fonts_dir))
    assert pdf.startswith(b"%PDF")


def test_a_render_past_its_time_bound_stops_and_the_worker_takes_the_next(renderer):
    pool = renderer(timeout_s=1)
    pid = pool.run(os.getpid)
    started = time.monotonic()
    with pytest.raises(RenderLimitError) as caught:
        pool.run(_sleep, 30)
    assert caught.value.reason == "time" and caught.value.limit == 1
    assert time.monotonic() - started < 10
    assert pool.run(os.getpid) == pid


def test_a_worker_deaf_to_its_timer_is_killed_and_replaced(renderer):
    pool = renderer(timeout_s=1)
    pool.grace_s = 1
    pid = pool.run(os.getpid)
    started = time.monotonic()
    with pytest.raises(RenderLimitError) as caught:
        pool.run(_deaf_sleep, 60)
    assert caught.value.reason == "time"
    assert time.monotonic() - started < 15
    assert pool.run(os.getpid) != pid


def test_a_render_that_waited_for_a_busy_worker_still_gets_its_whole_time(renderer):
    pool = renderer(timeout_s=2)
    pool.grace_s = 1
    pool.run(os.getpid)  # the worker is up
    first = threading.Thread(target=pool.run, args=(_sleep, 1.8))
    first.start()
    time.sleep(0.2)
    # Queued behind the first for most of its bound, then run within the bound: not cut short
    # for the wait (before, the outer timer counted from the asking and killed the pool).
    assert pool.run(_sleep, 1.8) == b"awake"
    first.join()


def test_a_render_past_its_memory_bound_fails_and_the_worker_takes_the_next(renderer):
    pool = renderer(memory_mb=600)
    with pytest.raises(RenderLimitError) as caught:
        pool.run(_allocate, 1200)
    assert caught.value.reason == "memory" and caught.value.limit == 600
    assert pool.run(_allocate, 20) == 20 * MB


PARENT = """
import os, sys, time
sys.path.insert(0, {root!r})
from speechapp.core.rendering.bounded import BoundedRenderer
pool = BoundedRenderer(workers=1, timeout_s=10, memory_mb=0)
print(pool.run(os.getpid), flush=True)
time.sleep(60)
"""


def test_a_worker_exits_when_its_server_process_is_killed():
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT.format(root=str(ROOT))], stdout=subprocess.PIPE, text=True
    )
    try:
        worker = int(parent.stdout.readline())
        os.kill(worker, 0)  # alive
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("the render worker outlived its server process")


def test_a_render_stopped_by_its_timer_leaves_the_worker_able_to_render(
    renderer, slim_fonts_dir, seed_text
):
    pool = renderer(timeout_s=1, preload=("speechapp.core.rendering.pdf", "weasyprint"))
    title, body = seed_text.split("\n", 1)
    long_speech = parse_speech(title + "\n" + body * 11)
    long_options = RenderOptions(slim_fonts_dir=slim_fonts_dir, allow_unfilled=True)
    with pytest.raises(RenderLimitError):
        pool.run(render_pdf, long_speech, {}, long_options)
    pool.timeout_s = 120
    speech = parse_speech(SHORT_TEXT)
    assert pool.run(render_pdf, speech, filled_values(speech), options(slim_fonts_dir)).startswith(
        b"%PDF"
    )
