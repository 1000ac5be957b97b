"""Corrections on a saved template (mark, unmark, kind, fixed text), and a draft following
them with 按模板更新: values move with their blanks; a value whose blank is gone waits on the
fill page to be placed or dropped."""

import re

import pytest
from django.urls import reverse

from speechapp.drafts.models import Draft, SlotValue
from speechapp.filling import lifecycle, saving, updates
from speechapp.speech_templates import template_writes as template_services
from tests.importing import preview_data

pytestmark = pytest.mark.django_db

TEXT = (
    "在全区工作会上的讲话\n同志们：\n一、工作回顾\n"
    "全区生产总值同比增长X.X%，位居全市第XX位。\n"
    "新建X光检查室×个，某某同志作了部署。\n"
)


@pytest.fixture
def template(user):
    return template_services.template_create(owner=user, name="工作会", source_text=TEXT)


@pytest.fixture
def seed_copy(user, seed_text):
    return template_services.template_create(owner=user, name="我的种子", source_text=seed_text)


def edit_page(client, template):
    return client.get(reverse("template_edit", args=[template.pk]))


def segments(response):
    return {s.text: s for line in response.context["marks"].lines for s in line.segments if s.key}


def post_marks(client, template, **changes):
    page = edit_page(client, template)
    data = preview_data(page, **changes)
    return client.post(reverse("template_marks", args=[template.pk]), data, follow=True)


def test_the_corrections_page_shows_the_blanks_and_the_near_misses(logged_in, template):
    response = edit_page(logged_in, template)
    assert response.status_code == 200
    html = response.content.decode()
    assert "共 4 个空" in html and "“X”没有当作空（术语）" in html
    assert 'src="/static/js/marks.js"' in html


def test_a_missed_blank_is_marked_by_typed_words(logged_in, template):
    post_marks(logged_in, template, mark_text="X光")
    template.refresh_from_db()
    assert template.slot_count == 5
    assert [s.token for s in template.speech.slots][2] == "X光"


def test_a_selection_marks_exactly_the_selected_place(logged_in, user):
    text = "标题\n完成×个，另有×个，另有×个。\n"
    template = template_services.template_create(owner=user, name="", source_text=text)
    # "另有" occurs twice; the selection names the second (block 1, offsets 10 to 12).
    post_marks(logged_in, template, mark_text="另有", mark_at="1:10:12")
    template.refresh_from_db()
    assert [(s.token, s.start) for s in template.speech.slots if s.token == "另有"] == [
        ("另有", 10)
    ]


def test_typed_words_mark_their_first_place_that_is_not_a_blank(logged_in, user):
    text = "标题\n完成×个，另有×个，另有×个。\n"
    template = template_services.template_create(owner=user, name="", source_text=text)
    post_marks(logged_in, template, mark_text="另有")
    template.refresh_from_db()
    assert [(s.token, s.start) for s in template.speech.slots if s.token == "另有"] == [("另有", 5)]


def test_a_false_blank_is_unmarked(logged_in, template):
    page = edit_page(logged_in, template)
    data = preview_data(page)
    data["blank"] = [k for k in data["blank"] if k != segments(page)["某某"].key]
    logged_in.post(reverse("template_marks", args=[template.pk]), data)
    template.refresh_from_db()
    assert template.slot_count == 3 and "某某" not in template.speech.slots[-1].token


def test_a_blank_kind_is_changed(logged_in, template):
    key = segments(edit_page(logged_in, template))["XX"].key
    response = post_marks(logged_in, template, **{f"kind-{key}": "count"})
    assert "已保存更正，共 4 个空" in response.content.decode()
    template.refresh_from_db()
    assert template.speech.slots[1].kind == "count"


def test_words_not_in_the_template_are_refused_beside_the_field(logged_in, template):
    response = post_marks(logged_in, template, mark_text="没有这句话")
    assert response.status_code == 400
    assert "模板中找不到还不是空的“没有这句话”" in response.content.decode()
    template.refresh_from_db()
    assert template.overrides == []


def test_the_fixed_text_is_corrected_and_the_overrides_follow(logged_in, template):
    post_marks(logged_in, template, mark_text="X光")
    text = TEXT.replace("新建", "今年新建")
    response = logged_in.post(
        reverse("template_text", args=[template.pk]), {"source_text": text}, follow=True
    )
    assert "已保存模板全文，共 5 个空" in response.content.decode()
    template.refresh_from_db()
    assert template.source_text == text
    assert "X光" in [s.token for s in template.speech.slots]


def test_control_characters_in_the_edited_text_are_removed_with_a_notice(logged_in, template):
    text = TEXT.replace("新建", "新\x0c建")
    response = logged_in.post(
        reverse("template_text", args=[template.pk]), {"source_text": text}, follow=True
    )
    assert "已去掉模板中 1 个看不见的控制字符" in response.content.decode()
    template.refresh_from_db()
    assert template.source_text == TEXT


