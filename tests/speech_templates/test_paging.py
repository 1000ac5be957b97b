"""A template of any size is filled a page at a time: a large section in pages of
SECTION_PAGE_BLANKS blanks, and all sections on one page only while that stays small."""

import pytest
from django.urls import reverse

from speechapp.core.outline import SECTION_PAGE_BLANKS, speech_sections
from speechapp.core.parsing import parse_speech
from speechapp.filling.lifecycle import draft_start
from speechapp.speech_templates.template_writes import template_create

pytestmark = pytest.mark.django_db

# No heading at all: every blank is in the opening, one section.
BIG = "讲话\n同志们：\n" + "\n".join(f"第{i}项工作完成投资×亿元。" for i in range(1, 351))


def test_a_section_with_more_blanks_than_a_page_is_split_into_pages():
    sections = speech_sections(parse_speech(BIG))
    assert [len(s.slot_ids) for s in sections] == [100, 100, 100, 50]
    assert [s.key for s in sections] == ["0", "0~2", "0~3", "0~4"]
    assert sections[1].title == "开头（2/4）"
    assert [i for s in sections for i in s.slot_ids] == list(parse_speech(BIG).slot_ids)


def test_the_seed_keeps_its_sections(seed_text):
    sections = speech_sections(parse_speech(seed_text))
    assert all(len(s.slot_ids) <= SECTION_PAGE_BLANKS for s in sections)
    assert not any("~" in s.key for s in sections)


def test_a_large_template_fills_a_page_of_blanks_at_a_time(logged_in, user):
    draft = draft_start(
        owner=user, template=template_create(owner=user, name="大", source_text=BIG)
    )
    html = logged_in.get(reverse("draft_fill", args=[draft.pk])).content.decode()
    assert html.count('class="slot-input') == SECTION_PAGE_BLANKS
    assert "?section=0~2" in html
    assert "全部章节一起填" not in html
    # Asking for all sections at once still gets one page.
    html = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?section=all").content.decode()
    assert html.count('class="slot-input') == SECTION_PAGE_BLANKS
    last = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?section=0~4").content.decode()
    assert last.count('class="slot-input') == 50
