"""A heading is never swallowed when text copied from a PDF is re-joined.

The texts are cut as a 公文 PDF prints them and a copy gives them back: every line holds
``chars`` characters, a paragraph (and a heading) starts two characters in and the copy loses
that indent, and a closing mark that would start a line hangs at the end of the line before.
"""

import pytest

from speechapp.core.model import BlockKind
from speechapp.core.parsing import parse_speech
from speechapp.core.wrapping import display_width, looks_hard_wrapped, prepare_text

_HANGING = "，。、；：！？）》”’%"

BODY = (
    "今年以来，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，统筹推进疫情防控和"
    "经济社会发展，主要指标好于预期，地区生产总值同比增长×%，规上工业增加值增长×%，固定资产"
    "投资增长×%，社会消费品零售总额增长×%，城乡居民人均可支配收入分别增长×%和×%。"
)
SHORT_BODY = "全年完成投资×亿元，同比增长×%，占年度计划的×%。"


def pdf_copy(text: str, chars: int = 36) -> str:
    """``text`` as copied from its PDF: the title and the lines under it centred (never cut),
    every other line cut at ``chars`` characters, its first line two characters in."""
    width = chars * 2
    out = []
    for n, paragraph in enumerate(text.splitlines()):
        if n == 0 or paragraph.startswith(("（20", "——")) or paragraph.endswith("同志"):
            out.append(paragraph)
            continue
        line, used = "", 4  # the lost indent
        for ch in paragraph:
            w = display_width(ch)
            if used + w > width and not (ch in _HANGING and line):
                out.append(line)
                line, used = "", 0
            line += ch
            used += w
        out.append(line)
    return "\n".join(out)


def speech(*lines: str) -> str:
    """A speech whose opening has three paragraphs, then ``lines``."""
    opening = ["在全市20XX年上半年经济形势分析会上的讲话", "同志们：", BODY, BODY, BODY]
    return "\n".join([*opening, *lines])


def rejoined(text: str, chars: int = 36) -> list[str]:
    joined, _ = prepare_text(pdf_copy(text, chars))
    return joined.splitlines()


HEADINGS = [
    "第一部分 上半年工作回顾",
    "第二部分：下半年工作安排",
    "第三章 保障措施",
    "一、肯定成绩，坚定发展信心",
    "二．抓住关键，狠抓工作落实",
    "（一）经济运行稳中向好",
    "(二)项目建设提速增效",
    "1.工业生产加快恢复",
    "2、招商引资成效明显",
    "３．消费市场持续回暖",
    "（1）规上工业增长较快",
    "(2)新签约项目增多",
    "①重点企业贡献突出",
]


@pytest.mark.parametrize("chars", [28, 36])
@pytest.mark.parametrize("heading", HEADINGS)
def test_a_heading_of_any_form_ends_the_paragraph_before_and_starts_its_own(heading, chars):
    text = speech(heading, BODY, BODY)
    assert looks_hard_wrapped(pdf_copy(text, chars))
    assert rejoined(text, chars) == text.splitlines()


@pytest.mark.parametrize("chars", [28, 36])
def test_a_heading_nearly_as_wide_as_the_text_is_not_joined_to_the_line_after(chars):
    # Two characters short of its indented line: it stops short of the width, so it is whole.
    heading = "三、坚持稳中求进工作总基调推动全市经济社会高质量发展取得新成效"[: chars - 4]
    text = speech(heading, BODY, BODY)
    assert rejoined(text, chars) == text.splitlines()


@pytest.mark.parametrize("chars", [28, 36])
def test_a_long_heading_cut_in_two_is_joined_back_into_one_heading(chars):
    heading = "（二）坚持项目为王，以重大项目建设为抓手扎实推进全市经济社会高质量发展"
    text = speech("一、下半年重点工作", heading, BODY, BODY)
    lines = rejoined(text, chars)
    assert lines == text.splitlines()
    block = next(b for b in parse_speech("\n".join(lines)).blocks if b.label == "（二）")
    assert (block.kind, block.text) == (BlockKind.HEADING, heading)


