"""A session that expires while the writer types loses nothing: the field says to log in
again, keeps the value, and saves it once the writer is back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.stored import draft_values
from tests.browser.pages import PASSWORD, log_in, open_fill, wait_for_fill_script

pytestmark = pytest.mark.browser


def test_a_value_typed_after_the_session_expired_is_saved_after_logging_in_again(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    page.locator("#field-s002").fill("12")
    expect(page.locator("#feedback-s002")).to_contain_text("已保存")

    # The session expires (its cookie goes; the CSRF cookie, kept a year, stays).
    page.context.clear_cookies(name="sessionid")
    page.locator("#field-s003").fill("7")
    feedback = page.locator("#feedback-s003")
    expect(feedback).to_contain_text("未保存，请重新登录")
    expect(page.locator("#field-s003")).to_have_value("7")
    assert "s003" not in draft_values(draft)

    # The message links to the login page, which brings the writer back to this section.
    feedback.get_by_role("link", name="未保存，请重新登录").click()
    page.locator("#id_username").fill("writer")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_for_fill_script(page)
    expect(page.locator("#field-s003")).to_have_value("7")
    expect(page.locator("#feedback-s003")).to_contain_text("已保存")
    assert draft_values(draft)["s003"] == "7"
    assert draft_values(draft)["s002"] == "12"


def test_a_restored_value_never_overwrites_a_later_change_made_elsewhere(page, draft):
    from speechapp.filling.saving import draft_save_values

    log_in(page)
    open_fill(page, draft, section="5")
    page.context.clear_cookies(name="sessionid")
    page.locator("#field-s003").fill("7")
    expect(page.locator("#feedback-s003")).to_contain_text("未保存，请重新登录")
    # Meanwhile a colleague's tab saved another value into the same blank.
    draft_save_values(draft=draft, raw={"s003": "9"})
    log_in(page)
    open_fill(page, draft, section="5")
    expect(page.locator("#field-s003")).to_have_value("9")
    assert draft_values(draft)["s003"] == "9"
