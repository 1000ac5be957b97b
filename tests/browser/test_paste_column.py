"""A column copied from Excel and pasted into one blank fills the next ones after a preview."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser

SECTION_ONE = "5"  # （一）经济运行在逆境中出谷转正: s002–s024

PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  const input = document.getElementById("field-s009");
  input.focus();
  input.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_pasting_a_column_previews_then_fills_the_blanks_in_order(page, draft):
    from speechapp.filling import stored

    log_in(page)
    open_fill(page, draft, SECTION_ONE)
    page.evaluate(PASTE, "5.2\r\n1.3\r\n3\r\n")
    preview = page.locator("#paste-s009")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview.locator('tr[data-slot="s010"]')).to_contain_text("1.3")
    expect(preview.locator('tr[data-slot="s011"]')).to_contain_text("3")
    expect(page.locator("#field-s009")).to_have_value("")  # nothing typed or saved yet
    assert stored.draft_values(draft) == {}
    preview.get_by_role("button", name="填入").click()
    expect(page.locator("#field-s011")).to_have_value("3")
    expect(page.locator("#field-s009")).to_have_value("5.2")
    expect(page.get_by_text("已填入 3 个空")).to_be_visible()
    assert stored.draft_values(draft) == {"s009": "5.2", "s010": "1.3", "s011": "3"}


def test_a_cancelled_paste_changes_nothing(page, draft):
    log_in(page)
    open_fill(page, draft, SECTION_ONE)
    page.evaluate(PASTE, "5.2\n1.3\n")
    page.locator("#paste-s009").get_by_role("button", name="取消").click()
    expect(page.locator("#paste-s009")).to_have_count(0)
    expect(page.locator("#field-s010")).to_have_value("")
