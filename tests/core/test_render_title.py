"""Every part of the document is filled: a blank in the title, a heading or the closing line
prints its value in the preview, the DOCX and the PDF, and the files' own title (Word's file
info, the PDF's document title) is the filled title too."""

from io import BytesIO

import docx
import pypdf
import pytest
from docx.enum.text import WD_COLOR_INDEX

from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import Layout, RenderOptions
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.html import render_html, render_preview
from speechapp.core.rendering.pdf import render_pdf
from speechapp.core.rendering.titles import printed_title, title_name
from tests.pdfs import speech_text
from tests.samples import TITLED_PRINTED, TITLED_TEXT, TITLED_VALUES

RAW_TITLE = "在20XX年全区经济工作会议上的讲话"


@pytest.fixture(scope="module")
def speech():
    return parse_speech(TITLED_TEXT)


@pytest.fixture(scope="module")
def word(speech) -> docx.document.Document:
    return docx.Document(BytesIO(render_docx(speech, TITLED_VALUES, RenderOptions())))


@pytest.fixture(scope="module")
def pdf(speech) -> pypdf.PdfReader:
    return pypdf.PdfReader(BytesIO(render_pdf(speech, TITLED_VALUES, RenderOptions())))


def test_the_title_block_holds_a_blank_like_the_body(speech):
    assert speech.title == RAW_TITLE
    assert [(s.id, s.block, s.token) for s in speech.slots][0] == ("s001", 0, "20XX")


def test_the_word_title_and_file_info_carry_the_filled_title(word):
    assert word.paragraphs[0].text == TITLED_PRINTED
    assert word.core_properties.title == TITLED_PRINTED


def test_a_title_longer_than_word_file_info_holds_prints_whole_and_is_cut_in_the_info():
    title = "在" + "全区经济工作暨重点项目建设推进" * 18 + "会议上的讲话"  # 277 characters
    speech = parse_speech(title + "\n同志们：\n今年以来，各项工作稳步推进。\n")
    word = docx.Document(BytesIO(render_docx(speech, {}, RenderOptions())))
    assert word.paragraphs[0].text.replace("\n", "") == title
    assert word.core_properties.title == title[:255]  # Word keeps 255 characters


def test_the_pdf_text_and_document_title_carry_the_filled_title(pdf):
    text = speech_text(pdf)
    assert text.startswith(TITLED_PRINTED + "同志们")
    assert "20XX" not in text
    assert pdf.metadata.title == TITLED_PRINTED


def test_the_preview_and_the_html_document_carry_the_filled_title(speech):
    html = render_html(speech, TITLED_VALUES, RenderOptions())
    assert f"<title>{TITLED_PRINTED}</title>" in html
    assert "20XX" not in html
    preview = render_preview(speech, TITLED_VALUES, RenderOptions())
    assert "2025</a>年全区经济工作会议上的讲话" in preview
    assert "20XX" not in preview


def test_a_blank_in_a_heading_and_in_the_closing_line_prints_its_value_everywhere(
    speech, word, pdf
):
    lines = ("一、全年增长6.1%的目标如期完成", "（一）建成投产12个重点项目", "祝东城区各项事业")
    word_text = "\n".join(p.text for p in word.paragraphs)
    pdf_text = speech_text(pdf)
    html = render_html(speech, TITLED_VALUES, RenderOptions())
    for line in lines:
        assert line in word_text
        assert line in pdf_text
    assert "6.1</span>%的目标如期完成" in html
    assert "建成投产<span" in html and "12</span>个重点项目" in html
    assert "祝<span" in html and "东城</span>区各项事业再上新台阶！" in html
    assert "×" not in word_text + pdf_text


def test_on_the_draft_copy_an_open_title_blank_is_marked_as_in_the_body(speech):
    values = {k: v for k, v in TITLED_VALUES.items() if k != "s001"}
    options = RenderOptions(allow_unfilled=True)
    document = docx.Document(BytesIO(render_docx(speech, values, options)))
    runs = document.paragraphs[0].runs
    assert [r.text for r in runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW] == ["20XX"]
    assert document.core_properties.title == RAW_TITLE
    assert printed_title(speech, values, options, open_blank="…") == "在…年全区经济工作会议上的讲话"


def test_a_title_of_the_writers_own_prints_as_written(speech):
    options = RenderOptions(title="在全区经济工作会议上的讲话（修改稿）")
    document = docx.Document(BytesIO(render_docx(speech, TITLED_VALUES, options)))
    assert document.paragraphs[0].text == "在全区经济工作会议上的讲话（修改稿）"
    assert document.core_properties.title == "在全区经济工作会议上的讲话（修改稿）"


def test_the_template_title_given_as_written_still_prints_its_values(speech):
    # a draft starts with the template's title line as its name, marks and all
    options = RenderOptions(title=RAW_TITLE)
    assert printed_title(speech, TITLED_VALUES, options) == TITLED_PRINTED
    html = render_html(speech, TITLED_VALUES, options)
    assert f"<title>{TITLED_PRINTED}</title>" in html


def test_the_review_copy_marks_a_carried_title_value_but_not_in_the_file_info(speech):
    options = RenderOptions(review_marks=True, carried=("s001",))
    document = docx.Document(BytesIO(render_docx(speech, TITLED_VALUES, options)))
    assert (
        document.paragraphs[0].text.replace("\n", "") == "在2025〔沿用〕年全区经济工作会议上的讲话"
    )
    assert document.core_properties.title == TITLED_PRINTED


def test_the_speaker_line_leaves_out_a_meeting_the_filled_title_names(speech):
    options = RenderOptions(speaker="张明", meeting="2025年全区经济工作会议")
    document = docx.Document(BytesIO(render_docx(speech, TITLED_VALUES, options)))
    assert document.paragraphs[1].text == "张明"


@pytest.mark.parametrize("note", ["（下期）", "（副本）（下期）", " (next period)", "（第二稿）"])
def test_a_note_after_the_template_title_stays_in_the_name_and_is_not_printed(speech, note):
    options = RenderOptions(title=RAW_TITLE + note)
    assert printed_title(speech, TITLED_VALUES, options) == TITLED_PRINTED
    assert title_name(speech, TITLED_VALUES, options) == TITLED_PRINTED + note
    document = docx.Document(BytesIO(render_docx(speech, TITLED_VALUES, options)))
    assert document.paragraphs[0].text == TITLED_PRINTED


@pytest.mark.parametrize("title", ["在20XX年全区经济工作会议上的讲话提纲", "全区经济工作会议讲话"])
def test_a_title_that_changes_the_words_is_the_writers_own(speech, title):
    options = RenderOptions(title=title)
    assert printed_title(speech, TITLED_VALUES, options) == title
    assert title_name(speech, TITLED_VALUES, options) == title


def test_a_draft_name_with_an_open_title_blank_shows_its_mark_and_a_file_name_does_not(speech):
    options = RenderOptions(title=RAW_TITLE + "（下期）")
    assert title_name(speech, {}, options) == RAW_TITLE + "（下期）"
    assert (
        title_name(speech, {}, options, open_blank="…") == "在…年全区经济工作会议上的讲话（下期）"
    )


def test_the_podium_copy_prints_the_filled_title_in_its_own_face_without_bold_figures(speech):
    options = RenderOptions(layout=Layout.PODIUM)
    document = docx.Document(BytesIO(render_docx(speech, TITLED_VALUES, options)))
    title = document.paragraphs[0]
    assert title.text.replace("\n", "") == TITLED_PRINTED
    assert not any(run.bold for run in title.runs)
    assert any(run.bold for run in document.paragraphs[3].runs)  # the body's figures are
