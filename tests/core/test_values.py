"""What a writer types is checked and normalised by the blank's kind."""

import pytest

from speechapp.core.model import SlotKind
from speechapp.core.values import ValueProblem, normalise_value


@pytest.mark.parametrize(
    ("kind", "unit", "raw", "expected"),
    [
        (SlotKind.PERCENT, "%", "５．２", "5.2"),
        (SlotKind.PERCENT, "%", "-3.1", "-3.1"),
        (SlotKind.POINTS, "个百分点", "＋0.8", "0.8"),
        (SlotKind.AMOUNT, "亿元", "1,234.5", "1234.5"),
        (SlotKind.AMOUNT, "亿元", "１，２３４", "1234"),
        (SlotKind.COUNT, "个", "12", "12"),
        (SlotKind.COUNT, "万人", "1.2", "1.2"),
        (SlotKind.RANK, "位", "3", "3"),
        (SlotKind.MONTH, "月", "06", "6"),
        (SlotKind.YEAR, "年", "2024", "2024"),
        (SlotKind.NAME, None, "  东城区 ", "东城区"),
        (SlotKind.PERCENT, "%", "", ""),
    ],
)
def test_good_values_are_normalised(kind, unit, raw, expected):
    assert normalise_value(kind, unit, raw).text == expected


@pytest.mark.parametrize(
    ("kind", "unit", "raw", "code"),
    [
        (SlotKind.PERCENT, "%", "abc", "not_number"),
        (SlotKind.PERCENT, "%", "1,2", "not_number"),
        (SlotKind.AMOUNT, "亿元", "-5", "negative"),
        (SlotKind.COUNT, "个", "2.5", "not_positive_integer"),
        (SlotKind.COUNT, "个", "0", "not_positive_integer"),
        (SlotKind.RANK, "位", "-1", "not_positive_integer"),
        (SlotKind.MONTH, "月", "13", "month_range"),
        (SlotKind.MONTH, "月", "0", "month_range"),
        (SlotKind.YEAR, "年", "24", "year_format"),
        (SlotKind.NAME, None, "东城\n西城", "line_break"),
        (SlotKind.NAME, None, "区" * 41, "too_long"),
        (SlotKind.NAME, None, "×区", "placeholder"),
    ],
)
def test_bad_values_are_refused_with_a_reason(kind, unit, raw, code):
    with pytest.raises(ValueProblem) as excinfo:
        normalise_value(kind, unit, raw)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("kind", "unit", "raw", "expected", "stripped"),
    [
        (SlotKind.AMOUNT, "亿元", "12亿元", "12", "亿元"),
        (SlotKind.PERCENT, "%", "5.2％", "5.2", "%"),
        (SlotKind.RANK, "位", "第3位", "3", "位"),
        (SlotKind.MEASURE, "亩", "200余亩", "200", "亩"),
        (SlotKind.MONTH, "月", "6月份", "6", "月份"),
    ],
)
def test_a_unit_typed_by_habit_is_stripped_with_a_notice(kind, unit, raw, expected, stripped):
    result = normalise_value(kind, unit, raw)
    assert (result.text, result.notice, result.stripped_unit) == (
        expected,
        "unit_stripped",
        stripped,
    )


@pytest.mark.parametrize(
    "control", ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]
)
@pytest.mark.parametrize(("kind", "unit"), [(SlotKind.NAME, None), (SlotKind.PERCENT, "%")])
def test_a_control_character_is_refused_in_any_blank(kind, unit, control):
    with pytest.raises(ValueProblem) as excinfo:
        normalise_value(kind, unit, f"东城{control}区" if kind is SlotKind.NAME else f"5{control}")
    assert excinfo.value.code == "control_char"


def test_a_tab_inside_a_name_is_not_a_control_character_problem():
    assert normalise_value(SlotKind.NAME, None, "东城\t区").text == "东城\t区"


@pytest.mark.parametrize("digits", [31, 200, 4301, 10_000])
@pytest.mark.parametrize(("kind", "unit"), [(SlotKind.COUNT, "个"), (SlotKind.AMOUNT, "亿元")])
def test_a_number_with_too_many_digits_is_refused_before_it_is_converted(kind, unit, digits):
    with pytest.raises(ValueProblem) as excinfo:
        normalise_value(kind, unit, "9" * digits)
    assert excinfo.value.code in ("too_many_digits", "too_long")


def test_thirty_digits_still_fit():
    assert normalise_value(SlotKind.COUNT, "个", "9" * 30).text == "9" * 30


def test_a_value_longer_than_its_column_is_refused():
    with pytest.raises(ValueProblem) as excinfo:
        normalise_value(SlotKind.NAME, None, "区" * 201)
    assert (excinfo.value.code, excinfo.value.params) == ("too_long", {"limit": 200})
