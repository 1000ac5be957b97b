"""No save is ever lost to a slower one: an autosave older than the stored value is refused."""

import json

import pytest
from django.urls import reverse

from speechapp.filling import saving, stored

pytestmark = pytest.mark.django_db


def autosave(client, draft, slot_id, value, seq):
    url = reverse("slot_save", args=[draft.pk, slot_id])
    return client.post(url, {slot_id: value, "seq": str(seq)}, HTTP_HX_REQUEST="true")


def stored_raw(draft, slot_id):
    return stored.stored_values(draft).raw.get(slot_id)


def test_a_delayed_older_autosave_does_not_overwrite_the_newer_value(logged_in, draft):
    newer = autosave(logged_in, draft, "s009", "6.1", seq=1_700_000_000_000_002)
    assert "已保存" in newer.content.decode()
    older = autosave(logged_in, draft, "s009", "6", seq=1_700_000_000_000_001)
    assert stored_raw(draft, "s009") == "6.1"
    html = older.content.decode()
    assert "已有更新的内容" in html
    assert "已保存" not in html
    # The field is handed the stored value to show.
    assert json.loads(older["HX-Trigger"])["slotStale"] == {
        "id": "s009",
        "raw": "6.1",
        "seq": 1_700_000_000_000_001,
    }


def test_autosaves_arriving_in_order_all_apply(logged_in, draft):
    autosave(logged_in, draft, "s009", "6", seq=10)
    autosave(logged_in, draft, "s009", "6.1", seq=11)
    assert stored_raw(draft, "s009") == "6.1"


def test_the_order_is_per_blank(logged_in, draft):
    autosave(logged_in, draft, "s009", "6", seq=20)
    autosave(logged_in, draft, "s082", "7", seq=10)
    assert stored_raw(draft, "s082") == "7"


def test_a_write_without_a_number_always_applies_and_keeps_the_order(logged_in, draft):
    autosave(logged_in, draft, "s009", "6", seq=20)
    url = reverse("draft_fill", args=[draft.pk]) + "?slot=s009"
    logged_in.post(url, {"s009": "7"})  # the full-page save carries no number
    assert stored_raw(draft, "s009") == "7"
    autosave(logged_in, draft, "s009", "8", seq=19)  # still older than the last autosave
    assert stored_raw(draft, "s009") == "7"
    autosave(logged_in, draft, "s009", "9", seq=21)
    assert stored_raw(draft, "s009") == "9"


@pytest.mark.parametrize("seq", ["", "abc", "-5", "1" * 40, "１２"])
def test_a_malformed_number_saves_as_a_save_without_one(logged_in, draft, seq):
    autosave(logged_in, draft, "s009", "6", seq=20)
    url = reverse("slot_save", args=[draft.pk, "s009"])
    response = logged_in.post(url, {"s009": "7", "seq": seq}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert stored_raw(draft, "s009") == "7"


def test_the_service_lists_refused_blanks_and_writes_the_others(draft):
    saving.draft_save_values(draft=draft, raw={"s009": "6"}, seqs={"s009": 5})
    saved = saving.draft_save_values(
        draft=draft, raw={"s009": "5", "s082": "3"}, seqs={"s009": 4, "s082": 4}
    )
    assert saved.stale == {"s009"}
    assert "s009" not in saved.checks
    assert saved.values.raw["s009"] == "6"
    assert stored_raw(draft, "s082") == "3"
