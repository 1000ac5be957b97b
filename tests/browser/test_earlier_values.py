"""上期 on the fill page: 沿用 beside a blank fills it and marks it; 确认 clears the mark."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.filling.stored import stored_values
from tests.browser.pages import log_in, open_fill
from tests.samples import filled_values

pytestmark = pytest.mark.browser


def based_on_last_quarter(page, user, seed_template):
    """A draft based on last quarter's (s009 was 7.7), open at its section with s009."""
    last = draft_start(owner=user, template=seed_template)
    draft_save_values(draft=last, raw=filled_values(last.speech, s009="7.7"))
    draft = draft_start(owner=user, template=seed_template, earlier=last)
    log_in(page)
    open_fill(page, draft, section="5")
    return draft


def test_take_an_earlier_value_then_confirm_it(page, user, seed_template):
    draft = based_on_last_quarter(page, user, seed_template)
    row = page.locator("#row-s009")
    expect(row).to_contain_text("上期：7.7")
    row.get_by_role("button", name="沿用上期数值 7.7").click()
    row = page.locator("#row-s009")
    expect(row.locator("#field-s009")).to_have_value("7.7")
    expect(row.locator(".carried-badge")).to_have_text("沿用")
    expect(page.locator("#overall-progress")).to_contain_text("1 / 178")
    row.get_by_role("button", name="确认沿用的数值").click()
    expect(page.locator("#row-s009 .carried-badge")).to_have_count(0)
    expect(page.locator("#field-s009")).to_have_value("7.7")
    stored = stored_values(draft)
    assert stored.printed["s009"] == "7.7" and not stored.carried


def test_typing_over_a_carried_value_drops_its_mark_at_once(page, user, seed_template):
    draft = based_on_last_quarter(page, user, seed_template)
    page.locator("#row-s009").get_by_role("button", name="沿用上期数值 7.7").click()
    expect(page.locator("#row-s009 .carried-badge")).to_have_count(1)
    field = page.locator("#field-s009")
    field.fill("8.1")
    field.blur()
    # The autosave's answer redraws the cell beside the blank: no 沿用 badge, 采用上期 again.
    expect(page.locator("#row-s009 .carried-badge")).to_have_count(0)
    expect(page.locator("#earlier-s009")).to_contain_text("上期：7.7")
    expect(page.locator("#earlier-s009 .take-earlier")).to_have_count(1)
    stored = stored_values(draft)
    assert stored.printed["s009"] == "8.1" and not stored.carried
