"""The download page refuses a speech with blanks left and serves DOCX and PDF when done."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from speechapp.filling.saving import draft_save_values
from tests.pdfs import font_names, speech_text
from tests.samples import filled_values

pytestmark = pytest.mark.django_db


def fill_all(draft, **overrides):
    values = filled_values(draft.speech) | overrides
    draft_save_values(draft=draft, raw=values)


def test_with_blanks_left_the_page_lists_them_and_offers_only_a_draft_copy(logged_in, draft):
    fill_all(draft)
    draft_save_values(draft=draft, raw={"s050": ""})
    html = logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()
    assert "还有 1 个空未填" in html
    assert "?slot=s050#field-s050" in html
    assert "下载草稿副本" in html
    assert "下载 Word" not in html


def test_a_final_download_with_blanks_left_is_refused(logged_in, draft):
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    assert response.status_code == 302
    assert response.url == reverse("draft_download", args=[draft.pk])


def test_the_draft_copy_marks_missing_blanks(logged_in, draft):
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert text.count("×") >= 178
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_a_filled_speech_downloads_as_word_with_the_values(logged_in, draft):
    fill_all(draft, s009="7.7")
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # named after the speech title, Chinese file names encoded for browsers (RFC 5987)
    assert "%E8%AE%B2%E8%AF%9D.docx" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "同比增长7.7%" in text
    assert "×" not in text


def test_a_filled_speech_downloads_as_pdf_without_crosses(logged_in, draft):
    fill_all(draft, s009="7.7")
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = speech_text(reader)
    assert "同比增长7.7%" in text
    assert "×" not in text
    # typeset with the slim copies `make test` prepared (the faster path), and nothing else
    fonts = font_names(reader)
    assert any(name.endswith("+SpeechStandIn-body") for name in fonts)
    assert not any("Noto" in name for name in fonts)


def test_a_repeated_download_is_served_from_the_cache(logged_in, draft, monkeypatch):
    fill_all(draft)
    url = reverse("draft_export", args=[draft.pk, "docx"])
    first = logged_in.get(url).content
    import speechapp.core.rendering.docx as docx_module

    def fail(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(docx_module, "render_docx", fail)
    assert logged_in.get(url).content == first


def test_the_preview_page_flags_open_blanks_and_links_them(logged_in, draft):
    fill_all(draft)
    draft_save_values(draft=draft, raw={"s009": ""})
    html = logged_in.get(reverse("draft_preview", args=[draft.pk])).content.decode()
    assert "还有 1 个空未填" in html
    assert "?slot=s009#field-s009" in html
    assert ">5.2<" in html  # a filled value is shown


def test_a_complete_draft_offers_the_podium_copy_and_serves_it(logged_in, draft):
    fill_all(draft, s009="7.7")
    html = logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()
    assert "讲台版" in html
    pdf_link = reverse("draft_export", args=[draft.pk, "pdf"]) + "?layout=podium"
    assert f'href="{pdf_link}"' in html
    response = logged_in.get(pdf_link)
    assert response.status_code == 200
    assert "%EF%BC%88%E8%AE%B2%E5%8F%B0%E7%89%88%EF%BC%89.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    sizes = set()
    reader.pages[1].extract_text(
        visitor_text=lambda text, cm, tm, font, size: (
            sizes.add(round(size * abs(cm[3]))) if text.strip() else None
        )
    )
    assert 18 in sizes and 16 not in sizes  # 小二, not the official 三号
    assert any("Bold" in name and "title" not in name for name in font_names(reader))
    official = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]))
    assert len(PdfReader(io.BytesIO(official.content)).pages) < len(reader.pages)


def test_the_podium_word_file_has_the_large_print(logged_in, draft):
    fill_all(draft, s009="7.7")
    url = reverse("draft_export", args=[draft.pk, "docx"]) + "?layout=podium"
    response = logged_in.get(url)
    assert response.status_code == 200
    assert "%EF%BC%88%E8%AE%B2%E5%8F%B0%E7%89%88%EF%BC%89.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.styles["Speech Body"].font.size.pt == 18
    runs = [run for p in document.paragraphs for run in p.runs]
    assert any(run.text == "7.7" and run.bold for run in runs)


def test_a_draft_with_blanks_left_has_no_podium_copy(logged_in, draft):
    fill_all(draft)
    draft_save_values(draft=draft, raw={"s050": ""})
    html = logged_in.get(reverse("draft_download", args=[draft.pk])).content.decode()
    assert "layout=podium" not in html
    for query in ("?layout=podium", "?layout=podium&copy=1"):
        response = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]) + query)
        assert response.status_code == 302
        page = logged_in.get(response.url).content.decode()
        assert "讲台版只能在所有空都填好以后下载" in page


def test_an_unknown_layout_is_refused_with_a_message(logged_in, draft):
    fill_all(draft)
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]) + "?layout=poster")
    assert response.status_code == 302
    page = logged_in.get(response.url).content.decode()
    assert "没有这种版式" in page


def test_draft_and_review_copies_are_named_and_marked_as_such(logged_in, draft):
    from urllib.parse import unquote

    url = reverse("draft_export", args=[draft.pk, "docx"])
    response = logged_in.get(url + "?copy=1")
    assert unquote(response["Content-Disposition"]).endswith("讲话（草稿）.docx")
    header = Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text
    assert header == "草稿"
    fill_all(draft)
    response = logged_in.get(url + "?review=1")
    assert unquote(response["Content-Disposition"]).endswith("讲话（审校稿）.docx")
    assert Document(io.BytesIO(response.content)).sections[0].header.paragraphs[0].text == "审校稿"
    final = logged_in.get(url)
    assert unquote(final["Content-Disposition"]).endswith("讲话.docx")
    assert Document(io.BytesIO(final.content)).sections[0].header.paragraphs[0].text == ""
    pdf = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]) + "?review=1")
    assert unquote(pdf["Content-Disposition"]).endswith("讲话（审校稿）.pdf")
    assert all("审校稿" in page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