def test_a_heading_after_a_paragraph_that_ends_at_the_margin_is_not_appended_to_it():
    # The paragraph's last line is full and ends its sentence: the heading still stands alone.
    full_end = "各项工作取得明显成效，为完成全年目标任务打下了坚实基础。"  # 28 characters
    text = speech(full_end[2:], "（一）经济运行稳中向好", BODY)
    assert rejoined(text, 28) == text.splitlines()


ORDINALS = ["第一，坚持稳中求进，推动高质量发展。", "第二，坚持改革创新，激发发展活力。"]


@pytest.mark.parametrize("chars", [28, 36])
def test_stand_alone_ordinal_lines_are_not_appended_to_the_paragraph_before(chars):
    text = speech("一、下半年重点工作", ORDINALS[0], BODY, ORDINALS[1], BODY)
    assert rejoined(text, chars) == text.splitlines()


def test_an_ordinal_after_a_paragraph_that_ends_at_the_margin_stands_alone():
    full_end = "各项工作取得明显成效，为完成全年目标任务打下了坚实基础。"
    text = speech("一、下半年重点工作", full_end[2:], ORDINALS[0], BODY, ORDINALS[1], BODY)
    assert rejoined(text, 28) == text.splitlines()


def test_an_inline_ordinal_cut_to_the_start_of_a_line_stays_in_its_sentence():
    # The cut lands right before 第二: the line before ends mid-sentence at the margin.
    paragraph = (
        "下面我讲三点：第一，抓项目建设，加快推进各重大项目；第二，抓招商引资；第三，抓营商环境。"
    )
    copy = pdf_copy(speech(paragraph, BODY), 28)
    assert "\n第二，" in copy
    joined, _ = prepare_text(copy)
    assert paragraph in joined.splitlines()


def test_a_text_with_many_short_headings_between_short_paragraphs_is_still_found_hard_wrapped():
    # Every paragraph two lines (one full, one short) under its heading: headings say nothing
    # about the width the text was cut at.
    lines = []
    for heading in HEADINGS:
        lines += [heading, BODY[:40] + "。"]
    text = speech(*lines)
    copy = pdf_copy(text, 28)
    assert looks_hard_wrapped(copy)
    assert prepare_text(copy)[0].splitlines() == text.splitlines()


def test_the_lines_under_the_title_are_not_joined():
    text = "\n".join(
        [
            "在全市20XX年上半年经济形势分析会上的讲话",
            "××同志",
            "（20XX年X月X日）",
            "同志们：",
            BODY,
            "一、下半年重点工作",
            BODY,
            BODY,
        ]
    )
    assert rejoined(text) == text.splitlines()


@pytest.mark.parametrize("label", ["（一）", "第一，"])
def test_a_paragraph_with_a_run_in_heading_goes_on_after_a_sentence_ending_at_the_margin(label):
    # The first line (26 characters after the lost indent) holds the run-in heading and one
    # more sentence, and ends with its 。: two sentences, so it is no heading line.
    paragraph = label + "经济运行转正。一是复工复产有力保障经济稳运行。" + BODY
    first = pdf_copy("讲话\n" + paragraph, 28).splitlines()[1]
    assert first.endswith("。") and len(first) == 26
    text = speech("一、上半年工作回顾", paragraph, label.replace("一", "二") + BODY)
    assert rejoined(text, 28) == text.splitlines()


@pytest.mark.parametrize("chars", [28, 30, 33, 36, 39])
def test_the_seed_copied_from_its_pdf_is_rejoined_exactly(seed_text, chars):
    # Where a paragraph's last line fills the margin, the next paragraph's first line is
    # still told apart: it is as wide as a first line that lost its indent.
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    joined, _ = prepare_text(pdf_copy("\n".join(lines), chars))
    assert joined.splitlines() == lines
