"""What a page costs in database queries, pinned: the fill page reads a draft's stored values
once, whatever the number of variables; one autosave stays small whatever the template's
size, and parses the template at most once."""

import pytest
from django.urls import reverse

from speechapp.drafts import parsed
from speechapp.drafts.models import SpeechTemplate
from speechapp.filling import blanks, saving
from speechapp.filling.lifecycle import draft_start

pytestmark = pytest.mark.django_db

# session, user, draft, the stored values, the variables with their counts, the writer's
# speaking pace (for the speaking time), the comments (review.comments; their replies only
# when there are some)
FILL_PAGE_QUERIES = 7
# session, user, draft; in a transaction (2 savepoint statements): the revision bump and its
# read-back, the stored values, the upsert, its history entry
AUTOSAVE_QUERIES = 10


def fill_url(draft) -> str:
    return reverse("draft_fill", args=[draft.pk]) + "?slot=s028"


def test_the_fill_page_reads_its_values_once(logged_in, draft, django_assert_num_queries):
    saving.draft_save_values(draft=draft, raw={"s028": "涧西", "s009": "abc"})
    logged_in.get(fill_url(draft))  # the session's first write is not the page's cost
    with django_assert_num_queries(FILL_PAGE_QUERIES):
        assert logged_in.get(fill_url(draft)).status_code == 200


def test_five_variables_cost_the_fill_page_nothing_more(
    logged_in, draft, django_assert_num_queries
):
    for n in range(5):
        variable = blanks.variable_create(draft=draft, name=f"区名{n}", slot_ids=["s028"])
        blanks.variable_set(draft=draft, variable=variable, raw="涧西")
    logged_in.get(fill_url(draft))
    with django_assert_num_queries(FILL_PAGE_QUERIES):
        html = logged_in.get(fill_url(draft)).content.decode()
    assert html.count("（1 个空）") == 1 and html.count("（0 个空）") == 4


def test_an_autosave_costs_a_fixed_handful_of_queries(logged_in, draft, django_assert_num_queries):
    saving.draft_save_values(draft=draft, raw={"s028": "涧西", "s107": "涧西"})
    url = reverse("slot_save", args=[draft.pk, "s009"])
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        assert logged_in.post(url, {"s009": "5.2"}).status_code == 200


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
