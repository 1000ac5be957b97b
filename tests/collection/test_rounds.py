"""Online rounds: links per office (key only as a hash, QR), the office's page, 提交,
revoke/re-issue, expired and locked links."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from speechapp.collection.rounds import key_hash, link_key
from speechapp.drafts.models import OfficeLink, OfficeValue
from speechapp.filling import stored
from tests.collection.rounds_helpers import (
    FINANCE,
    STATS,
    assign,
    office_url,
    slot_url,
    start_round,
)


@pytest.fixture
def round_(logged_in, draft):
    assign(draft)
    return start_round(logged_in, draft)


@pytest.fixture
def stats(round_):
    return round_.links.get(office=STATS)


@pytest.fixture
def office():
    """The office's browser: no account."""
    return Client(enforce_csrf_checks=False)


def test_the_writer_gets_one_link_per_office_with_a_qr_code(logged_in, draft, round_):
    links = list(round_.links.all())
    assert sorted(link.office for link in links) == sorted([STATS, FINANCE])
    page = logged_in.get(reverse("draft_sheets", args=[draft.pk])).content.decode()
    for link in links:
        key = link_key(link)
        assert len(key) == 22  # 128 bits, URL-safe
        assert link.token_hash == key_hash(key) and key not in link.token_hash
        assert office_url(link) in page
    assert page.count("<svg") >= 2  # the QR codes, inline


def test_the_key_is_not_stored(round_):
    for link in round_.links.all():
        key = link_key(link)
        row = OfficeLink.objects.filter(pk=link.pk).values().get()
        assert all(key not in str(value) for value in row.values())


def test_the_office_page_shows_only_its_own_blanks_and_sentences(office, draft, stats):
    page = office.get(office_url(stats))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="border rounded p-2 mb-3 office-blank') == 2
    assert 'data-slot="s009"' in html and 'data-slot="s012"' in html
    assert 'data-slot="s001"' not in html
    assert "【　】" in html
    assert draft.owner.get_username() not in html
    assert FINANCE not in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"  # never to another site
    stats.refresh_from_db()
    assert stats.opened_at is not None


def test_an_autosave_keeps_the_value_with_its_note_and_source_not_in_the_draft(
    office, draft, stats
):
    response = office.post(
        slot_url(stats, "s009"),
        {"value-s009": "5.2", "note-s009": "快报数，待正式公布", "source-s009": "统计快报"},
    )
    assert response.status_code == 200
    assert "已自动保存" in response.content.decode()
    value = OfficeValue.objects.get(link=stats, slot_id="s009")
    assert (value.raw, value.note, value.source) == ("5.2", "快报数，待正式公布", "统计快报")
    assert stored.draft_values(draft) == {}  # waits for the writer's review


def test_the_office_page_uses_the_one_value_rule(office, stats):
    response = office.post(slot_url(stats, "s009"), {"value-s009": "abc"})
    assert "请输入数字" in response.content.decode()
    page = office.get(office_url(stats)).content.decode()
    assert 'value="abc"' in page  # kept as typed, the message beside it
    assert "请输入数字" in page


def test_the_plain_form_saves_and_submits_without_javascript(office, stats):
    url = office_url(stats)
    response = office.post(
        url,
        {
            "value-s009": "5.2",
            "note-s009": "快报数",
            "source-s009": "",
            "value-s012": "12.5",
            "note-s012": "",
            "source-s012": "",
            "action": "submit",
            "name": "张三",
            "phone": "0571-12345678",
        },
    )
    assert response.status_code == 302
    stats.refresh_from_db()
    assert stats.submitted_name == "张三" and stats.submitted_phone == "0571-12345678"
    page = office.get(url).content.decode()
    assert "已提交" in page and "张三" in page


def test_submit_asks_for_name_and_phone_and_keeps_the_values(office, stats):
    response = office.post(
        office_url(stats),
        {"value-s009": "5.2", "note-s009": "", "source-s009": "", "action": "submit",
         "name": "", "phone": "abc"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写填报人姓名" in html and "请填写电话号码" in html
    assert 'value="5.2"' in html
    stats.refresh_from_db()
    assert stats.submitted_at is None


def test_a_change_after_submitting_is_marked(office, stats):
    office.post(slot_url(stats, "s009"), {"value-s009": "5.2"})
    office.post(
        office_url(stats),
        {"action": "submit", "name": "张三", "phone": "0571-1234567"},
    )
    assert not OfficeValue.objects.get(link=stats, slot_id="s009").after_submit
    office.post(slot_url(stats, "s009"), {"value-s009": "5.3"})
    assert OfficeValue.objects.get(link=stats, slot_id="s009").after_submit
    assert "提交后修改" in office.get(office_url(stats)).content.decode()


def test_a_revoked_link_gets_a_clear_page_and_a_reissued_one_works(
    logged_in, office, draft, round_, stats
):
    old_url = office_url(stats)
    action = reverse("link_action", args=[draft.pk, round_.pk, stats.pk, "revoke"])
    assert logged_in.post(action).status_code == 302
    page = office.get(old_url)
    assert page.status_code == 410 and "已被收回" in page.content.decode()
    assert office.post(slot_url(stats, "s009"), {"value-s009": "1"}).status_code == 410
    logged_in.post(reverse("link_action", args=[draft.pk, round_.pk, stats.pk, "reissue"]))
    stats.refresh_from_db()
    assert office_url(stats) != old_url
    assert office.get(old_url).status_code == 404
    assert office.get(office_url(stats)).status_code == 200


def test_an_expired_link_gets_a_clear_page(office, round_, stats):
    round_.deadline = timezone.now() - timedelta(hours=3)
    round_.grace_hours = 2
    round_.save()
    page = office.get(office_url(stats))
    assert page.status_code == 410 and "截止" in page.content.decode()


def test_the_grace_period_keeps_the_link_open(office, round_, stats):
    round_.deadline = timezone.now() - timedelta(hours=1)
    round_.grace_hours = 2
    round_.save()
    assert office.get(office_url(stats)).status_code == 200


def test_a_locked_round_takes_no_more_values(logged_in, office, draft, round_, stats):
    logged_in.post(reverse("round_action", args=[draft.pk, round_.pk, "lock"]))
    page = office.get(office_url(stats))
    assert page.status_code == 410 and "锁定" in page.content.decode()
    response = office.post(slot_url(stats, "s009"), {"value-s009": "1"})
    assert response.status_code == 410
    assert not OfficeValue.objects.filter(link=stats).exists()


def test_an_unknown_key_is_a_clear_404(office, db):
    page = office.get(reverse("office_page", args=["x" * 22]))
    assert page.status_code == 404 and "没有这个填报链接" in page.content.decode()


def test_the_round_form_refuses_a_past_deadline(logged_in, draft):
    assign(draft)
    response = logged_in.post(
        reverse("round_create", args=[draft.pk]),
        {"offices": [STATS], "deadline": "2001-01-01T10:00", "grace_hours": "0",
         "remind_every_hours": "24"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "截止时间应在现在之后" in response.content.decode()


def test_the_office_page_is_complete_in_english(office, stats):
    office.cookies["django_language"] = "en"
    html = office.get(office_url(stats)).content.decode()
    assert "please fill in these figures" in html and "Source / definition" in html
    assert "填报" not in html.replace("数据填报", "")
