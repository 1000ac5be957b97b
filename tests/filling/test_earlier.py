"""上期: a draft based on an earlier one shows its values beside the blanks, takes them (沿用)
one by one or all at once, keeps them marked until confirmed, and the review copy marks them."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from speechapp.api import tokens
from speechapp.drafts.models import Access, ChangeHow, Draft, SlotValue
from speechapp.filling.earlier import draft_confirm_carried, draft_set_earlier, draft_take_earlier
from speechapp.filling.history import draft_restore, draft_undo_restore
from speechapp.filling.lifecycle import draft_share, draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.filling.updates import draft_update_to_template
from speechapp.speech_templates.template_writes import template_create, template_edit_text
from tests.pdfs import speech_text
from tests.samples import filled_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_quarter(user, seed_template):
    """Last quarter's draft of the seed, every blank filled (s009 = 7.7)."""
    draft = draft_start(owner=user, template=seed_template)
    draft.title = "上季度讲话"
    draft.save()
    draft_save_values(draft=draft, raw=filled_values(draft.speech, s009="7.7", s012="88.5"))
    return draft


@pytest.fixture
def this_quarter(user, seed_template, last_quarter):
    return draft_start(owner=user, template=seed_template, earlier=last_quarter)


def fill_url(draft, slot_id="s009"):
    return reverse("draft_fill", args=[draft.pk]) + f"?slot={slot_id}"


def carried(draft) -> set[str]:
    return set(
        SlotValue.objects.filter(draft=draft, carried=True).values_list("slot_id", flat=True)
    )


def printed(draft, slot_id) -> str:
    row = SlotValue.objects.filter(draft=draft, slot_id=slot_id).first()
    return row.value if row else ""


def test_starting_a_draft_with_an_earlier_one_shows_its_values_beside_the_blanks(
    logged_in, seed_template, last_quarter
):
    response = logged_in.post(
        reverse("draft_start", args=[seed_template.pk]), {"earlier": last_quarter.pk}
    )
    draft = Draft.objects.exclude(pk=last_quarter.pk).get()
    assert response.url == reverse("draft_fill", args=[draft.pk])
    html = logged_in.get(fill_url(draft)).content.decode()
    assert "上期：7.7" in html
    assert reverse("slot_take_earlier", args=[draft.pk, "s009"]) in html


def test_the_home_page_offers_the_drafts_the_writer_may_read_as_earlier(
    logged_in, last_quarter, other_user, seed_template
):
    hidden = draft_start(owner=other_user, template=seed_template)
    hidden.title = "别人的讲话"
    hidden.save()
    html = logged_in.get(reverse("home")).content.decode()
    assert "上季度讲话（" in html
    assert "别人的讲话" not in html


def test_the_home_page_offers_each_templates_own_drafts_and_counts_values_to_confirm(
    logged_in, user, this_quarter, last_quarter, seed_template
):
    other = template_create(owner=user, name="另一个模板", source_text="标题\n增长×%。\n")
    unrelated = draft_start(owner=user, template=other)
    unrelated.title = "无关的讲话"
    unrelated.save()
    draft_take_earlier(draft=this_quarter, slot_ids=None)
    html = logged_in.get(reverse("home")).content.decode()
    seed_select = html[html.index(f'id="earlier-{seed_template.pk}"') :]
    seed_select = seed_select[: seed_select.index("</select>")]
    assert "上季度讲话（" in seed_select and "无关的讲话" not in seed_select
    n = len(carried(this_quarter))
    assert n > 100
    assert f"{n} 处沿用待确认" in html


def test_an_earlier_draft_of_another_user_is_refused_with_a_message(
    logged_in, other_user, seed_template
):
    theirs = draft_start(owner=other_user, template=seed_template)
    response = logged_in.post(
        reverse("draft_start", args=[seed_template.pk]), {"earlier": theirs.pk}, follow=True
    )
    assert response.status_code == 200
    assert "请从列表中选择你可以查看的讲话稿" in response.content.decode()
    assert not Draft.objects.filter(owner__username="writer").exists()


def test_the_earlier_page_refuses_a_forged_draft_beside_its_field(
    logged_in, this_quarter, other_user, seed_template
):
    theirs = draft_start(owner=other_user, template=seed_template)
    response = logged_in.post(
        reverse("draft_earlier", args=[this_quarter.pk]), {"earlier": theirs.pk}
    )
    assert response.status_code == 400
    assert "请从列表中选择你可以查看的讲话稿" in response.content.decode()
    this_quarter.refresh_from_db()
    assert this_quarter.earlier["draft"] != theirs.pk


