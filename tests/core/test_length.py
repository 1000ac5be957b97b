"""A speech's length: the characters read aloud and the minutes they take."""

import pytest

from speechapp.core.length import char_count, speaking_minutes, spoken_text
from speechapp.core.parsing import parse_speech


def test_the_spoken_text_has_the_values_in_place_and_leaves_the_title_out():
    speech = parse_speech("在全区大会上的讲话\n同志们：\n今年全区经济增长×%，新增企业×家。")
    text = spoken_text(speech, {"s001": "5.2"})
    assert text == "同志们：\n今年全区经济增长5.2%，新增企业×家。"
    assert char_count(text) == 4 + 20  # white space is not counted


def test_filling_a_blank_changes_the_count_by_the_value_typed(seed_speech, seed_values):
    empty = char_count(spoken_text(seed_speech, {}))
    filled = char_count(spoken_text(seed_speech, {"s009": "12.5"}))
    assert filled == empty - 1 + 4  # "×" became "12.5"


@pytest.mark.parametrize(
    ("chars", "rate", "minutes"),
    [(0, 220, 0), (50, 220, 1), (2200, 220, 10), (2300, 220, 10), (2310, 220, 11), (2200, 110, 20)],
)
def test_speaking_minutes_round_to_the_nearest_minute(chars, rate, minutes):
    assert speaking_minutes(chars, rate) == minutes
