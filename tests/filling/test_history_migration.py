"""Values stored before history began become its first entries, so restoring to an
earlier state never wipes them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Every branch of the migration graph but history: the others' columns (a draft's orphans…)
# must exist for the old rows to be written.
BEFORE = [
    ("drafts", "0005_slot_seq"),
    ("drafts", "0005_offices_and_sheet_imports"),
    ("drafts", "0005_template_corrections"),
    ("drafts", "0005_writer_settings"),
]
AFTER = [("drafts", "0006_value_history")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrations_restored")
def test_values_from_before_history_are_its_first_entries(seed_text):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="old-writer")
    draft = old.get_model("drafts", "Draft").objects.create(
        owner_id=user.pk, source_text=seed_text, slot_count=178, title="旧稿", revision=3
    )
    values = old.get_model("drafts", "SlotValue").objects
    values.create(draft_id=draft.pk, slot_id="s009", raw="5.2", value="5.2", revision=2)
    values.create(draft_id=draft.pk, slot_id="s082", raw="", value="", revision=3)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from speechapp.drafts.models import Draft
    from speechapp.filling import history, saving, stored

    draft = Draft.objects.get(title="旧稿")
    rows = list(history.draft_history(draft))
    assert [(r.slot_id, r.raw, r.history_change_reason) for r in rows] == [
        ("s009", "5.2", "before")
    ]
    saving.draft_save_values(draft=draft, raw={"s009": "6"})
    history.draft_restore(draft=draft, revision=rows[0].revision)
    assert stored.stored_values(draft).raw["s009"] == "5.2"
