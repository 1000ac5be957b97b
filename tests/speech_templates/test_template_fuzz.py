"""Whatever the owner posts to the preview, the corrections, the text, the name and the
orphaned values, the answer is never a 500, and a refused post changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from speechapp.drafts.models import SpeechTemplate
from speechapp.filling import lifecycle
from speechapp.speech_templates import template_writes as template_services
from tests.web.test_fuzz import FUZZ

pytestmark = pytest.mark.django_db

TEXT = "标题\n同志们：\n一、回顾\n增长X.X%，第XX位，X光×台，某某同志。\n"

KEYS = st.one_of(
    st.sampled_from(["3:2:5", "3:9:11", "3:12:13", "3:0:1", "0:0:2", "9:0:1", "3:5:2", "-1:0:1"]),
    st.text(max_size=12),
)
FIELD = st.one_of(
    st.tuples(st.sampled_from(["blank", "mark"]), KEYS),
    st.tuples(KEYS.map(lambda k: f"kind-{k}"), st.sampled_from(["percent", "name", "x", ""])),
    st.tuples(st.just("mark_text"), st.text(max_size=20)),
    st.tuples(st.just("mark_at"), KEYS),
    st.tuples(st.sampled_from(["save", "refresh", "payload"]), st.text(max_size=8)),
)
TARGETS = ["template_marks", "template_text", "template_rename", "orphan_place", "draft_update"]


@pytest.fixture
def world(user):
    template = template_services.template_create(owner=user, name="模板", source_text=TEXT)
    draft = lifecycle.draft_start(owner=user, template=template)
    draft.orphans = [{"id": 1, "raw": "7", "before": "", "token": "×", "after": "", "section": ""}]
    draft.save()
    return {"template": template, "draft": draft}


def url(name: str, world) -> str:
    if name in ("orphan_place",):
        return reverse(name, args=[world["draft"].pk, 1])
    if name == "draft_update":
        return reverse(name, args=[world["draft"].pk])
    return reverse(name, args=[world["template"].pk])


@hypothesis_settings(FUZZ, max_examples=150)
@given(
    name=st.sampled_from(TARGETS),
    fields=st.lists(FIELD, max_size=8),
    extra=st.dictionaries(
        st.sampled_from(["source_text", "name", "slot_id"]), st.text(max_size=30), max_size=3
    ),
)
def test_the_owner_never_gets_a_500_on_the_template_pages(client, world, name, fields, extra):
    client.force_login(world["draft"].owner)
    data: dict[str, list[str]] = {}
    for key, value in fields:
        data.setdefault(key, []).append(value)
    for key, value in extra.items():
        data.setdefault(key, []).append(value)
    response = client.post(url(name, world), data)
    assert response.status_code < 500, (name, data)
    template = SpeechTemplate.objects.get(pk=world["template"].pk)
    assert template.slot_count == len(template.speech.slots) >= 1


@hypothesis_settings(FUZZ, max_examples=60)
@given(fields=st.lists(FIELD, max_size=8))
def test_the_preview_never_answers_500(client, user, fields):
    client.force_login(user)
    response = client.post(reverse("template_new"), {"text": TEXT})
    data = {"payload": [response.context["form"]["payload"].value()]}
    for key, value in fields:
        if key != "payload":
            data.setdefault(key, []).append(value)
    response = client.post(reverse("template_preview"), data)
    assert response.status_code < 500, data
    for template in SpeechTemplate.objects.all():
        assert template.slot_count == len(template.speech.slots) >= 1
