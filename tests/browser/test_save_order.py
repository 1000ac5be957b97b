"""A save delayed in the network never overwrites a later one: each autosave carries the
field's sequence number, and the server refuses an older one (services.draft_save_values)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.stored import draft_values
from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser


def test_a_delayed_save_from_one_tab_does_not_overwrite_a_later_one(context, page, draft):
    log_in(page)
    slow = page
    fast = context.new_page()
    open_fill(slow, draft, section="5")
    open_fill(fast, draft, section="5")

    held = []  # the slow tab's save, held back in the network

    def hold(route):
        held.append(route)

    slow.route("**/slots/s004/", hold)
    slow.locator("#field-s004").fill("7")
    for _ in range(50):
        if held:
            break
        slow.wait_for_timeout(100)
    assert held, "the slow tab never sent its save"

    fast.locator("#field-s004").fill("9")
    expect(fast.locator("#feedback-s004")).to_contain_text("已保存")

    assert len(held) == 1
    held[0].continue_()
    slow.unroute("**/slots/s004/", hold)
    expect(slow.locator("#feedback-s004")).to_contain_text("已有更新的内容")
    expect(slow.locator("#feedback-s004")).not_to_contain_text("已保存")
    expect(slow.locator("#field-s004")).to_have_value("9")
    assert draft_values(draft)["s004"] == "9"

    # The slow tab's next edit is newer than everything stored: it applies.
    slow.locator("#field-s004").fill("8")
    expect(slow.locator("#feedback-s004")).to_contain_text("已保存")
    assert draft_values(draft)["s004"] == "8"
