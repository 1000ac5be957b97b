"""A copy of a draft keeps what the writer set."""

import pytest

from speechapp.drafts.models import SlotValue, Variable
from speechapp.filling import blanks, lifecycle
from speechapp.filling.stored import stored_values

pytestmark = pytest.mark.django_db


def saved(draft) -> dict[str, tuple[str, str]]:
    return {r.slot_id: (r.raw, r.value) for r in SlotValue.objects.filter(draft=draft)}


def test_a_copy_keeps_values_words_choices_and_variables(draft, user):
    variable = blanks.variable_create(draft=draft, name="区名", slot_ids=["s028"])
    blanks.variable_set(draft=draft, variable=variable, raw="涧西")
    blanks.slot_set_as_text(draft=draft, slot_id="s060", as_text=True, raw="中信重工")
    copy = lifecycle.draft_duplicate(draft=draft, keep_values=True, title="副本")
    values = stored_values(copy)
    assert values.printed == {"s028": "涧西", "s060": "中信重工"}
    assert values.as_text == {"s060"}
    assert Variable.objects.get(pk=values.links["s028"]).draft == copy
