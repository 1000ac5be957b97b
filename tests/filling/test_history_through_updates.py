"""按模板更新 keeps a draft's history: every entry before the update stays, at the blank's new
id; a whole-draft restore to before the update is refused with a message (the text it was
written against is gone), one blank at a time is restored, and nothing is ever cleared."""

import pytest
from django.urls import reverse

from speechapp.drafts.models import SlotValue
from speechapp.filling import history, lifecycle, saving, stored, updates
from speechapp.speech_templates import template_writes

pytestmark = pytest.mark.django_db

TEXT = "在全区工作会上的讲话\n同志们：\n一、工作回顾\n全区生产总值同比增长X.X%，新建×个项目。\n"
# A blank in front of the others: every value moves to the next id.
WITH_A_NEW_BLANK = TEXT.replace("全区生产总值", "全区共×个乡镇，生产总值")


@pytest.fixture
def updated(user):
    """A draft with two saves, then its template gains a blank in front and it is updated."""
    template = template_writes.template_create(owner=user, name="工作会", source_text=TEXT)
    draft = lifecycle.draft_start(owner=user, template=template)
    first = saving.draft_save_values(draft=draft, raw={"s001": "5.2", "s002": "3"}).revision
    saving.draft_save_values(draft=draft, raw={"s001": "6.1"})
    template_writes.template_edit_text(template=template, source_text=WITH_A_NEW_BLANK)
    draft.refresh_from_db()
    before = SlotValue.history.filter(draft_id=draft.pk).count()
    updates.draft_update_to_template(draft=draft)
    draft.refresh_from_db()
    return draft, first, before


def test_the_history_before_an_update_is_kept_at_the_blanks_new_ids(updated):
    draft, _first, before = updated
    assert stored.stored_values(draft).raw == {"s002": "6.1", "s003": "3"}
    assert SlotValue.history.filter(draft_id=draft.pk).count() >= before
    moved = list(history.draft_history(draft, "s002").values_list("raw", flat=True))
    assert moved[-2:] == ["6.1", "5.2"]  # newest first: its whole past, at its new id


def test_the_history_page_still_lists_the_changes_before_the_update(logged_in, updated):
    draft, _first, _before = updated
    html = logged_in.get(reverse("draft_history", args=[draft.pk]) + "?slot=s002").content
    assert "5.2" in html.decode() and "6.1" in html.decode()


def test_a_whole_restore_to_before_the_update_is_refused_and_clears_nothing(logged_in, updated):
    draft, first, _before = updated
    response = logged_in.post(
        reverse("draft_restore", args=[draft.pk]), {"revision": first}, follow=True
    )
    assert "这一版早于按模板更新" in response.content.decode()
    assert stored.stored_values(draft).raw == {"s002": "6.1", "s003": "3"}


def test_one_blank_is_restored_across_the_update(logged_in, updated):
    draft, first, _before = updated
    response = logged_in.post(
        reverse("draft_restore", args=[draft.pk]), {"revision": first, "slot": "s002"}
    )
    assert response.status_code == 302
    assert stored.stored_values(draft).raw == {"s002": "5.2", "s003": "3"}


def test_the_history_of_a_blank_that_is_gone_is_parked_not_deleted(user):
    template = template_writes.template_create(owner=user, name="工作会", source_text=TEXT)
    draft = lifecycle.draft_start(owner=user, template=template)
    saving.draft_save_values(draft=draft, raw={"s001": "5.2", "s002": "3"})
    template_writes.template_edit_text(
        template=template, source_text=TEXT.replace("新建×个项目", "新建一批项目")
    )
    draft.refresh_from_db()
    result = updates.draft_update_to_template(draft=draft)
    assert result.orphaned == 1 and draft.orphans[0]["raw"] == "3"
    parked = SlotValue.history.filter(draft_id=draft.pk, slot_id="~s002")
    assert "3" in parked.values_list("raw", flat=True)
    # A later restore never puts the gone value into a blank.
    assert history.draft_restore(draft=draft, revision=draft.revision, slot_ids=None) == []


def test_deleting_a_draft_deletes_its_history(updated):
    draft, _first, _before = updated
    lifecycle.draft_delete(draft=draft)
    assert not SlotValue.history.filter(draft_id=draft.pk).exists()


def test_what_changed_across_the_update_shows_the_old_values_at_the_new_blanks(logged_in, updated):
    draft, first, _before = updated
    html = logged_in.get(reverse("draft_compare", args=[draft.pk]), {"since": first}).content
    html = html.decode()
    assert "这期间按模板更新过" in html
    assert "<del>5.2</del><ins>6.1</ins>" in html  # s001 then, s002 now
    assert 'id="change-s002"' in html and 'id="change-s003"' not in html
