"""The template's speaker and date lines print centred under the title, filled like the body,
in the DOCX, the PDF and the preview."""

import re
from io import BytesIO
from pathlib import Path

import docx
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

import speechapp.core.rendering as rendering
from speechapp.core.parsing import parse_speech
from speechapp.core.rendering import Layout, RenderOptions
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.html import render_html, render_preview
from speechapp.core.rendering.pdf import render_pdf
from tests.core.test_render_docx import east_asia_font
from tests.core.test_render_pdf import text_lines
from tests.pdfs import speech_text
from tests.samples import filled_values

TEXT = "\n".join(
    [
        "在全区20XX年经济工作会议上的讲话",
        "区委书记　××",
        "（20XX年X月X日）",
        "同志们：",
        "今年以来，全区地区生产总值增长×%，完成固定资产投资×亿元。",
    ]
)


@pytest.fixture(scope="module")
def speech():
    return parse_speech(TEXT)


@pytest.fixture(scope="module")
def values(speech):
    by_token = {"××": "张明", "20XX": "2025", "X": "7"}
    return filled_values(speech) | {
        s.id: by_token[s.token] for s in speech.slots if s.token in by_token
    }


def paragraphs(data: bytes) -> list:
    return docx.Document(BytesIO(data)).paragraphs


@pytest.mark.parametrize("layout", list(Layout))
def test_the_docx_centres_each_byline_under_the_title_without_an_indent(speech, values, layout):
    printed = paragraphs(render_docx(speech, values, RenderOptions(layout=layout)))
    assert [p.text for p in printed[:5]] == [
        "在全区2025年经济工作会议上的讲话",
        "区委书记　张明",
        "（2025年7月7日）",
        "",  # the blank line before the salutation
        "同志们：",
    ]
    for byline in printed[1:3]:
        fmt, style = byline.paragraph_format, byline.style.paragraph_format
        assert (fmt.alignment or style.alignment) == WD_ALIGN_PARAGRAPH.CENTER
        assert not (fmt.first_line_indent or style.first_line_indent)
        assert east_asia_font(byline.style) == "楷体_GB2312"  # as the speaker line


def test_the_docx_prints_a_byline_once_and_the_options_speaker_line_after_it(speech, values):
    options = RenderOptions(speaker="张三", date="2025年7月7日")
    texts = [p.text for p in paragraphs(render_docx(speech, values, options))]
    assert texts[1:4] == ["区委书记　张明", "（2025年7月7日）", "张三\u3000（2025年7月7日）"]
    assert texts.count("区委书记　张明") == 1


def test_the_draft_docx_highlights_an_open_blank_in_a_byline(speech, values):
    open_name = {**values, speech.slots[1].id: ""}
    printed = paragraphs(render_docx(speech, open_name, RenderOptions(allow_unfilled=True)))
    assert printed[1].text == "区委书记　××"


def test_the_pdf_prints_the_filled_bylines_centred_between_the_title_and_the_salutation(
    speech, values
):
    reader = pypdf.PdfReader(BytesIO(render_pdf(speech, values, RenderOptions())))
    text = speech_text(reader)
    assert "在全区2025年经济工作会议上的讲话区委书记张明（2025年7月7日）同志们：" in text
    # Seven characters of 16 pt at the 15.79 pt pitch, centred on the 156 mm text block.
    x = next(x for _, x, _, run in text_lines(reader.pages[0]) if run.startswith("区委书记"))
    block_centre = (28 + 156 / 2) / 25.4 * 72
    assert x + 7 * 15.79 / 2 == pytest.approx(block_centre, abs=3)


def test_the_printed_html_puts_the_bylines_in_the_head_styled_as_the_speaker_line(speech, values):
    html = render_html(speech, values, RenderOptions())
    head = re.search(r'<header class="speech-head">(.*?)</header>', html, re.S).group(1)
    bylines = re.findall(r'<p class="speaker byline">(.*?)</p>', head)
    assert [re.sub(r"<[^>]+>", "", b) for b in bylines] == ["区委书记　张明", "（2025年7月7日）"]
    assert html.count("区委书记") == 1


def test_the_preview_links_a_byline_blank_to_its_form_row(speech):
    html = render_preview(speech, {}, RenderOptions())
    byline = re.search(r'<p class="speaker byline">(.*?)</p>', html).group(1)
    assert 'href="#field-s002"' in byline


def test_the_preview_and_print_styles_centre_a_byline_without_an_indent():
    print_css = (Path(rendering.__file__).parent / "print.css").read_text(encoding="utf-8")
    assert re.search(r"p\.speaker\s*\{[^}]*text-align: center;[^}]*text-indent: 0;", print_css)
    app_css = (Path(__file__).parents[2] / "static" / "css" / "app.css").read_text("utf-8")
    rule = re.search(r"\.speech-preview \.speaker \{([^}]*)\}", app_css).group(1)
    assert "text-align: center" in rule and "text-indent: 0" in rule
