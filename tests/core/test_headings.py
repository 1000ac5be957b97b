"""Headings in every common numbering form, full-width and ASCII punctuation alike."""

import pytest

from speechapp.core.model import BlockKind
from speechapp.core.outline import speech_sections
from speechapp.core.parsing import parse_speech


def heading(line: str):
    block = parse_speech("讲话标题\n" + line).blocks[1]
    return block.kind, block.label


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("一、总体要求", "一、"),
        ("十二、其他事项", "十二、"),
        ("一．总体要求", "一．"),
        ("（一）抓好项目建设", "（一）"),
        ("(一)抓好项目建设", "(一)"),
        ("（十一）抓好项目建设", "（十一）"),
        ("1.加强组织领导", "1."),
        ("1. 加强组织领导", "1."),
        ("1、加强组织领导", "1、"),
        ("1．加强组织领导", "1．"),
        ("１．加强组织领导", "１．"),
        ("12.加强组织领导", "12."),
        ("（1）明确责任分工", "（1）"),
        ("(1)明确责任分工", "(1)"),
        ("（１）明确责任分工", "（１）"),
        ("①压实工作责任", "①"),
        ("⑩压实工作责任", "⑩"),
        ("第一部分 上半年工作回顾", "第一部分"),
        ("第二部分：下半年工作安排", "第二部分："),
        ("第一章 总则", "第一章"),
        ("第三章总则", "第三章"),
    ],
)
def test_each_heading_form_is_a_heading(line, label):
    assert heading(line) == (BlockKind.HEADING, label)


@pytest.mark.parametrize(
    "line",
    [
        "1.5亿元已经到位。",
        "第一，要提高认识。",
        "一是强化要素保障",
        "首先要提高认识",
        "2024年是关键之年",
    ],
)
def test_numbers_and_points_that_are_not_headings(line):
    assert heading(line)[0] is not BlockKind.HEADING


def test_levels_follow_the_forms_the_speech_uses_outermost_first():
    text = "\n".join(
        [
            "讲话",
            "第一部分 总体要求",
            "一、形势",
            "（一）成绩",
            "1.经济",
            "（1）工业",
            "①规上工业",
            "第二部分 工作安排",
        ]
    )
    levels = [(b.label, b.level) for b in parse_speech(text).blocks if b.level]
    assert levels == [
        ("第一部分", 1),
        ("一、", 2),
        ("（一）", 3),
        ("1.", 4),
        ("（1）", 4),  # the renderers style four levels; deeper ones share the fourth
        ("①", 4),
        ("第二部分", 1),
    ]


def test_a_speech_numbered_only_with_arabic_numbers_has_parts_and_sections():
    text = "讲话\n1.抓好项目\n（1）开工×个项目。\n（2）完成投资×亿元。\n2.保障措施\n（1）压实责任。"
    sections = speech_sections(parse_speech(text))
    assert [(s.title, s.level, s.parent) for s in sections] == [
        ("1.抓好项目", 1, None),
        ("（1）开工×个项目", 2, "1"),
        ("（2）完成投资×亿元", 2, "1"),
        ("2.保障措施", 1, None),
        ("（1）压实责任", 2, "4"),
    ]


def test_a_long_line_starting_with_any_form_is_a_run_in_heading():
    line = "①压实工作责任。各单位要对照任务清单，逐项明确责任人和完成时限，确保每一项工作都有人抓、有人管、有人落实到位。"
    block = parse_speech("讲话\n" + line).blocks[1]
    assert (block.kind, block.label, block.level) == (BlockKind.PARAGRAPH, "①", 1)


def test_points_are_read_as_today():
    text = "讲话\n一是强化保障，确保×个项目开工。二要压实责任。"
    block = parse_speech(text).blocks[1]
    assert [p.marker for p in block.points] == ["一是", "二要"]


BODY = "全年完成投资×亿元，同比增长×%，占年度计划的×%，各项工作取得明显成效。"


def labelled(text: str) -> list[tuple[str, BlockKind, str | None, int | None]]:
    return [(b.text[:4], b.kind, b.label, b.level) for b in parse_speech(text).blocks[1:]]


