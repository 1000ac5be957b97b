"""Long titles break between words, the longer line on top, alike in the PDF, the DOCX and the
preview (GB/T 9704: a broken title keeps each word whole and stands as a trapezoid)."""

import os
import subprocess
import sys
from io import BytesIO

import docx
import jieba
import pypdf
import pytest

from speechapp.core.rendering import RenderOptions
from speechapp.core.rendering.docx import render_docx
from speechapp.core.rendering.html import render_html, render_preview
from speechapp.core.rendering.layout import TITLE_LINE_WIDTH, break_title, text_width
from speechapp.core.rendering.pdf import render_pdf
from tests.samples import ROOT
from tests.samples import filled_values as fill

LONG_TITLES = [
    "在2025年第一季度全区安全生产工作会议上的讲话",
    "在全市2024年上半年经济形势分析暨重点项目建设推进会议上的讲话",
    "在全区优化营商环境暨招商引资工作推进会上的讲话",
    "在全县乡村振兴战略实施工作推进会议上的讲话",
    "在全区生态环境保护督察整改工作调度会上的讲话",
    "在全市高质量发展大会暨项目建设观摩点评会上的讲话",
    "在全省国有企业改革深化提升行动推进会议上的讲话",
    "在全区党风廉政建设和反腐败工作会议上的讲话",
    "在全县防汛抗旱暨地质灾害防治工作部署会上的讲话",
    "在庆祝中国共产党成立103周年暨“七一”表彰大会上的讲话",
    "在全市深化“放管服”改革优化营商环境工作会议上的讲话",
    "在2024年全县经济工作会议暨县委经济工作会议上的讲话",
    "在全市城市更新行动暨老旧小区改造工作现场推进会上的讲话",
    "在全区学习贯彻党的二十届三中全会精神宣讲报告会上的讲话",
]
# Words and set phrases a reader must find whole on one line, listed by hand: some of them
# jieba cuts in two (安全|生产, 营商|环境), so its segmentation alone would not catch a split.
WHOLE = [
    "2025年",
    "第一季度",
    "安全生产",
    "上半年",
    "经济形势",
    "重点项目",
    "营商环境",
    "招商引资",
    "乡村振兴",
    "生态环境",
    "高质量发展",
    "国有企业",
    "党风廉政建设",
    "反腐败",
    "防汛抗旱",
    "地质灾害",
    "中国共产党",
    "103周年",
    "“七一”",
    "放管服",
    "城市更新",
    "老旧小区",
    "二十届三中全会",
    "推进会",
    "会议",
    "讲话",
]
# The title the issue reported broken as "…全区安 / 全生产工作…".
REPORTED = "在2025年第一季度全区安全生产工作会议上的讲话"


def jieba_boundaries(text: str) -> set[int]:
    """Offsets between two words of jieba's own (default) segmentation."""
    offsets, position = set(), 0
    for word in jieba.cut(text):
        position += len(word)
        offsets.add(position)
    return offsets


def whole_word_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for word in WHOLE:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return spans


@pytest.mark.parametrize("title", LONG_TITLES)
def test_a_long_title_breaks_between_words_into_a_trapezoid(title):
    lines = break_title(title)
    assert len(lines) == 2 and "".join(lines) == title
    cut = len(lines[0])
    assert cut in jieba_boundaries(title), lines
    assert not any(start < cut < end for start, end in whole_word_spans(title)), lines
    top, bottom = (text_width(line) for line in lines)
    assert TITLE_LINE_WIDTH >= top >= bottom >= top / 2, lines


def test_the_hand_list_names_words_of_the_titles():
    """Each listed word occurs in a title, so none is checked in vain."""
    assert all(any(word in title for title in LONG_TITLES) for word in WHOLE)


def test_a_short_title_stays_whole_and_a_break_never_starts_a_line_with_a_closing_mark():
    assert break_title("在全区重点任务部署会上的讲话") == ["在全区重点任务部署会上的讲话"]
    for title in LONG_TITLES:
        for line in break_title(title):
            assert line[0] not in "，。、；：！？）》”’"
            assert line[-1] not in "（《“‘"


def test_the_pdf_the_docx_and_the_preview_break_the_title_alike(short_speech):
    options = RenderOptions(title=REPORTED)
    values = fill(short_speech)
    top, bottom = "在2025年第一季度全区安全生产", "工作会议上的讲话"
    assert break_title(REPORTED) == [top, bottom]
    assert f"{top}<br>{bottom}" in render_preview(short_speech, values, options)
    assert f"{top}<br>{bottom}" in render_html(short_speech, values, options)
    document = docx.Document(BytesIO(render_docx(short_speech, values, options)))
    assert document.paragraphs[0].text == f"{top}\n{bottom}"
    pdf = pypdf.PdfReader(BytesIO(render_pdf(short_speech, values, options)))
    first_lines = pdf.pages[0].extract_text().splitlines()[:2]
    assert [line.replace(" ", "") for line in first_lines] == [top, bottom]


def test_the_segmenter_loads_quietly():
    """jieba logs its dictionary loading to stderr unless told not to."""
    code = (
        f"from speechapp.core.rendering.layout import break_title;print(break_title({REPORTED!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=True,
    )
    assert "安全生产" in result.stdout
    assert result.stderr == ""
