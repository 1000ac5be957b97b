"""Figure checks on the fill page and the download page: warnings that never block."""

import datetime

import pytest
from django.urls import reverse

from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from tests.samples import filled_values

pytestmark = pytest.mark.django_db


def test_the_fill_page_lists_a_backwards_month_range_linking_both_blanks(logged_in, draft):
    draft_save_values(draft=draft, raw={"s046": "6", "s047": "3"})
    html = logged_in.get(reverse("draft_fill", args=[draft.pk])).content.decode()
    box = html[html.index('id="figure-warnings"') :]
    box = box[: box.index("</ul>")]
    assert "有 1 处数字请核对" in box
    assert "月份范围的起点（6月）晚于终点（3月）" in box
    assert "?slot=s046#field-s046" in box and "?slot=s047#field-s047" in box


def test_the_box_refreshes_after_a_save_and_empties_when_fixed(logged_in, draft):
    url = reverse("fill_summary", args=[draft.pk])
    assert "请核对" not in logged_in.get(url).content.decode()
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "60"})
    assert "增幅 60% 超出了 ±50%" in logged_in.get(url).content.decode()
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "6"})
    assert "请核对" not in logged_in.get(url).content.decode()


def test_a_warning_never_blocks_the_final_download(logged_in, draft):
    draft_save_values(
        draft=draft,
        raw=filled_values(draft.speech) | {"s071": "5", "s072": "40", "s073": "50"},
    )
    html = logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()
    assert "各部分合计 95，不是 100" in html
    for slot_id in ("s071", "s072", "s073"):
        assert f"?slot={slot_id}#field-{slot_id}" in html
    assert "下载 Word" in html
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    assert response.status_code == 200


def test_the_warnings_of_another_writers_draft_are_not_shown(client, draft, other_user):
    client.force_login(other_user)
    assert client.get(reverse("fill_summary", args=[draft.pk])).status_code == 404
    client.force_login(draft.owner)
    assert client.post(reverse("fill_summary", args=[draft.pk])).status_code == 405


def test_the_fill_page_checks_an_amounts_growth_against_last_quarter_linking_both_blanks(
    logged_in, user, seed_template
):
    # "一般公共预算收入累计完成×亿元，同比增长×%": 117 → 123 亿元 is 5.1%, not 5.2%.
    last = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=last, raw={"s018": "117"})
    draft = draft_start(owner=user, template=seed_template, earlier=last)
    draft_save_values(draft=draft, raw={"s018": "123", "s019": "5.2"})
    html = logged_in.get(reverse("draft_fill", args=[draft.pk])).content.decode()
    box = html[html.index('id="figure-warnings"') :]
    box = box[: box.index("</ul>")]
    assert "上期 117、本期 123，算得增幅 5.1%，与所填的 5.2% 不符" in box
    assert "?slot=s018#field-s018" in box and "?slot=s019#field-s019" in box
    assert "【123】" in box and "【5.2】" in box
    draft_save_values(draft=draft, raw={"s019": "5.1"})
    assert "请核对" not in logged_in.get(reverse("fill_summary", args=[draft.pk])).content.decode()


def test_a_count_beyond_any_real_count_is_warned_on_the_fill_page(logged_in, draft):
    # "×个省市重点项目": the walk typed 99999999999999999999 without a word.
    draft_save_values(draft=draft, raw={"s002": "99999999999999999999"})
    html = logged_in.get(reverse("fill_summary", args=[draft.pk])).content.decode()
    assert "数量 99999999999999999999 大得不合常理" in html
    assert "?slot=s002#field-s002" in html


def test_a_year_far_from_the_speech_date_is_warned(logged_in, draft):
    # "借力“双倍增”行动，×年第一批高新技术企业我区共申报×家"
    draft.speech_date = datetime.date(2024, 7, 15)
    draft.save()
    draft_save_values(draft=draft, raw={"s079": "2015"})
    html = logged_in.get(reverse("fill_summary", args=[draft.pk])).content.decode()
    assert "年份 2015 与讲话稿的年份 2024 相差五年以上" in html
    assert "?slot=s079#field-s079" in html
    draft_save_values(draft=draft, raw={"s079": "2024"})
    assert "请核对" not in logged_in.get(reverse("fill_summary", args=[draft.pk])).content.decode()
