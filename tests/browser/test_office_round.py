"""The whole online round in a real browser: the writer makes links for two offices, office A
fills and submits on a 390 px phone, office B fills half, the board shows 已提交 / 填写中, a
reminder goes to B over SMTP, the writer reviews A's values (one conflict) and applies them,
the fill page shows A's 备注, the history names the office; round 1's link gets nothing of
draft 2."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from speechapp.collection.offices import office_assign
from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.filling.stored import draft_values
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser

STATS, FINANCE = "县统计局", "县财政局"
PHONE = {"width": 390, "height": 844}


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


def office_fill(page, slot_id: str, value: str, note: str = "") -> None:
    row = page.locator(f'li[data-slot="{slot_id}"]')
    row.locator(f"#note-{slot_id}").fill(note)
    row.locator(f"#value-{slot_id}").fill(value)
    row.locator(f"#value-{slot_id}").blur()
    expect(row.locator(".office-feedback")).to_contain_text("已自动保存")


def test_a_whole_online_round(browser, context, page, draft, seed_template, smtp, live_server):
    office_assign(
        draft=draft,
        by_section={},
        by_slot={"s009": STATS, "s012": STATS, "s001": FINANCE, "s002": FINANCE},
    )
    draft_save_values(draft=draft, raw={"s012": "9.9"}, user=draft.owner)  # the writer's
    other = draft_start(owner=draft.owner, template=seed_template)
    draft_save_values(draft=other, raw={"s009": "77.7"}, user=draft.owner)

    log_in(page)
    page.goto(f"/drafts/{draft.pk}/sheets/")
    page.locator("#id_deadline").fill("2030-12-10T17:00")
    page.get_by_role("button", name="生成填报链接").click()
    expect(page.locator("tr.round-office")).to_have_count(2)
    links = {
        office: page.locator(f'tr[data-office="{office}"] input.office-url').input_value()
        for office in (STATS, FINANCE)
    }
    expect(page.locator(f'tr[data-office="{STATS}"] .office-qr svg')).to_have_count(1)

    # Office A on a phone: fills both, with a note, and submits
    phone = browser.new_context(locale="zh-CN", viewport=PHONE, base_url=live_server.url)
    office_a = phone.new_page()
    office_a.goto(links[STATS])
    expect(office_a.locator("li.office-blank")).to_have_count(2)
    expect(office_a.locator("body")).not_to_contain_text("77.7")  # nothing of draft 2
    assert office_a.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    office_fill(office_a, "s009", "5.2", "快报数，待正式公布")
    office_fill(office_a, "s012", "12.5")
    office_a.locator("#id_name").fill("张三")
    office_a.locator("#id_phone").fill("0571-12345678")
    office_a.get_by_role("button", name="提交").click()
    expect(office_a.locator(".office-submitted")).to_contain_text("张三")

    # Office B fills half
    office_b = phone.new_page()
    office_b.goto(links[FINANCE])
    office_fill(office_b, "s001", "2026")
    phone.close()

    page.reload()
    expect(page.locator(f'tr[data-office="{STATS}"]')).to_have_attribute("data-status", "submitted")
    expect(page.locator(f'tr[data-office="{FINANCE}"]')).to_have_attribute("data-status", "filling")
    expect(page.locator(f'tr[data-office="{STATS}"] .office-status')).to_have_text("已提交")
    expect(page.locator(f'tr[data-office="{FINANCE}"] .office-status')).to_have_text("填写中")

    # A reminder to B over SMTP
    row_b = page.locator(f'tr[data-office="{FINANCE}"]')
    row_b.locator('input[type="email"]').fill("czj@example.gov.cn")
    row_b.get_by_role("button", name="保存").click()
    page.locator(f'tr[data-office="{FINANCE}"]').get_by_role("button", name="发催办邮件").click()
    expect(page.locator(".alert")).to_contain_text("催办邮件")
    assert [m.rcpt_tos for m in smtp.messages] == [["czj@example.gov.cn"]]
    assert links[FINANCE] in smtp.messages[0].content.decode()

    # The writer reviews A's values: one conflict (s012, the writer's 9.9), one new
    page.locator(f'tr[data-office="{STATS}"]').get_by_role("button", name="审核").click()
    expect(page.locator("h1")).to_contain_text("县统计局 · 在线填报")
    expect(page.locator("#conflicts-heading")).to_contain_text("冲突（1）")
    page.locator(".sheet-conflict").get_by_label("12.5").check()
    page.get_by_role("button", name="导入所选").click()
    assert draft_values(draft) == {"s009": "5.2", "s012": "12.5"}

    page.goto(f"/drafts/{draft.pk}/?slot=s009")
    expect(page.locator("#row-s009 .slot-note")).to_contain_text("快报数，待正式公布")
    page.goto(f"/drafts/{draft.pk}/history/")
    expect(page.locator("table.history-table")).to_contain_text("县统计局 · 在线填报")
    assert draft_values(other) == {"s009": "77.7"}
