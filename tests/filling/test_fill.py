"""Filling a draft in the browser: sections, context, validation, saving."""

import pytest
from django.urls import reverse

from speechapp.drafts.models import SlotValue

pytestmark = pytest.mark.django_db


def fill_url(draft, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("draft_fill", args=[draft.pk]) + (f"?{query}" if query else "")


def test_starting_a_draft_from_the_seed_opens_its_fill_page(logged_in, seed_template, user):
    response = logged_in.post(reverse("draft_start", args=[seed_template.pk]))
    draft = user.draft_set.get()
    assert response.status_code == 302
    assert response.url == reverse("draft_fill", args=[draft.pk])
    assert draft.slot_count == 178
    assert draft.title == "在2024年全区重点任务部署会上的讲话"


def test_the_fill_page_shows_the_section_heading_and_each_blank_in_context(logged_in, draft):
    response = logged_in.get(fill_url(draft, section=draft.speech.slots[8].section_block))
    assert response.status_code == 200
    html = response.content.decode()
    assert "（一）经济运行在逆境中出谷转正" in html
    assert "规上工业增加值同比增长" in html
    assert 'id="field-s009"' in html
    assert 'inputmode="decimal"' in html  # numbers get a numeric keypad
    assert 'placeholder="百分比"' in html


def test_a_name_blank_gets_a_text_input_without_a_numeric_keypad(logged_in, draft):
    response = logged_in.get(fill_url(draft, slot="s028"))
    html = response.content.decode()
    field = html[html.index('id="field-s028"') - 300 : html.index('id="field-s028"') + 200]
    assert 'data-kind="name"' in field
    assert "inputmode" not in field


def test_saving_keeps_every_valid_value(logged_in, draft):
    url = fill_url(draft, slot="s009")
    response = logged_in.post(url, {"s009": "5.2", "s010": "1.3", "s011": "3", "save": "1"})
    assert response.status_code == 302
    saved = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "value"))
    assert saved["s009"] == "5.2" and saved["s010"] == "1.3" and saved["s011"] == "3"


def test_a_bad_value_gets_a_chinese_error_beside_its_field_and_stays_typed(logged_in, draft):
    url = fill_url(draft, slot="s009")
    response = logged_in.post(url, {"s009": "abc", "s010": "1.3", "save": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index('id="row-s009"') :]
    row = row[: row.index('id="row-s010"')]
    assert "请输入数字" in row
    assert 'value="abc"' in row
    # the valid neighbour was saved, the bad one kept as typed but not printable
    assert SlotValue.objects.get(draft=draft, slot_id="s010").value == "1.3"
    bad = SlotValue.objects.get(draft=draft, slot_id="s009")
    assert (bad.raw, bad.value) == ("abc", "")


def test_a_month_out_of_range_is_refused(logged_in, draft):
    response = logged_in.post(fill_url(draft, slot="s082"), {"s082": "13"})
    html = response.content.decode()
    assert "请输入 1–12 之间的月份" in html
    assert 'value="13"' in html


def test_full_width_digits_and_thousands_separators_are_normalised(logged_in, draft):
    logged_in.post(fill_url(draft, slot="s012"), {"s012": "１，２３４．５", "s009": "５．２"})
    saved = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "value"))
    assert saved["s012"] == "1234.5"
    assert saved["s009"] == "5.2"


def test_a_stored_bad_value_is_shown_with_its_error_when_the_page_is_reopened(logged_in, draft):
    logged_in.post(fill_url(draft, slot="s009"), {"s009": "abc"})
    html = logged_in.get(fill_url(draft, slot="s009")).content.decode()
    assert 'value="abc"' in html
    assert "请输入数字" in html


def test_save_and_next_goes_to_the_following_section(logged_in, draft):
    speech = draft.speech
    first_section = speech.slots[0].section_block
    response = logged_in.post(fill_url(draft, slot="s001"), {"s001": "张书记", "save_next": "1"})
    assert response.status_code == 302
    assert f"section={speech.slots[1].section_block}" in response.url
    assert first_section is None


def test_the_outline_counts_filled_blanks_per_section(logged_in, draft):
    logged_in.post(fill_url(draft, slot="s002"), {"s002": "12", "s003": "30"})
    html = logged_in.get(fill_url(draft, slot="s002")).content.decode()
    assert "2/23" in html  # section （一） has 23 blanks
    assert "已填 2 / 178" in html


def test_the_all_sections_view_lists_every_blank(logged_in, draft):
    html = logged_in.get(fill_url(draft, section="all")).content.decode()
    assert html.count('class="slot-row') == 178


