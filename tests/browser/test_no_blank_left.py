"""No blank left: a template with a blank in its title and a "（ ）" its marks do not take.
The download page lists the leftover and refuses the finished copy; 标为空 makes it a blank;
once filled, the finished PDF carries the title's value in its text and its file name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.speech_templates.template_writes import template_create
from tests.browser.pages import log_in, open_fill, wait_for_fill_script
from tests.pdfs import speech_text

pytestmark = pytest.mark.browser

TEXT = (
    "在20XX年全区民生工作会议上的讲话\n"
    "同志们：\n"
    "一、工作回顾\n"
    "今年全区民生支出增长×%，共发放（ ）万元，惠及×户群众。\n"
)
TITLE = "在2025年全区民生工作会议上的讲话"


def test_a_missed_bracket_is_listed_marked_filled_and_the_pdf_is_clean(page, user, tmp_path):
    # The template's marks are × and X only: "（ ）" is no blank of it, so it is left over.
    template = template_create(owner=user, name="", source_text=TEXT, tokens="cross,x")
    draft = draft_start(owner=user, template=template)
    draft_save_values(draft=draft, raw={"s001": "2025", "s002": "5.2", "s003": "860"})
    log_in(page)

    page.goto(f"/drafts/{draft.pk}/download/")
    leftovers = page.locator("#leftovers")
    expect(leftovers).to_contain_text("这里看起来还有一个空")
    expect(leftovers).to_contain_text("共发放（ ）万元")
    expect(page.get_by_role("link", name="下载 PDF", exact=True)).to_have_count(0)

    leftovers.get_by_role("link", name="标为空").click()
    expect(page.locator("#id_mark_text")).to_have_value("（ ）")
    with page.expect_navigation():
        page.locator("#mark-button").click()
    expect(page.locator("#id_mark_text")).to_have_value("")  # saved: nothing left to mark

    open_fill(page, draft)
    page.get_by_role("button", name="按模板更新").click()
    wait_for_fill_script(page)
    field = page.locator("#field-s003")
    expect(field).to_be_visible()
    field.fill("1200")
    expect(page.locator("#feedback-s003")).to_contain_text("已保存")

    page.goto(f"/drafts/{draft.pk}/download/")
    expect(page.locator("#leftovers")).to_have_count(0)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="下载 PDF", exact=True).click()
    assert info.value.suggested_filename == f"{TITLE}.pdf"
    path = tmp_path / "speech.pdf"
    info.value.save_as(path)
    text = speech_text(path.read_bytes())  # without page numbers and whitespace
    assert TITLE in text and "共发放1200万元" in text
    for mark in ("（）", "XX", "×"):
        assert mark not in text
