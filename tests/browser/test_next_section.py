"""保存并到下一节 goes to the section after the one shown, whatever autosave saved meanwhile."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser

OPENING = "开头"
SECTION_ONE = "（一）经济运行在逆境中出谷转正"  # s002–s024


def test_save_and_next_from_the_opening_lands_on_section_one(page, draft):
    log_in(page)
    open_fill(page, draft)  # no section asked for: where the work is, the opening
    expect(page.locator("#section-heading")).to_have_text(OPENING)
    page.locator("#field-s001").fill("张书记")
    expect(page.locator("#feedback-s001")).to_contain_text("已保存")  # the opening is done
    page.get_by_role("button", name="保存并到下一节").click()
    expect(page).to_have_url(re.compile(r"\?section=5$"))
    expect(page.locator("#section-heading")).to_have_text(SECTION_ONE)
    expect(page.locator('.outline-count[data-section="5"]')).to_have_text("0/23")
