"""An office's values come into the draft only through the sheet review: new, changed,
conflicting with the writer's value, refused; history names the office; the batch undoes."""

import pytest
from django.test import Client
from django.urls import reverse

from speechapp.drafts.models import SheetImport, SheetImportStatus, SlotValue
from speechapp.filling import saving, stored
from tests.collection.rounds_helpers import STATS, assign, slot_url, start_round


@pytest.fixture
def stats(logged_in, draft):
    assign(draft)
    return start_round(logged_in, draft).links.get(office=STATS)


def office_sends(link, values):
    office = Client()
    for slot_id, (raw, note) in values.items():
        response = office.post(
            slot_url(link, slot_id), {f"value-{slot_id}": raw, f"note-{slot_id}": note}
        )
        assert response.status_code == 200


def review(client, draft, link):
    url = reverse("link_action", args=[draft.pk, link.round_id, link.pk, "review"])
    response = client.post(url)
    assert response.status_code == 302
    return response["Location"]


def test_the_office_values_wait_for_review_and_a_writer_value_is_a_conflict(
    logged_in, draft, stats
):
    saving.draft_save_values(draft=draft, raw={"s012": "9.9"}, user=draft.owner)
    office_sends(stats, {"s009": ("5.2", "快报数，待正式公布"), "s012": ("12.5", "")})
    assert stored.draft_values(draft) == {"s012": "9.9"}
    url = review(logged_in, draft, stats)
    page = logged_in.get(url).content.decode()
    assert "县统计局 · 在线填报" in page
    assert "改动（1）" in page and "冲突（1）" in page
    assert "快报数，待正式公布" in page
    # 全部采用 takes the new value but never the one in conflict with the writer's
    logged_in.post(url, {"action": "accept_all"})
    assert stored.draft_values(draft) == {"s009": "5.2", "s012": "9.9"}
    row = SlotValue.objects.get(draft=draft, slot_id="s009")
    assert row.note == "快报数，待正式公布"
    history = logged_in.get(reverse("draft_history", args=[draft.pk])).content.decode()
    assert "县统计局 · 在线填报" in history


def test_the_writer_picks_the_office_value_of_a_conflict(logged_in, draft, stats):
    saving.draft_save_values(draft=draft, raw={"s012": "9.9"}, user=draft.owner)
    office_sends(stats, {"s012": ("12.5", "")})
    url = review(logged_in, draft, stats)
    logged_in.post(url, {"action": "accept", "choice-s012": "12.5"})
    assert stored.draft_values(draft)["s012"] == "12.5"


def test_a_refused_value_is_listed_with_its_reason(logged_in, draft, stats):
    office_sends(stats, {"s009": ("abc", "")})
    url = review(logged_in, draft, stats)
    page = logged_in.get(url).content.decode()
    assert "未采用的行（1）" in page and "请输入数字" in page


def test_the_batch_can_be_undone(logged_in, draft, stats):
    office_sends(stats, {"s009": ("5.2", "")})
    url = review(logged_in, draft, stats)
    logged_in.post(url, {"action": "accept_all"})
    batch = SheetImport.objects.get(link=stats)
    assert batch.status == SheetImportStatus.APPLIED
    logged_in.post(reverse("sheet_undo", args=[draft.pk, batch.pk]))
    assert stored.draft_values(draft) == {}


def test_a_second_batch_of_the_same_office_is_a_change_not_a_conflict(logged_in, draft, stats):
    office_sends(stats, {"s009": ("5.2", "")})
    logged_in.post(review(logged_in, draft, stats), {"action": "accept_all"})
    office_sends(stats, {"s009": ("5.4", "正式数")})
    url = review(logged_in, draft, stats)
    assert "改动（1）" in logged_in.get(url).content.decode()
    logged_in.post(url, {"action": "accept_all"})
    assert stored.draft_values(draft)["s009"] == "5.4"
    assert SlotValue.objects.get(draft=draft, slot_id="s009").note == "正式数"


def test_nothing_sent_gives_a_message_not_an_empty_review(logged_in, draft, stats):
    url = reverse("link_action", args=[draft.pk, stats.round_id, stats.pk, "review"])
    response = logged_in.post(url, follow=True)
    assert "还没有填写任何值" in response.content.decode()
