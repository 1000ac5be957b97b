"""API keys: made (the key shown once, its hash kept), revoked, listed, and the user a key names."""

from __future__ import annotations

import hashlib
import secrets

from django.db.models import QuerySet
from django.utils import timezone

from speechapp.drafts.models import ApiToken

PREFIX_CHARS = 8


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new key for ``user``: the stored token and the key itself (never stored)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), key_hash=key_hash(key), prefix=key[:PREFIX_CHARS]
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    """Delete a key: requests that use it are refused from now on."""
    token.delete()


def user_api_tokens(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_user(key: str):
    """The user whose key this is (noting when it was used), or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
