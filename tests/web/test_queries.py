"""What a page costs in database queries, pinned: the fill page reads a draft's stored values
once, whatever the number of variables, and one autosave stays small."""

import pytest
from django.urls import reverse

from speechapp.filling import blanks, saving

pytestmark = pytest.mark.django_db

# session, user, draft, the stored values, the variables with their counts, the writer's
# speaking pace (for the speaking time)
FILL_PAGE_QUERIES = 6
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
