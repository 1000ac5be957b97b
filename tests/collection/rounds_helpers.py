"""Shared steps of the online-round tests: offices assigned, a round started by the writer."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from speechapp.collection.offices import office_assign
from speechapp.collection.rounds import link_key
from speechapp.drafts.models import CollectionRound

STATS = "县统计局"
FINANCE = "县财政局"


def assign(draft):
    office_assign(
        draft=draft,
        by_section={},
        by_slot={"s009": STATS, "s012": STATS, "s001": FINANCE, "s002": FINANCE},
    )


def start_round(client, draft, offices=(STATS, FINANCE), **extra) -> CollectionRound:
    deadline = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "offices": list(offices),
        "deadline": deadline,
        "grace_hours": "2",
        "remind_every_hours": "24",
        "message": "",
        **extra,
    }
    response = client.post(reverse("round_create", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return CollectionRound.objects.filter(draft=draft).first()


def office_url(link) -> str:
    return reverse("office_page", args=[link_key(link)])


def slot_url(link, slot_id) -> str:
    return reverse("office_slot_save", args=[link_key(link), slot_id])