def test_next_blank_links_to_the_first_open_slot_after_this_section(logged_in, draft):
    html = logged_in.get(fill_url(draft, slot="s001")).content.decode()
    assert "?slot=s002#field-s002" in html


def test_an_unknown_section_is_not_found(logged_in, draft):
    assert logged_in.get(fill_url(draft, section="9999")).status_code == 404


def test_the_fill_page_shows_a_live_preview_with_values_and_open_blanks(logged_in, draft):
    logged_in.post(fill_url(draft, slot="s009"), {"s009": "5.2"})
    html = logged_in.get(fill_url(draft, slot="s009")).content.decode()
    preview = html[html.index('id="preview"') :]
    assert 'data-slot="s009"' in preview and ">5.2<" in preview
    assert "missing" in preview  # the open blanks are flagged


def test_a_full_form_save_does_not_blank_a_value_another_tab_saved_since(logged_in, draft):
    url = fill_url(draft, slot="s009")
    html = logged_in.get(url).content.decode()
    # the value shown travels with the form, once (one id: WCAG 4.1.1)
    assert html.count('id="initial-field-s010"') == 1
    # another tab saves s010 after this page was shown
    logged_in.post(reverse("slot_save", args=[draft.pk, "s010"]), {"s010": "1.3"})
    # this tab now saves its section, s010 still empty as it was shown
    logged_in.post(url, {"s009": "5.2", "initial-s009": "", "s010": "", "initial-s010": ""})
    saved = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "value"))
    assert saved["s009"] == "5.2"
    assert saved["s010"] == "1.3"


def test_clearing_a_value_in_the_full_form_clears_it(logged_in, draft):
    url = fill_url(draft, slot="s009")
    logged_in.post(url, {"s009": "5.2"})
    logged_in.post(url, {"s009": "", "initial-s009": "5.2"})
    assert SlotValue.objects.get(draft=draft, slot_id="s009").value == ""


def test_a_blank_guessed_as_a_number_can_be_told_to_take_words(logged_in, draft):
    # "×千万吨级×粉磨装备": the parser guesses a measure, the writer means a company.
    save = reverse("slot_save", args=[draft.pk, "s060"])
    html = logged_in.post(save, {"s060": "中信重工"}).content.decode()
    assert "请输入数字" in html
    assert "这里要填文字，不是数字" in html
    as_text = reverse("slot_as_text", args=[draft.pk, "s060"])
    response = logged_in.post(as_text, {"s060": "中信重工", "as_text": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    assert SlotValue.objects.get(draft=draft, slot_id="s060").value == "中信重工"
    page = logged_in.get(fill_url(draft, slot="s060")).content.decode()
    row = page[page.index('id="row-s060"') :][:3000]
    assert "改回按数字检查" in row and 'data-kind="name"' in row
    # and back: the words no longer fit a number, but nothing typed is lost
    logged_in.post(as_text, {"as_text": "0"}, HTTP_HX_REQUEST="true")
    row_value = SlotValue.objects.get(draft=draft, slot_id="s060")
    assert (row_value.raw, row_value.value) == ("中信重工", "")


def test_without_javascript_taking_words_keeps_the_rest_of_the_form(logged_in, draft):
    as_text = reverse("slot_as_text", args=[draft.pk, "s060"])
    response = logged_in.post(as_text, {"s060": "中信重工", "s059": "中铝", "as_text": "1"})
    assert response.status_code == 302
    saved = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "value"))
    assert saved["s060"] == "中信重工" and saved["s059"] == "中铝"


def test_enter_without_javascript_is_a_plain_save(logged_in, draft):
    html = logged_in.get(fill_url(draft, slot="s060")).content.decode()
    form = html[html.index('id="slot-form"') :]
    first_button = form[form.index("<button") :][:120]
    assert 'name="save"' in first_button


def test_save_and_next_follows_the_section_shown_even_when_autosave_completed_it(logged_in, draft):
    # The writer opens the draft (the opening, its only open blank), autosave saves s001,
    # then "保存并到下一节": the next section is （一）, not the one after the first open one.
    speech = draft.speech
    html = logged_in.get(fill_url(draft)).content.decode()
    assert 'name="section" value="0"' in html
    logged_in.post(reverse("slot_save", args=[draft.pk, "s001"]), {"s001": "张书记"})
    response = logged_in.post(
        fill_url(draft), {"section": "0", "s001": "张书记", "initial-s001": "", "save_next": "1"}
    )
    first_part = speech.slots[1].section_block  # （一）经济运行在逆境中出谷转正, s002…
    assert response.url.endswith(f"?section={first_part}")
    page = logged_in.get(response.url).content.decode()
    assert "（一）经济运行在逆境中出谷转正" in page and "0/23" in page
