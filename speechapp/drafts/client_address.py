"""The one rule for a request's client address, used by the login lockout (django-axes) and the
office links' rate limits (django-ratelimit).

Without a proxy it is the peer of the connection (REMOTE_ADDR): a header a client sends never
counts. Behind the deployment's proxy (``DJANGO_BEHIND_PROXY=1``: nginx, deploy/nginx) every
request comes from the proxy, so the address is the one the proxy saw, which it appends as the
last entry of X-Forwarded-For (``$proxy_add_x_forwarded_for``); the entries before it are the
client's own words and are ignored. Without this, five wrong passwords from anyone would lock
every user of the proxy out, and fifty offices would share one address's rate."""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if not settings.SPEECHAPP_BEHIND_PROXY:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.split(",")[-1].strip()
    return last or peer
