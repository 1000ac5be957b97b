"""The pre-render task moved from speechapp.drafts.outputs to speechapp.outputs.prerender:
renders queued under the old path (a worker that was stopped for the upgrade) run under the
new one. Finished rows keep the path they ran under."""

from django.db import migrations

OLD = "speechapp.drafts.outputs.prerender_draft"
NEW = "speechapp.outputs.prerender.prerender_draft"


def forwards(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=OLD, finished_at__isnull=True).update(task_path=NEW)


def backwards(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=NEW, finished_at__isnull=True).update(task_path=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0014_token_sets_grammar_v1"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
