"""Templates are managed: renamed, deleted (drafts keep their own frozen copy), each shown
with its owner; a writer's templates are private, the seed is shared."""

import pytest
from django.urls import reverse

from speechapp.drafts.models import Draft, SpeechTemplate
from speechapp.filling import lifecycle, saving
from speechapp.speech_templates import template_writes as template_services
from tests.importing import import_template

pytestmark = pytest.mark.django_db

TEXT = "在全区工作会上的讲话\n同志们：\n全区生产总值同比增长×%。\n"


@pytest.fixture
def template(user):
    return template_services.template_create(owner=user, name="工作会", source_text=TEXT)


def test_an_imported_template_is_private_to_its_owner(client, logged_in, user, other_user):
    import_template(logged_in, {"name": "我的模板", "text": TEXT})
    assert SpeechTemplate.objects.get(name="我的模板").owner == user
    client.force_login(other_user)
    assert "我的模板" not in client.get(reverse("home")).content.decode()


def test_the_home_page_says_whose_each_template_is(logged_in, template, seed_template):
    html = logged_in.get(reverse("home")).content.decode()
    assert '<span class="template-owner">我的</span>' in html
    assert '<span class="template-owner">共享</span>' in html
    assert f'href="{reverse("template_edit", args=[template.pk])}"' in html
    assert f'href="{reverse("template_edit", args=[seed_template.pk])}"' not in html


def test_a_template_is_renamed(logged_in, template):
    response = logged_in.post(
        reverse("template_rename", args=[template.pk]), {"name": "季度会"}, follow=True
    )
    assert "已改名为“季度会”" in response.content.decode()
    template.refresh_from_db()
    assert template.name == "季度会"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "这个字段是必填项。"),
        ("名" * 201, "最多 200 个字"),
        ("季度\x07会", "含有看不见的控制字符"),
    ],
)
def test_a_bad_name_is_refused_beside_the_field(logged_in, template, name, message):
    response = logged_in.post(reverse("template_rename", args=[template.pk]), {"name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    template.refresh_from_db()
    assert template.name == "工作会"


def test_the_delete_page_counts_the_drafts_that_use_the_template(logged_in, user, template):
    lifecycle.draft_start(owner=user, template=template)
    lifecycle.draft_start(owner=user, template=template)
    html = logged_in.get(reverse("template_delete", args=[template.pk])).content.decode()
    assert "有 2 份讲话稿用这个模板" in html


def test_deleting_a_template_leaves_its_drafts_with_their_copy(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    saving.draft_save_values(draft=draft, raw={"s001": "5.2"})
    response = logged_in.post(reverse("template_delete", args=[template.pk]), follow=True)
    assert "已删除模板“工作会”" in response.content.decode()
    assert not SpeechTemplate.objects.filter(pk=template.pk).exists()
    draft = Draft.objects.get(pk=draft.pk)
    assert draft.template is None and draft.source_text == TEXT
    fill = logged_in.get(reverse("draft_fill", args=[draft.pk]))
    assert fill.status_code == 200 and "按模板更新" not in fill.content.decode()
    docx = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    assert docx.status_code == 200


@pytest.mark.parametrize("name", ["template_edit", "template_delete"])
def test_another_user_cannot_see_the_management_pages(client, other_user, template, name):
    client.force_login(other_user)
    assert client.get(reverse(name, args=[template.pk])).status_code == 404


@pytest.mark.parametrize("name", ["template_rename", "template_delete"])
def test_another_user_cannot_rename_or_delete(client, other_user, template, name):
    client.force_login(other_user)
    assert client.post(reverse(name, args=[template.pk]), {"name": "x"}).status_code == 404
    template.refresh_from_db()
    assert template.name == "工作会"


def test_a_writer_cannot_delete_the_shared_seed(logged_in, seed_template):
    url = reverse("template_delete", args=[seed_template.pk])
    assert logged_in.post(url).status_code == 404
    assert SpeechTemplate.objects.filter(pk=seed_template.pk).exists()


def test_a_writer_copies_the_shared_seed_to_correct_it(logged_in, user, seed_template):
    home = logged_in.get(reverse("home")).content.decode()
    copy_url = reverse("template_copy", args=[seed_template.pk])
    assert f'action="{copy_url}"' in home
    response = logged_in.post(copy_url, follow=True)
    copy = SpeechTemplate.objects.get(owner=user)
    assert response.redirect_chain[-1][0] == reverse("template_edit", args=[copy.pk])
    assert "已复制为你的模板" in response.content.decode()
    assert copy.name == f"{seed_template.name}（副本）"
    assert (copy.source_text, copy.tokens, copy.slot_count) == (
        seed_template.source_text,
        seed_template.tokens,
        seed_template.slot_count,
    )
    # The copy is theirs to correct; the seed is untouched.
    template_services.template_rename(template=copy, name="我的版本")
    assert logged_in.get(reverse("template_edit", args=[copy.pk])).status_code == 200
    seed_template.refresh_from_db()
    assert seed_template.owner is None and "副本" not in seed_template.name


def test_another_users_template_cannot_be_copied(client, other_user, template):
    client.force_login(other_user)
    assert client.post(reverse("template_copy", args=[template.pk])).status_code == 404
    assert client.get(reverse("template_copy", args=[template.pk])).status_code == 405
    assert not SpeechTemplate.objects.filter(owner=other_user).exists()
