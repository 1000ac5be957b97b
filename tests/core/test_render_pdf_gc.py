"""A render pauses the cyclic garbage collector while it runs and leaves it as it found it."""

import gc
import threading

import pytest

from speechapp.core.rendering import RenderOptions, pdf


def test_the_collector_is_paused_while_a_render_runs(short_speech, monkeypatch):
    seen = []
    deflate = pdf._deflate_streams

    def finisher(document, out):
        seen.append(gc.isenabled())
        deflate(document, out)

    monkeypatch.setattr(pdf, "_deflate_streams", finisher)
    assert pdf.render_pdf(short_speech, {}, RenderOptions(allow_unfilled=True)).startswith(b"%PDF")
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_the_process_turned_off_stays_off(short_speech):
    gc.disable()
    try:
        pdf.render_pdf(short_speech, {}, RenderOptions(allow_unfilled=True))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_runs_again_after_renders_in_two_threads_and_a_failed_one(
    short_speech, monkeypatch
):
    options = RenderOptions(allow_unfilled=True)
    threads = [
        threading.Thread(target=pdf.render_pdf, args=(short_speech, {}, options)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()

    def fail(document, out):
        raise RuntimeError("a render that fails half-way")

    monkeypatch.setattr(pdf, "_deflate_streams", fail)
    with pytest.raises(RuntimeError):
        pdf.render_pdf(short_speech, {}, options)
    assert gc.isenabled()