def test_a_text_too_long_is_refused_with_its_size(logged_in, template, settings):
    settings.SPEECHAPP_MAX_TEMPLATE_CHARS = 100
    response = logged_in.post(
        reverse("template_text", args=[template.pk]), {"source_text": TEXT * 3}
    )
    assert response.status_code == 400
    assert "模板太长" in response.content.decode()


def test_an_empty_text_is_refused_and_the_template_kept(logged_in, template):
    response = logged_in.post(reverse("template_text", args=[template.pk]), {"source_text": "  "})
    assert response.status_code == 400
    assert "请粘贴模板全文或上传文件" in response.content.decode()
    template.refresh_from_db()
    assert template.source_text == TEXT


def test_a_text_without_blanks_is_refused_and_what_was_typed_is_kept(logged_in, template):
    response = logged_in.post(
        reverse("template_text", args=[template.pk]), {"source_text": "标题\n没有空的一句话。"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "模板中至少要有一个空" in html and "没有空的一句话。" in html


def test_another_user_cannot_correct_a_template(client, other_user, template):
    client.force_login(other_user)
    assert edit_page(client, template).status_code == 404
    url = reverse("template_text", args=[template.pk])
    assert client.post(url, {"source_text": "标题\n×"}).status_code == 404


def test_a_writer_cannot_correct_the_shared_seed_but_staff_can(logged_in, user, seed_template):
    assert edit_page(logged_in, seed_template).status_code == 404
    user.is_staff = True
    user.save()
    assert edit_page(logged_in, seed_template).status_code == 200


# Drafts follow the corrections when the writer asks.


def fill_values(draft, values):
    saving.draft_save_values(draft=draft, raw=values)


def test_a_draft_keeps_its_text_until_it_is_updated(logged_in, user, seed_copy):
    draft = lifecycle.draft_start(owner=user, template=seed_copy)
    text = seed_copy.source_text.replace("经济社会运行回稳向", "经济社会运行回稳向好。")
    template_services.template_edit_text(template=seed_copy, source_text=text)
    draft.refresh_from_db()
    assert "回稳向好" not in draft.source_text and draft.template_changed
    html = logged_in.get(reverse("draft_fill", args=[draft.pk])).content.decode()
    assert "按模板更新" in html


def test_fixing_the_seed_typos_keeps_every_value_of_a_draft(logged_in, user, seed_copy):
    draft = lifecycle.draft_start(owner=user, template=seed_copy)
    values = {s.id: str(n) for n, s in enumerate(draft.speech.slots, 1) if s.kind != "name"}
    values |= {s.id: "城东" for s in draft.speech.slots if s.kind == "name"}
    fill_values(draft, values)
    text = seed_copy.source_text.replace("经济社会运行回稳向", "经济社会运行回稳向好。")
    text = text.replace("×一×月份", "×—×月份")
    logged_in.post(reverse("template_text", args=[seed_copy.pk]), {"source_text": text})
    response = logged_in.post(reverse("draft_update", args=[draft.pk]), follow=True)
    assert "已按模板更新" in response.content.decode()
    draft.refresh_from_db()
    assert "回稳向好。" in draft.source_text and not draft.template_changed
    raw = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "raw"))
    assert raw == values and draft.orphans == []


def test_a_blank_marked_in_front_moves_the_values_to_their_new_ids(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    fill_values(draft, {"s001": "5.2", "s002": "3", "s003": "12", "s004": "王明"})
    post_marks(logged_in, template, mark_text="生产总值")
    logged_in.post(reverse("draft_update", args=[draft.pk]))
    raw = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "raw"))
    assert raw == {"s002": "5.2", "s003": "3", "s004": "12", "s005": "王明"}


