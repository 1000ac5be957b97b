"""An office link reaches only its own office's blanks in its own round of its own draft:
every other id tried through it is 404; requests are rate limited per link and per address."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from speechapp.collection.rounds import link_key
from speechapp.drafts.models import OfficeValue
from speechapp.filling import lifecycle, saving, stored
from tests.collection.rounds_helpers import (
    FINANCE,
    STATS,
    assign,
    office_url,
    slot_url,
    start_round,
)


def _shows(page: str, figure: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_.-]){re.escape(figure)}(?![A-Za-z0-9_.-])", page) is not None


@pytest.fixture
def two_drafts(logged_in, draft, seed_template):
    other = lifecycle.draft_start(owner=draft.owner, template=seed_template)
    assign(draft)
    assign(other)
    saving.draft_save_values(draft=other, raw={"s009": "77.7", "s001": "88"}, user=draft.owner)
    round1 = start_round(logged_in, draft)
    round2 = start_round(logged_in, other)
    return draft, other, round1, round2


def test_every_other_blank_id_through_a_valid_link_is_404(settings, two_drafts):
    settings.SPEECHAPP_OFFICE_RATE_PER_KEY = settings.SPEECHAPP_OFFICE_RATE_PER_ADDRESS = "1000/m"
    draft, _other, round1, _round2 = two_drafts
    stats = round1.links.get(office=STATS)
    office = Client()
    own = {"s009", "s012"}
    for slot in draft.speech.slots:
        if slot.id in own:
            continue
        response = office.post(slot_url(stats, slot.id), {f"value-{slot.id}": "1"})
        assert response.status_code == 404, slot.id
    for bogus in ("s999", "S001", "0"):
        assert office.post(slot_url(stats, bogus), {"value-s009": "1"}).status_code == 404
    assert not OfficeValue.objects.exists()


def test_a_link_of_round_1_gets_nothing_of_draft_2(two_drafts):
    draft, other, round1, round2 = two_drafts
    stats = round1.links.get(office=STATS)
    office = Client()
    page = office.get(office_url(stats)).content.decode()
    # As whole figures: the page's link key and CSRF token are random letters and digits
    # that may hold "88" by chance
    assert not _shows(page, "77.7") and not _shows(page, "88")
    # The other draft's, round's and office link's ids tried through this link
    for params in (
        {"draft": other.pk},
        {"round": round2.pk},
        {"link": round2.links.get(office=STATS).pk},
        {"office": FINANCE},
    ):
        assert office.get(office_url(stats), params).content.decode().count("office-blank ") == 2
    office.post(slot_url(stats, "s009"), {"value-s009": "5.2", "draft": other.pk})
    assert set(OfficeValue.objects.values_list("link_id", flat=True)) == {stats.pk}
    assert stored.draft_values(other) == {"s009": "77.7", "s001": "88"}
    # The writer's pages of either draft, with this link's key in hand: the login page
    for pk, round_ in ((draft.pk, round1), (other.pk, round2)):
        for url in (
            reverse("draft_fill", args=[pk]),
            reverse("draft_sheets", args=[pk]),
            reverse("round_action", args=[pk, round_.pk, "lock"]),
            reverse("link_action", args=[pk, round_.pk, round_.links.first().pk, "review"]),
        ):
            response = office.post(url, {"key": link_key(stats)})
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_writer_cannot_reach_another_drafts_round_through_their_own_draft(
    logged_in, two_drafts
):
    draft, _other, round1, round2 = two_drafts
    link2 = round2.links.first()
    for url in (
        reverse("round_action", args=[draft.pk, round2.pk, "lock"]),
        reverse("link_action", args=[draft.pk, round2.pk, link2.pk, "revoke"]),
        reverse("link_action", args=[draft.pk, round1.pk, link2.pk, "revoke"]),
    ):
        assert logged_in.post(url).status_code == 404
    link2.refresh_from_db()
    assert link2.revoked_at is None


def test_requests_are_limited_per_link(settings, two_drafts):
    settings.SPEECHAPP_OFFICE_RATE_PER_KEY = "3/m"
    stats = two_drafts[2].links.get(office=STATS)
    office = Client()
    codes = [office.get(office_url(stats)).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    limited = office.get(office_url(stats))
    assert "请求太频繁" in limited.content.decode()
    assert limited["Cache-Control"] and "no-store" in limited["Cache-Control"]
    # another office's link from the same address is still open
    finance = two_drafts[2].links.get(office=FINANCE)
    assert office.get(office_url(finance)).status_code == 200


def test_requests_are_limited_per_address_whatever_the_key(settings, db):
    settings.SPEECHAPP_OFFICE_RATE_PER_ADDRESS = "4/m"
    office = Client()
    codes = [office.get(reverse("office_page", args=[f"guess{n:017d}"])).status_code
             for n in range(6)]  # fmt: skip
    assert codes[:4] == [404] * 4 and codes[4:] == [429, 429]


def test_the_office_forms_need_csrf(two_drafts):
    stats = two_drafts[2].links.get(office=STATS)
    office = Client(enforce_csrf_checks=True)
    assert office.post(slot_url(stats, "s009"), {"value-s009": "1"}).status_code == 403
    assert office.post(office_url(stats), {"value-s009": "1"}).status_code == 403
    assert not OfficeValue.objects.exists()
