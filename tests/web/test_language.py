"""Simplified Chinese by default, English through the language switcher."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_ui_is_chinese_even_for_an_english_browser(logged_in, seed_template):
    html = logged_in.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "我的讲话稿" in html and "开始填写" in html
    assert 'lang="zh-CN"' in html


def test_the_switcher_turns_the_ui_english(logged_in, seed_template):
    logged_in.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    html = logged_in.get(reverse("home")).content.decode()
    assert "My speeches" in html and "Start filling in" in html
    assert "我的讲话稿" not in html


def test_the_switcher_works_before_logging_in(client, db):
    """On the login page and an office's link page nobody is logged in: the switch sets the
    language and goes back, instead of asking for a login."""
    login = reverse("login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302 and response["Location"] == login
    html = client.get(login).content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_form_errors_are_translated_too(logged_in, draft):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("slot_save", args=[draft.pk, "s082"])
    text = logged_in.post(url, {"s082": "13"}).content.decode()
    assert "请输入" not in text


def test_the_english_catalogue_is_complete_and_compiled():
    from pathlib import Path

    from django.conf import settings

    po = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    # an untranslated entry ends with an empty msgstr (a translated long one continues)
    entries = text.split("\n\n")[1:]
    assert [e for e in entries if e.rstrip().endswith('msgstr ""')] == []
    assert po.with_suffix(".mo").exists()


def test_section_names_and_font_roles_are_translated(logged_in, draft):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    fill = logged_in.get(reverse("draft_fill", args=[draft.pk]) + "?slot=s001").content.decode()
    assert "Opening" in fill and ">开头<" not in fill
    fonts = logged_in.get(reverse("fonts")).content.decode()
    assert "Latin letters and digits" in fonts and "西文字母和数字" not in fonts


def test_a_copy_is_named_in_the_pages_language_but_the_speech_date_stays_chinese(logged_in, draft):
    import io
    from datetime import date

    from docx import Document

    draft.speech_date = date(2024, 7, 15)
    draft.save()
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1")
    assert "draft%20copy" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2024年7月15日" in text


def test_each_language_is_named_in_itself_whatever_the_page_language(logged_in):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = logged_in.get(reverse("home")).content.decode()
    assert re.search(r'<option value="zh-hans"[^>]*>简体中文</option>', html)
    assert re.search(r'<option value="en"[^>]*>English</option>', html)
