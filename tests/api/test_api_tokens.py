"""Keys for the values API on the settings page: created with a name and shown once, listed
by their first characters, revoked; only the key's hash is stored."""

import hashlib
import re

import pytest
from django.urls import reverse

from speechapp.api import tokens
from speechapp.drafts.models import ApiToken

pytestmark = pytest.mark.django_db


def create(client, name="统计系统"):
    return client.post(reverse("api_token_create"), {"name": name}, follow=True)


def shown_key(response) -> str:
    match = re.search(
        r'<code class="[^"]*user-select-all[^"]*">([^<]+)</code>', response.content.decode()
    )
    assert match, response.content.decode()
    return match.group(1)


def test_a_new_key_is_shown_once_and_only_its_hash_is_stored(logged_in, draft):
    response = create(logged_in)
    assert response.redirect_chain == [(reverse("writer_settings"), 302)]  # a reload is a GET
    key = shown_key(response)
    token = ApiToken.objects.get()
    assert token.name == "统计系统"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.prefix, token.key_hash}
    # The key works, and the settings page never shows it again: only its first characters.
    headers = {"Authorization": f"Bearer {key}"}
    assert logged_in.get(f"/api/drafts/{draft.pk}/values/", headers=headers).status_code == 200
    page = logged_in.get(reverse("writer_settings")).content.decode()
    assert key not in page
    assert f"{key[:8]}…" in page and "统计系统" in page
    assert ApiToken.objects.count() == 1  # reloading the page made no second key


def test_a_key_needs_a_name(logged_in):
    response = create(logged_in, name=" ")
    assert response.status_code == 400
    assert "请给密钥起个名字" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_writer_revokes_a_key(logged_in, user):
    token, key = tokens.api_token_create(user=user, name="统计系统")
    response = logged_in.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert "密钥已撤销" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert tokens.token_user(key) is None


def test_another_users_key_cannot_be_revoked_or_seen(logged_in, other_user):
    token, _key = tokens.api_token_create(user=other_user, name="别人的系统")
    assert "别人的系统" not in logged_in.get(reverse("writer_settings")).content.decode()
    response = logged_in.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post(logged_in, user):
    token, _key = tokens.api_token_create(user=user, name="统计系统")
    assert logged_in.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.exists()


def test_staff_see_keys_in_the_admin_without_the_key(client, user, django_user_model):
    _token, key = tokens.api_token_create(user=user, name="统计系统")
    admin = django_user_model.objects.create_superuser("boss", password="s3cret-pass")
    client.force_login(admin)
    page = client.get(reverse("admin:drafts_apitoken_changelist"))
    assert page.status_code == 200
    assert "统计系统" in page.content.decode() and key not in page.content.decode()
