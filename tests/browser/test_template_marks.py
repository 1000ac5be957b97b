"""The import preview and the corrections page in a real browser: ticks, kinds, a selection
marked as a blank, and a draft following its corrected template."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.drafts.models import Draft, SlotValue, SpeechTemplate
from speechapp.filling import lifecycle, saving
from speechapp.speech_templates import template_writes as template_services
from tests.browser.pages import log_in, select_text

pytestmark = pytest.mark.browser

TEXT = (
    "在全区工作会上的讲话\n同志们：\n一、工作回顾\n"
    "全区生产总值同比增长X.X%，位居全市第XX位。\n"
    "新建X光检查室×个，某某同志作了部署。\n"
)


def candidate(page, words: str):
    """The tick box of a blank or a look-alike, by its words."""
    return page.locator(".mark-cand", has=page.locator(f'[data-off]:text-is("{words}")'))


def test_the_import_preview_toggles_marks_and_saves(page, user):
    log_in(page)
    page.goto("/templates/new/")
    page.locator("#id_name").fill("工作会")
    page.locator("#id_text").fill(TEXT)
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_role("heading", name="导入预览：工作会")).to_be_visible()
    expect(page.locator("#marks-count")).to_have_text("共 4 个空")
    expect(candidate(page, "X")).to_contain_text("没有当作空（术语）")
    assert not SpeechTemplate.objects.exists()

    candidate(page, "某某").locator("input[type=checkbox]").uncheck()
    candidate(page, "X").locator("input[type=checkbox]").check()
    candidate(page, "XX").locator("select").select_option("count")
    page.get_by_role("button", name="更新预览").click()
    expect(page.locator("#marks-count")).to_have_text("共 4 个空")
    expect(candidate(page, "某某")).to_contain_text("已改为普通文字")
    expect(candidate(page, "XX").locator("select")).to_have_value("count")

    select_text(page, 3, "生产总值")
    expect(page.locator("#id_mark_text")).to_have_value("生产总值")
    expect(page.locator("#id_mark_at")).to_have_value("3:2:6")
    page.locator("#mark-button").click()
    expect(page.locator("#marks-count")).to_have_text("共 5 个空")
    expect(candidate(page, "生产总值").locator("input[type=checkbox]")).to_be_checked()

    page.get_by_role("button", name="保存模板").click()
    expect(page.get_by_text("模板已导入，共 5 个空")).to_be_visible()
    template = SpeechTemplate.objects.get(owner=user)
    slots = template.speech.slots
    assert [s.token for s in slots] == ["生产总值", "X.X", "XX", "X", "×"]
    assert slots[2].kind == "count"


def test_corrections_in_the_browser_and_a_draft_following_them(page, user):
    template = template_services.template_create(owner=user, name="工作会", source_text=TEXT)
    draft = lifecycle.draft_start(owner=user, template=template)
    saving.draft_save_values(draft=draft, raw={"s001": "5.2", "s003": "12", "s004": "王明"})
    log_in(page)
    page.get_by_role("link", name="更正和管理").click()
    expect(page.get_by_role("heading", name="工作会")).to_be_visible()

    # A missed blank, selected in the text.
    select_text(page, 4, "新建")
    expect(page.locator("#id_mark_at")).to_have_value("4:0:2")
    page.locator("#mark-button").click()
    expect(page.get_by_text("已保存更正，共 5 个空")).to_be_visible()
    # A false blank unmarked.
    candidate(page, "某某").locator("input[type=checkbox]").uncheck()
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("已保存更正，共 4 个空")).to_be_visible()
    # The fixed text corrected.
    text = page.locator("#id_source_text")
    text.fill(text.input_value().replace("作了部署", "作了重要部署"))
    page.get_by_role("button", name="保存文字").click()
    expect(page.get_by_text("已保存模板全文，共 4 个空")).to_be_visible()

    page.goto(f"/drafts/{draft.pk}/")
    page.get_by_role("button", name="按模板更新").click()
    expect(page.get_by_text("1 个值原来的空已不在模板中")).to_be_visible()
    orphan = page.locator("#orphans .orphan")
    expect(orphan).to_contain_text("王明")
    raw = dict(SlotValue.objects.filter(draft=draft).values_list("slot_id", "raw"))
    assert raw == {"s001": "5.2", "s004": "12"}  # 新建 is s003 now: × moved from s003 to s004

    orphan.locator("select").select_option("s003")
    orphan.get_by_role("button", name="放到这个空").click()
    expect(page.locator("#orphans")).to_have_count(0)
    assert SlotValue.objects.get(draft=draft, slot_id="s003").raw == "王明"
    assert Draft.objects.get(pk=draft.pk).orphans == []
