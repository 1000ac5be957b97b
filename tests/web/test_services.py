"""The services called directly: each guards its own rule, whatever a caller hands it."""

import pytest

from speechapp.drafts.models import SlotValue, Variable
from speechapp.filling import blanks, lifecycle, saving
from speechapp.filling.stored import stored_values
from speechapp.speech_templates import template_writes as template_services

pytestmark = pytest.mark.django_db


def saved(draft) -> dict[str, tuple[str, str]]:
    return {r.slot_id: (r.raw, r.value) for r in SlotValue.objects.filter(draft=draft)}


def test_saving_stores_what_was_typed_and_its_printed_form(draft):
    result = saving.draft_save_values(draft=draft, raw={"s009": "５．２％", "s028": " 涧西 "})
    assert saved(draft) == {"s009": ("５．２％", "5.2"), "s028": ("涧西", "涧西")}
    assert result.problems == {} and result.notices == {"s009": "已去掉多余的单位“%”"}
    assert result.values.printed == {"s009": "5.2", "s028": "涧西"}


def test_a_value_that_does_not_fit_is_kept_as_typed_and_prints_nothing(draft):
    result = saving.draft_save_values(draft=draft, raw={"s082": "13"})
    assert saved(draft) == {"s082": ("13", "")}
    assert result.problems["s082"].code == "month_range"


def test_saving_bumps_the_revision_and_ignores_unknown_blanks(draft):
    before = draft.revision
    result = saving.draft_save_values(draft=draft, raw={"s009": "1", "s999": "2"})
    assert result.revision == draft.revision == before + 1
    assert set(saved(draft)) == {"s009"}
    assert saving.draft_save_values(draft=draft, raw={"s999": "2"}).revision == before + 1


def test_a_blank_that_takes_words_prints_the_words(draft):
    blanks.slot_set_as_text(draft=draft, slot_id="s060", as_text=True, raw="中信重工")
    assert saved(draft)["s060"] == ("中信重工", "中信重工")
    saving.draft_save_values(draft=draft, raw={"s060": "中信重工集团"})
    assert saved(draft)["s060"] == ("中信重工集团", "中信重工集团")
    blanks.slot_set_as_text(draft=draft, slot_id="s060", as_text=False, raw=None)
    assert saved(draft)["s060"] == ("中信重工集团", "")


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


def test_a_copy_keeps_values_words_choices_and_variables(draft, user):
    variable = blanks.variable_create(draft=draft, name="区名", slot_ids=["s028"])
    blanks.variable_set(draft=draft, variable=variable, raw="涧西")
    blanks.slot_set_as_text(draft=draft, slot_id="s060", as_text=True, raw="中信重工")
    copy = lifecycle.draft_duplicate(draft=draft, keep_values=True, title="副本")
    values = stored_values(copy)
    assert values.printed == {"s028": "涧西", "s060": "中信重工"}
    assert values.as_text == {"s060"}
    assert Variable.objects.get(pk=values.links["s028"]).draft == copy


def test_a_template_without_a_name_is_called_by_its_title_line(user):
    text = "\n\n  在全区工作会上的讲话  \n同志们：\n增长×%。"
    template = template_services.template_create(owner=user, name=" ", source_text=text)
    assert (template.name, template.slot_count) == ("在全区工作会上的讲话", 1)


def test_the_seed_is_named_by_its_title_line(seed_template):
    assert seed_template.name == "在2024年全区重点任务部署会上的讲话"
