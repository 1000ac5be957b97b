"""A blank in the title, filled on the fill page: the page heading and the preview's title
show the value as soon as it is saved, and the downloaded file is named after it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.speech_templates.template_writes import template_create
from tests.browser.pages import log_in, open_fill
from tests.samples import TITLED_PRINTED, TITLED_TEXT, TITLED_VALUES

pytestmark = pytest.mark.browser


def test_filling_the_title_blank_renames_the_page_and_the_download(page, user):
    template = template_create(owner=user, name="", source_text=TITLED_TEXT)
    draft = draft_start(owner=user, template=template)
    draft_save_values(draft=draft, raw={k: v for k, v in TITLED_VALUES.items() if k != "s001"})
    log_in(page)
    open_fill(page, draft)
    expect(page.locator("#draft-name")).to_have_text("在20XX年全区经济工作会议上的讲话")

    page.locator("#field-s001").fill("2025")
    expect(page.locator("#feedback-s001")).to_contain_text("已保存")
    expect(page.locator("#draft-name")).to_have_text(TITLED_PRINTED)
    expect(page.locator("#preview h1")).to_have_text(TITLED_PRINTED)

    page.goto(f"/drafts/{draft.pk}/download/")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="下载 Word", exact=True).click()
    assert info.value.suggested_filename == f"{TITLED_PRINTED}.docx"
