import atexit
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from speechapp.drafts.models import SpeechTemplate
from speechapp.filling.lifecycle import draft_start
from tests.samples import SEED_PATH
from tests.system import MARKER, require


def pytest_collection_finish(session):
    """The tests' SQLite database is a file, as the server's is (WAL, IMMEDIATE transactions).

    pytest-django's default SQLite test database lives in memory with a shared cache, where
    two connections writing at once fail at random with "database table is locked" (table
    locks ignore the busy timeout). The browser tests' live server and the concurrency tests
    (two writers, one ETag) need what the real server has: each request its own connection,
    concurrent writes waiting for each other."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    test = settings_dict.setdefault("TEST", {})
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
        directory = tempfile.mkdtemp(prefix="speechapp-tests-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        test["NAME"] = os.path.join(directory, "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Tests hash passwords with MD5: PBKDF2's 1,000,000 rounds cost ~0.4 s per user made and
    were most of the suite's time. Production keeps Django's default (settings.py)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def slim_fonts() -> Path:
    """The slim copies of the stand-in fonts (manage.py prepare_fonts) that every PDF of the
    app prints with, made for the tests here rather than left by an earlier `make`: seconds
    the first time, nothing once they are up to date."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("prepare_fonts", stdout=io.StringIO())
    return Path(settings.SPEECHAPP_SLIM_FONTS_DIR)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


# The tests of the app's domains (tests/<domain>/) each start with an empty cache of rendered
# files and render in their own process; tests/core needs neither and tests/browser runs the
# app as it is set up.
DOMAIN_TEST_DIRS = (
    "api",
    "collection",
    "filling",
    "outputs",
    "review",
    "speech_templates",
    "web",
)


@pytest.fixture(autouse=True)
def _domain_test_defaults(request):
    """Autouse, so that a test's own fixtures (render workers, say) apply after these."""
    if Path(request.node.fspath).parent.name in DOMAIN_TEST_DIRS:
        request.getfixturevalue("isolated_cache")
        request.getfixturevalue("renders_in_process")


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("writer", password="s3cret-pass")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user("other", password="s3cret-pass")


@pytest.fixture
def seed_template(db) -> SpeechTemplate:
    call_command("load_seed", verbosity=0)
    return SpeechTemplate.objects.get(owner=None)


@pytest.fixture
def draft(user, seed_template):
    return draft_start(owner=user, template=seed_template)


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def isolated_cache(settings):
    """Each web test starts with an empty cache of rendered files, never the developer's."""
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


@pytest.fixture
def migrations_restored():
    """For a test that migrates the database back: forward to the latest state afterwards,
    pass or fail, so the tests after it find every table."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def renders_in_process(settings):
    """Web tests render inside the test process, where a patched renderer is seen; the render
    workers and their bounds are tested in test_render_bounds.py."""
    settings.SPEECHAPP_RENDER_WORKERS = 0


def pytest_runtest_setup(item):
    """A test needing a system package skips where it is missing, and fails in CI."""
    require(item.iter_markers(MARKER))
