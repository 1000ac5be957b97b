"""One render per file: the cache key covers everything that shapes the output (the core's code,
the fonts, the text, the values, the options), and a render in flight is waited for, not started
twice."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache

import speechapp.core
from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.bounded import RenderLimitError
from speechapp.core.rendering.fonts import find_licensed_fonts
from speechapp.core.rendering.host_slots import NoSlotError
from speechapp.core.rendering.slim import load_slim_fonts
from speechapp.drafts.bounded_work import MIN_START_S, request_budget_s

logger = logging.getLogger(__name__)


_POLL_SECONDS = 0.05
# A web process watching for a worker's file: a worker's render takes a second or more.
_WORKER_POLL_SECONDS = 0.1


class RenderBusyError(RuntimeError):
    """The file was not ready, or its render could not start (the same file being rendered
    elsewhere, every render slot of the machine taken), within the wait a request can afford:
    the writer is asked to click again (the busy page asks by itself), and the request ends
    in time."""


def busy_seconds() -> float:
    """How long a render's in-flight mark lives, and the longest a download takes: the
    request's budget (bounded_work.request_budget_s()), shorter than the web server's request
    timeout (README), so no request outlives it."""
    return request_budget_s()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every module of ``speechapp.core`` (and its CSS): changed code, new files."""
    digest = hashlib.sha256()
    package = Path(speechapp.core.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_content_hashes: dict[tuple[str, int, int], str] = {}


def _content_hash(path: Path) -> str:
    """The SHA-256 of a font file's bytes, read once per process while its size and mtime stay
    the same: every host that has the same file computes the same key, wherever it lies."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    stamp = (str(path), stat.st_size, stat.st_mtime_ns)
    if stamp not in _content_hashes:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        _content_hashes[stamp] = digest.hexdigest()[:16]
    return _content_hashes[stamp]


def font_fingerprint(fonts_dir: str | None, slim_fonts_dir: str | None) -> list:
    """The font files a render would use, by role and content (no path, nothing of the host).

    Looked up on every render (a directory listing and a few stats; a file's bytes are hashed
    again only when its size or mtime changes): a licensed font dropped into the fonts folder,
    or a slim copy remade, shows in the very next download.
    """
    licensed = sorted(
        (role.value, _content_hash(p)) for role, p in find_licensed_fonts(fonts_dir).items()
    )
    slim = sorted(
        (role.value, _content_hash(f.path)) for role, f in load_slim_fonts(slim_fonts_dir).items()
    )
    return [licensed, slim]


def render_key(fmt: str, source: tuple, values: Mapping[str, str], options: RenderOptions) -> str:
    """The cache key of a file: everything that shapes it (the core's code, the fonts' bytes,
    the format, the template text with its marks and corrections, the values, the options),
    and nothing of the host it is computed on, so every server finds what any worker made."""
    placeless = dataclasses.replace(options, fonts_dir=None, slim_fonts_dir=None)
    material = json.dumps(
        [
            code_fingerprint(),
            font_fingerprint(options.fonts_dir, options.slim_fonts_dir),
            fmt,
            list(source),
            dict(values),
            repr(placeless),
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    return "render:" + hashlib.sha256(material.encode()).hexdigest()


# Where the file came from, as the download's X-Render-Cache header says: in the cache at the
# click, rendered by another process (a worker) while the download waited, or rendered here.
HIT, WAITED, RENDERED = "hit", "waited", "rendered"


def fetch_render(
    key: str, make: Callable[[float | None], bytes], *, deadline: float | None = None
) -> tuple[bytes, str]:
    """The file under ``key`` and where it came from (HIT, WAITED or RENDERED).

    Only one process renders a key at a time (the mark is the cache's atomic ``add``: with
    SPEECHAPP_CACHE_URL, across every host); the others wait for its result (a download
    clicked while the background render runs). ``make(deadline)`` renders by then
    (bounded_work.run_bounded).

    ``deadline`` (time.monotonic(); a request's: bounded_work.request_deadline()) bounds the
    whole: the wait for the mark, the wait for a render slot and the render. A download
    never outlives it (the web server would cut it off: a 500 with no traceback); past it,
    RenderBusyError, and nothing is kept. Without one (a background job) the mark is waited
    for busy_seconds() and the render has its own bounds.
    """
    content = cache.get(key)
    if content is not None:
        return content, HIT
    busy = key + ":busy"
    # A request stops waiting for another's render while its own could still start.
    give_up = time.monotonic() + busy_seconds() if deadline is None else deadline - MIN_START_S
    while not cache.add(busy, True, timeout=busy_seconds()):
        if time.monotonic() >= give_up:
            raise RenderBusyError(key)
        time.sleep(_POLL_SECONDS)
        content = cache.get(key)
        if content is not None:
            return content, WAITED
    try:
        content = cache.get(key)  # finished between our last look and taking the mark
        if content is not None:
            return content, WAITED
        try:
            content = make(deadline)
        except NoSlotError:
            # Every render slot of the machine stayed taken, or the request's time ran out.
            raise RenderBusyError(key) from None
        cache.set(key, content)
        return content, RENDERED
    finally:
        cache.delete(busy)


def note_failure(key: str, reason: str, limit: int) -> None:
    """A worker's render of ``key`` went past a bound: the download waiting for it says so
    instead of waiting on."""
    cache.set(key + ":failed", (reason, limit), timeout=busy_seconds())


def wait_for_worker(key: str, queue: Callable[[], None], *, wait: bool = True) -> tuple[bytes, str]:
    """The file under ``key`` as a web process gets it beside render workers (role ``web``):
    from the cache, else rendered by a worker. ``queue`` asks a worker for it, once per two
    busy_seconds() whatever the number of downloads asking (an atomic ``add``); then the
    cache is watched for at most busy_seconds() (``wait=False``: not at all). Raises
    RenderBusyError when it is not there in time, RenderLimitError when the worker's render
    went past a bound."""
    content = cache.get(key)
    if content is not None:
        return content, HIT
    hold = busy_seconds()
    # Asked once per two waits: a retry right after a wait ran out finds the job still
    # queued behind others; a job lost with its worker is asked for again after that.
    if cache.add(key + ":queued", True, timeout=2 * hold):
        cache.delete(key + ":failed")
        queue()
    deadline = time.monotonic() + (hold if wait else 0)
    while True:
        failed = cache.get(key + ":failed")
        if failed is not None:
            cache.delete(key + ":queued")  # the next click asks again
            raise RenderLimitError(*failed)
        if time.monotonic() >= deadline:
            raise RenderBusyError(key)
        time.sleep(_WORKER_POLL_SECONDS)
        content = cache.get(key)
        if content is not None:
            return content, WAITED
