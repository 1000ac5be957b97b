"""The fill page's layout as a writer sees it: what stays in view, where links go, on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, open_fill

pytestmark = pytest.mark.browser


def in_view(page, selector: str) -> bool:
    """Whether the element's top part is inside the window."""
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            // Sub-pixel layout may leave a sticky column a fraction of a pixel above the top.
            return box.top > -1 && box.top < window.innerHeight - 40 && box.height > 40;
        }""",
        selector,
    )


@pytest.mark.parametrize("section", ["5", "all"])
def test_the_outline_and_the_preview_stay_in_view_at_the_end_of_a_long_form(page, draft, section):
    log_in(page)
    open_fill(page, draft, section=section)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height > 1500  # a long form: the page itself scrolls
    page.locator("input.slot-input").last.focus()
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("() => window.scrollY") > 600
    assert in_view(page, "nav.outline")
    assert in_view(page, "#preview")
    # Each keeps its own scroll: the preview shows the focused blank.
    last = page.locator("input.slot-input").last.get_attribute("data-slot")
    chip = page.locator(f'#preview [data-slot="{last}"]')
    expect(chip).to_be_in_viewport()


def test_all_sections_mode_shows_the_parts_and_the_outline_jumps_within_the_page(page, draft):
    log_in(page)
    open_fill(page, draft, section="all")
    form = page.locator("#slot-form")
    expect(form.get_by_role("heading", name="一、肯定成绩、坚定必胜信心")).to_be_visible()
    expect(form.get_by_role("heading", name="二、苦干实干、务求决战决胜")).to_have_count(1)
    page.locator("nav.outline").get_by_role("link", name="（三）牢牢把握扩大开放这个主抓手").click()
    expect(page).to_have_url(re.compile(r"\?section=all#sec-\d+$"))
    heading = form.get_by_role("heading", name="（三）牢牢把握扩大开放这个主抓手")
    expect(heading).to_be_in_viewport()
    assert page.locator("input.slot-input").count() == 178  # still every blank on the page
    page.locator("nav.outline").get_by_role("link", name="回到逐节填写").click()
    expect(page.locator("#section-heading")).not_to_have_text("全部章节")


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_on_a_phone_the_navbar_reads_and_the_blanks_start_on_the_first_screen(phone, draft):
    page = phone
    log_in(page)
    open_fill(page, draft, section="5")
    page.screenshot(path="/tmp/fillux/phone.png", full_page=False)
    # Every menu entry on one line: no word broken one character a line.
    for link in page.locator("nav.navbar a, nav.navbar .navbar-text").all():
        if link.is_visible():
            box = link.bounding_box()
            assert box["height"] < 45, link.inner_text()
    # The language select shows its whole choice, inside the screen.
    select = page.locator("#language")
    box = select.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate(
        "() => { const s = document.getElementById('language'); "
        "return s.scrollWidth <= s.clientWidth + 1; }"
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # The first blank is on the first screen.
    expect(page.locator("#field-s002")).to_be_in_viewport()


def test_the_outline_shows_the_current_section_when_it_is_far_down(context, draft):
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 320})  # a short window: the outline scrolls
    log_in(page)
    open_fill(page, draft)
    sections = page.locator("nav.outline a[href^='?section=']:not([href='?section=all'])")
    open_fill(page, draft, section=sections.last.get_attribute("href").split("=")[1])
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(page.locator("nav.outline .outline-item.current")).to_be_in_viewport()
    assert page.evaluate("() => document.querySelector('nav.outline').scrollTop") > 0
