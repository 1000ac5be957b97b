from pathlib import Path

import pytest

from .system import MARKER, require

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "fixtures" / "templates" / "000_0813edda4c383734.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test starts with an empty cache of rendered files."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


def pytest_runtest_setup(item):
    """A test needing a system package skips where it is missing, and fails in CI."""
    require(item.iter_markers(MARKER))