def test_taking_one_earlier_value_fills_the_blank_marked_carried(logged_in, this_quarter):
    url = reverse("slot_take_earlier", args=[this_quarter.pk, "s009"])
    response = logged_in.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'value="7.7"' in html
    assert "carried-badge" in html and "确认" in html
    assert 'id="row-s009"' in html
    assert printed(this_quarter, "s009") == "7.7"
    assert carried(this_quarter) == {"s009"}
    entry = SlotValue.history.filter(draft_id=this_quarter.pk, slot_id="s009").latest(
        "history_date"
    )
    assert entry.history_change_reason == ChangeHow.CARRIED


def test_taking_one_without_javascript_keeps_what_else_was_typed(logged_in, this_quarter):
    url = reverse("slot_take_earlier", args=[this_quarter.pk, "s009"])
    response = logged_in.post(url, {"s010": "2.5", "s009": ""})
    assert response.status_code == 302
    assert printed(this_quarter, "s010") == "2.5"
    assert printed(this_quarter, "s009") == "7.7"
    page = logged_in.get(fill_url(this_quarter)).content.decode()
    assert "carried-badge" in page


def test_take_all_fills_only_open_blanks(logged_in, this_quarter):
    draft_save_values(draft=this_quarter, raw={"s009": "8.1"})
    response = logged_in.post(reverse("earlier_take_all", args=[this_quarter.pk]), follow=True)
    assert "已沿用 177 处上期数值" in response.content.decode()
    assert printed(this_quarter, "s009") == "8.1"
    assert printed(this_quarter, "s012") == "88.5"
    assert "s009" not in carried(this_quarter) and len(carried(this_quarter)) == 177


def test_a_changed_sentence_shows_the_earlier_value_but_offers_no_take(
    logged_in, user, seed_template, last_quarter
):
    edited = seed_template.source_text.replace("规上工业增加值同比增长", "规模以上工业增加值增长")
    template = template_create(owner=user, name="新版", source_text=edited)
    draft = draft_start(owner=user, template=template, earlier=last_quarter)
    html = logged_in.get(fill_url(draft)).content.decode()
    assert "上期：7.7（句子有改动）" in html
    assert reverse("slot_take_earlier", args=[draft.pk, "s009"]) not in html
    assert reverse("slot_take_earlier", args=[draft.pk, "s012"]) in html
    response = logged_in.post(
        reverse("slot_take_earlier", args=[draft.pk, "s009"]), HTTP_HX_REQUEST="true"
    )
    assert "句子有改动，不能沿用" in response.content.decode()
    assert printed(draft, "s009") == ""
    page = logged_in.get(reverse("draft_earlier", args=[draft.pk])).content.decode()
    assert "3 处句子有改动" in page
    assert "175 处可沿用" in page


def test_changing_a_carried_value_clears_the_mark_and_resaving_the_same_keeps_it(
    logged_in, this_quarter
):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009", "s012"])
    save = reverse("slot_save", args=[this_quarter.pk, "s009"])
    logged_in.post(save, {"s009": "7.7"}, HTTP_HX_REQUEST="true")
    assert carried(this_quarter) == {"s009", "s012"}
    logged_in.post(save, {"s009": "8.0"}, HTTP_HX_REQUEST="true")
    assert carried(this_quarter) == {"s012"}


def test_confirming_one_then_all_clears_the_marks(logged_in, this_quarter):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009", "s010", "s012"])
    url = reverse("slot_confirm_carried", args=[this_quarter.pk, "s009"])
    html = logged_in.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "carried-badge" not in html and 'value="7.7"' in html
    assert carried(this_quarter) == {"s010", "s012"}
    page = logged_in.get(reverse("draft_earlier", args=[this_quarter.pk])).content.decode()
    assert "2 处沿用待确认" in page
    logged_in.post(reverse("earlier_confirm_all", args=[this_quarter.pk]))
    assert carried(this_quarter) == set()
    assert printed(this_quarter, "s012") == "88.5"


def test_a_reader_cannot_take_earlier_values(client, other_user, this_quarter):
    draft_share(draft=this_quarter, user=other_user, role=Access.READ)
    client.force_login(other_user)
    html = client.get(fill_url(this_quarter)).content.decode()
    assert "上期：7.7" in html and "take-earlier" not in html
    url = reverse("slot_take_earlier", args=[this_quarter.pk, "s009"])
    assert client.post(url).status_code == 403
    assert carried(this_quarter) == set()


def test_the_snapshot_outlives_changes_to_the_earlier_draft(logged_in, this_quarter, last_quarter):
    draft_save_values(draft=last_quarter, raw={"s009": "1.0"})
    last_quarter.delete()
    html = logged_in.get(fill_url(this_quarter)).content.decode()
    assert "上期：7.7" in html


