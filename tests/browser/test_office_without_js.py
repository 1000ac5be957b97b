"""An office's link page in a browser with JavaScript off (a locked-down office PC, an old phone
browser): the plain form saves a value with its 备注, keeps a refused value with the message
beside it, takes 提交 with name and phone, and the language switch works by its button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from speechapp.collection.offices import office_assign
from speechapp.collection.rounds import link_key, round_start
from speechapp.drafts.models import OfficeLink
from speechapp.filling.stored import draft_values

pytestmark = pytest.mark.browser

STATS = "县统计局"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def link(draft):
    office_assign(draft=draft, by_section={}, by_slot={"s009": STATS, "s012": STATS})
    round_ = round_start(
        draft=draft, user=draft.owner, offices=[STATS], deadline=timezone.now() + timedelta(days=3)
    )
    return round_.links.get()


@pytest.fixture
def no_js(browser, live_server, transactional_db):
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_the_office_page_fills_and_submits_without_javascript(no_js, link, draft):
    page = no_js.new_page()
    scripted = []  # an autosave (htmx) would post to …/slots/<id>/: none may be sent
    page.on("request", lambda r: "/slots/" in r.url and scripted.append(r.url))
    page.goto(f"/o/{link_key(link)}/")

    page.locator("#value-s009").fill("5.2")
    page.locator("#note-s009").fill("快报数")
    page.locator("#value-s012").fill("abc")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("main .alert-info")).to_have_text("已保存")
    expect(page.locator("#value-s009")).to_have_value("5.2")
    expect(page.locator("#value-s012")).to_have_value("abc")  # kept as typed
    expect(page.locator("#feedback-s012")).to_contain_text("请输入数字")
    values = {v.slot_id: (v.raw, v.note) for v in OfficeLink.objects.get(pk=link.pk).values.all()}
    assert values == {"s009": ("5.2", "快报数"), "s012": ("abc", "")}

    # 提交 without a name is refused beside the field, with everything typed still there
    page.locator("#value-s012").fill("12.5")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator("#name-error")).to_be_visible()
    expect(page.locator("#value-s012")).to_have_value("12.5")

    page.locator("#id_name").fill("张三")
    page.locator("#id_phone").fill("0571-12345678")
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".office-submitted")).to_contain_text("张三")
    link.refresh_from_db()
    assert (link.submitted_name, link.submitted_phone) == ("张三", "0571-12345678")
    assert {v.slot_id: v.raw for v in link.values.all()} == {"s009": "5.2", "s012": "12.5"}
    assert draft_values(draft) == {}  # only the writer's review puts them into the draft
    assert scripted == []

    # The language switch: its <noscript> button
    page.locator("#language").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".office-submitted")).to_contain_text("Submitted")
