"""Sharing a draft with colleagues: readers see it, editors also fill it, only the owner
shares, renames, copies and deletes; everyone else gets 404 on every draft URL."""

import re

import pytest
from django.urls import URLPattern, reverse

from speechapp.drafts.models import Access, DraftShare, Variable
from speechapp.filling import history, lifecycle, saving
from speechapp.filling.stored import stored_values
from tests.urlconf import app_url_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(django_user_model):
    return django_user_model.objects.create_user("colleague", password="s3cret-pass")


def share(draft, user, role):
    return lifecycle.draft_share(draft=draft, user=user, role=role)


def autosave(client, draft, value="5.2"):
    return client.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": value})


def stored(draft, slot_id="s009"):
    return stored_values(draft).raw.get(slot_id)


# --- the sharing page -----------------------------------------------------------------------


def test_the_owner_shares_a_draft_by_user_name(logged_in, draft, colleague):
    url = reverse("draft_sharing", args=[draft.pk])
    response = logged_in.post(url, {"username": "colleague", "role": "2"}, follow=True)
    assert "已共享给 colleague（可编辑）" in response.content.decode()
    assert DraftShare.objects.get(draft=draft).role == Access.EDIT
    # Sharing again changes the role; still one share.
    logged_in.post(url, {"username": "colleague", "role": "1"})
    assert DraftShare.objects.get(draft=draft).role == Access.READ


def test_an_unknown_user_name_is_named_beside_the_field(logged_in, draft):
    url = reverse("draft_sharing", args=[draft.pk])
    response = logged_in.post(url, {"username": "nobody", "role": "1"})
    assert response.status_code == 200
    assert "没有名为“nobody”的用户" in response.content.decode()
    assert not DraftShare.objects.exists()


def test_the_owner_cannot_share_with_themselves(logged_in, draft):
    url = reverse("draft_sharing", args=[draft.pk])
    response = logged_in.post(url, {"username": "writer", "role": "1"})
    assert "不用共享给自己" in response.content.decode()
    assert not DraftShare.objects.exists()


def test_a_role_other_than_reader_or_editor_is_refused(logged_in, draft, colleague):
    url = reverse("draft_sharing", args=[draft.pk])
    response = logged_in.post(url, {"username": "colleague", "role": "3"})
    assert response.status_code == 200
    assert not DraftShare.objects.exists()


def test_revoking_removes_every_access(client, logged_in, draft, colleague):
    the_share = share(draft, colleague, Access.EDIT)
    page = logged_in.get(reverse("draft_sharing", args=[draft.pk])).content.decode()
    assert "colleague" in page
    logged_in.post(reverse("share_revoke", args=[draft.pk, the_share.pk]))
    assert not DraftShare.objects.exists()
    client.force_login(colleague)
    assert client.get(reverse("draft_fill", args=[draft.pk])).status_code == 404
    assert autosave(client, draft).status_code == 404


# --- readers --------------------------------------------------------------------------------


@pytest.fixture
def reader(client, draft, colleague, user):
    saving.draft_save_values(draft=draft, raw={"s009": "5"}, user=user)
    share(draft, colleague, Access.READ)
    client.force_login(colleague)
    return client


def test_a_reader_sees_the_fill_page_read_only(reader, draft):
    html = reader.get(reverse("draft_fill", args=[draft.pk]) + "?slot=s009").content.decode()
    field = re.search(r'<input[^>]*id="field-s009"[^>]*>', html).group(0)
    assert "disabled" in field and 'value="5"' in field
    assert "hx-post" not in html
    assert "fill.js" not in html
    assert "你只能查看" in html
    assert reverse("draft_details", args=[draft.pk]) not in html


@pytest.mark.parametrize("name", ["draft_preview", "draft_download", "draft_history"])
def test_a_reader_can_preview_download_and_read_the_history(reader, draft, name):
    assert reader.get(reverse(name, args=[draft.pk])).status_code == 200


def test_a_reader_can_download_the_word_file(reader, draft):
    url = reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1"
    response = reader.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_reader_cannot_save_a_value(reader, draft):
    # 403: the reader knows the draft; the share does not allow writing.
    assert autosave(reader, draft, "9").status_code == 403
    url = reverse("draft_fill", args=[draft.pk]) + "?slot=s009"
    assert reader.post(url, {"s009": "9"}).status_code == 403
    assert stored(draft) == "5"