def test_clearing_the_earlier_draft_hides_the_values(logged_in, this_quarter):
    response = logged_in.post(reverse("draft_earlier", args=[this_quarter.pk]), {"earlier": ""})
    assert response.status_code == 302
    assert "上期：" not in logged_in.get(fill_url(this_quarter)).content.decode()


def test_the_clear_button_warns_that_carried_values_stay_marked(logged_in, this_quarter):
    url = reverse("draft_earlier", args=[this_quarter.pk])
    assert "仍标为沿用" not in logged_in.get(url).content.decode()
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"])
    assert "仍标为沿用" in logged_in.get(url).content.decode()
    logged_in.post(url, {"clear": "1"})
    assert carried(this_quarter) == {"s009"}  # as the page said


def test_a_draft_cannot_be_its_own_earlier_draft(this_quarter):
    with pytest.raises(ValidationError):
        draft_set_earlier(draft=this_quarter, earlier=this_quarter)


def test_a_copy_for_next_quarter_is_based_on_the_original(logged_in, last_quarter):
    html = logged_in.get(reverse("home")).content.decode()
    assert "复制为下期" in html
    logged_in.post(reverse("draft_duplicate", args=[last_quarter.pk]), {"keep_values": "0"})
    copy = Draft.objects.exclude(pk=last_quarter.pk).get()
    assert copy.earlier["draft"] == last_quarter.pk
    assert "上期：7.7" in logged_in.get(fill_url(copy)).content.decode()


def test_the_fill_and_download_pages_count_values_to_confirm(logged_in, this_quarter):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009", "s010"])
    for name in ("draft_fill", "draft_download"):
        html = logged_in.get(reverse(name, args=[this_quarter.pk])).content.decode()
        assert "2 处沿用上期的数值待确认" in html
        assert reverse("draft_earlier", args=[this_quarter.pk]) in html


def test_the_review_copy_marks_carried_values_and_the_official_copy_does_not(
    logged_in, this_quarter
):
    draft_take_earlier(draft=this_quarter, slot_ids=None)
    draft_save_values(draft=this_quarter, raw={"s012": "90.1"})  # typed anew: not carried
    export = reverse("draft_export", args=[this_quarter.pk, "docx"])

    def docx_text(query):
        content = logged_in.get(export + query).content
        return "".join(p.text for p in Document(io.BytesIO(content)).paragraphs)

    review = docx_text("?review=1")
    assert "同比增长7.7〔沿用〕%" in review
    assert "累计完成90.1亿元" in review
    assert review.count("〔沿用〕") == 177
    assert "〔沿用〕" not in docx_text("")
    pdf_url = reverse("draft_export", args=[this_quarter.pk, "pdf"])
    review_pdf = speech_text(logged_in.get(pdf_url + "?review=1").content)
    assert "同比增长7.7〔沿用〕%" in review_pdf
    assert "〔沿用〕" not in speech_text(logged_in.get(pdf_url).content)
    logged_in.post(reverse("earlier_confirm_all", args=[this_quarter.pk]))
    assert "〔沿用〕" not in docx_text("?review=1")


def test_with_the_earlier_draft_deleted_saving_the_page_keeps_its_snapshot(
    logged_in, this_quarter, last_quarter
):
    last_quarter.delete()
    url = reverse("draft_earlier", args=[this_quarter.pk])
    assert "保留现在的上期" in logged_in.get(url).content.decode()
    logged_in.post(url, {"earlier": ""})
    this_quarter.refresh_from_db()
    assert this_quarter.earlier["values"]["s009"] == "7.7"
    logged_in.post(url, {"clear": "1"})
    this_quarter.refresh_from_db()
    assert this_quarter.earlier == {}


def test_a_colleagues_draft_the_owner_cannot_read_is_never_offered_nor_taken_as_earlier(
    client, user, other_user, seed_template, django_user_model
):
    """An editor of A's draft must not bring in, as 上期, a draft C shared with the editor
    alone: its text and figures would show to A and to everyone A shares with."""
    third = django_user_model.objects.create_user("third", password="s3cret-pass")
    ours = draft_start(owner=user, template=seed_template)
    theirs = draft_start(owner=third, template=seed_template)
    theirs.title = "第三人的讲话"
    theirs.save()
    draft_save_values(draft=theirs, raw={"s009": "9.99"})
    draft_share(draft=ours, user=other_user, role=Access.EDIT)
    draft_share(draft=theirs, user=other_user, role=Access.READ)
    client.force_login(other_user)
    url = reverse("draft_earlier", args=[ours.pk])
    assert "第三人的讲话" not in client.get(url).content.decode()
    response = client.post(url, {"earlier": theirs.pk})
    assert response.status_code == 400
    assert "请从列表中选择你可以查看的讲话稿" in response.content.decode()
    with pytest.raises(ValidationError):
        draft_set_earlier(draft=ours, earlier=theirs)
    ours.refresh_from_db()
    assert ours.earlier == {}
    client.force_login(user)
    assert "9.99" not in client.get(fill_url(ours)).content.decode()


