"""A blank in the title is filled like any other: the pages, the lists, the files and their
names call the draft by its filled title; the writer's own title prints as written."""

import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from speechapp.core.overrides import overrides_of
from speechapp.drafts.models import Draft
from speechapp.filling.lifecycle import draft_start
from speechapp.filling.saving import draft_save_values
from speechapp.filling.updates import draft_update_to_template
from speechapp.speech_templates.template_writes import (
    template_correct,
    template_create,
    template_edit_text,
)
from tests.pdfs import speech_text
from tests.samples import TITLED_PRINTED, TITLED_TEXT, TITLED_VALUES

pytestmark = pytest.mark.django_db

RAW_TITLE = "在20XX年全区经济工作会议上的讲话"


@pytest.fixture
def titled(user) -> Draft:
    template = template_create(owner=user, name="", source_text=TITLED_TEXT)
    return draft_start(owner=user, template=template)


def filled(draft: Draft, **values: str) -> Draft:
    draft_save_values(draft=draft, raw=TITLED_VALUES | values)
    return Draft.objects.get(pk=draft.pk)


def heading(html: str) -> str:
    start = html.index("<h1")
    return html[start : html.index("</h1>", start)]


def file_name(response) -> str:
    return response["Content-Disposition"]


def test_a_new_draft_is_named_after_its_template_title_with_the_blank_open(logged_in, titled):
    assert titled.title == RAW_TITLE
    assert RAW_TITLE in heading(logged_in.get(reverse("draft_fill", args=[titled.pk])).text)


def test_the_fill_and_download_pages_show_the_filled_title(logged_in, titled):
    filled(titled)
    for page in ("draft_fill", "draft_download", "draft_preview"):
        html = logged_in.get(reverse(page, args=[titled.pk])).text
        assert TITLED_PRINTED in heading(html), page
        assert f"<title>{TITLED_PRINTED}" in html or f"· {TITLED_PRINTED}" in html
        assert "20XX" not in heading(html)


def test_the_finished_files_and_their_names_carry_the_filled_title(logged_in, titled):
    filled(titled)
    word = logged_in.get(reverse("draft_export", args=[titled.pk, "docx"]))
    assert quote(f"{TITLED_PRINTED}.docx") in file_name(word)
    document = Document(io.BytesIO(word.content))
    assert document.paragraphs[0].text.replace("\n", "") == TITLED_PRINTED
    assert document.core_properties.title == TITLED_PRINTED
    pdf = logged_in.get(reverse("draft_export", args=[titled.pk, "pdf"]))
    assert quote(f"{TITLED_PRINTED}.pdf") in file_name(pdf)
    reader = PdfReader(io.BytesIO(pdf.content))
    assert speech_text(reader).startswith(TITLED_PRINTED)
    assert reader.metadata.title == TITLED_PRINTED


def test_the_values_file_and_the_data_sheet_are_named_after_the_filled_title(logged_in, titled):
    filled(titled)
    values = logged_in.get(reverse("draft_values_file", args=[titled.pk]))
    assert quote(TITLED_PRINTED) in file_name(values)
    sheet = logged_in.get(reverse("sheet_export", args=[titled.pk]), {"fmt": "csv"})
    assert quote(TITLED_PRINTED) in file_name(sheet)
    assert "20XX" not in file_name(values) + file_name(sheet)


def test_a_draft_copy_with_the_title_blank_open_has_no_mark_in_its_file_name(logged_in, titled):
    filled(titled, s001="")
    response = logged_in.get(reverse("draft_export", args=[titled.pk, "docx"]) + "?copy=1")
    assert response.status_code == 200
    assert quote("在…年全区经济工作会议上的讲话（草稿）.docx") in file_name(response)
    document = Document(io.BytesIO(response.content))
    assert "20XX" in document.paragraphs[0].text  # marked in the copy, as in the body


def test_a_final_download_with_only_the_title_blank_open_is_refused(logged_in, titled):
    filled(titled, s001="")
    html = logged_in.get(reverse("draft_download", args=[titled.pk])).text
    assert "还有 1 个空未填" in html
    response = logged_in.get(reverse("draft_export", args=[titled.pk, "pdf"]))
    assert response.status_code == 302


def test_the_home_list_and_the_earlier_choices_show_the_filled_title(logged_in, titled):
    filled(titled)
    html = logged_in.get(reverse("home")).text
    assert f">{TITLED_PRINTED}</a>" in html
    assert f"{TITLED_PRINTED}（" in html  # among the 上期 choices, with its date
    assert html.count(RAW_TITLE) == 1  # the template's own name


def test_the_home_page_reads_every_drafts_title_in_the_same_few_queries(
    logged_in, user, titled, django_assert_num_queries
):
    filled(titled)
    with CaptureQueriesContext(connection) as one:
        logged_in.get(reverse("home"))
    for year in ("2023", "2024"):
        filled(draft_start(owner=user, template=titled.template), s001=year)
    with django_assert_num_queries(len(one.captured_queries)):
        html = logged_in.get(reverse("home")).text
    assert "在2023年全区" in html and "在2024年全区" in html


def test_a_next_period_copy_prints_its_own_year_and_keeps_its_note_in_the_name(logged_in, titled):
    filled(titled)
    logged_in.post(reverse("draft_duplicate", args=[titled.pk]), {"keep_values": "0"})
    copy = Draft.objects.exclude(pk=titled.pk).get()
    assert copy.title == RAW_TITLE + "（下期）"
    copy = filled(copy, s001="2026")
    assert copy.name == "在2026年全区经济工作会议上的讲话（下期）"
    response = logged_in.get(reverse("draft_export", args=[copy.pk, "docx"]))
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text.replace("\n", "") == "在2026年全区经济工作会议上的讲话"
    assert quote("在2026年全区经济工作会议上的讲话（下期）.docx") in file_name(response)


