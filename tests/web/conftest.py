import pytest
from django.core.management import call_command

from speechapp.drafts.models import SpeechTemplate
from speechapp.filling.lifecycle import draft_start


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


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each web test starts with an empty cache of rendered files, never the developer's."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture(autouse=True)
def _renders_in_process(settings):
    """Web tests render inside the test process, where a patched renderer is seen; the render
    workers and their bounds are tested in test_render_bounds.py."""
    settings.SPEECHAPP_RENDER_WORKERS = 0
