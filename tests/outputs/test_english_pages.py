"""The download and preview pages in English."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