def test_stand_alone_ordinals_in_a_part_without_its_own_sections_are_its_sections():
    text = "\n".join(
        [
            "讲话",
            "同志们：",
            "一、充分肯定上半年成绩",
            "第一，经济运行稳中向好。",
            BODY,
            "第二、项目建设提速增效。",
            BODY,
            "二、扎实做好下半年工作",
            "（一）抓好项目建设",
            BODY,
        ]
    )
    assert labelled(text) == [
        ("同志们：", BlockKind.SALUTATION, None, None),
        ("一、充分", BlockKind.HEADING, "一、", 1),
        ("第一，经", BlockKind.HEADING, "第一，", 2),
        ("全年完成", BlockKind.PARAGRAPH, None, None),
        ("第二、项", BlockKind.HEADING, "第二、", 2),
        ("全年完成", BlockKind.PARAGRAPH, None, None),
        ("二、扎实", BlockKind.HEADING, "二、", 1),
        ("（一）抓", BlockKind.HEADING, "（一）", 2),
        ("全年完成", BlockKind.PARAGRAPH, None, None),
    ]
    sections = speech_sections(parse_speech(text))
    assert [(s.title, s.level, s.parent) for s in sections] == [
        ("一、充分肯定上半年成绩", 1, None),
        ("第一，经济运行稳中向好", 2, "2"),
        ("第二、项目建设提速增效", 2, "2"),
        ("二、扎实做好下半年工作", 1, None),
        ("（一）抓好项目建设", 2, "7"),
    ]
    blank = parse_speech(text).slots[0]
    assert blank.section == "一、充分肯定上半年成绩 › 第一，经济运行稳中向好"


def test_an_ordinal_under_a_part_and_a_chapter_is_one_level_below_its_part():
    text = "\n".join(
        [
            "讲话",
            "第一部分 工作回顾",
            "一、经济运行",
            "第一，工业增长。",
            BODY,
            "第二，消费回暖。",
            BODY,
        ]
    )
    levels = [(b.label, b.level) for b in parse_speech(text).blocks if b.level]
    assert levels == [("第一部分", 1), ("一、", 2), ("第一，", 3), ("第二，", 3)]


def test_ordinals_in_a_part_that_has_its_own_sections_stay_body_text():
    text = "\n".join(
        [
            "讲话",
            "一、工作回顾",
            "（一）经济运行",
            "第一，工业增长。",
            BODY,
            "第二，消费回暖。",
            BODY,
        ]
    )
    assert [b.label for b in parse_speech(text).blocks if b.label] == ["一、", "（一）"]


def test_an_inline_list_of_ordinals_stays_body_text():
    text = "\n".join(
        [
            "讲话",
            "一、工作要求",
            "第一，抓项目建设；第二，抓招商引资；第三，抓营商环境。",
            "下面我讲三点：第一，抓项目；第二，抓招商。",
            "第二，抓招商引资，今年签约×个项目。",
            BODY,
        ]
    )
    blocks = parse_speech(text).blocks
    assert [(b.kind, b.label) for b in blocks[2:]] == [(BlockKind.PARAGRAPH, None)] * 4


def test_a_long_ordinal_paragraph_is_a_paragraph_with_a_run_in_heading():
    first = "第一，要提高政治站位。各级各部门要把思想统一到区委决策部署上来，确保完成×项任务。"
    text = "\n".join(["讲话", "一、几点要求", first, "第二，要压实工作责任。" + BODY])
    blocks = parse_speech(text).blocks
    assert [(b.kind, b.label, b.level) for b in blocks[2:]] == [
        (BlockKind.PARAGRAPH, "第一，", 2),
        (BlockKind.PARAGRAPH, "第二，", 2),
    ]
    assert [s.title for s in speech_sections(parse_speech(text))][1:] == [
        "第一，要提高政治站位",
        "第二，要压实工作责任",
    ]


def test_a_bare_list_of_short_ordinals_with_no_body_under_them_stays_body_text():
    text = "\n".join(["讲话", "一、几点要求", "第一，要提高认识。", "第二，要压实责任。", BODY])
    assert [b.label for b in parse_speech(text).blocks if b.label] == ["一、"]


def test_a_lone_ordinal_is_not_a_heading():
    text = "\n".join(["讲话", "一、几点要求", "第一，要提高认识。", BODY, BODY])
    assert [b.label for b in parse_speech(text).blocks if b.label] == ["一、"]
