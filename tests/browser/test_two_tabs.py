"""Two tabs on one draft: different fields both survive; the later edit of a field wins and
the other tab shows it (it polls /drafts/<pk>/changes/ every 4 s)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.stored import draft_values
from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser

TOTAL = 178
POLL_WAIT_MS = 6_500  # one 4 s polling period, the request and the preview refresh


@pytest.fixture
def tabs(context, page, draft):
    log_in(page)
    other = context.new_page()
    open_fill(page, draft, section="5")
    open_fill(other, draft, section="5")
    return page, other


def test_two_tabs_edit_different_fields_then_the_same_field(tabs, draft):
    a, b = tabs

    # Each tab picks up the other's field without a reload. (Each tab waits for the other's
    # change before saving its own.)
    a.locator("#field-s002").fill("11")
    expect(a.locator("#feedback-s002")).to_contain_text("已保存")
    expect(b.locator("#field-s002")).to_have_value("11", timeout=POLL_WAIT_MS)
    expect(b.locator("#feedback-s002")).to_contain_text("已在另一个窗口修改")

    b.locator("#field-s003").fill("22")
    expect(b.locator("#feedback-s003")).to_contain_text("已保存")
    expect(a.locator("#field-s003")).to_have_value("22", timeout=POLL_WAIT_MS)
    expect(a.locator("#feedback-s003")).to_contain_text("已在另一个窗口修改")
    assert draft_values(draft) == {"s002": "11", "s003": "22"}

    # The same field: first in tab A, later in tab B. The later value wins everywhere.
    a.locator("#field-s004").fill("7")
    expect(a.locator("#feedback-s004")).to_contain_text("已保存")
    b.locator("#field-s004").fill("9")
    expect(b.locator("#feedback-s004")).to_contain_text("已保存")
    assert draft_values(draft)["s004"] == "9"

    expect(a.locator("#field-s004")).to_have_value("9", timeout=POLL_WAIT_MS)
    expect(a.locator("#feedback-s004")).to_contain_text("已在另一个窗口修改")
    expect(a.locator('#preview [data-slot="s004"]')).to_have_text("9")
    # Tab A's own earlier values were not disturbed.
    expect(a.locator("#field-s002")).to_have_value("11")

    # Nothing was lost: a reload of either tab shows all three values.
    for tab in (a, b):
        tab.reload()
        expect(tab.locator("#field-s002")).to_have_value("11")
        expect(tab.locator("#field-s003")).to_have_value("22")
        expect(tab.locator("#field-s004")).to_have_value("9")
        expect(tab.locator("#overall-progress")).to_contain_text(f"已填 3 / {TOTAL}")
    assert draft_values(draft) == {"s002": "11", "s003": "22", "s004": "9"}


def test_own_save_does_not_hide_a_change_from_the_other_tab(tabs, draft):
    a, b = tabs
    # Tab A's next poll has not happened yet (it runs every 4 s): hold it back.
    a.route("**/changes/**", lambda route: route.abort())

    b.locator("#field-s003").fill("22")  # revision 1
    expect(b.locator("#feedback-s003")).to_contain_text("已保存")
    a.locator("#field-s002").fill("11")  # revision 2, answered to tab A
    expect(a.locator("#feedback-s002")).to_contain_text("已保存")
    assert draft_values(draft) == {"s002": "11", "s003": "22"}

    a.unroute("**/changes/**")
    # Tab A should now learn about s003; with the bug it asks only for changes after 2.
    expect(a.locator("#field-s003")).to_have_value("22", timeout=POLL_WAIT_MS)
