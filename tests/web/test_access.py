"""Login is required and a writer sees only their own drafts."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "template_new", "fonts"])
def test_pages_require_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["draft_fill", "draft_preview", "draft_download", "draft_details"])
def test_another_users_draft_is_not_found(client, other_user, draft, name):
    client.force_login(other_user)
    assert client.get(reverse(name, args=[draft.pk])).status_code == 404


def test_another_users_draft_cannot_be_downloaded(client, other_user, draft):
    client.force_login(other_user)
    url = reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1"
    assert client.get(url).status_code == 404


def test_the_login_page_logs_a_writer_in(client, user):
    response = client.post(reverse("login"), {"username": "writer", "password": "s3cret-pass"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_home_page_lists_templates_and_only_my_drafts(client, user, other_user, seed_template):
    from speechapp.filling.lifecycle import draft_start

    mine = draft_start(owner=user, template=seed_template)
    theirs = draft_start(owner=other_user, template=seed_template)
    theirs.title = "别人的讲话稿"
    theirs.save()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert seed_template.name in html
    assert "178 个空" in html
    assert "开始填写" in html
    assert "已填 0 / 178" in html
    assert reverse("draft_fill", args=[mine.pk]) in html
    assert "别人的讲话稿" not in html


def test_values_are_escaped_in_html(logged_in, draft):
    url = reverse("draft_fill", args=[draft.pk]) + "?slot=s001"
    logged_in.post(url, {"s001": "<script>alert(1)</script>"})
    html = logged_in.get(url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_a_post_without_the_csrf_token_is_refused(user, draft):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "5.2"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("draft_start", ["template"]),
        ("draft_duplicate", ["draft"]),
        ("slot_save", ["draft", "s009"]),
        ("group_apply", ["draft", "s028"]),
        ("slot_link", ["draft", "s009"]),
        ("slot_as_text", ["draft", "s009"]),
        ("variable_create", ["draft"]),
        ("variable_set", ["draft", "variable"]),
    ],
)
def test_post_only_actions_refuse_a_get_and_change_nothing(logged_in, draft, name, args):
    from speechapp.drafts.models import Draft, SlotValue, Variable

    variable = Variable.objects.create(draft=draft, name="区名")
    objects = {"template": draft.template.pk, "draft": draft.pk, "variable": variable.pk}
    url = reverse(name, args=[objects.get(a, a) for a in args])
    assert logged_in.get(url, {"s009": "5.2", "as_text": "1"}).status_code == 405
    assert Draft.objects.count() == 1 and not SlotValue.objects.exists()


@pytest.mark.parametrize("name", ["draft_changes", "preview_fragment", "draft_download"])
def test_read_only_pages_refuse_a_post(logged_in, draft, name):
    assert logged_in.post(reverse(name, args=[draft.pk])).status_code == 405


def try_login(client, username, password, address="10.0.0.1", path="login"):
    return client.post(
        reverse(path) if path == "login" else path,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, user):
    for _ in range(4):
        assert try_login(client, "writer", "wrong").status_code == 200  # the form again
    assert try_login(client, "writer", "wrong").status_code == 429  # the fifth locks
    response = try_login(client, "writer", "s3cret-pass")
    assert response.status_code == 429
    assert "密码错误次数过多" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # not logged in


def test_one_address_guessing_many_names_is_throttled_too(client, user):
    for i in range(5):
        try_login(client, f"guess{i}", "wrong", address="10.0.0.9")
    assert try_login(client, "writer", "s3cret-pass", address="10.0.0.9").status_code == 429
    # The writer, from their own desk, is not locked out by someone else's guessing.
    assert try_login(client, "writer", "s3cret-pass", address="10.0.0.2").status_code == 302


def test_the_admin_login_is_throttled_the_same_way(client, django_user_model):
    django_user_model.objects.create_superuser("boss", password="s3cret-pass")
    for _ in range(5):
        try_login(client, "boss", "wrong", path="/admin/login/")
    assert try_login(client, "boss", "s3cret-pass", path="/admin/login/").status_code == 429


def test_a_right_password_before_the_limit_resets_the_count(client, user):
    for _ in range(4):
        try_login(client, "writer", "wrong")
    assert try_login(client, "writer", "s3cret-pass").status_code == 302
    client.logout()
    for _ in range(4):
        try_login(client, "writer", "wrong")
    assert try_login(client, "writer", "s3cret-pass").status_code == 302


def test_private_pages_and_files_are_not_stored_by_the_browser(logged_in, draft):
    for url in (
        reverse("home"),
        reverse("draft_fill", args=[draft.pk]),
        reverse("draft_changes", args=[draft.pk]),
        reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1",
    ):
        assert "no-store" in logged_in.get(url)["Cache-Control"], url


def test_every_page_forbids_inline_script_and_other_hosts(logged_in, draft):
    for url in (reverse("home"), reverse("draft_fill", args=[draft.pk]), reverse("login")):
        policy = logged_in.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'", url
        assert directives["default-src"] == "'self'"
        assert "unsafe-inline" not in directives["script-src"]


def test_no_page_has_inline_script(logged_in, draft):

    for url in (reverse("home"), reverse("draft_fill", args=[draft.pk]), reverse("fonts")):
        html = logged_in.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert not re.search(r"\son[a-z]+=\"", html), url


def test_an_autosave_after_the_session_expired_answers_401_not_the_login_page(client, draft):
    url = reverse("slot_save", args=[draft.pk, "s009"])
    response = client.post(url, {"s009": "5.2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert response.content.decode() == "未保存，请重新登录"
    # A page opened by the writer still goes to the login form.
    assert client.get(reverse("draft_fill", args=[draft.pk])).status_code == 302


def test_the_icon_is_served_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
