"""Every URL that names an object (a draft, a template, a key, a share, a variable, a sheet
import, an orphan value, a collection round and its office links) answers a stranger 404 whatever the method: each of its views asks
the access rule (drafts.access through drafts.http) before it does anything.

The test walks the URL conf: a new URL with an id it cannot fill fails here until the id is
added below, so no view escapes the walk."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from speechapp.collection.offices import office_assign
from speechapp.collection.rounds import round_start
from speechapp.drafts.models import (
    Access,
    ApiToken,
    Comment,
    DraftShare,
    SheetImport,
    SpeechTemplate,
    Variable,
)
from speechapp.filling.lifecycle import draft_start
from tests.urlconf import app_url_patterns

pytestmark = pytest.mark.django_db

POSTED = {"s009": "1", "name": "x", "title": "x", "text": "x", "key": "0:0:0", "revision": "1"}


@pytest.fixture
def objects(user, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", password="s3cret-pass")
    template = SpeechTemplate.objects.create(
        name="我的模板", source_text="讲话\n增长×%。\n", owner=user, slot_count=1
    )
    draft = draft_start(owner=user, template=template)
    draft.orphans = [{"id": 7, "raw": "5", "before": "", "token": "×", "after": "", "section": ""}]
    draft.save()
    token = ApiToken.objects.create(user=user, name="k", key_hash="h" * 64, prefix="abcdefgh")
    office_assign(draft=draft, by_section={}, by_slot={"s001": "统计局"})
    round_ = round_start(
        draft=draft, user=user, offices=["统计局"], deadline=timezone.now() + timedelta(days=1)
    )
    return {
        "round_id": round_.pk,
        "link_id": round_.links.get().pk,
        # A real action of each URL that takes one (an unknown one would be 404 for anybody).
        "action": {"round_action": "remind", "link_action": "revoke", "draft_transition": "submit"},
        "template": template.pk,
        "draft": draft.pk,
        "variable_id": Variable.objects.create(draft=draft, name="区名").pk,
        "share_id": DraftShare.objects.create(draft=draft, user=colleague, role=Access.READ).pk,
        "import_id": SheetImport.objects.create(draft=draft, owner=user, proposal={}).pk,
        "orphan_id": 7,
        "token_id": token.pk,
        "comment_id": Comment.objects.create(draft=draft, author=user, slot_id="s001", text="x").pk,
    }


def object_urls(objects):
    """(name, url) of every URL of the app with an id in it, filled with real objects."""
    urls = []
    for pattern in app_url_patterns():
        kwargs = {}
        names = list(pattern.pattern.regex.groupindex)
        if not any(
            converter.__class__.__name__ == "IntConverter"
            for converter in pattern.pattern.converters.values()
        ) and names != ["pk", "fmt"]:
            continue
        for name in names:
            if name == "pk":
                kwargs[name] = (
                    objects["template"]
                    if str(pattern.pattern).startswith("templates/")
                    else objects["draft"]
                )
            elif name == "slot_id":
                kwargs[name] = "s001"
            elif name == "fmt":
                kwargs[name] = "docx"
            elif name == "action":
                kwargs[name] = objects["action"][pattern.name]
            else:
                assert name in objects, f"{pattern.name}: teach this test the id {name!r}"
                kwargs[name] = objects[name]
        urls.append((pattern.name, reverse(pattern.name, kwargs=kwargs)))
    return urls


def test_a_stranger_gets_404_from_every_url_that_names_an_object(
    client, objects, django_user_model
):
    urls = object_urls(objects)
    assert len(urls) >= 45  # every draft, template, key and nested-object URL of the app
    stranger = django_user_model.objects.create_user("stranger", password="s3cret-pass")
    client.force_login(stranger)
    for name, url in urls:
        get = client.get(url).status_code
        post = client.post(url, POSTED).status_code
        assert {get, post} <= {404, 405} and 404 in {get, post}, (name, url, get, post)


def test_a_reader_may_change_nothing(client, objects, django_user_model):
    """A colleague the draft is shared with to read gets 403 from every write of the draft."""
    reader = DraftShare.objects.get(pk=objects["share_id"]).user
    client.force_login(reader)
    refused = []
    for name, url in object_urls(objects):
        if not url.startswith(("/drafts/", "/api/")):
            continue
        status = client.post(url, POSTED).status_code
        refused.append(status)
        assert status in (403, 404, 405), (name, url, status)
    assert refused.count(403) >= 25
