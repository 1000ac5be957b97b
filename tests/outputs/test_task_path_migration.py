"""A pre-render queued before the upgrade (under the task's old module path) still runs."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("drafts", "0014_token_sets_grammar_v1")]
OLD_PATH = "speechapp.drafts.outputs.prerender_draft"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_a_render_queued_under_the_old_task_path_runs_after_the_upgrade():
    from django_tasks_db.models import DBTaskResult

    from speechapp.outputs.prerender import prerender_draft

    MigrationExecutor(connection).migrate(BEFORE)
    queued = prerender_draft.enqueue(987654, "0:stamp")  # a draft gone since: "superseded"
    DBTaskResult.objects.filter(pk=queued.id).update(task_path=OLD_PATH)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    call_command("render_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.task_path == prerender_draft.module_path
    assert row.status == "SUCCESSFUL"
    assert row.return_value == "superseded"
