"""E-mail reminders to the offices of a round that have not submitted, through Django's mail
framework (SMTP from the environment; the console by default), never two to one office within
the round's reminder period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from speechapp.collection.board import chase_text, link_status
from speechapp.collection.rounds import LinkState, link_state, link_url, office_slot_ids
from speechapp.drafts.models import CollectionRound, OfficeLink


def may_remind(link: OfficeLink, now: datetime) -> bool:
    """An office with an address, not submitted, its link open, not reminded within the
    round's period."""
    if not link.email or link.submitted_at is not None:
        return False
    if link_state(link, now) is not LinkState.OPEN:
        return False
    period = timedelta(hours=link.round.remind_every_hours)
    return link.reminded_at is None or now - link.reminded_at >= period


def reminder_message(link: OfficeLink, request=None) -> EmailMessage:
    ids = office_slot_ids(link)
    filled = set(
        link.values.filter(slot_id__in=ids).exclude(raw="").values_list("slot_id", flat=True)
    )
    draft = link.round.draft
    body = chase_text(
        link, title=draft.name, open_count=len(ids) - len(filled), url=link_url(link, request)
    )
    subject = _("请填报《%(title)s》所需数据") % {"title": draft.name}
    return EmailMessage(subject=subject, body=body, to=[link.email])


def send_reminders(
    links: Iterable[OfficeLink], *, now: datetime | None = None, request=None
) -> list[OfficeLink]:
    """Send a reminder to each of ``links`` that may have one now; the links reminded."""
    now = now or timezone.now()
    sent = []
    with override(settings.LANGUAGE_CODE), get_connection() as connection:
        for link in links:
            with transaction.atomic():
                link = (
                    OfficeLink.objects.select_for_update()
                    .select_related("round__draft")
                    .get(pk=link.pk)
                )
                if not may_remind(link, now):
                    continue
                message = reminder_message(link, request)
                message.connection = connection
                message.send()
                link.reminded_at = now
                link.save(update_fields=["reminded_at"])
                sent.append(link)
    return sent


def due_links(now: datetime | None = None):
    """Links of open rounds whose office has not submitted (for ``manage.py send_reminders``)."""
    now = now or timezone.now()
    rounds = CollectionRound.objects.filter(locked_at__isnull=True)
    return [
        link
        for link in OfficeLink.objects.filter(
            round__in=rounds, submitted_at__isnull=True, revoked_at__isnull=True
        )
        .exclude(email="")
        .select_related("round__draft")
        if link_status(link, now) in ("unopened", "filling", "late")
    ]
