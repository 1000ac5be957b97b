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
