"""Templates and drafts saved before token sets keep the "×"-only set: their slot ids never
shift, even where their text holds an X or a 某某 that the new default would take."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("drafts", "0003_slot_as_text")]
AFTER = [("drafts", "0004_token_sets")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_rows_from_before_token_sets_keep_the_cross_only_set(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="old-writer")
    text = "讲话\n某某同志说，增长×%，XX区。"
    template = old.get_model("drafts", "SpeechTemplate").objects.create(
        name="旧模板", source_text=text, slot_count=1
    )
    old.get_model("drafts", "Draft").objects.create(
        owner_id=user.pk, template_id=template.pk, source_text=text, slot_count=1, title="旧稿"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from speechapp.drafts.models import Draft, SpeechTemplate

    template = SpeechTemplate.objects.get(name="旧模板")
    draft = Draft.objects.get(title="旧稿")
    assert (template.tokens, draft.tokens) == ("cross,v1", "cross,v1")  # then grammar 1 (0014)
    assert [s.token for s in draft.speech.slots] == ["×"]