def test_a_reader_cannot_restore(reader, draft):
    url = reverse("draft_restore", args=[draft.pk])
    response = reader.post(url, {"revision": 0})
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert stored(draft) == "5"


# --- editors --------------------------------------------------------------------------------


@pytest.fixture
def editor(client, draft, colleague):
    share(draft, colleague, Access.EDIT)
    client.force_login(colleague)
    return client


def test_an_editor_saves_values_and_the_history_names_them(editor, draft):
    assert autosave(editor, draft, "6").status_code == 200
    assert stored(draft) == "6"
    assert history.draft_history(draft).first().history_user.username == "colleague"
    html = editor.get(reverse("draft_fill", args=[draft.pk]) + "?slot=s009").content.decode()
    assert "hx-post" in html and "你可以编辑" in html


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("draft_details", "get"),
        ("draft_details", "post"),
        ("draft_delete", "post"),
        ("draft_duplicate", "post"),
        ("draft_sharing", "get"),
        ("draft_sharing", "post"),
    ],
)
def test_only_the_owner_renames_copies_deletes_and_shares(editor, draft, name, method):
    response = getattr(editor, method)(reverse(name, args=[draft.pk]), {"title": "改名"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.title != "改名"


def test_shared_drafts_are_listed_on_the_colleagues_home_page(editor, draft):
    html = editor.get(reverse("home")).content.decode()
    shared = html[html.index("共享给我的") :]
    assert draft.title in shared and "writer" in shared and "可编辑" in shared


# --- strangers ------------------------------------------------------------------------------


def draft_urls(draft, variable, the_share):
    """Every URL of the urlconf that names a draft, with the other ids filled in (1 for an
    id these tests do not make: the draft is refused before it is looked up)."""
    values = {
        "pk": draft.pk,
        "slot_id": "s009",
        "fmt": "docx",
        "variable_id": variable.pk,
        "share_id": the_share.pk,
    }
    for pattern in app_url_patterns():
        if not isinstance(pattern, URLPattern):
            continue
        names = list(pattern.pattern.regex.groupindex)
        if "pk" in names and str(pattern.pattern).startswith(("drafts/", "^drafts/")):
            yield reverse(pattern.name, kwargs={n: values.get(n, 1) for n in names})


def test_a_stranger_gets_404_on_every_draft_url(client, draft, colleague, django_user_model):
    variable = Variable.objects.create(draft=draft, name="区名")
    the_share = share(draft, colleague, Access.READ)
    stranger = django_user_model.objects.create_user("stranger", password="s3cret-pass")
    client.force_login(stranger)
    urls = list(draft_urls(draft, variable, the_share))
    assert len(urls) >= 18
    for url in urls:
        answers = {client.get(url).status_code, client.post(url, {"s009": "1"}).status_code}
        assert answers <= {404, 405} and 404 in answers, url
    assert stored(draft) is None and DraftShare.objects.count() == 1


# --- the admin ------------------------------------------------------------------------------


def test_staff_manage_templates_drafts_shares_and_users_in_the_admin(
    client, draft, colleague, django_user_model
):
    the_share = share(draft, colleague, Access.READ)
    saving.draft_save_values(draft=draft, raw={"s009": "5"})
    client.force_login(django_user_model.objects.create_superuser("boss", password="s3cret-pass"))
    for url in (
        reverse("admin:drafts_speechtemplate_change", args=[draft.template.pk]),
        reverse("admin:drafts_draft_change", args=[draft.pk]),
        reverse("admin:drafts_draftshare_change", args=[the_share.pk]),
        reverse("admin:auth_user_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("admin:drafts_draft_change", args=[draft.pk])).content.decode()
    assert "s009" in html and "colleague" in html
    # A share with the draft's own owner is refused there too.
    response = client.post(
        reverse("admin:drafts_draftshare_change", args=[the_share.pk]),
        {"draft": draft.pk, "user": draft.owner.pk, "role": "1"},
    )
    assert response.status_code == 200 and "不用共享给自己" in response.content.decode()
