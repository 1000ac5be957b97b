"""Templates and drafts stored before grammar 2 keep the blanks their values were saved
against: the migration marks their token sets "v1"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("drafts", "0013_history_carried")]
AFTER = [("drafts", "0014_token_sets_grammar_v1")]
# Grammar 2 reads "（　　）" as a blank and "20××" as one year blank; grammar 1 did neither.
OLD_TEXT = "讲话\n共发放（　　）万元，增长×%，20××年完成×个项目。\n"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_rows_from_before_grammar_2_keep_their_slots():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="old-writer")
    template = old.get_model("drafts", "SpeechTemplate").objects.create(
        name="旧模板", source_text=OLD_TEXT, tokens="cross", slot_count=4
    )
    old.get_model("drafts", "Draft").objects.create(
        owner_id=user.pk,
        template_id=template.pk,
        source_text=OLD_TEXT,
        tokens="cross,x,decimal,star,square,circle,moumou,underscore",
        slot_count=4,
        title="旧稿",
        earlier={"draft": 1, "source_text": OLD_TEXT, "tokens": "", "values": {}},
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from speechapp.core.parsing import parse_speech
    from speechapp.drafts.models import Draft, SpeechTemplate

    template = SpeechTemplate.objects.get(name="旧模板")
    draft = Draft.objects.get(title="旧稿")
    assert template.tokens == "cross,v1"
    assert [s.token for s in template.speech.slots] == ["×", "××", "×"]
    assert [s.token for s in draft.speech.slots] == ["×", "××", "×"]
    assert draft.earlier["tokens"].endswith(",v1")
    # The same text imported now is read by grammar 2.
    assert [s.token for s in parse_speech(OLD_TEXT).slots] == ["（　　）", "×", "20××", "×"]
