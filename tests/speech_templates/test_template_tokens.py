"""Importing templates in every blank dialect: token sets, re-joining hard-wrapped text, days
and year blanks on the fill page."""

import pytest
from django.urls import reverse

from speechapp.core.parsing import parse_speech
from speechapp.core.tokens import DEFAULT_SPEC
from speechapp.drafts.models import SlotValue, SpeechTemplate
from speechapp.filling.lifecycle import draft_duplicate, draft_start
from speechapp.speech_templates.template_writes import template_create
from tests.importing import import_template
from tests.samples import hard_wrap

pytestmark = pytest.mark.django_db

DIALECT = "关于经济工作的讲话\n同志们：\n全区实现GDPXX 亿元，比增X.X%，*市排名第XX位。某某同志通报了情况。\n"
CUT = "讲话\n同志们：\n全区生产总值同比增长X%，固定资产投资完成XX亿\n元，同比增长×%。\n"


def upload(client, **data):
    return import_template(client, data)


def test_the_import_page_offers_the_token_set_and_the_rejoin_checkbox(logged_in):
    html = logged_in.get(reverse("template_new")).content.decode()
    assert 'name="tokens"' in html and 'value="× X X.X * □ ○○ 某某 __ ☆ （）"' in html
    assert 'type="checkbox" name="rejoin"' in html


def test_a_template_in_another_dialect_is_imported_with_every_blank(logged_in, user):
    assert upload(logged_in, text=DIALECT).status_code == 302
    template = SpeechTemplate.objects.get(owner=user)
    assert (template.slot_count, template.tokens) == (5, DEFAULT_SPEC)


def test_the_import_says_which_marks_it_found_and_how_many(logged_in):
    response = import_template(logged_in, {"text": DIALECT}, follow=True)
    assert "找到的空白标记：XX 2、X.X 1、* 1、某某 1" in response.content.decode()


def test_the_token_set_narrows_the_blanks(logged_in, user):
    upload(logged_in, text=DIALECT + "增长×%。", tokens="×")
    template = SpeechTemplate.objects.get(owner=user)
    assert (template.slot_count, template.tokens) == (1, "cross")


def test_the_token_set_takes_a_template_own_mark(logged_in, user):
    upload(logged_in, text="讲话\n完成◇◇亿元。", tokens="× ◇")
    template = SpeechTemplate.objects.get(owner=user)
    assert (template.slot_count, template.tokens) == (1, "cross,◇")
    assert template.speech.slots[0].kind == "amount"


def test_a_bad_token_is_refused_beside_its_field_and_the_text_kept(logged_in, user):
    response = upload(logged_in, text=DIALECT, tokens="X A")
    html = response.content.decode()
    assert response.status_code == 200
    assert "无法用“A”标记空" in html
    assert "比增X.X%" in html
    assert not SpeechTemplate.objects.filter(owner=user).exists()


def test_the_rejoin_checkbox_rejoins_before_saving(logged_in, user):
    upload(logged_in, name="断行", text=CUT, rejoin="on")
    template = SpeechTemplate.objects.get(owner=user)
    assert "完成XX亿元，同比增长×%。" in template.source_text
    assert [s.kind for s in template.speech.slots] == ["percent", "amount", "percent"]


def test_without_the_checkbox_a_short_text_is_kept_as_typed(logged_in, user):
    upload(logged_in, name="断行", text=CUT)
    assert SpeechTemplate.objects.get(owner=user).source_text == CUT.strip()


def test_a_hard_wrapped_seed_is_rejoined_automatically_and_says_so(logged_in, user, seed_text):
    data = {"text": hard_wrap(seed_text, 60)}
    response = import_template(logged_in, data, follow=True)
    assert "按固定宽度断开的行已重新接成段落" in response.content.decode()
    template = SpeechTemplate.objects.get(owner=user)
    assert template.slot_count == 178
    assert template.speech.slot_ids == parse_speech(seed_text).slot_ids


def test_a_draft_keeps_the_token_set_it_was_started_with(user):
    template = template_create(owner=user, name="t", source_text=DIALECT + "增长×%。")
    draft = draft_start(owner=user, template=template)
    template.tokens = "cross"
    template.save()
    assert draft.tokens == DEFAULT_SPEC
    draft.refresh_from_db()
    assert len(draft.speech.slots) == 6
    assert len(template.speech.slots) == 1


def fill_url(draft):
    return reverse("draft_fill", args=[draft.pk]) + "?section=0"


def test_a_day_is_checked_against_its_month_on_the_fill_page(logged_in, user):
    template = template_create(owner=user, name="t", source_text="讲话\n确保X月X日前完成。")
    draft = draft_start(owner=user, template=template)
    html = logged_in.post(fill_url(draft), {"s001": "2", "s002": "30"}).content.decode()
    assert "2月只有 29 天" in html
    assert SlotValue.objects.get(draft=draft, slot_id="s002").value == ""
    logged_in.post(fill_url(draft), {"s001": "3", "s002": "30"})
    assert SlotValue.objects.get(draft=draft, slot_id="s002").value == "30"


def test_a_year_blank_takes_only_the_missing_digits(logged_in, user):
    template = template_create(owner=user, name="t", source_text="讲话\n在20XX年工作会上。")
    draft = draft_start(owner=user, template=template)
    assert 'placeholder="20XX"' in logged_in.get(fill_url(draft)).content.decode()
    logged_in.post(fill_url(draft), {"s001": "25"})
    assert SlotValue.objects.get(draft=draft, slot_id="s001").value == "2025"


def test_a_copy_of_a_draft_keeps_its_token_set(user):
    template = template_create(owner=user, name="t", source_text=DIALECT, tokens="X,X.X")
    draft = draft_start(owner=user, template=template)
    copy = draft_duplicate(draft=draft, keep_values=False, title="下季度")
    assert copy.tokens == "x,decimal"
    assert copy.speech.slot_ids == draft.speech.slot_ids == ("s001", "s002", "s003")
