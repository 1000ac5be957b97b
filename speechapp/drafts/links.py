"""Addresses the app builds in more than one place."""

from __future__ import annotations

from django.urls import reverse


def slot_url(draft_pk: int, slot_id: str) -> str:
    """The fill page opened at one blank, its field in view (``slot_id`` may be "{id}")."""
    return reverse("draft_fill", args=[draft_pk]) + f"?slot={slot_id}#field-{slot_id}"
