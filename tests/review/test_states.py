"""A draft's review: 起草中 → 送审 (to a named reviewer, with a message) → 退回修改 or 审核通过 →
定稿; who may make each transition; two clicks make one; each transition on the history page;
the home page's states and 待我审核; a new version opened from a 定稿 draft."""

import pytest
from django.urls import reverse

from speechapp.drafts.access import Transition
from speechapp.drafts.models import Access, Draft, DraftState, ReviewEvent
from speechapp.filling import lifecycle, saving, stored
from speechapp.review import states
from tests.review.conftest import move, state_of

pytestmark = pytest.mark.django_db


def test_the_writer_sends_the_draft_to_a_named_reviewer_with_a_message(
    logged_in, complete, reviewer
):
    page = move(logged_in, complete, "submit", reviewer=reviewer.pk, message="请科长审阅")
    assert "已送审给 kezhang" in page.content.decode()
    assert state_of(complete) == DraftState.IN_REVIEW
    complete.refresh_from_db()
    assert complete.reviewer == reviewer
    event = ReviewEvent.objects.get(draft=complete)
    assert (event.from_state, event.to_state) == (DraftState.DRAFTING, DraftState.IN_REVIEW)
    assert event.user.username == "writer" and event.message == "请科长审阅"


def test_a_draft_is_sent_only_to_a_colleague_it_is_shared_with_as_reviewer(
    logged_in, draft, other_user
):
    lifecycle.draft_share(draft=draft, user=other_user, role=Access.READ)
    page = logged_in.get(reverse("draft_review", args=[draft.pk])).content.decode()
    assert "还没有审核人" in page
    response = move(logged_in, draft, "submit", reviewer=other_user.pk)
    assert response.status_code == 400
    assert state_of(draft) == DraftState.DRAFTING
    with pytest.raises(states.TransitionRefused, match="审核人"):
        states.draft_transition(
            draft=draft,
            user=draft.owner,
            access=Access.OWN,
            transition=Transition.SUBMIT,
            reviewer=other_user,
        )


def test_the_whole_round_is_kept_in_the_history_with_who_and_the_messages(
    logged_in, complete, reviewer, reviewer_client
):
    move(logged_in, complete, "submit", reviewer=reviewer.pk, message="第一稿")
    move(reviewer_client, complete, "return", message="第三段增速请核实")
    assert state_of(complete) == DraftState.RETURNED
    saving.draft_save_values(draft=complete, raw={"s009": "5.3"}, user=complete.owner)
    move(logged_in, complete, "submit", reviewer=reviewer.pk, message="已改")
    move(reviewer_client, complete, "approve", message="同意")
    assert state_of(complete) == DraftState.APPROVED
    move(logged_in, complete, "freeze", message="定稿")
    assert state_of(complete) == DraftState.FINAL
    history = logged_in.get(reverse("draft_history", args=[complete.pk])).content.decode()
    for text in ("第一稿", "第三段增速请核实", "已改", "同意", "退回修改", "审核通过", "定稿"):
        assert text in history, text
    assert "kezhang" in history
    states_in_order = list(
        ReviewEvent.objects.filter(draft=complete)
        .order_by("created_at", "pk")
        .values_list("to_state", flat=True)
    )
    assert states_in_order == ["in_review", "returned", "in_review", "approved", "final"]


def test_only_the_named_reviewer_returns_or_approves(
    logged_in, complete, reviewer, reviewer_client, django_user_model, client
):
    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    # The writer cannot approve their own draft.
    assert move(logged_in, complete, "approve").status_code == 403
    # Another colleague shared as 审核, but not the one it was sent to.
    second = django_user_model.objects.create_user("second", password="s3cret-pass")
    lifecycle.draft_share(draft=complete, user=second, role=Access.REVIEW)
    client.force_login(second)
    assert move(client, complete, "approve").status_code == 403
    assert move(client, complete, "return").status_code == 403
    assert state_of(complete) == DraftState.IN_REVIEW
    # The reviewer neither sends nor freezes.
    assert move(reviewer_client, complete, "submit", reviewer=reviewer.pk).status_code == 403


def test_only_the_owner_freezes_an_approved_draft(
    logged_in, complete, reviewer, reviewer_client, client, django_user_model
):
    editor = django_user_model.objects.create_user("editor", password="s3cret-pass")
    lifecycle.draft_share(draft=complete, user=editor, role=Access.EDIT)
    client.force_login(editor)
    # An editor sends it for review, as the writer does.
    move(client, complete, "submit", reviewer=reviewer.pk)
    assert state_of(complete) == DraftState.IN_REVIEW
    move(reviewer_client, complete, "approve")
    assert move(client, complete, "freeze").status_code == 403
    assert move(reviewer_client, complete, "freeze").status_code == 403
    assert state_of(complete) == DraftState.APPROVED


def test_a_transition_not_from_the_current_state_says_where_the_draft_is(
    logged_in, complete, reviewer, reviewer_client
):
    page = move(logged_in, complete, "freeze")
    assert "这份讲话稿现在是“起草中”" in page.content.decode()
    assert state_of(complete) == DraftState.DRAFTING


