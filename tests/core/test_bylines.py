"""The speaker, subtitle and date lines right under the title are bylines, not paragraphs."""

import json

import pytest

from speechapp.core.length import spoken_text
from speechapp.core.model import BlockKind
from speechapp.core.outline import speech_sections
from speechapp.core.parsing import parse_speech

TITLE = "在全区20XX年经济工作会议上的讲话"
BODY = "今年以来，全区地区生产总值增长×%，完成固定资产投资×亿元。"


def kinds(*lines: str) -> list[BlockKind]:
    return [b.kind for b in parse_speech("\n".join(lines)).blocks]


@pytest.mark.parametrize(
    "line",
    [
        "××同志",
        "区委书记 ☆☆☆",
        "市长　张××",
        "张三",
        "（20XX年X月X日）",
        "（2025年　月　日）",
        "20XX年X月X日",
        "（2024年7月15日，根据录音整理）",
        "——在全市20XX年上半年经济形势分析会上的讲话",
        "区委书记在全区经济工作会议上的讲话",
    ],
)
def test_a_speaker_subtitle_or_date_line_under_the_title_is_a_byline(line):
    assert kinds(TITLE, line, "同志们：", BODY) == [
        BlockKind.TITLE,
        BlockKind.BYLINE,
        BlockKind.SALUTATION,
        BlockKind.PARAGRAPH,
    ]


def test_up_to_three_bylines_then_the_speech():
    lines = ["凝心聚力 真抓实干", "——在全区经济工作会议上的讲话", "区委书记 ××", "（20XX年X月X日）"]
    assert kinds(*lines, "一、总体要求", BODY) == [
        BlockKind.TITLE,
        BlockKind.BYLINE,
        BlockKind.BYLINE,
        BlockKind.BYLINE,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]
    assert kinds(*lines, "张三", BODY)[4] is BlockKind.PARAGRAPH


@pytest.mark.parametrize(
    "line",
    [
        "同志们：",
        "各位领导、同志们",
        "尊敬的各位代表",
        "一、总体要求",
        "（一）抓好项目建设",
        "今年以来，全区经济稳中向好",
        "全区经济稳中向好。",
        "这是一个非常重要的会议，也是一个承前启后的会议，大家要高度重视，认真贯彻会议精神",
        "部署会上的讲话",  # the rest of a title cut in two
    ],
)
def test_a_salutation_heading_sentence_or_title_tail_is_no_byline(line):
    assert BlockKind.BYLINE not in kinds(TITLE, line, BODY)


def test_a_byline_comes_only_right_under_the_title():
    assert kinds(TITLE, "同志们：", "××同志", BODY)[2] is BlockKind.PARAGRAPH


def test_a_short_line_with_nothing_after_it_is_no_byline():
    assert kinds(TITLE, "××同志") == [BlockKind.TITLE, BlockKind.PARAGRAPH]


def test_the_seed_has_no_byline(seed_speech):
    assert all(b.kind is not BlockKind.BYLINE for b in seed_speech.blocks)


def test_the_blanks_of_a_byline_are_ordinary_blanks_of_the_opening():
    speech = parse_speech("\n".join([TITLE, "××同志", "（20XX年X月X日）", "同志们：", BODY]))
    in_bylines = [s for s in speech.slots if speech.blocks[s.block].kind is BlockKind.BYLINE]
    assert in_bylines and all(s.section == "" and s.section_block is None for s in in_bylines)
    opening = speech_sections(speech)[0]
    assert opening.title == "开头"
    assert {s.id for s in in_bylines} <= set(opening.slot_ids)


def test_a_byline_is_not_read_aloud():
    speech = parse_speech("\n".join([TITLE, "区委书记 张三", "同志们：", BODY]))
    assert "张三" not in spoken_text(speech, {})


def test_the_json_names_the_byline_kind():
    speech = parse_speech("\n".join([TITLE, "××同志", "同志们：", BODY]))
    data = json.loads(json.dumps(speech.to_dict(), ensure_ascii=False))
    assert data["blocks"][1] == {"kind": "byline", "level": None, "label": None, "text": "××同志"}
