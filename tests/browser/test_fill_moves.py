"""Moving through the speech by keyboard, a save surviving a network drop, the way back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from speechapp.filling.stored import draft_values
from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser

SECTION_TWO = "（二）项目引资在优化中增添新支撑"  # s025–s056


def test_enter_in_a_sections_last_blank_goes_to_the_next_sections_first(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    page.locator("#field-s024").fill("0.4")
    page.locator("#field-s024").press("Enter")
    expect(page.locator("#section-heading")).to_have_text(SECTION_TWO)
    expect(page).to_have_url(re.compile(r"\?section=7$"))
    expect(page.locator("#field-s025")).to_be_focused()  # ready to type
    assert draft_values(draft)["s024"] == "0.4"


def test_choosing_a_section_in_the_outline_focuses_its_first_open_blank(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    page.locator("nav.outline").get_by_role("link", name=SECTION_TWO).click()
    expect(page.locator("#field-s025")).to_be_focused()
    # All sections at once: a jump in the outline focuses the first blank under that heading.
    open_fill(page, draft, section="all")
    page.locator("nav.outline").get_by_role("link", name=SECTION_TWO).click()
    expect(page.locator("#field-s025")).to_be_focused()


def test_a_save_lost_to_the_network_is_retried_and_says_when_it_saved(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    dropped = []

    def drop_first(route):
        if not dropped:
            dropped.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/slots/s009/$"), drop_first)
    page.locator("#field-s009").fill("5.2")
    feedback = page.locator("#feedback-s009")
    expect(feedback).to_contain_text("秒后自动重试")
    expect(feedback).to_contain_text(re.compile(r"已于 \d{1,2}:\d{2}:\d{2} 保存"), timeout=15_000)
    assert dropped and draft_values(draft)["s009"] == "5.2"


def test_the_download_page_leads_back_to_filling(page, draft):
    log_in(page)
    page.goto(f"/drafts/{draft.pk}/download/")
    page.get_by_role("link", name="继续填写").click()
    expect(page.locator("#slot-form")).to_be_visible()


def test_no_page_asks_for_a_missing_file(page, draft):
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    log_in(page)
    open_fill(page, draft, section="5")
    page.goto(f"/drafts/{draft.pk}/download/")
    assert page.request.get("/favicon.ico").ok
    assert missing == []
