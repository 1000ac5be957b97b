"""Collection rounds and their office links: started, re-issued, revoked, locked; the key of a
link and the state it is in.

A link's key is 128 bits: the HMAC (under the site's secret) of 16 random bytes kept as the
link's ``salt``. Only the key's sha256 is stored to find the link, as for API keys
(api.tokens); the writer's pages can show the link again, and reminders can carry it, because
the server can derive it; someone who reads the database alone cannot. A new salt (re-issue)
makes the old link dead.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from enum import Enum

import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from speechapp.collection.offices import draft_slot_offices
from speechapp.drafts.access import may_change_values
from speechapp.drafts.models import CollectionRound, Draft, OfficeLink

KEY_SALT = "speechapp.collection.office-link"


class LinkState(Enum):
    OPEN = "open"
    REVOKED = "revoked"
    EXPIRED = "expired"
    LOCKED = "locked"


def link_key(link: OfficeLink) -> str:
    """The link's key (22 URL-safe characters, 128 bits), derived from its salt."""
    digest = salted_hmac(KEY_SALT, link.salt, algorithm="sha256").digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key(link: OfficeLink) -> None:
    link.salt = secrets.token_hex(16)
    link.token_hash = key_hash(link_key(link))


def link_path(link: OfficeLink) -> str:
    return reverse("office_page", args=[link_key(link)])


def link_url(link: OfficeLink, request=None) -> str:
    """The link as the office opens it: absolute, from the request or SPEECHAPP_BASE_URL."""
    if request is not None:
        return request.build_absolute_uri(link_path(link))
    return settings.SPEECHAPP_BASE_URL.rstrip("/") + link_path(link)


def qr_svg(url: str) -> str:
    """The link as a QR code: an inline SVG (segno; no network), for phones."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=4, border=2, omitsize=False, title=url)


def closes_at(round_: CollectionRound) -> datetime:
    return round_.deadline + timedelta(hours=round_.grace_hours)


def link_state(link: OfficeLink, now: datetime | None = None) -> LinkState:
    """Whether the office may still write through this link, and if not, why."""
    now = now or timezone.now()
    if link.revoked_at is not None:
        return LinkState.REVOKED
    if link.round.locked_at is not None or not may_change_values(link.round.draft):
        return LinkState.LOCKED  # the writer locked the round, or the draft is 定稿
    if now > closes_at(link.round):
        return LinkState.EXPIRED
    return LinkState.OPEN


def link_by_key(key: str) -> OfficeLink | None:
    """The link whose key this is (with its round and draft), or None."""
    if not key or len(key) > 64:
        return None
    return (
        OfficeLink.objects.select_related("round__draft").filter(token_hash=key_hash(key)).first()
    )


def draft_round_offices(draft: Draft) -> list[str]:
    """The offices assigned on a draft (its 责任单位), in name order."""
    return sorted(set(draft_slot_offices(draft).values()) - {""})


def slots_by_office(draft: Draft) -> dict[str, list[str]]:
    """Each office's blanks, in the speech's order (the assignments now): the one rule for
    which blanks an office's link shows, and the board counts."""
    offices = draft_slot_offices(draft)
    grouped: dict[str, list[str]] = {}
    for slot in draft.speech.slots:
        if offices.get(slot.id):
            grouped.setdefault(offices[slot.id], []).append(slot.id)
    return grouped


def office_slot_ids(link: OfficeLink) -> list[str]:
    """The blanks this link's office supplies, in the speech's order."""
    return slots_by_office(link.round.draft).get(link.office, [])


def draft_rounds(draft: Draft):
    return draft.rounds.prefetch_related("links").select_related("created_by")


@transaction.atomic
def round_start(
    *,
    draft: Draft,
    user,
    offices: Sequence[str],
    deadline: datetime,
    grace_hours: int = 0,
    remind_every_hours: int = 24,
    message: str = "",
    emails: Mapping[str, str] | None = None,
) -> CollectionRound:
    """A new round for ``offices`` (each one of the draft's 责任单位), one link per office."""
    emails = emails or {}
    round_ = CollectionRound.objects.create(
        draft=draft,
        created_by=user,
        deadline=deadline,
        grace_hours=grace_hours,
        remind_every_hours=remind_every_hours,
        message=message.strip(),
    )
    for office in dict.fromkeys(o.strip() for o in offices if o.strip()):
        link = OfficeLink(round=round_, office=office[:100], email=emails.get(office, ""))
        _new_key(link)
        link.save()
    return round_


@transaction.atomic
def link_reissue(*, link: OfficeLink) -> OfficeLink:
    """A new key for the link (the old one stops working); a revoked link opens again."""
    _new_key(link)
    link.revoked_at = None
    link.save(update_fields=["salt", "token_hash", "revoked_at"])
    return link


def link_revoke(*, link: OfficeLink) -> None:
    """The link stops working; what the office sent stays for review."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def link_set_email(*, link: OfficeLink, email: str) -> None:
    link.email = email.strip()
    link.save(update_fields=["email"])


def round_lock(*, round_: CollectionRound, locked: bool = True) -> None:
    """Lock the round (no office may change its values any more) or open it again."""
    round_.locked_at = timezone.now() if locked else None
    round_.save(update_fields=["locked_at"])
