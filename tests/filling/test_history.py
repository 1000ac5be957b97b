"""Every change of a value is kept (who, when, old → new, how), shown on the draft's history
page, and any earlier state can be restored, and the restore undone."""

import re

import pytest
from django.urls import reverse

from speechapp.drafts.models import SlotValue, Variable
from speechapp.filling import blanks, history, lifecycle, saving
from speechapp.filling.stored import stored_values

pytestmark = pytest.mark.django_db


def entries(draft, slot_id=None):
    """(slot, how, user, old, new) of the draft's history, oldest first."""
    rows = reversed(list(history.draft_history(draft, slot_id)))
    return [
        (
            r.slot_id,
            r.history_change_reason,
            r.history_user.username if r.history_user else None,
            r.old_raw,
            r.raw,
        )
        for r in rows
    ]


def typed(values: dict) -> dict:
    return {i: raw for i, (raw, _) in values.items()}


def test_an_autosave_is_kept_with_who_how_old_and_new(logged_in, draft):
    url = reverse("slot_save", args=[draft.pk, "s009"])
    logged_in.post(url, {"s009": "5"})
    logged_in.post(url, {"s009": "5.2"})
    assert entries(draft) == [
        ("s009", "typed", "writer", None, "5"),
        ("s009", "typed", "writer", "5", "5.2"),
    ]


def test_saving_the_same_text_again_adds_no_entry(logged_in, draft):
    url = reverse("slot_save", args=[draft.pk, "s009"])
    logged_in.post(url, {"s009": "5"})
    logged_in.post(url, {"s009": " 5 "})
    assert len(entries(draft)) == 1


def test_a_full_page_save_is_kept_as_typed(logged_in, draft):
    url = reverse("draft_fill", args=[draft.pk]) + "?slot=s009"
    logged_in.post(url, {"s009": "7"})
    assert entries(draft) == [("s009", "typed", "writer", None, "7")]


def test_a_group_fill_is_kept_as_group(logged_in, draft):
    logged_in.post(reverse("slot_save", args=[draft.pk, "s028"]), {"s028": "涧西"})
    logged_in.post(reverse("group_apply", args=[draft.pk, "s028"]))
    assert entries(draft)[-1] == ("s107", "group", "writer", None, "涧西")


def test_variables_are_kept_as_variable(logged_in, draft):
    logged_in.post(
        reverse("variable_create", args=[draft.pk]), {"name": "增速", "slot_ids": "s009"}
    )
    variable = Variable.objects.get(draft=draft)
    logged_in.post(reverse("variable_set", args=[draft.pk, variable.pk]), {"raw": "5"})
    logged_in.post(reverse("slot_link", args=[draft.pk, "s082"]), {"variable": variable.pk})
    assert entries(draft) == [
        ("s009", "variable", "writer", None, "5"),
        ("s082", "variable", "writer", None, "5"),
    ]


def test_switching_to_words_is_kept_with_the_kind(logged_in, draft):
    as_text = reverse("slot_as_text", args=[draft.pk, "s009"])
    logged_in.post(as_text, {"s009": "约五成", "as_text": "1"}, HTTP_HX_REQUEST="true")
    row = history.draft_history(draft).first()
    assert (row.history_change_reason, row.raw, row.value, row.as_text) == (
        "as_text",
        "约五成",
        "约五成",
        True,
    )