def test_the_details_form_shows_the_filled_title_and_saving_it_keeps_it_following(
    logged_in, titled
):
    titled = filled(titled)
    url = reverse("draft_details", args=[titled.pk])
    assert f'value="{TITLED_PRINTED}"' in logged_in.get(url).text
    logged_in.post(url, {"title": TITLED_PRINTED, "speaker": "张明", "page_numbers": "center"})
    titled = filled(titled, s001="2026")
    assert titled.title == RAW_TITLE
    assert titled.name == "在2026年全区经济工作会议上的讲话"


def test_a_note_typed_after_the_filled_title_stays_in_the_name_only(logged_in, titled):
    titled = filled(titled)
    url = reverse("draft_details", args=[titled.pk])
    note = f"{TITLED_PRINTED}（第二稿）"
    logged_in.post(url, {"title": note, "page_numbers": "center"})
    titled.refresh_from_db()
    assert titled.title == RAW_TITLE + "（第二稿）"
    response = logged_in.get(reverse("draft_export", args=[titled.pk, "docx"]))
    assert Document(io.BytesIO(response.content)).core_properties.title == TITLED_PRINTED
    assert quote(f"{note}.docx") in file_name(response)


def test_a_title_of_the_writers_own_prints_as_written(logged_in, titled):
    titled = filled(titled)
    url = reverse("draft_details", args=[titled.pk])
    logged_in.post(url, {"title": "在全区经济工作会议上的讲话", "page_numbers": "center"})
    response = logged_in.get(reverse("draft_export", args=[titled.pk, "docx"]))
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "在全区经济工作会议上的讲话"
    assert quote("在全区经济工作会议上的讲话.docx") in file_name(response)


def test_a_title_of_the_writers_own_with_a_blank_in_it_is_refused_beside_the_field(
    logged_in, titled
):
    url = reverse("draft_details", args=[titled.pk])
    response = logged_in.post(url, {"title": "20XX年经济工作讲话", "page_numbers": "center"})
    assert response.status_code == 200
    assert "标题里还有空（20XX）" in response.text
    titled.refresh_from_db()
    assert titled.title == RAW_TITLE


def test_the_refusal_and_the_hint_are_in_english_on_english_pages(logged_in, titled):
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("draft_details", args=[titled.pk])
    assert "is not printed" in logged_in.get(url).text
    response = logged_in.post(url, {"title": "20XX年经济工作讲话", "page_numbers": "center"})
    assert "The title still has a blank (20XX)" in response.text


def test_a_blank_marked_in_the_title_after_the_draft_started_is_filled_like_any_other(
    logged_in, user
):
    text = "在全区经济工作会议上的讲话\n同志们：\n今年增长×%。\n"
    template = template_create(owner=user, name="", source_text=text)
    draft = draft_start(owner=user, template=template)
    mark = {"op": "mark", "block": 0, "start": 1, "end": 3, "text": "全区"}
    template_correct(template=template, overrides=overrides_of([mark]))
    draft_update_to_template(draft=Draft.objects.get(pk=draft.pk))
    draft = Draft.objects.get(pk=draft.pk)
    title_slot = draft.speech.slots[0]
    assert (title_slot.block, title_slot.token) == (0, "全区")
    draft_save_values(draft=draft, raw={title_slot.id: "东城区", draft.speech.slots[1].id: "5"})
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "pdf"]))
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "在东城区经济工作会议上的讲话"
    assert speech_text(reader).startswith("在东城区经济工作会议上的讲话")
    assert quote("在东城区经济工作会议上的讲话.pdf") in file_name(response)


def test_a_corrected_title_line_renames_the_drafts_named_after_it(logged_in, user, titled):
    logged_in.post(reverse("draft_duplicate", args=[titled.pk]), {"keep_values": "0"})
    copy = Draft.objects.exclude(pk=titled.pk).get()
    template_edit_text(
        template=titled.template,
        source_text=TITLED_TEXT.replace("会议上的讲话", "会议上的总结讲话"),
    )
    draft_update_to_template(draft=Draft.objects.get(pk=copy.pk))
    copy.refresh_from_db()
    assert copy.title == "在20XX年全区经济工作会议上的总结讲话（下期）"
    copy = filled(copy)
    assert copy.name == "在2025年全区经济工作会议上的总结讲话（下期）"


def test_the_fill_page_heading_follows_the_title_blank_as_the_preview_refreshes(logged_in, titled):
    filled(titled)
    html = logged_in.get(reverse("preview_fragment", args=[titled.pk])).text
    assert f'<span id="draft-name" hx-swap-oob="innerHTML">{TITLED_PRINTED}</span>' in html
    fill = logged_in.get(reverse("draft_fill", args=[titled.pk])).text
    assert f'id="draft-name">{TITLED_PRINTED}</h1>' in fill


def test_a_title_of_the_writers_own_is_read_with_every_mark_whatever_the_template_uses(
    logged_in, user
):
    template = template_create(owner=user, name="", source_text=TITLED_TEXT, tokens="cross,v1")
    draft = draft_start(owner=user, template=template)
    url = reverse("draft_details", args=[draft.pk])
    response = logged_in.post(
        url, {"title": "在（　　）经济工作会议上的讲话", "page_numbers": "center"}
    )
    assert response.status_code == 200
    assert "标题里还有空（（　　））" in response.text
