"""The import preview: nothing is stored until 保存; every blank, its kind, the counts and the
look-alikes left alone are shown, and any of them can be ticked the other way."""

import pytest
from django.core import signing
from django.urls import reverse

from speechapp.drafts.models import SpeechTemplate
from tests.importing import import_template, preview_data

pytestmark = pytest.mark.django_db

TEXT = (
    "在全区工作会上的讲话\n同志们：\n一、工作回顾\n"
    "全区生产总值同比增长X.X%，位居全市第XX位。\n"
    "（一）民生\n新建X光检查室×个，某某同志作了部署。\n"
)


def open_preview(client, text=TEXT, **data):
    return client.post(reverse("template_new"), {"text": text, **data})


def segments(response):
    return {s.text: s for line in response.context["marks"].lines for s in line.segments if s.key}


def test_the_import_shows_a_preview_and_stores_nothing_yet(logged_in):
    response = open_preview(logged_in)
    assert response.status_code == 200
    assert not SpeechTemplate.objects.exists()
    html = response.content.decode()
    assert "导入预览" in html
    assert "共 4 个空" in html
    # The outline: both heading levels.
    assert "一、工作回顾" in html and "（一）民生" in html


def test_the_preview_shows_every_blank_with_its_kind(logged_in):
    response = open_preview(logged_in)
    found = segments(response)
    assert found["X.X"].slot.kind == "percent" and found["X.X"].checked
    assert found["XX"].slot.kind == "rank"
    assert found["某某"].slot.kind == "name"
    html = response.content.decode()
    assert f'name="kind-{found["X.X"].key}"' in html  # its kind, as a choice
    assert '<option value="percent" selected>百分比</option>' in html


def test_the_preview_lists_the_near_misses_left_alone(logged_in):
    response = open_preview(logged_in)
    miss = segments(response)["X"]
    assert not miss.blank and not miss.checked
    html = response.content.decode()
    assert "“X”没有当作空（术语）" in html
    assert "1 处像空的文字没有当作空" in html


def test_the_preview_counts_each_mark(logged_in):
    html = open_preview(logged_in).content.decode()
    for shown in ("X.X：1", "XX：1", "×：1", "某某：1"):
        assert shown in html


def test_saving_the_preview_unchanged_stores_the_template(logged_in, user):
    response = import_template(logged_in, {"text": TEXT}, follow=True)
    template = SpeechTemplate.objects.get(owner=user)
    assert template.slot_count == 4 and template.overrides == []
    assert "模板已导入，共 4 个空" in response.content.decode()


def test_a_near_miss_ticked_becomes_a_blank_of_the_saved_template(logged_in, user):
    response = open_preview(logged_in)
    key = segments(response)["X"].key
    logged_in.post(reverse("template_preview"), preview_data(response, mark=[key], save="1"))
    template = SpeechTemplate.objects.get(owner=user)
    assert template.slot_count == 5
    assert "X" in [s.token for s in template.speech.slots]


def test_a_blank_unticked_is_plain_text_in_the_saved_template(logged_in, user):
    response = open_preview(logged_in)
    data = preview_data(response, save="1")
    data["blank"] = [k for k in data["blank"] if k != segments(response)["某某"].key]
    logged_in.post(reverse("template_preview"), data)
    template = SpeechTemplate.objects.get(owner=user)
    assert template.slot_count == 3
    assert "某某" not in [s.token for s in template.speech.slots]
    assert "某某同志" in template.source_text  # the text itself is unchanged


def test_a_kind_changed_on_the_preview_is_kept(logged_in, user):
    response = open_preview(logged_in)
    key = segments(response)["XX"].key
    logged_in.post(
        reverse("template_preview"), preview_data(response, **{f"kind-{key}": "count"}, save="1")
    )
    slot = next(s for s in SpeechTemplate.objects.get(owner=user).speech.slots if s.token == "XX")
    assert slot.kind == "count"


def test_updating_the_preview_shows_the_ticks_and_stores_nothing(logged_in):
    response = open_preview(logged_in)
    key = segments(response)["X"].key
    again = logged_in.post(
        reverse("template_preview"), preview_data(response, mark=[key], refresh="1")
    )
    assert again.status_code == 200
    assert not SpeechTemplate.objects.exists()
    assert segments(again)["X"].checked
    assert "共 5 个空" in again.content.decode()


