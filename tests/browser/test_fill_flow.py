"""The writer's whole path in a real browser: log in, start, fill with autosave, download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from speechapp.drafts.models import Draft
from speechapp.filling.saving import draft_save_values
from speechapp.filling.stored import draft_raw_values, draft_values
from tests.browser.pages import draft_pk_from, log_in, open_fill, wait_for_fill_script
from tests.pdfs import speech_text
from tests.samples import filled_values

pytestmark = pytest.mark.browser

TOTAL = 178
SECTION_ONE = "（一）经济运行在逆境中出谷转正"  # s002–s024
SECTION_TWO = "（二）项目引资在优化中增添新支撑"  # s025–s056; s031 is a percent


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return speech_text(path.read_bytes())


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction may break lines or space CJK glyphs."""
    return re.sub(r"\s+", "", text)


def download(page, link_name: str, tmp_path: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    download = info.value
    assert download.failure() is None
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


def test_fill_two_sections_autosave_preview_reload_and_download(
    page, seed_template, user, tmp_path
):
    log_in(page)

    # Start a draft from the seed template on the home page.
    page.get_by_role("button", name="开始填写").click()
    expect(page).to_have_url(re.compile(r"/drafts/\d+/$"))
    wait_for_fill_script(page)
    pk = draft_pk_from(page.url)
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 0 / {TOTAL}")

    # Section (一) through the outline.
    page.locator(".outline").get_by_role("link", name=SECTION_ONE).click()
    expect(page).to_have_url(re.compile(r"\?section=5$"))
    wait_for_fill_script(page)
    page.evaluate("() => { window.__sameDocument = true; }")

    page.locator("#field-s002").fill("12")
    expect(page.locator("#feedback-s002")).to_contain_text("已保存")
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 1 / {TOTAL}")
    expect(page.locator('.outline-count[data-section="5"]')).to_have_text("1/23")
    chip = page.locator('#preview [data-slot="s002"]')
    expect(chip).to_have_text("12")
    expect(chip).to_have_class(re.compile(r"\bfilled\b"))
    # No reload happened: the marker set on this document is still there.
    assert page.evaluate("() => window.__sameDocument === true")

    # Section (二): a percent.
    page.locator(".outline").get_by_role("link", name=SECTION_TWO).click()
    expect(page).to_have_url(re.compile(r"\?section=7$"))
    wait_for_fill_script(page)
    page.evaluate("() => { window.__sameDocument = true; }")
    expect(page.locator('#preview [data-slot="s031"]')).to_have_class(re.compile(r"\bmissing\b"))

    page.locator("#field-s031").fill("87.5")
    expect(page.locator("#feedback-s031")).to_contain_text("✓ 已保存")
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 2 / {TOTAL}")
    expect(page.locator("#overall-progress .progress")).to_have_attribute("aria-valuenow", "2")
    expect(page.locator('.outline-count[data-section="7"]')).to_have_text("1/32")
    chip = page.locator('#preview [data-slot="s031"]')
    expect(chip).to_have_text("87.5")
    expect(chip).to_have_class(re.compile(r"\bfilled\b"))
    expect(page.locator('#preview [data-slot="s002"]')).to_have_text("12")
    assert page.evaluate("() => window.__sameDocument === true")

    draft = Draft.objects.get(pk=pk, owner=user)
    assert draft_values(draft) == {"s002": "12", "s031": "87.5"}

    # A reload shows what was saved.
    page.reload()
    expect(page.locator("#field-s031")).to_have_value("87.5")
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 2 / {TOTAL}")
    open_fill(page, draft, section="5")
    expect(page.locator("#field-s002")).to_have_value("12")

    # The draft copy, with blanks still open.
    page.get_by_role("link", name="下载", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/drafts/{pk}/download/$"))
    docx_path = download(page, "下载草稿副本（Word）", tmp_path)
    assert docx_path.suffix == ".docx"
    text = squeeze(docx_text(docx_path))
    assert "12个省市重点项目" in text
    assert "87.5%" in text
    assert "×" in text  # the open blanks still show
    pdf_path = download(page, "下载草稿副本（PDF）", tmp_path)
    assert pdf_path.suffix == ".pdf"
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = squeeze(pdf_text(pdf_path))
    assert "12个省市重点项目" in text
    assert "87.5%" in text
    assert "×" in text

    # Every other blank filled at once through the service, then the finished files.
    rest = {k: v for k, v in filled_values(draft.speech).items() if k not in ("s002", "s031")}
    draft_save_values(draft=draft, raw=rest)
    assert len(draft_values(draft)) == TOTAL
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("所有的空都已填好。")
    docx_path = download(page, "下载 Word", tmp_path / "final")
    text = squeeze(docx_text(docx_path))
    assert "×" not in text
    assert "12个省市重点项目" in text
    pdf_path = download(page, "下载 PDF", tmp_path / "final")
    text = squeeze(pdf_text(pdf_path))
    assert "×" not in text
    assert "12个省市重点项目" in text
    assert "87.5%" in text


def test_bad_value_shows_error_then_correction_saves(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    field = page.locator("#field-s008")  # 复工率达到×%
    feedback = page.locator("#feedback-s008")

    field.fill("abc")
    expect(feedback).to_contain_text("请输入数字，例如 5.2")
    expect(feedback).to_contain_text("未保存")
    expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#row-s008")).to_have_class(re.compile(r"\bhas-error\b"))
    expect(field).to_have_value("abc")
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 0 / {TOTAL}")
    # What was typed is kept, not its printable value.
    assert draft_raw_values(draft)["s008"] == "abc"
    assert not draft_values(draft).get("s008")

    # After a reload the typed text and its error are still beside the field.
    page.reload()
    wait_for_fill_script(page)
    expect(field).to_have_value("abc")
    expect(feedback).to_contain_text("请输入数字，例如 5.2")

    field.fill("5.2")
    expect(feedback).to_contain_text("✓ 已保存")
    expect(feedback).not_to_contain_text("请输入数字")
    expect(field).not_to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#row-s008")).not_to_have_class(re.compile(r"\bhas-error\b"))
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 1 / {TOTAL}")
    assert draft_values(draft)["s008"] == "5.2"


def test_enter_moves_to_the_next_blank(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    page.locator("#field-s002").fill("3")
    page.locator("#field-s002").press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "field-s003"
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "field-s004"
    page.keyboard.press("Shift+Enter")
    assert page.evaluate("() => document.activeElement.id") == "field-s003"
    # Enter does not submit the form, and the values typed are saved.
    expect(page).to_have_url(re.compile(r"\?section=5$"))
    expect(page.locator("#feedback-s003")).to_contain_text("已保存")
    expect(page.locator("#overall-progress")).to_contain_text(f"已填 2 / {TOTAL}")
    assert draft_values(draft) == {"s002": "3", "s003": "4"}


def test_clicking_a_blank_in_the_preview_focuses_its_field(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    url = page.url
    page.locator('#preview [data-slot="s015"]').click()
    expect(page.locator("#field-s015")).to_be_focused()
    assert page.url == url
    # The focused field's blank and row are highlighted.
    expect(page.locator('#preview [data-slot="s015"]')).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#row-s015")).to_have_class(re.compile(r"\bhighlight\b"))
    page.locator('#preview [data-slot="s009"]').click()
    expect(page.locator("#field-s009")).to_be_focused()
    expect(page.locator('#preview [data-slot="s015"]')).not_to_have_class(re.compile(r"\bactive\b"))
    # A blank of another section is a plain link to that section's field.
    page.locator('#preview [data-slot="s031"]').click()
    expect(page).to_have_url(re.compile(r"\?slot=s031#field-s031$"))
    expect(page.locator("#field-s031")).to_be_visible()


# Section (二) has name blanks ("×区"), whose rows carry their own <form>s (关联/新建变量)
# inside #slot-form. HTML forbids nested forms: the first inner </form> closes #slot-form, so
# every later row, and the 保存 buttons, end up outside it.


def test_every_blank_of_a_section_with_name_blanks_is_in_the_fill_form(page, draft):
    log_in(page)
    open_fill(page, draft, section="7")
    outside = page.evaluate(
        """() => Array.from(document.querySelectorAll('input.slot-input'))
            .filter(input => input.form === null || input.form.id !== 'slot-form')
            .map(input => input.id)"""
    )
    assert outside == []


def test_enter_moves_to_the_next_blank_after_a_name_blank(page, draft):
    log_in(page)
    open_fill(page, draft, section="7")
    page.locator("#field-s031").fill("5")
    page.locator("#field-s031").press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "field-s032"


def test_save_and_next_button_works_in_a_section_with_name_blanks(page, draft):
    log_in(page)
    open_fill(page, draft, section="7")
    page.get_by_role("button", name="保存并到下一节").click()
    expect(page).to_have_url(re.compile(r"\?section=9$"), timeout=3_000)


def test_next_blank_goes_to_an_open_blank_on_this_page_first(page, draft):
    log_in(page)
    open_fill(page, draft, section="5")
    page.locator("#field-s002").fill("12")
    expect(page.locator("#feedback-s002")).to_contain_text("已保存")
    page.locator("#field-s002").focus()
    page.get_by_role("link", name="下一个空").click()
    assert page.evaluate("() => document.activeElement.id") == "field-s003"
