"""Days, year blanks that keep digits, and blank marks left in a typed value."""

import pytest

from speechapp.core.model import SlotKind
from speechapp.core.parsing import parse_speech
from speechapp.core.values import ValueProblem, check_day_in_month, normalise_value


def problem(kind, unit, raw, **kwargs) -> ValueProblem:
    with pytest.raises(ValueProblem) as info:
        normalise_value(kind, unit, raw, **kwargs)
    return info.value


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", "1"), ("09", "9"), ("31", "31"), ("15日", "15")]
)
def test_a_day_between_1_and_31_is_accepted(raw, expected):
    assert normalise_value(SlotKind.DAY, "日", raw).text == expected


@pytest.mark.parametrize("raw", ["0", "32", "1.5", "-3"])
def test_a_day_outside_1_to_31_is_refused(raw):
    assert problem(SlotKind.DAY, "日", raw).code == "day_range"


def test_a_day_is_checked_against_its_month():
    check_day_in_month("31", "1")
    check_day_in_month("29", "2")
    check_day_in_month("30", "")  # the month is still open: nothing to say yet
    with pytest.raises(ValueProblem) as info:
        check_day_in_month("31", "4")
    assert (info.value.code, info.value.params) == ("day_not_in_month", {"month": 4, "days": 30})
    with pytest.raises(ValueProblem):
        check_day_in_month("30", "2")


def test_a_year_blank_with_fixed_digits_takes_the_whole_year_or_the_missing_digits():
    (slot,) = parse_speech("标题\n20XX年工作要点").slots
    assert normalise_value(slot.kind, slot.unit, "2025", token=slot.token).text == "2025"
    assert normalise_value(slot.kind, slot.unit, "25", token=slot.token).text == "2025"
    assert normalise_value(slot.kind, slot.unit, "２５年", token=slot.token).text == "2025"
    refused = problem(slot.kind, slot.unit, "1999", token=slot.token)
    assert (refused.code, refused.params) == ("year_prefix", {"prefix": "20", "digits": 2})
    assert problem(slot.kind, slot.unit, "5", token=slot.token).code == "year_format"


def test_a_year_blank_without_digits_still_wants_four():
    assert normalise_value(SlotKind.YEAR, "年", "2024", token="XXXX").text == "2024"
    assert problem(SlotKind.YEAR, "年", "24", token="XXXX").code == "year_format"


@pytest.mark.parametrize("raw", ["XX区", "某某公司", "＊＊", "□□", "____", "X.X"])
def test_a_blank_mark_left_in_a_value_is_refused(raw):
    assert problem(SlotKind.NAME, None, raw).code == "placeholder"


@pytest.mark.parametrize(
    "raw", ["X光机厂", "XBOX体验店", "iPhone X", "某些", "3×4米", "PM2.5监测站"]
)
def test_real_words_that_look_like_marks_are_fine_in_a_value(raw):
    assert normalise_value(SlotKind.NAME, None, raw).text == raw
