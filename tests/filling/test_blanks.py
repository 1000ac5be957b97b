"""Writes on blanks beyond typing: group fills and variables."""

import pytest

from speechapp.drafts.models import SlotValue, Variable
from speechapp.filling import blanks, saving
from speechapp.filling.stored import stored_values

pytestmark = pytest.mark.django_db


def saved(draft) -> dict[str, tuple[str, str]]:
    return {r.slot_id: (r.raw, r.value) for r in SlotValue.objects.filter(draft=draft)}


def test_a_group_fill_skips_a_member_holding_text_that_does_not_fit(draft):
    saving.draft_save_values(draft=draft, raw={"s028": "涧西", "s107": "×x"})
    assert blanks.group_apply(draft=draft, slot_id="s028") == []
    assert saved(draft)["s107"] == ("×x", "")


def test_a_group_fill_writes_the_checked_value_into_open_members(draft):
    saving.draft_save_values(draft=draft, raw={"s028": "涧西"})
    assert blanks.group_apply(draft=draft, slot_id="s028") == ["s107"]
    assert saved(draft)["s107"] == ("涧西", "涧西")


def test_a_group_fill_from_an_empty_or_bad_blank_writes_nothing(draft):
    assert blanks.group_apply(draft=draft, slot_id="s028") == []
    assert blanks.group_apply(draft=draft, slot_id="s009") == []  # not a name group
    assert saved(draft) == {}


def test_a_variable_writes_each_attached_blank_by_its_own_kind(draft):
    variable = blanks.variable_create(draft=draft, name="增速", slot_ids=["s009", "s082"])
    result = blanks.variable_set(draft=draft, variable=variable, raw="５．２％")
    assert saved(draft)["s009"] == ("５．２％", "5.2")
    assert saved(draft)["s082"] == ("５．２％", "")  # a month cannot be 5.2
    assert set(result.problems) == {"s082"}
    assert Variable.objects.get(pk=variable.pk).raw == "５．２％"


def test_linking_a_blank_to_a_set_variable_writes_its_checked_value(draft):
    variable = blanks.variable_create(draft=draft, name="增速", slot_ids=[])
    blanks.variable_set(draft=draft, variable=variable, raw="５．２％")
    blanks.slot_link(draft=draft, slot_id="s009", variable=variable)
    assert saved(draft)["s009"] == ("５．２％", "5.2")
    assert stored_values(draft).links == {"s009": variable.pk}