def test_a_copy_starts_its_history_with_the_copied_values(user, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5"}, user=user)
    copy = lifecycle.draft_duplicate(draft=draft, keep_values=True, title="副本", user=user)
    assert entries(copy) == [("s009", "copy", "writer", None, "5")]


def test_the_history_page_lists_changes_newest_first_with_the_blanks_context(logged_in, draft):
    url = reverse("slot_save", args=[draft.pk, "s009"])
    logged_in.post(url, {"s009": "5"})
    logged_in.post(url, {"s009": "５．２％"})
    response = logged_in.get(reverse("draft_history", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "历史记录" in html
    new = re.findall(r'class="history-new">([^<]*)', html)
    assert new == ["５．２％ ", "5"]  # newest first, printed as 5.2
    assert "印作 5.2" in html
    assert "writer" in html and "填写" in html
    slot = next(s for s in draft.speech.slots if s.id == "s009")
    assert slot.before[-12:] in html


def test_the_history_of_one_blank_shows_only_that_blank(logged_in, draft):
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "5"})
    logged_in.post(reverse("slot_save", args=[draft.pk, "s082"]), {"s082": "6"})
    html = logged_in.get(reverse("draft_history", args=[draft.pk]) + "?slot=s082").content
    assert html.decode().count('class="history-entry"') == 1
    assert (
        logged_in.get(reverse("draft_history", args=[draft.pk]) + "?slot=s999").status_code == 404
    )


def test_the_history_is_paged(logged_in, draft):
    url = reverse("slot_save", args=[draft.pk, "s009"])
    for n in range(55):
        logged_in.post(url, {"s009": str(n)})
    history = reverse("draft_history", args=[draft.pk])
    first = logged_in.get(history).content.decode()
    assert first.count('class="history-entry"') == 50
    assert logged_in.get(history + "?page=2").content.decode().count('class="history-entry"') == 5
    assert logged_in.get(history + "?page=abc").status_code == 200


def test_the_fill_and_download_pages_link_to_the_history(logged_in, draft):
    link = reverse("draft_history", args=[draft.pk])
    assert link in logged_in.get(reverse("draft_fill", args=[draft.pk])).content.decode()
    assert link in logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()


def test_restoring_and_undoing_gives_back_the_exact_values(logged_in, user, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5", "s028": "涧西"}, user=user)
    then = stored_values(draft).raw
    entry = history.draft_history(draft).first()
    saving.draft_save_values(draft=draft, raw={"s009": "6", "s082": "3"}, user=user)
    blanks.slot_set_as_text(draft=draft, slot_id="s028", as_text=True, raw="涧西区", user=user)
    before_restore = dict(stored_values(draft).raw)

    restore = reverse("draft_restore", args=[draft.pk])
    response = logged_in.post(restore, {"revision": entry.revision})
    assert response.status_code == 302
    stored = stored_values(draft)
    assert {i: v for i, v in stored.raw.items() if v} == then
    assert "s028" not in stored.as_text
    assert logged_in.get(response.url).content.decode().count("撤销恢复") >= 1

    restore_entry = history.draft_history(draft).first()
    assert restore_entry.history_change_reason == "restore"
    logged_in.post(restore, {"revision": restore_entry.revision, "undo": "1"})
    after = stored_values(draft)
    assert dict(after.raw) == before_restore
    assert "s028" in after.as_text
    assert after.printed["s028"] == "涧西区"
    assert history.draft_history(draft).first().history_change_reason == "undo"


def test_restoring_one_blank_leaves_the_others(logged_in, user, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5"}, user=user)
    entry = history.draft_history(draft).first()
    saving.draft_save_values(draft=draft, raw={"s009": "6", "s082": "3"}, user=user)
    logged_in.post(
        reverse("draft_restore", args=[draft.pk]), {"revision": entry.revision, "slot": "s009"}
    )
    raw = stored_values(draft).raw
    assert (raw["s009"], raw["s082"]) == ("5", "3")


@pytest.mark.parametrize(
    "data", [{}, {"revision": "x"}, {"revision": "-1"}, {"revision": "9" * 30}]
)
def test_a_bad_restore_request_says_so(logged_in, draft, data):
    response = logged_in.post(reverse("draft_restore", args=[draft.pk]), data, follow=True)
    assert response.status_code == 200
    assert "无法恢复" in response.content.decode()


def test_another_user_cannot_see_or_restore_the_history(client, other_user, user, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5"}, user=user)
    client.force_login(other_user)
    assert client.get(reverse("draft_history", args=[draft.pk])).status_code == 404
    response = client.post(reverse("draft_restore", args=[draft.pk]), {"revision": 0})
    assert response.status_code == 404
    assert stored_values(draft).raw["s009"] == "5"


def test_deleting_a_draft_deletes_its_history(logged_in, user, draft):
    saving.draft_save_values(draft=draft, raw={"s009": "5"}, user=user)
    logged_in.post(reverse("draft_delete", args=[draft.pk]))
    assert not SlotValue.history.filter(draft_id=draft.pk).exists()


def test_the_history_page_costs_the_same_queries_for_many_entries(
    logged_in, user, draft, django_assert_num_queries
):
    url = reverse("draft_history", args=[draft.pk])
    saving.draft_save_values(draft=draft, raw={"s009": "1"}, user=user)
    logged_in.get(url)  # the session's first write is not the page's cost
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        logged_in.get(url)
    for n in range(30):
        saving.draft_save_values(draft=draft, raw={f"s{n + 10:03d}": "2"}, user=user)
    with django_assert_num_queries(len(few.captured_queries)):
        assert logged_in.get(url).content.decode().count('class="history-entry"') == 31