def test_two_clicks_make_one_transition_and_the_second_gets_a_message(
    logged_in, complete, reviewer, reviewer_client
):
    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    # Both clicks read the draft while it was 送审; the state is checked in the UPDATE.
    stale = Draft.objects.get(pk=complete.pk)
    states.draft_transition(
        draft=Draft.objects.get(pk=complete.pk),
        user=reviewer,
        access=Access.REVIEW,
        transition=Transition.APPROVE,
    )
    with pytest.raises(states.TransitionRefused, match="现在是“审核通过”"):
        states.draft_transition(
            draft=stale, user=reviewer, access=Access.REVIEW, transition=Transition.RETURN
        )
    assert ReviewEvent.objects.filter(draft=complete, to_state="approved").count() == 1
    assert not ReviewEvent.objects.filter(draft=complete, to_state="returned").exists()
    second = move(reviewer_client, complete, "approve").content.decode()
    assert "这一步没有执行" in second
    assert ReviewEvent.objects.filter(draft=complete, to_state="approved").count() == 1


def test_a_draft_changed_after_its_approval_is_sent_again_before_it_is_frozen(
    logged_in, complete, reviewer, reviewer_client
):
    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    move(reviewer_client, complete, "approve")
    saving.draft_save_values(draft=complete, raw={"s009": "9.9"}, user=complete.owner)
    page = move(logged_in, complete, "freeze").content.decode()
    assert "审核通过后讲话稿的内容又有改动，请重新送审" in page
    assert state_of(complete) == DraftState.APPROVED


def test_a_draft_with_open_blanks_is_not_frozen(logged_in, draft, user, reviewer, reviewer_client):
    lifecycle.draft_share(draft=draft, user=reviewer, role=Access.REVIEW)
    move(logged_in, draft, "submit", reviewer=reviewer.pk)
    move(reviewer_client, draft, "approve")
    page = move(logged_in, draft, "freeze").content.decode()
    assert "还有空未填，不能定稿" in page
    assert state_of(draft) == DraftState.APPROVED


def test_the_writer_withdraws_a_draft_in_review(logged_in, complete, reviewer):
    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    move(logged_in, complete, "withdraw")
    assert state_of(complete) == DraftState.DRAFTING


def test_the_home_page_shows_each_drafts_state_and_what_waits_for_the_reviewer(
    logged_in, complete, reviewer, reviewer_client
):
    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    home = logged_in.get(reverse("home")).content.decode()
    assert "state-in_review" in home and "送审" in home
    assert "待我审核" not in home
    theirs = reviewer_client.get(reverse("home")).content.decode()
    assert "待我审核" in theirs
    assert reverse("draft_review", args=[complete.pk]) in theirs
    move(reviewer_client, complete, "approve")
    assert "待我审核" not in reviewer_client.get(reverse("home")).content.decode()


def test_a_new_version_starts_from_the_frozen_values_and_leaves_the_frozen_one_alone(
    logged_in, frozen
):
    before = stored.draft_values(frozen)
    response = logged_in.post(reverse("draft_new_version", args=[frozen.pk]), follow=True)
    new = Draft.objects.exclude(pk=frozen.pk).get()
    assert response.redirect_chain[-1][0] == reverse("draft_fill", args=[new.pk])
    assert "第 2 版" in response.content.decode()
    assert (new.version, new.state, new.previous_id) == (2, DraftState.DRAFTING, frozen.pk)
    assert stored.draft_values(new) == before
    saving.draft_save_values(draft=new, raw={"s009": "7.7"}, user=frozen.owner)
    assert stored.draft_values(frozen) == before
    assert state_of(frozen) == DraftState.FINAL


def test_only_the_owner_opens_a_new_version_and_only_of_a_frozen_draft(
    logged_in, complete, reviewer_client
):
    assert logged_in.post(reverse("draft_new_version", args=[complete.pk])).status_code == 403
    assert Draft.objects.count() == 1
    assert reviewer_client.post(reverse("draft_new_version", args=[complete.pk])).status_code == 403


def test_a_reviewer_reads_the_draft_but_cannot_change_it(reviewer_client, complete):
    page = reviewer_client.get(reverse("draft_fill", args=[complete.pk])).content.decode()
    assert "disabled" in page
    response = reviewer_client.post(reverse("slot_save", args=[complete.pk, "s009"]), {"s009": "1"})
    assert response.status_code == 403


def test_a_reviewer_whose_share_became_read_only_reviews_no_more(
    logged_in, complete, reviewer, reviewer_client
):
    move(logged_in, complete, "submit", reviewer=reviewer.pk)
    lifecycle.draft_share(draft=complete, user=reviewer, role=Access.READ)
    assert move(reviewer_client, complete, "approve").status_code == 403
    assert "待我审核" not in reviewer_client.get(reverse("home")).content.decode()
    assert state_of(complete) == DraftState.IN_REVIEW
