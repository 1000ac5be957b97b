"""Review and sign-off in a real browser: the writer sends the draft to a reviewer, who comments
on a figure and returns it; the writer fixes the figure, resolves the comment and sends it again;
the reviewer sees the fix since their last look, on the page and as a tracked change in Word, and
approves; the writer freezes it, and the locked page refuses a save."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from speechapp.drafts.models import Access, Draft, DraftState
from speechapp.filling import lifecycle
from speechapp.filling.saving import draft_save_values
from speechapp.filling.stored import draft_values
from tests.browser.pages import PASSWORD, log_in, wait_for_fill_script
from tests.samples import filled_values

pytestmark = pytest.mark.browser


def test_send_comment_return_fix_resend_approve_freeze_and_the_locked_page(
    context, browser, live_server, draft, django_user_model
):
    reviewer = django_user_model.objects.create_user("kezhang", password=PASSWORD)
    draft_save_values(draft=draft, raw=filled_values(draft.speech, s009="5.2"))
    lifecycle.draft_share(draft=draft, user=reviewer, role=Access.REVIEW)
    review_url = f"/drafts/{draft.pk}/review/"

    writer = context.new_page()
    log_in(writer)
    writer.goto(review_url)
    writer.get_by_label("审核人").select_option(label="kezhang")
    writer.locator(".transition-submit textarea").fill("请科长审阅")
    writer.locator(".transition-submit").get_by_role("button", name="送审").click()
    expect(writer.get_by_text("已送审给 kezhang")).to_be_visible()

    other = browser.new_context(locale="zh-CN", base_url=live_server.url)
    try:
        kezhang = other.new_page()
        log_in(kezhang, "kezhang")
        expect(kezhang.get_by_role("heading", name="待我审核")).to_be_visible()
        kezhang.goto(f"/drafts/{draft.pk}/?slot=s009")
        row = kezhang.locator("#row-s009")
        row.locator("summary", has_text="批注").click()
        row.get_by_placeholder("对这个数字或这句话的意见").fill("5.2% 与统计局口径不符，请核实")
        row.get_by_role("button", name="添加批注").click()
        expect(kezhang.get_by_text("批注已添加")).to_be_visible()
        kezhang.goto(f"/drafts/{draft.pk}/preview/")  # what the reviewer has seen
        kezhang.goto(review_url)
        kezhang.locator(".transition-review textarea").fill("增速请按统计局数据改")
        kezhang.get_by_role("button", name="退回修改").click()
        expect(kezhang.locator(".draft-state")).to_contain_text("退回修改")

        # The writer sees the comment beside the field, fixes the figure, resolves, resends.
        writer.goto(f"/drafts/{draft.pk}/?slot=s009")
        wait_for_fill_script(writer)
        row = writer.locator("#row-s009")
        expect(row.locator(".comment")).to_contain_text("与统计局口径不符")
        field = writer.locator("#field-s009")
        field.fill("5.3")
        field.press("Tab")
        expect(writer.locator("#feedback-s009 .slot-state.saved")).to_be_visible()
        row.get_by_role("button", name="解决").click()
        expect(writer.get_by_text("批注已解决")).to_be_visible()
        writer.goto(review_url)
        writer.get_by_label("审核人").select_option(label="kezhang")
        writer.locator(".transition-submit").get_by_role("button", name="送审").click()
        expect(writer.get_by_text("已送审给 kezhang")).to_be_visible()

        # What changed since the reviewer last looked: the fix, struck and underlined, and
        # in Word as a tracked change by the writer.
        kezhang.goto(f"/drafts/{draft.pk}/compare/?since=seen")
        expect(kezhang.locator("del", has_text="5.2").first).to_be_visible()
        expect(kezhang.locator("ins", has_text="5.3").first).to_be_visible()
        with kezhang.expect_download() as download:
            kezhang.get_by_role("link", name="下载 Word（修订模式）").click()
        package = zipfile.ZipFile(download.value.path())
        document = package.read("word/document.xml").decode()
        deleted = re.findall(r'<w:del [^>]*w:author="writer"[^>]*>(.*?)</w:del>', document, re.S)
        inserted = re.findall(r'<w:ins [^>]*w:author="writer"[^>]*>(.*?)</w:ins>', document, re.S)
        assert any("5.2" in d for d in deleted) and any("5.3" in i for i in inserted)
        kezhang.goto(review_url)
        kezhang.get_by_role("button", name="审核通过").click()
        expect(kezhang.locator(".draft-state")).to_contain_text("审核通过")
    finally:
        other.close()

    writer.goto(review_url)
    writer.locator(".transition-freeze").get_by_role("button", name="定稿").click()
    expect(writer.get_by_text("已定稿")).to_be_visible()
    assert Draft.objects.get(pk=draft.pk).state == DraftState.FINAL

    # The locked page: read-only fields, no autosave; a save forced past the disabled field
    # (the form posted without JS) is refused with the message, and nothing changes.
    writer.goto(f"/drafts/{draft.pk}/?slot=s009")
    expect(writer.get_by_text("这份讲话稿已定稿，内容已锁定，不能再修改。")).to_be_visible()
    expect(writer.locator("#field-s009")).to_be_disabled()
    writer.evaluate(
        """() => {
          const field = document.getElementById("field-s009");
          field.disabled = false;
          field.value = "9.9";
          document.getElementById("slot-form").requestSubmit();
        }"""
    )
    expect(writer.locator(".alert", has_text="如需修改")).to_be_visible()
    assert draft_values(draft)["s009"] == "5.3"
