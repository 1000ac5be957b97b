"""Numbers as writers type them: Chinese numerals print in digits; a fall after a growth word
gets the usual wording as a suggestion."""

import pytest

from speechapp.core.model import SlotKind
from speechapp.core.values import ValueProblem, growth_wording, normalise_value


@pytest.mark.parametrize(
    ("kind", "unit", "raw", "expected"),
    [
        (SlotKind.COUNT, "个", "三十五", "35"),
        (SlotKind.COUNT, "个", "一千二百", "1200"),
        (SlotKind.COUNT, "人", "两万", "20000"),
        (SlotKind.COUNT, "人", "一万二", "12000"),
        (SlotKind.COUNT, "个", "一百零五个", "105"),  # the unit typed too
        (SlotKind.AMOUNT, "亿元", "三十五点六", "35.6"),
        (SlotKind.AMOUNT, "亿元", "零点五亿元", "0.5"),
        (SlotKind.PERCENT, "%", "百分之五点二", "5.2"),
        (SlotKind.PERCENT, "%", "百分之5.2", "5.2"),
        (SlotKind.PERCENT, "%", "五点二", "5.2"),
        (SlotKind.PERCENT, "%", "负一点五", "-1.5"),
        (SlotKind.POINTS, "个百分点", "零点三个百分点", "0.3"),
        (SlotKind.MONTH, "月", "一", "1"),
        (SlotKind.MONTH, "月", "十二月", "12"),
        (SlotKind.DAY, "日", "三十一", "31"),
        (SlotKind.YEAR, "年", "二〇二四", "2024"),
        (SlotKind.YEAR, "年", "二零二四年", "2024"),
        (SlotKind.RANK, "位", "第三", "3"),
        (SlotKind.RATIO, None, "六", "6"),
    ],
)
def test_chinese_numerals_print_in_digits(kind, unit, raw, expected):
    result = normalise_value(kind, unit, raw)
    assert result.text == expected
    assert result.from_chinese


def test_a_figure_typed_in_digits_is_not_marked_as_converted():
    assert not normalise_value(SlotKind.PERCENT, "%", "5.2").from_chinese


@pytest.mark.parametrize(
    ("kind", "unit", "raw", "code"),
    [
        (SlotKind.MONTH, "月", "十三", "month_range"),
        (SlotKind.COUNT, "个", "负三", "not_positive_integer"),
        (SlotKind.AMOUNT, "亿元", "负三", "negative"),
        (SlotKind.COUNT, "个", "三十五左右", "not_whole_number"),
        (SlotKind.AMOUNT, "亿元", "百分之五", "not_number"),  # a share is no amount
        (SlotKind.COUNT, "个", "点点", "not_whole_number"),
    ],
)
def test_chinese_numerals_follow_the_same_rules(kind, unit, raw, code):
    with pytest.raises(ValueProblem) as caught:
        normalise_value(kind, unit, raw)
    assert caught.value.code == code


def test_names_keep_their_chinese_numerals():
    assert normalise_value(SlotKind.NAME, None, "三十五中学").text == "三十五中学"


@pytest.mark.parametrize(
    ("before", "value", "unit", "expected"),
    [
        ("规上工业增加值同比增长", "-1.5", "%", ("同比增长-1.5%", "同比下降1.5%")),
        ("较一季度提高", "-0.3", "个百分点", ("提高-0.3个百分点", "降低0.3个百分点")),
        ("营业收入增加", "-2", "%", ("增加-2%", "减少2%")),
        ("规上工业增加值同比增长", "1.5", "%", None),  # a rise: nothing to say
        ("复工率达到", "-1.5", "%", None),  # no growth word before the blank
    ],
)
def test_a_fall_after_a_growth_word_gets_the_usual_wording(before, value, unit, expected):
    assert growth_wording(before, value, unit) == expected
