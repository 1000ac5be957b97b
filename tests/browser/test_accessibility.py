"""Keyboard only, and every blank labelled by its context."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from speechapp.drafts.models import Draft
from speechapp.filling.stored import draft_values
from tests.browser.pages import PASSWORD, log_in, open_fill, wait_for_fill_script

pytestmark = pytest.mark.browser


def tab_to(page, predicate_js: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies ``predicate_js`` (a JS expression on el)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"() => {{ const el = document.activeElement; return !!({predicate_js}); }}"
        ):
            return
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


def test_keyboard_only_login_start_and_fill(page, seed_template, user):
    page.goto("/accounts/login/")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type("writer")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="我的讲话稿")).to_be_visible()

    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === '开始填写'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/drafts/\d+/$"))
    wait_for_fill_script(page)

    # The first blank (开头, s001) is reachable by Tab and saves what is typed.
    tab_to(page, "el.id === 'field-s001'")
    page.keyboard.type("东城")
    expect(page.locator("#feedback-s001")).to_contain_text("已保存")
    assert draft_values(Draft.objects.get(owner=user)) == {"s001": "东城"}

    # "全部章节一起填" from the outline, by keyboard too.
    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === '全部章节一起填'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?section=all$"))
    expect(page.locator("input.slot-input")).to_have_count(178)


def test_every_blank_has_a_label_naming_its_context(page, draft):
    log_in(page)
    open_fill(page, draft, section="all")
    labels = page.evaluate(
        """() => Array.from(document.querySelectorAll('input.slot-input')).map(input => ({
            id: input.id,
            labels: Array.from(input.labels || []).map(l => l.textContent.replace(/\\s+/g, '')),
        }))"""
    )
    slots = {f"field-{slot.id}": slot for slot in draft.speech.slots}
    assert [item["id"] for item in labels] == list(slots)
    problems = []
    for item in labels:
        slot = slots[item["id"]]
        # The words just before the blank; a blank opening its sentence is named by what follows.
        context = re.sub(r"\s+", "", slot.before or slot.after)
        if not item["labels"]:
            problems.append(f"{item['id']}: no label")
        elif not any(context and context in text for text in item["labels"]):
            problems.append(f"{item['id']}: label {item['labels']!r} lacks {context!r}")
    assert not problems, "\n".join(problems)
