"""Browser tests: Debian's chromium (never a downloaded one) driven by Playwright's sync API.

The browser is started once for this package; every test gets a fresh context (zh-CN, downloads
accepted) against pytest-django's ``live_server``, which needs ``transactional_db``.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.pages import PASSWORD

CHROMIUM = Path(os.environ.get("SPEECHAPP_CHROMIUM", "/usr/bin/chromium"))
# Ubuntu's package (what scripts/setup.sh installs there) is called chromium-browser.
if not CHROMIUM.exists() and shutil.which("chromium-browser"):
    CHROMIUM = Path(shutil.which("chromium-browser"))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser():
    """One chromium for all the browser tests.

    Package-scoped rather than session-scoped: Playwright's sync API keeps an asyncio event
    loop running in the test thread for as long as it is started, and Django refuses ORM calls
    made there (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Both last
    only while the tests of this package run, so neither leaks into tests/web (whose
    ``manage.py check --deploy`` subprocess would flag the variable: async.E001).
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; in CI `make test` installs chromium via apt")
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (make test does) to run the "
            "browser tests; `playwright install` is not used"
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser, live_server, transactional_db):
    context = browser.new_context(
        locale="zh-CN",
        accept_downloads=True,
        base_url=live_server.url,
        viewport={"width": 1400, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()
        wait_for_requests_to_finish()


def wait_for_requests_to_finish(limit_s: float = 10.0) -> None:
    """Let the live server finish what the closed pages sent last (a save sent as the page
    closes, the changes poll): the database is flushed after the test, and on PostgreSQL a
    request still writing while the tables are truncated deadlocks the flush."""
    time.sleep(0.1)  # what a closing page sends may still be on its way
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        busy = [t for t in threading.enumerate() if "process_request_thread" in t.name]
        if not busy:
            return
        time.sleep(0.05)


@pytest.fixture
def page(context):
    return context.new_page()


# ``browser`` first: it allows the ORM calls of these fixtures beside Playwright's event loop.
@pytest.fixture
def user(django_user_model, transactional_db, browser):
    return django_user_model.objects.create_user("writer", password=PASSWORD)


@pytest.fixture
def seed_template(transactional_db, browser):
    from speechapp.drafts.models import SpeechTemplate

    call_command("load_seed", verbosity=0)
    return SpeechTemplate.objects.get(owner=None)


@pytest.fixture
def draft(user, seed_template):
    from speechapp.filling.lifecycle import draft_start

    return draft_start(owner=user, template=seed_template)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each browser test starts with an empty cache of rendered files, never the developer's."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit",
        },
    }
    from django.core.cache import cache, caches

    cache.clear()
    caches["ratelimit"].clear()
