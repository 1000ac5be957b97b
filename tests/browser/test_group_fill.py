"""Filling one blank of a place the speech keeps coming back to offers to fill the others; a
blank that only shares a particle with others offers nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from speechapp.filling.stored import draft_values
from tests.browser.pages import log_in, wait_for_fill_script

pytestmark = pytest.mark.browser


def open_at(page, draft, slot_id: str) -> None:
    page.goto(f"/drafts/{draft.pk}/?slot={slot_id}#field-{slot_id}")
    wait_for_fill_script(page)


def test_one_river_named_once_fills_its_other_blanks_on_request(page, draft):
    log_in(page)
    open_at(page, draft, "s090")  # "×河治理": the river of four sections of the speech
    page.locator("#field-s090").fill("清水")
    # Leaving the field saves it (a "change"); then the offer is clicked on its own.
    page.locator("#field-s090").press("Tab")
    offer = page.locator("#feedback-s090 .group-offer")
    expect(offer).to_have_text("也填入其他 3 个“×河”空")
    offer.click()
    expect(page.locator("#feedback-s090")).to_contain_text("已填入另外 3 个空")
    values = draft_values(draft)
    assert {values.get(i) for i in ("s090", "s112", "s157", "s163")} == {"清水"}


def test_a_blank_before_a_particle_offers_no_group(page, draft):
    log_in(page)
    open_at(page, draft, "s041")  # "×等亿元以上项目": a company, not the other "×等" blanks
    page.locator("#field-s041").fill("华康")
    expect(page.locator("#feedback-s041")).to_contain_text("已保存")
    expect(page.locator("#feedback-s041 .group-offer")).to_have_count(0)
    assert set(draft_values(draft)) == {"s041"}
