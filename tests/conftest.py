import pytest

from tests.samples import SEED_PATH
from tests.system import MARKER, require


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Tests hash passwords with MD5: PBKDF2's 1,000,000 rounds cost ~0.4 s per user made and
    were most of the suite's time. Production keeps Django's default (settings.py)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def pytest_runtest_setup(item):
    """A test needing a system package skips where it is missing, and fails in CI."""
    require(item.iter_markers(MARKER))
