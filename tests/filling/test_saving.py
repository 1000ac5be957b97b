"""The value write path (filling.saving): what a save stores and prints."""

import pytest

from speechapp.drafts.models import SlotValue
from speechapp.filling import blanks, saving

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
