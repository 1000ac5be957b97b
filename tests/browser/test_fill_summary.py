"""The fill page's figures to check and its length follow the writer's typing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser


def test_a_backwards_month_range_is_flagged_as_typed_and_links_both_blanks(page, draft):
    log_in(page)
    open_fill(page, draft, section="7")
    length = page.locator("#speech-length")
    chars_before = int(re.search(r"共 (\d+) 字", length.inner_text()).group(1))
    page.locator("#field-s046").fill("6")
    page.locator("#field-s047").fill("三")  # Chinese numerals are figures too
    expect(page.locator("#feedback-s047")).to_contain_text("已按“3”填写")
    box = page.locator("#figure-warnings")
    expect(box).to_contain_text("月份范围的起点（6月）晚于终点（3月）")
    expect(box.locator('a[href$="#field-s046"]')).to_have_count(1)
    expect(box.locator('a[href$="#field-s047"]')).to_have_count(1)
    # The length moved with the values (two × became two digits: the same count here).
    expect(length).to_contain_text(f"共 {chars_before} 字")
    page.locator("#field-s047").fill("9")
    expect(box).not_to_contain_text("月份范围")
    page.locator("#field-s046").fill("10")  # one character more than "×"
    expect(box).to_contain_text("月份范围的起点（10月）晚于终点（9月）")
    expect(length).to_contain_text(f"共 {chars_before + 1} 字")
