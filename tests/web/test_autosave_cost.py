"""An autosave parses the template at most once and runs the same number of queries
whatever the template's size."""

import pytest
from django.urls import reverse

from speechapp.drafts import parsed
from speechapp.drafts.models import SpeechTemplate
from speechapp.filling.lifecycle import draft_start

pytestmark = pytest.mark.django_db


def autosave(client, draft, slot_id, value, seq):
    url = reverse("slot_save", args=[draft.pk, slot_id])
    return client.post(url, {slot_id: value, "seq": str(seq)}, headers={"HX-Request": "true"})


@pytest.fixture
def count_parses(monkeypatch):
    calls = []
    real = parsed.parse_speech

    def counting(*args, **kwargs):
        calls.append(args[0][:20])
        return real(*args, **kwargs)

    monkeypatch.setattr(parsed, "parse_speech", counting)
    parsed._parse.cache_clear()
    return calls


def test_an_autosave_parses_the_template_once(logged_in, draft, count_parses):
    response = autosave(logged_in, draft, "s009", "5.2", 1)
    assert response.status_code == 200 and "已保存" in response.content.decode()
    assert len(count_parses) == 1
    autosave(logged_in, draft, "s010", "6", 2)
    assert len(count_parses) == 1  # the next request reuses the parse


def big_template(seed_text: str, times: int) -> SpeechTemplate:
    title, body = seed_text.split("\n", 1)
    return SpeechTemplate.objects.create(
        name="大模板", source_text=title + "\n" + body * times, slot_count=0
    )


# The session, the user, the draft and its share, the revision bump and read, the stored
# values, the write, its history rows and the savepoints around them.
AUTOSAVE_QUERIES = 10


def test_an_autosave_costs_the_same_queries_for_a_template_four_times_the_size(
    logged_in, user, draft, seed_text, django_assert_num_queries
):
    big = draft_start(owner=user, template=big_template(seed_text, 4))
    assert len(big.speech.slots) > 4 * 170
    for target in (draft, big):
        autosave(logged_in, target, "s009", "1", 1)  # the first save of each draft
        with django_assert_num_queries(AUTOSAVE_QUERIES):
            response = autosave(logged_in, target, "s009", "5.2", 2)
        assert response.status_code == 200