def test_a_value_whose_blank_is_gone_is_listed_to_place_or_drop(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    fill_values(draft, {"s001": "5.2", "s004": "王明"})
    page = edit_page(logged_in, template)
    data = preview_data(page)
    data["blank"] = [k for k in data["blank"] if k != segments(page)["某某"].key]
    logged_in.post(reverse("template_marks", args=[template.pk]), data)
    response = logged_in.post(reverse("draft_update", args=[draft.pk]), follow=True)
    html = response.content.decode()
    assert "1 个值原来的空已不在模板中" in html
    assert "王明" in html and "放到这个空" in html and "丢弃" in html
    draft.refresh_from_db()
    assert [o["raw"] for o in draft.orphans] == ["王明"]
    assert draft.orphans[0]["after"].startswith("同志")


def test_an_orphaned_value_is_placed_into_a_blank(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    draft.orphans = [{"id": 1, "raw": "7", "before": "", "token": "×", "after": "", "section": ""}]
    draft.save()
    url = reverse("orphan_place", args=[draft.pk, 1])
    response = logged_in.post(url, {"slot_id": "s003"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.orphans == []
    assert SlotValue.objects.get(draft=draft, slot_id="s003").raw == "7"


def test_an_orphaned_value_put_into_a_filled_blank_swaps_with_its_value(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    fill_values(draft, {"s003": "9"})
    draft.orphans = [{"id": 1, "raw": "7", "before": "", "token": "×", "after": "", "section": ""}]
    draft.save()
    logged_in.post(reverse("orphan_place", args=[draft.pk, 1]), {"slot_id": "s003"})
    draft.refresh_from_db()
    assert SlotValue.objects.get(draft=draft, slot_id="s003").raw == "7"
    assert [(o["raw"], o["before"]) for o in draft.orphans] == [("9", "新建X光检查室")]


def test_a_copy_of_a_draft_behind_its_template_can_still_be_updated(user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    template_services.template_edit_text(
        template=template, source_text=TEXT.replace("新建", "今年新建")
    )
    draft.refresh_from_db()
    copy = lifecycle.draft_duplicate(draft=draft, keep_values=True, title="副本")
    assert copy.template_changed and updates.draft_behind_template(copy)


def test_an_orphaned_value_placed_nowhere_is_refused_and_kept(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    draft.orphans = [{"id": 1, "raw": "7", "before": "", "token": "×", "after": "", "section": ""}]
    draft.save()
    response = logged_in.post(
        reverse("orphan_place", args=[draft.pk, 1]), {"slot_id": "s999"}, follow=True
    )
    assert "请选择要放入的空" in response.content.decode()
    draft.refresh_from_db()
    assert len(draft.orphans) == 1


def test_an_orphaned_value_is_dropped(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    draft.orphans = [{"id": 3, "raw": "7", "before": "", "token": "×", "after": "", "section": ""}]
    draft.save()
    response = logged_in.post(reverse("orphan_drop", args=[draft.pk, 3]), follow=True)
    assert "已丢弃“7”" in response.content.decode()
    draft.refresh_from_db()
    assert draft.orphans == []
    assert logged_in.post(reverse("orphan_drop", args=[draft.pk, 3])).status_code == 404


def test_a_draft_whose_template_is_deleted_cannot_be_updated(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    template.delete()
    response = logged_in.post(reverse("draft_update", args=[draft.pk]), follow=True)
    assert "模板已删除，无法按模板更新" in response.content.decode()
    assert Draft.objects.get(pk=draft.pk).source_text == TEXT


def test_another_user_cannot_update_or_touch_the_orphans_of_a_draft(
    client, other_user, user, template
):
    draft = lifecycle.draft_start(owner=user, template=template)
    client.force_login(other_user)
    assert client.post(reverse("draft_update", args=[draft.pk])).status_code == 404
    assert client.post(reverse("orphan_drop", args=[draft.pk, 1])).status_code == 404


def test_a_marked_blank_and_an_unmarked_one_print_right_in_the_docx(logged_in, user, template):
    import io

    from docx import Document

    post_marks(logged_in, template, mark_text="X光")
    page = edit_page(logged_in, template)
    data = preview_data(page)
    data["blank"] = [k for k in data["blank"] if k != segments(page)["某某"].key]
    logged_in.post(reverse("template_marks", args=[template.pk]), data)
    template.refresh_from_db()
    draft = lifecycle.draft_start(owner=user, template=template)
    ids = {s.token: s.id for s in draft.speech.slots}
    assert set(ids) == {"X.X", "XX", "X光", "×"}
    values = {ids["X.X"]: "5.2", ids["XX"]: "3", ids["X光"]: "CT", ids["×"]: "12"}
    saving.draft_save_values(draft=draft, raw=values)
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "新建CT检查室12个，某某同志作了部署。" in text
    assert "增长5.2%" in text


def _orphan_options(client, draft) -> list[tuple[str, bool]]:
    html = client.get(reverse("draft_fill", args=[draft.pk])).content.decode()
    select = html.split('name="slot_id"', 1)[1].split("</select>", 1)[0]
    return [
        (value, " selected" in attrs)
        for value, attrs in re.findall(r'<option value="([^"]*)"([^>]*)>', select)
    ]


def test_a_value_left_over_is_offered_to_an_open_blank_of_its_kind(logged_in, user, template):
    draft = lifecycle.draft_start(owner=user, template=template)
    fill_values(draft, {"s001": "5.2"})
    draft.orphans = [
        {"id": 1, "raw": "王明", "before": "", "token": "某某", "after": "同志主持", "section": ""}
    ]
    draft.save()
    options = _orphan_options(logged_in, draft)
    assert options[0] == ("s004", True)  # the open name blank, not the first of the speech


def test_a_value_with_no_open_blank_of_its_kind_is_offered_none_by_default(
    logged_in, user, template
):
    draft = lifecycle.draft_start(owner=user, template=template)
    fill_values(draft, {"s001": "5.2"})
    draft.orphans = [
        {"id": 1, "raw": "6.1", "before": "同比增长", "token": "X.X", "after": "%", "section": ""}
    ]
    draft.save()
    options = _orphan_options(logged_in, draft)
    assert options[0] == ("", True)
    assert not any(selected for value, selected in options if value)
