"""Smaller things a writer met: the name limit, the language list, English pages, the icon."""

import re

import pytest
from django.urls import reverse

from speechapp.core.values import NAME_MAX_CHARS

pytestmark = pytest.mark.django_db


def test_a_name_blank_takes_no_more_than_its_rule_allows(logged_in, draft):
    html = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?slot=s028").content.decode()
    field = re.search(r'<input[^>]*id="field-s028"[^>]*>', html).group(0)
    assert f'maxlength="{NAME_MAX_CHARS}"' in field and NAME_MAX_CHARS == 40
    number = re.search(r'<input[^>]*id="field-s031"[^>]*>', html).group(0)
    assert "maxlength" not in number  # a figure is checked by its own rule
    # The server says the same, for a post that bypassed the browser.
    url = reverse("slot_save", args=[draft.pk, "s028"])
    assert "最多 40 个字" in logged_in.post(url, {"s028": "区" * 41}).content.decode()


def test_each_language_is_named_in_itself_whatever_the_page_language(logged_in):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = logged_in.get(reverse("home")).content.decode()
    assert re.search(r'<option value="zh-hans"[^>]*>简体中文</option>', html)
    assert re.search(r'<option value="en"[^>]*>English</option>', html)


def test_english_download_and_preview_pages_have_no_chinese_punctuation(logged_in, draft):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    for name in ("draft_download", "draft_preview"):
        html = logged_in.get(reverse(name, args=[draft.pk])).content.decode()
        # The speech's own text aside (its title, the blanks' context), no "：" or "（".
        chrome = re.sub(r"在2024年全区重点任务部署会上的讲话", "", html)
        chrome = re.sub(
            r'<(ol|div) class="(missing-list|speech-page)[^"]*".*?</\1>', "", chrome, flags=re.S
        )
        assert "：" not in chrome and "（" not in chrome, name
    html = logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()
    assert "Download a draft copy (Word)" in html
    assert "Continue filling in" in html  # the way back to filling


def test_the_icon_is_served_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