def test_confirming_without_javascript_keeps_a_figure_changed_before_the_click(
    logged_in, this_quarter
):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"])
    page = logged_in.get(fill_url(this_quarter)).content.decode()
    initial = re.search(r'name="initial-s009" value="([^"]*)"', page).group(1)
    url = reverse("slot_confirm_carried", args=[this_quarter.pk, "s009"])
    # The whole fill form comes along with the button: the writer had typed 8.0 over 7.7.
    logged_in.post(url, {"s009": "8.0", "initial-s009": initial})
    assert printed(this_quarter, "s009") == "8.0"
    assert carried(this_quarter) == set()


def test_restore_and_undo_bring_the_carried_mark_back_with_the_value(this_quarter, user):
    this_quarter.refresh_from_db()
    before = this_quarter.revision
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"], user=user)
    this_quarter.refresh_from_db()
    taken = this_quarter.revision
    draft_restore(draft=this_quarter, revision=before, user=user)
    assert printed(this_quarter, "s009") == "" and carried(this_quarter) == set()
    this_quarter.refresh_from_db()
    draft_undo_restore(draft=this_quarter, revision=this_quarter.revision, user=user)
    assert printed(this_quarter, "s009") == "7.7"
    assert carried(this_quarter) == {"s009"}
    # Restoring to right after the take marks it again after a confirmation too.
    draft_confirm_carried(draft=this_quarter, slot_ids=None, user=user)
    assert carried(this_quarter) == set()
    draft_restore(draft=this_quarter, revision=taken, user=user)
    assert carried(this_quarter) == {"s009"}


def test_confirming_is_a_save_other_tabs_and_the_history_see(logged_in, this_quarter, user):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"], user=user)
    this_quarter.refresh_from_db()
    seen = this_quarter.revision
    logged_in.post(reverse("slot_confirm_carried", args=[this_quarter.pk, "s009"]))
    changes = logged_in.get(
        reverse("draft_changes", args=[this_quarter.pk]) + f"?since={seen}"
    ).json()
    assert changes["revision"] > seen
    assert [c["id"] for c in changes["changes"]] == ["s009"]
    last = SlotValue.history.filter(draft_id=this_quarter.pk, slot_id="s009").latest("history_id")
    assert (last.history_change_reason, last.history_user, last.carried) == (
        ChangeHow.CONFIRMED,
        user,
        False,
    )


def test_a_copy_with_its_values_keeps_its_earlier_values_beside_the_carried_ones(
    logged_in, this_quarter
):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"])
    logged_in.post(reverse("draft_duplicate", args=[this_quarter.pk]), {"keep_values": "1"})
    copy = Draft.objects.get(title__endswith="（副本）")
    assert carried(copy) == {"s009"}
    assert "上期：7.7" in logged_in.get(fill_url(copy)).content.decode()


def test_the_autosave_answer_redraws_the_earlier_cell_without_the_carried_badge(
    logged_in, this_quarter
):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"])
    url = reverse("slot_save", args=[this_quarter.pk, "s009"])
    html = logged_in.post(url, {"s009": "8.0"}, headers={"HX-Request": "true"}).content.decode()
    cell = html[html.index('id="earlier-s009"') :]
    assert 'hx-swap-oob="true"' in cell
    assert "上期：7.7" in cell and "carried-badge" not in cell
    assert "采用上期" in cell  # 7.7 may be taken again


def test_a_carried_value_stays_marked_at_its_blank_after_updating_to_the_template(
    this_quarter, seed_template
):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009"])
    title, rest = seed_template.source_text.split("\n", 1)
    # A blank inserted near the top shifts every id after it by one.
    template_edit_text(template=seed_template, source_text=f"{title}\n新增一句，增长×%。\n{rest}")
    this_quarter.refresh_from_db()
    draft_update_to_template(draft=this_quarter)
    assert carried(this_quarter) == {"s010"}
    assert printed(this_quarter, "s010") == "7.7"


def test_a_figure_pushed_through_the_api_is_no_longer_carried(client, user, this_quarter):
    draft_take_earlier(draft=this_quarter, slot_ids=["s009", "s012"])
    key = tokens.api_token_create(user=user, name="统计系统")[1]
    response = client.put(
        reverse("api_draft_values", args=[this_quarter.pk]),
        '{"s009": "8.0", "s012": "88.5"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200
    # A changed figure loses its mark; the same figure pushed again keeps it.
    assert carried(this_quarter) == {"s012"}
