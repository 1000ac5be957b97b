"""The files a writer downloads say which copy they are: 草稿, 审校稿, or the final one."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.saving import draft_save_values
from tests.browser.pages import log_in
from tests.samples import filled_values

pytestmark = pytest.mark.browser


def suggested_name(page, link_name: str) -> str:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    return info.value.suggested_filename


def test_draft_review_and_final_downloads_have_their_own_names(page, draft):
    log_in(page)
    page.goto(f"/drafts/{draft.pk}/download/")
    assert suggested_name(page, "下载草稿副本（Word）").endswith("（草稿）.docx")
    draft_save_values(draft=draft, raw=filled_values(draft.speech))
    page.reload()
    expect(page.get_by_role("link", name="下载 Word")).to_be_visible()
    assert suggested_name(page, "审校模式（PDF）").endswith("（审校稿）.pdf")
    final = suggested_name(page, "下载 Word")
    assert final.endswith(".docx") and "（" not in final