def test_typed_words_are_marked_on_the_preview(logged_in):
    response = open_preview(logged_in)
    again = logged_in.post(
        reverse("template_preview"), preview_data(response, mark_text="生产总值", refresh="1")
    )
    assert segments(again)["生产总值"].checked
    assert again.context["form"]["mark_text"].value() in (None, "")


def test_typed_words_not_in_the_template_get_a_message_and_keep_the_ticks(logged_in):
    response = open_preview(logged_in)
    key = segments(response)["X"].key
    again = logged_in.post(
        reverse("template_preview"),
        preview_data(response, mark=[key], mark_text="不存在的话", refresh="1"),
    )
    assert again.status_code == 200
    assert "模板中找不到还不是空的“不存在的话”" in again.content.decode()
    assert segments(again)["X"].checked  # the other tick is kept


def test_a_tampered_preview_is_refused_with_a_message(logged_in):
    response = open_preview(logged_in)
    data = preview_data(response, save="1")
    data["payload"] = data["payload"][:-3] + "abc"
    again = logged_in.post(reverse("template_preview"), data, follow=True)
    assert "预览已失效，请重新导入" in again.content.decode()
    assert not SpeechTemplate.objects.exists()


def test_a_mark_outside_the_text_is_refused_with_a_message(logged_in):
    response = open_preview(logged_in)
    again = logged_in.post(
        reverse("template_preview"), preview_data(response, mark=["99:0:3"], save="1")
    )
    assert again.status_code == 200
    assert "模板已改动，请重新勾选" in again.content.decode()
    assert not SpeechTemplate.objects.exists()


def test_unticking_every_blank_is_refused(logged_in):
    response = open_preview(logged_in)
    data = preview_data(response, save="1")
    data["blank"] = []
    again = logged_in.post(reverse("template_preview"), data)
    assert "模板中至少要有一个空" in again.content.decode()
    assert not SpeechTemplate.objects.exists()


def test_the_preview_keeps_the_name_the_token_set_and_the_rejoin_notice(logged_in, user):
    response = open_preview(logged_in, name="季度会", tokens="X, X.X")
    saved = logged_in.post(
        reverse("template_preview"), preview_data(response, save="1"), follow=True
    )
    template = SpeechTemplate.objects.get(owner=user)
    assert template.name == "季度会"
    assert template.slot_count == 2  # XX and X.X: × and 某某 are not in the set
    assert "找到的空白标记" in saved.content.decode()


def test_the_preview_cannot_be_posted_without_its_signed_text(logged_in):
    response = logged_in.post(reverse("template_preview"), {"save": "1"}, follow=True)
    assert "预览已失效，请重新导入" in response.content.decode()


def test_the_signed_text_is_the_prepared_text(logged_in):
    response = open_preview(logged_in, text="标题\n同比增长X\x07%。\n")
    payload = signing.loads(response.context["form"]["payload"].value(), salt=signing_salt())
    assert payload["text"] == "标题\n同比增长X%。" and payload["removed"] == 1


def signing_salt():
    from speechapp.speech_templates.views import PREVIEW_SALT

    return PREVIEW_SALT


def test_each_tick_box_is_named_by_the_words_around_it(logged_in):
    html = open_preview(logged_in).content.decode()
    assert 'aria-label="生产总值同比增长【X.X】%，位居全市第X"' in html
    assert 'aria-label="空的类型：生产总值同比增长【X.X】%，位居全市第X"' in html


@pytest.mark.parametrize(
    ("line", "mark", "reason"),
    [
        ("带“＊”的为必报指标，完成×亿元。", "＊", "图例说明"),
        ("创建☆☆☆级景区×个。", "☆☆☆", "星级"),
        ("全市○个县，完成×亿元。", "○", "单个“某”或单个记号"),
    ],
)
def test_the_preview_says_why_the_grammar_left_a_look_alike(logged_in, line, mark, reason):
    html = open_preview(logged_in, text=f"讲话\n{line}\n").content.decode()
    assert f"“{mark}”没有当作空（{reason}）" in html
