import pytest

from .samples import SEED_PATH
from .system import MARKER, require


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def pytest_runtest_setup(item):
    """A test needing a system package skips where it is missing, and fails in CI."""
    require(item.iter_markers(MARKER))
